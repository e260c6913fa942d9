package logparse

import (
	"bytes"
	"encoding/json"
	"errors"
	"time"
	"unicode/utf8"

	"github.com/valyala/fastjson"
)

// decodeObject reads any JSON object with known field names: the path for
// every object that is not a compact tail event (JSON Lines, arrays,
// exports).
func decodeObject(rec []byte, loc *time.Location) (Request, error) {
	return decodeObjectGated(rec, loc, false)
}

// requestFromObject reads the request that a parsed object describes.
func requestFromObject(obj map[string]any, loc *time.Location) (Request, error) {
	var r Request
	if err := fromObject(obj, loc, &r); err != nil {
		return r, err
	}
	if err := checkRequest(&r); err != nil {
		return r, err
	}
	return r, nil
}

// parseObject parses rec, one JSON object and nothing after it, into what
// encoding/json gives with UseNumber: maps, slices, strings, json.Number,
// bools and nils.
//
// encoding/json is the reference, and the only parser that reports errors
// (objectError turns its offsets into a line and column). Most objects go
// through fastjson instead (fastObject), about three times faster.
func parseObject(rec []byte) (map[string]any, error) {
	if obj, ok := fastObject(rec); ok {
		return obj, nil
	}
	return stdObject(rec)
}

// fastObject is rec's tree built by fastjson, from a strict validation and
// a parse, when rec is one JSON object and fastjson is known to read it as
// encoding/json does (fastObjectOK; FuzzParseObject holds it to that).
func fastObject(rec []byte) (map[string]any, bool) {
	if !fastObjectOK(rec) {
		return nil, false
	}
	p := objectParsers.Get()
	defer objectParsers.Put(p)
	v, err := p.ParseBytes(rec)
	if err != nil || v.Type() != fastjson.TypeObject {
		return nil, false
	}
	return fastValue(v).(map[string]any), true
}

var objectParsers fastjson.ParserPool

// fastObjectMaxDepth bounds the nesting fastjson is given: its validator
// recurses without a limit (encoding/json stops at 10000), and its parser
// refuses more than 300. A record with more brackets than this goes to
// encoding/json, so no input can grow the stack.
const fastObjectMaxDepth = 256

// fastObjectOK reports whether fastjson reads rec exactly as encoding/json
// does. They differ where encoding/json repairs text (an invalid UTF-8 byte,
// or a \u escape of half a surrogate pair, becomes U+FFFD there and stays as
// it was in fastjson), and where fastjson's validator is lax: in a string
// with an escape, it checks for control characters only after the last
// escape. Beyond those, the validator is as strict as encoding/json
// (numbers, literals, escapes, control characters, anything after the
// object).
func fastObjectOK(rec []byte) bool {
	if bytes.Count(rec, []byte{'{'})+bytes.Count(rec, []byte{'['}) > fastObjectMaxDepth {
		return false
	}
	if !utf8.Valid(rec) {
		return false
	}
	if bytes.IndexByte(rec, '\\') >= 0 && hasControl(rec) {
		// A pretty-printed object with an escape lands here too (its line
		// breaks): rarer than the cost of telling strings from the rest.
		return false
	}
	for i := 0; ; {
		j := bytes.Index(rec[i:], []byte(`\u`))
		if j < 0 {
			break
		}
		i += j + 2
		// \uD800–\uDFFF: a surrogate, paired or not (a lone one is what
		// the two read differently; a pair is rare enough to leave too).
		if i+1 < len(rec) && (rec[i] == 'd' || rec[i] == 'D') && bytes.IndexByte([]byte("89abAB"), rec[i+1]) >= 0 {
			return false
		}
	}
	return fastjson.ValidateBytes(rec) == nil
}

// hasControl reports whether b holds a byte below 0x20.
func hasControl(b []byte) bool {
	for _, c := range b {
		if c < 0x20 {
			return true
		}
	}
	return false
}

// fastValue converts a parsed value into encoding/json's tree. Strings are
// copied out of the parser, which is reused.
func fastValue(v *fastjson.Value) any {
	switch v.Type() {
	case fastjson.TypeObject:
		o, _ := v.Object()
		m := make(map[string]any, o.Len())
		o.Visit(func(k []byte, e *fastjson.Value) { m[string(k)] = fastValue(e) })
		return m
	case fastjson.TypeArray:
		a, _ := v.Array()
		out := make([]any, len(a))
		for i, e := range a {
			out[i] = fastValue(e)
		}
		return out
	case fastjson.TypeString:
		return string(v.GetStringBytes())
	case fastjson.TypeNumber:
		var buf [32]byte
		return json.Number(v.MarshalTo(buf[:0])) // the literal as written, as UseNumber keeps it
	case fastjson.TypeTrue:
		return true
	case fastjson.TypeFalse:
		return false
	}
	return nil
}

// stdObject is encoding/json's reading of rec, with UseNumber.
func stdObject(rec []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(rec))
	dec.UseNumber()
	var obj map[string]any
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("unexpected data after the JSON object")
	}
	if obj == nil {
		return nil, errors.New("expected a JSON object, found null")
	}
	return obj, nil
}
