package logparse

import (
	"cmp"
	"fmt"
	"slices"
	"time"

	"github.com/valyala/fastjson"
)

// decodeObjectGated is decodeObject for a record whose gate is known:
// gated says rec passed fastObjectOK already (the element cutter checks
// every element it cuts), so it is not checked again.
func decodeObjectGated(rec []byte, loc *time.Location, gated bool) (Request, error) {
	if gated || fastObjectOK(rec) {
		p := objectParsers.Get()
		defer objectParsers.Put(p)
		if v, err := p.ParseBytes(rec); err == nil && v.Type() == fastjson.TypeObject {
			o, _ := v.Object()
			if r, ok, err := flatRequest(o, loc); ok {
				return r, err
			}
			return requestFromObject(fastValue(v).(map[string]any), loc)
		}
	}
	obj, err := stdObject(rec)
	if err != nil {
		return Request{}, err
	}
	return requestFromObject(obj, loc)
}

// flatMember is one member of a flat object: its key, and its scalar value
// as scalarString renders it (null is ""); str says the value is a string.
type flatMember struct {
	key string
	val string
	str bool
}

// flatMembersCap is how many members flatRequest keeps on the stack; a
// flat object with more is read all the same.
const flatMembersCap = 24

// flatRequest reads a flat object (every value a scalar: what most
// exports and JSON Lines loggers write) straight from the parser, without
// the map of values requestFromObject reads: the request is the same,
// member by member in key order as readObject goes, the last of a repeated
// key winning as in a map. ok is false for an object with a nested value,
// and for one that names no method and no path, which the map path reads
// (it looks further: export schemas, envelopes).
func flatRequest(o *fastjson.Object, loc *time.Location) (r Request, ok bool, err error) {
	var buf [flatMembersCap]flatMember
	members := buf[:0]
	flat := true
	o.Visit(func(k []byte, v *fastjson.Value) {
		if !flat {
			return
		}
		m := flatMember{key: string(k)}
		switch v.Type() {
		case fastjson.TypeString:
			m.val, m.str = string(v.GetStringBytes()), true
		case fastjson.TypeNumber:
			var num [32]byte
			m.val = string(v.MarshalTo(num[:0])) // the literal as written, as json.Number keeps it
		case fastjson.TypeTrue:
			m.val = "true"
		case fastjson.TypeFalse:
			m.val = "false"
		case fastjson.TypeNull:
		default:
			flat = false
			return
		}
		members = append(members, m)
	})
	if !flat {
		return Request{}, false, nil
	}
	// Key order, the last of equal keys kept: a stable sort keeps equal
	// keys in document order, and the loop reads only the last of each
	// run of them, the one value a map would hold.
	slices.SortStableFunc(members, func(a, b flatMember) int { return cmp.Compare(a.key, b.key) })
	for i, m := range members {
		if i+1 < len(members) && members[i+1].key == m.key {
			continue
		}
		if err := readScalarMember(m.key, m.val, m.str, loc, &r); err != nil {
			return r, true, err
		}
	}
	if r.Method == "" && r.Path == "" {
		return Request{}, false, nil
	}
	if err := checkRequest(&r); err != nil {
		return r, true, err
	}
	return r, true, nil
}

// readScalarMember is readObject for one member whose value is a scalar
// (s as scalarString gives it; str for a string).
func readScalarMember(k, s string, str bool, loc *time.Location, r *Request) error {
	switch nestedKeys[lookupNested(k)] {
	case nestedHeaders:
		return nil
	case nestedBody:
		if str {
			fromBodyText(s, r)
		}
		return nil
	}
	f := lookupField(k)
	if f == fNone {
		return nil
	}
	if err := setField(r, f, s, loc); err != nil {
		return fmt.Errorf("%s: %w", k, err)
	}
	return nil
}
