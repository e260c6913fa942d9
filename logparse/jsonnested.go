package logparse

import (
	"bytes"
	"encoding/json"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// Exports of traces hold their spans one level further down than a list of
// requests:
//
//   - Datadog's trace payload, a list of traces each a list of spans
//     ([[{"name":"http.request","resource":"POST /v1/charges","meta":
//     {"http.url":…,"http.status_code":"403"},…}]]: the tracers' JSON
//     encoding for the agent's /v0.3/traces, and what a span dump or the
//     trace API gives);
//   - New Relic's NerdGraph/NRQL results, {"results":[{"events":[{…
//     "http.url", "http.statusCode", "timestamp"}]}], "metadata":…};
//   - OTLP JSON (Grafana Tempo's /api/traces, the collector's file
//     exporter): resource, scope and span levels, the span's fields in an
//     attribute list (otlpAttributes).
//
// An element that is itself an array, or an object that only wraps an
// array under one of arrayWrapperKeys, is read as the elements it holds,
// in order, before the next one.

// nestedElement is an element of an element, with its place in the input.
type nestedElement struct {
	raw json.RawMessage
	pos Position
}

// maxNested bounds how many elements of one element wait at once: a trace
// of spans is small, and a larger one is still read, the rest of it as a
// problem rather than as memory.
const maxNested = 100000

// descend queues the elements raw holds when it is a list of records
// rather than one, and reports whether it did; hints are hintsOf(raw).
func (a *jsonArrayReader) descend(raw json.RawMessage, pos Position, hints elementHints) bool {
	switch {
	case raw[0] == '[':
	case raw[0] == '{' && hints&hintNests != 0:
	default:
		return false // nearly every element: a compare or a scan, no decoding
	}
	inner, at := innerElements(raw)
	if inner == nil {
		return false
	}
	if len(inner) > maxNested {
		inner = inner[:maxNested]
	}
	queued := make([]nestedElement, 0, len(inner)+len(a.nested))
	from := 0
	for k, e := range inner {
		e = bytes.TrimSpace(e)
		p := pos
		if at != nil {
			// Opened out of a JSON string (an X-Ray document): where its
			// text starts inside the string.
			if at[k] >= 0 {
				p = offsetPos(raw, pos, at[k])
			}
		} else if i := bytes.Index(raw[from:], e); i >= 0 {
			// Its own line within the element, as the stream reader's
			// positions go.
			nl := bytes.Count(raw[:from+i], []byte{'\n'})
			p.Line += nl
			if nl > 0 {
				p.Column = from + i - bytes.LastIndexByte(raw[:from+i], '\n')
			} else {
				p.Column += from + i
			}
			from += i + len(e)
		}
		queued = append(queued, nestedElement{raw: e, pos: p})
	}
	a.nested = append(queued, a.nested...)
	return true
}

// offsetPos is the position of byte off of raw, an element that starts at
// pos, as the stream reader's positions go.
func offsetPos(raw []byte, pos Position, off int) Position {
	p := pos
	nl := bytes.Count(raw[:off], []byte{'\n'})
	p.Line += nl
	if nl > 0 {
		p.Column = off - bytes.LastIndexByte(raw[:off], '\n')
	} else {
		p.Column += off
	}
	return p
}

// innerElements is the elements of raw, an array or an object that only
// wraps one under arrayWrapperKeys; nil when it is neither. at is nil, or,
// for elements made out of an X-Ray document, the offset in raw of each
// one's text (-1 when unknown).
func innerElements(raw json.RawMessage) (inner []json.RawMessage, at []int) {
	if raw[0] == '[' {
		if json.Unmarshal(raw, &inner) != nil {
			return nil, nil
		}
		return inner, nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || len(obj) > 4 {
		return nil, nil
	}
	if doc := obj["Document"]; len(doc) > 0 && doc[0] == '"' {
		inner, at = xraySegments(doc)
		if base := bytes.Index(raw, doc); base >= 0 {
			for k := range at {
				if at[k] >= 0 {
					at[k] += base
				}
			}
		} else {
			for k := range at {
				at[k] = -1
			}
		}
		return inner, at
	}
	for _, keys := range [][]string{arrayWrapperKeys, nestedWrapperKeys} {
		for _, k := range keys {
			if v := bytes.TrimSpace(obj[k]); len(v) > 0 && v[0] == '[' && json.Unmarshal(v, &inner) == nil {
				return inner, nil
			}
		}
	}
	return nil, nil
}

// xraySegments opens an X-Ray segment document (a JSON string) into the
// segment and every subsegment under it that made an HTTP call (an AWS
// SDK's or a local one has no URL), each as its http and start_time: a
// remote call's subsegment holds http.request.url, http.request.method and
// http.response.status, and start_time in unix seconds (X-Ray segment
// documents, docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments).
// The segment's own request is the one the service received, at its own
// host, which is not Stripe's.
//
// at is where each one starts in doc, the string as written (escapes and
// all): a subsegment's own place on the document's line.
func xraySegments(doc json.RawMessage) (out []json.RawMessage, at []int) {
	var text string
	if json.Unmarshal(doc, &text) != nil {
		return nil, nil
	}
	var walk func(raw []byte, base, depth int)
	walk = func(raw []byte, base, depth int) {
		var seg map[string]json.RawMessage
		if depth > 16 || json.Unmarshal(raw, &seg) != nil || len(out) >= maxNested {
			return
		}
		var call struct {
			Request struct {
				URL string `json:"url"`
			} `json:"request"`
		}
		if json.Unmarshal(seg["http"], &call) == nil && call.Request.URL != "" {
			// Only what says what was called, and when: a segment's id
			// is not Stripe's request id, nor its error flag a message.
			flat, err := json.Marshal(map[string]json.RawMessage{"http": seg["http"], "start_time": seg["start_time"]})
			if err == nil {
				out = append(out, flat)
				at = append(at, escapedOffset(doc, base))
			}
		}
		subs := seg["subsegments"]
		var list []json.RawMessage
		if json.Unmarshal(subs, &list) == nil {
			from := 0
			for _, sub := range list {
				// A RawMessage holds its bytes as written: found in its
				// parent, it says where it starts in the text.
				i := bytes.Index(raw[from:], sub)
				if i < 0 {
					walk(sub, -1, depth+1)
					continue
				}
				walk(sub, pick(base < 0, -1, base+from+i), depth+1)
				from += i + len(sub)
			}
		}
	}
	walk([]byte(text), 0, 0)
	if out == nil {
		return nil, nil
	}
	return out, at
}

func pick(cond bool, a, b int) int {
	if cond {
		return a
	}
	return b
}

// escapedOffset maps off, a byte offset in the text of the JSON string s,
// to where that byte is written in s (quotes and escapes counted); -1 for
// an unknown offset.
func escapedOffset(s []byte, off int) int {
	if off < 0 {
		return -1
	}
	text := 0
	for i := 1; i < len(s); {
		if text >= off {
			return i
		}
		switch {
		case s[i] != '\\':
			i++
			text++
		case i+1 < len(s) && s[i+1] == 'u' && i+6 <= len(s):
			r, size := unicodeEscape(s[i:])
			i += size
			text += utf8.RuneLen(r)
		default:
			i += 2
			text++
		}
	}
	return -1
}

// unicodeEscape reads "\uXXXX" (a surrogate pair "\uD83D\uDE00" as one
// rune) at the start of b: the rune and how many bytes it takes.
func unicodeEscape(b []byte) (rune, int) {
	hex := func(h []byte) rune {
		n, err := strconv.ParseUint(string(h), 16, 32)
		if err != nil {
			return utf8.RuneError
		}
		return rune(n)
	}
	r := hex(b[2:6])
	if utf16.IsSurrogate(r) && len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
		if pair := utf16.DecodeRune(r, hex(b[8:12])); pair != utf8.RuneError {
			return pair, 12
		}
	}
	if utf16.IsSurrogate(r) || r < 0 {
		return utf8.RuneError, 6
	}
	return r, 6
}
