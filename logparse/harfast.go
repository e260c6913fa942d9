package logparse

import (
	"strings"

	"github.com/valyala/fastjson"
)

// fillHAREntry reads raw into e as json.Unmarshal would, through fastjson
// (BenchmarkReadHARLarge spent 44% of its time in json.Unmarshal), and
// reports whether it could. It declines (false, e untouched in what it
// read) wherever encoding/json could read the entry otherwise or fail on
// it: anything fastObjectOK refuses, a key that matches a field only when
// case is folded (encoding/json's matching), a value of another type than
// the field's, a status that is not an integer. The caller then takes
// json.Unmarshal, the reference: FuzzHAREntry holds the two to the same
// entries.
func fillHAREntry(raw []byte, e *harEntry) bool {
	return fastObjectOK(raw) && fillGatedHAREntry(raw, e)
}

// fillGatedHAREntry is fillHAREntry for raw that passed fastObjectOK
// already (the element cutter checks each entry it cuts).
func fillGatedHAREntry(raw []byte, e *harEntry) bool {
	p := objectParsers.Get()
	defer objectParsers.Put(p)
	v, err := p.ParseBytes(raw)
	if err != nil || v.Type() != fastjson.TypeObject {
		return false
	}
	var f harEntry
	ok := visitFields(v, func(k string, v *fastjson.Value) bool {
		switch k {
		case "startedDateTime":
			return str(v, &f.StartedDateTime)
		case "request":
			return visitFields(v, func(k string, v *fastjson.Value) bool {
				switch k {
				case "method":
					return str(v, &f.Request.Method)
				case "url":
					return str(v, &f.Request.URL)
				case "headers":
					return harHeaders(v, &f.Request.Headers)
				case "postData":
					return visitFields(v, func(k string, v *fastjson.Value) bool {
						switch k {
						case "mimeType":
							return str(v, &f.Request.PostData.MimeType)
						case "text":
							return str(v, &f.Request.PostData.Text)
						case "params":
							return harHeaders(v, &f.Request.PostData.Params)
						}
						return unlike(k, "mimeType", "text", "params")
					})
				}
				return unlike(k, "method", "url", "headers", "postData")
			})
		case "response":
			return visitFields(v, func(k string, v *fastjson.Value) bool {
				switch k {
				case "status":
					return integer(v, &f.Response.Status)
				case "headers":
					return harHeaders(v, &f.Response.Headers)
				case "content":
					return visitFields(v, func(k string, v *fastjson.Value) bool {
						switch k {
						case "encoding":
							return str(v, &f.Response.Content.Encoding)
						case "text":
							return true // read by lastString, for a failed request
						}
						return unlike(k, "encoding", "text")
					})
				case "_error":
					return str(v, &f.Response.Error)
				}
				return unlike(k, "status", "headers", "content", "_error")
			})
		}
		return unlike(k, "startedDateTime", "request", "response")
	})
	if !ok {
		return false
	}
	if f.Response.Status >= 400 {
		// harError reads this body: take it now, from the parse at hand,
		// rather than unmarshal the entry again.
		f.body, f.hasBody = lastString(v, "response", "content", "text")
	}
	f.raw = e.raw
	*e = f
	return true
}

// lastString is the string at path in v, read as json.Unmarshal would
// into nested structs whose fields are the path's keys: a repeated object
// merges into the one before, a repeated string overwrites, a null leaves
// what was there. ok is false where Unmarshal would fail (a value of
// another type): the caller then leaves the body to the slow path. v's
// keys along path are known not to differ from it only by case
// (fillGatedHAREntry declines such entries).
func lastString(v *fastjson.Value, path ...string) (s string, ok bool) {
	ok = true
	var walk func(v *fastjson.Value, path []string)
	walk = func(v *fastjson.Value, path []string) {
		if len(path) == 0 {
			switch v.Type() {
			case fastjson.TypeString:
				s = string(v.GetStringBytes())
			case fastjson.TypeNull:
			default:
				ok = false
			}
			return
		}
		if !visitFields(v, func(k string, e *fastjson.Value) bool {
			if k == path[0] {
				walk(e, path[1:])
			}
			return ok
		}) {
			ok = false
		}
	}
	walk(v, path)
	return s, ok
}

// visitFields calls fn for each key of an object in order, as
// json.Unmarshal assigns them (a repeated key: the last wins); null is a
// field left as it is. Anything else than an object or null declines.
func visitFields(v *fastjson.Value, fn func(k string, v *fastjson.Value) bool) bool {
	switch v.Type() {
	case fastjson.TypeNull:
		return true
	case fastjson.TypeObject:
	default:
		return false
	}
	o, _ := v.Object()
	ok := true
	o.Visit(func(k []byte, v *fastjson.Value) {
		ok = ok && fn(string(k), v)
	})
	return ok
}

// unlike reports whether k is none of a struct's field names even with case
// folded: encoding/json would assign such a key to the field.
func unlike(k string, fields ...string) bool {
	for _, f := range fields {
		if strings.EqualFold(k, f) {
			return false
		}
	}
	return true
}

func str(v *fastjson.Value, dst *string) bool {
	switch v.Type() {
	case fastjson.TypeNull:
		return true
	case fastjson.TypeString:
		*dst = string(v.GetStringBytes())
		return true
	}
	return false
}

// integer reads an int field: a number literal that is a whole number in
// range, as json.Unmarshal takes one (no fraction, no exponent).
func integer(v *fastjson.Value, dst *int) bool {
	switch v.Type() {
	case fastjson.TypeNull:
		return true
	case fastjson.TypeNumber:
		var buf [24]byte
		lit := v.MarshalTo(buf[:0])
		if strings.ContainsAny(string(lit), ".eE") {
			return false
		}
		n, err := v.Int()
		if err != nil {
			return false
		}
		*dst = n
		return true
	}
	return false
}

// harHeaders reads a [{name, value}] list; null leaves it nil, as
// json.Unmarshal does.
func harHeaders(v *fastjson.Value, dst *[]harHeader) bool {
	switch v.Type() {
	case fastjson.TypeNull:
		*dst = nil
		return true
	case fastjson.TypeArray:
	default:
		return false
	}
	items, _ := v.Array()
	out := make([]harHeader, len(items))
	for i, item := range items {
		h := &out[i]
		if !visitFields(item, func(k string, v *fastjson.Value) bool {
			switch k {
			case "name":
				return str(v, &h.Name)
			case "value":
				return str(v, &h.Value)
			}
			return unlike(k, "name", "value")
		}) {
			return false
		}
	}
	*dst = out
	return true
}
