package logparse

import (
	"bytes"
	"encoding/json"
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
// rather than one, and reports whether it did.
func (a *jsonArrayReader) descend(raw json.RawMessage, pos Position) bool {
	switch {
	case raw[0] == '[':
	case raw[0] == '{' && (bytes.Contains(raw, []byte(`"events"`)) || bytes.Contains(raw, []byte(`"results"`)) ||
		bytes.Contains(raw, []byte(`Spans"`)) || bytes.Contains(raw, []byte(`"spans"`)) ||
		bytes.Contains(raw, []byte(`"Segments"`)) || bytes.Contains(raw, []byte(`"Document"`))):
	default:
		return false // nearly every element: a compare or a scan, no decoding
	}
	inner := innerElements(raw)
	if inner == nil {
		return false
	}
	if len(inner) > maxNested {
		inner = inner[:maxNested]
	}
	queued := make([]nestedElement, 0, len(inner)+len(a.nested))
	from := 0
	for _, e := range inner {
		e = bytes.TrimSpace(e)
		p := pos
		if i := bytes.Index(raw[from:], e); i >= 0 {
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

// innerElements is the elements of raw, an array or an object that only
// wraps one under arrayWrapperKeys; nil when it is neither.
func innerElements(raw json.RawMessage) []json.RawMessage {
	var inner []json.RawMessage
	if raw[0] == '[' {
		if json.Unmarshal(raw, &inner) != nil {
			return nil
		}
		return inner
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil || len(obj) > 4 {
		return nil
	}
	if doc := obj["Document"]; len(doc) > 0 && doc[0] == '"' {
		return xraySegments(doc)
	}
	for _, keys := range [][]string{arrayWrapperKeys, nestedWrapperKeys} {
		for _, k := range keys {
			if v := bytes.TrimSpace(obj[k]); len(v) > 0 && v[0] == '[' && json.Unmarshal(v, &inner) == nil {
				return inner
			}
		}
	}
	return nil
}

// xraySegments opens an X-Ray segment document (a JSON string) into the
// segment and every subsegment under it that made an HTTP call (an AWS
// SDK's or a local one has no URL), each as its http and start_time: a
// remote call's subsegment holds http.request.url, http.request.method and
// http.response.status, and start_time in unix seconds (X-Ray segment
// documents, docs.aws.amazon.com/xray/latest/devguide/xray-api-segmentdocuments).
// The segment's own request is the one the service received, at its own
// host, which is not Stripe's.
func xraySegments(doc json.RawMessage) []json.RawMessage {
	var text string
	if json.Unmarshal(doc, &text) != nil {
		return nil
	}
	var out []json.RawMessage
	var walk func(raw []byte, depth int)
	walk = func(raw []byte, depth int) {
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
			}
		}
		subs := seg["subsegments"]
		var list []json.RawMessage
		if json.Unmarshal(subs, &list) == nil {
			for _, sub := range list {
				walk(sub, depth+1)
			}
		}
	}
	walk([]byte(text), 0)
	if out == nil {
		return nil
	}
	return out
}
