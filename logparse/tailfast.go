package logparse

import (
	"strings"
	"unsafe"
)

// fastTailJSON parses the common compact tail object
//
//	{"livemode":false,"method":"GET","url":"/v1/x","status":200,"request_id":"req_1","created_at":1767225600,"error":null}
//
// without reflection or maps. It returns false for anything it is not sure
// about (escapes, non-ASCII text, an error object, unusual keys or values,
// invalid JSON), and the caller then takes the encoding/json path, which is
// the reference: FuzzFastTailJSON checks both agree whenever this says true.
func fastTailJSON(b []byte, r *Request) bool {
	return fastTailJSONMode(b, r, false)
}

// fastTailJSONMode is fastTailJSON; with borrow, the path and request id
// alias b and Livemode points to shared values, so r is valid only while b
// is (ScanWorkers callbacks), and nothing is allocated per record.
func fastTailJSONMode(b []byte, r *Request, borrow bool) bool {
	// The line as the CLI prints it, the common case, takes tailLine.
	*r = Request{}
	if n := tailLine(b, r, nil); n > 0 && n == len(b) {
		if !borrow {
			own(r)
		}
		return true
	}
	*r = Request{}
	p := fastParser{b: b, borrow: borrow}
	if p.canonical(r) {
		p.strings(r)
		return checkRequest(r) == nil
	}
	*r = Request{}
	p = fastParser{b: b, borrow: borrow}
	p.ws()
	if !p.byte('{') {
		return false
	}
	p.ws()
	if p.peek() == '}' {
		return false
	}
	for {
		p.ws()
		key, ok := p.key()
		if !ok {
			return false
		}
		p.ws()
		if !p.byte(':') {
			return false
		}
		p.ws()
		if !p.value(key, r) {
			return false
		}
		p.ws()
		if p.byte(',') {
			continue
		}
		if !p.byte('}') {
			return false
		}
		break
	}
	p.ws()
	if p.i != len(p.b) {
		return false
	}
	p.strings(r)
	return checkRequest(r) == nil
}

// strings makes the path and the request id out of one allocation: they are
// most of what a record keeps, and allocations dominate the hot loop. In
// borrow mode they alias the line instead.
func (p *fastParser) strings(r *Request) {
	n := len(p.url) + len(p.id)
	if n == 0 {
		return
	}
	var buf [256]byte
	var s string
	switch {
	case p.borrow:
		p.setPathID(r, aliasString(p.url), aliasString(p.id))
		return
	case n <= len(buf):
		copy(buf[copy(buf[:], p.url):], p.id)
		s = string(buf[:n])
	default:
		s = string(p.url) + string(p.id)
	}
	p.setPathID(r, s[:len(p.url)], s[len(p.url):])
}

// aliasString is b as a string without a copy: valid while b is unchanged.
func aliasString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// setPathID stores the path and request id. A plain path (no scheme, query,
// fragment or surrounding space: nearly all of them) is taken as it is;
// anything else goes through setPath.
func (p *fastParser) setPathID(r *Request, url, id string) {
	if len(url) > 0 {
		if plainPath(p.url) {
			r.Path = url
		} else {
			_ = setPath(r, url) // cannot fail: the value starts with '/'
		}
	}
	if len(id) > 0 && (id[0] == ' ' || id[len(id)-1] == ' ') {
		id = strings.TrimSpace(id)
	}
	r.RequestID = id
}

// plainPath reports whether setPath would keep b unchanged as the path: it
// starts with '/', ends with no space, and holds no ':', '?' or '#' (the
// fast path already refused control bytes and non-ASCII).
func plainPath(b []byte) bool {
	if len(b) == 0 || b[0] != '/' || b[len(b)-1] == ' ' {
		return false
	}
	for _, c := range b {
		if plainPathStop[c] {
			return false
		}
	}
	return true
}

var plainPathStop = [256]bool{':': true, '?': true, '#': true}

type fastParser struct {
	b     []byte
	i     int
	seen  uint8 // tail keys already read: a repeated key goes the slow way
	extra uint8 // extraFields already read
	// borrow: strings alias b and Livemode is shared (see fastTailJSONMode)
	borrow bool
	errBuf *APIError // borrow: where an error object goes (nil: a fresh one)
	url    []byte
	id     []byte
}

// fastKeyBit numbers the tail keys (a switch: a map lookup per key was a
// tenth of the decoding time).
func fastKeyBit(key []byte) uint8 {
	switch string(key) {
	case "method":
		return 1
	case "url":
		return 2
	case "status":
		return 4
	case "request_id":
		return 8
	case "created_at":
		return 16
	case "livemode":
		return 32
	case "error":
		return 64
	}
	return 0
}

func (p *fastParser) ws() {
	for p.i < len(p.b) && (p.b[p.i] == ' ' || p.b[p.i] == '\t') {
		p.i++
	}
}

func (p *fastParser) peek() byte {
	if p.i < len(p.b) {
		return p.b[p.i]
	}
	return 0
}

func (p *fastParser) byte(c byte) bool {
	if p.i < len(p.b) && p.b[p.i] == c {
		p.i++
		return true
	}
	return false
}

// quotedKeys are the tail keys with their quotes, by first letter: most
// keys are one of them, and comparing is cheaper than scanning.
var quotedKeys = [256]string{
	'm': `"method"`, 'u': `"url"`, 's': `"status"`, 'r': `"request_id"`,
	'c': `"created_at"`, 'l': `"livemode"`, 'e': `"error"`,
}

// key reads an object key: a known tail key by comparison, else like str.
func (p *fastParser) key() ([]byte, bool) {
	if rest := p.b[p.i:]; len(rest) > 2 && rest[0] == '"' {
		if k := quotedKeys[rest[1]]; k != "" && len(rest) >= len(k) && string(rest[:len(k)]) == k {
			p.i += len(k)
			return rest[1 : len(k)-1], true
		}
	}
	return p.str()
}

// str reads a string with no escapes and only printable ASCII.
func (p *fastParser) str() ([]byte, bool) {
	if !p.byte('"') {
		return nil, false
	}
	start := p.i
	p.i = scanString(p.b, p.i)
	if p.i < len(p.b) && p.b[p.i] == '"' {
		s := p.b[start:p.i]
		p.i++
		return s, true
	}
	return nil, false
}

// digits reads an unsigned integer literal of at most max digits.
func (p *fastParser) digits(max int) (int64, bool) {
	start := p.i
	var n int64
	for p.i < len(p.b) && p.b[p.i] >= '0' && p.b[p.i] <= '9' {
		n = n*10 + int64(p.b[p.i]-'0')
		p.i++
	}
	l := p.i - start
	if l == 0 || l > max || (l > 1 && p.b[start] == '0') {
		return 0, false
	}
	// A number must end here, not go on with a fraction or exponent.
	if c := p.peek(); c == '.' || c == 'e' || c == 'E' {
		return 0, false
	}
	return n, true
}

func (p *fastParser) lit(s string) bool {
	if len(p.b)-p.i >= len(s) && string(p.b[p.i:p.i+len(s)]) == s {
		p.i += len(s)
		return true
	}
	return false
}

// skipScalar steps over a value of a key the fast path ignores.
func (p *fastParser) skipScalar() bool {
	switch c := p.peek(); {
	case c == '"':
		_, ok := p.str()
		return ok
	case c == 't':
		return p.lit("true")
	case c == 'f':
		return p.lit("false")
	case c == 'n':
		return p.lit("null")
	case c == '-' || (c >= '0' && c <= '9'):
		p.byte('-')
		_, ok := p.digits(18)
		return ok
	}
	return false
}

var fastMethods = map[string]string{"GET": "GET", "POST": "POST", "DELETE": "DELETE"}

func (p *fastParser) value(key []byte, r *Request) bool {
	if bit := fastKeyBit(key); bit != 0 {
		if p.seen&bit != 0 {
			return false
		}
		p.seen |= bit
	}
	switch string(key) {
	case "method":
		if p.lit("null") {
			return true
		}
		s, ok := p.str()
		if !ok {
			return false
		}
		m, known := fastMethods[string(s)]
		if !known {
			return false
		}
		r.Method = m
	case "url":
		if p.lit("null") {
			return true
		}
		s, ok := p.str()
		if !ok || len(s) == 0 || s[0] != '/' {
			return false
		}
		p.url = s // turned into a string with the request id, below
	case "status":
		if p.lit("null") {
			r.Status = 0
			return true
		}
		n, ok := p.digits(3)
		if !ok || n < 100 || n > 599 {
			return false
		}
		r.Status = int(n)
	case "request_id":
		if p.lit("null") {
			return true
		}
		s, ok := p.str()
		if !ok {
			return false
		}
		p.id = s
	case "created_at":
		if p.lit("null") {
			return false
		}
		n, ok := p.digits(11)
		if !ok {
			return false
		}
		t, err := unixTime(float64(n))
		if err != nil {
			return false
		}
		r.Time = t
	case "livemode":
		switch {
		case p.lit("true"):
			r.Livemode = p.livemode(true)
		case p.lit("false"):
			r.Livemode = p.livemode(false)
		case p.lit("null"):
			r.Livemode = nil
		default:
			return false
		}
	case "error":
		if p.lit("null") {
			return r.Error == nil
		}
		return p.errorObject(r)
	default:
		if nestedKeys[lookupNested(string(key))] != nestedNone {
			return false // readObject looks into its value
		}
		f := lookupField(string(key))
		if f == fNone {
			return p.skipScalar()
		}
		return p.extraField(f, r)
	}
	return true
}

// extraFields are the fields besides the tail keys that the fast path
// sets, each from one key with a string or null: what newer CLI versions
// and servers add to a tail event (api_version, source, ip_address,
// account). Any other named field, a second key for one of these, or
// another kind of value goes the general way.
var extraFields = map[field]uint8{fAPIVersion: 1, fSource: 2, fIP: 4, fAccount: 8, fUserAgent: 16}

// extraField reads the value of a key naming field f, as readObject and
// setField do. The value is copied even when borrowing: no caller expects
// these fields to alias the line.
func (p *fastParser) extraField(f field, r *Request) bool {
	bit := extraFields[f]
	if bit == 0 || p.extra&bit != 0 {
		return false
	}
	p.extra |= bit
	if p.lit("null") {
		return true // setField of "" leaves each of them empty
	}
	s, ok := p.str()
	if !ok {
		return false
	}
	return setField(r, f, string(s), nil) == nil
}

// own gives a record tailLine read (borrowed, without an error object) its
// own strings, in one allocation, and its own Livemode.
func own(r *Request) {
	if n := len(r.Path); n+len(r.RequestID) > 0 {
		// A Builder, not +: concatenating with an empty string returns the
		// other one as it is, still pointing into the line.
		var b strings.Builder
		b.Grow(n + len(r.RequestID))
		b.WriteString(r.Path)
		b.WriteString(r.RequestID)
		s := b.String()
		r.Path, r.RequestID = s[:n], s[n:]
	}
	if r.Livemode != nil {
		if *r.Livemode {
			r.Livemode = livemodeTrue()
		} else {
			r.Livemode = livemodeFalse()
		}
	}
}

// livemodeTrue and livemodeFalse hand out a fresh pointer per record:
// callers own their Request and may change what Livemode points to, so the
// small allocation stays.
func livemodeTrue() *bool  { v := true; return &v }
func livemodeFalse() *bool { v := false; return &v }

// sharedTrue and sharedFalse are what borrowed records point to: read-only
// by contract (ScanWorkers), so one pair serves every record.
var sharedTrue, sharedFalse = true, false

func (p *fastParser) livemode(v bool) *bool {
	switch {
	case p.borrow && v:
		return &sharedTrue
	case p.borrow:
		return &sharedFalse
	case v:
		return livemodeTrue()
	}
	return livemodeFalse()
}

// errorObject reads {"type":"…","code":"…","message":"…",…} with string or
// null values only. Some CLI versions print it, all empty, on every request.
func (p *fastParser) errorObject(r *Request) bool {
	if !p.byte('{') {
		return false
	}
	e := p.errBuf
	if e == nil {
		e = new(APIError)
	}
	*e = APIError{}
	var seen uint8
	p.ws()
	if !p.byte('}') {
		for {
			p.ws()
			key, ok := p.str()
			if !ok {
				return false
			}
			p.ws()
			if !p.byte(':') {
				return false
			}
			p.ws()
			var val []byte
			if !p.lit("null") {
				if val, ok = p.str(); !ok {
					return false
				}
			}
			var dst *string
			var bit uint8
			switch string(key) {
			case "type":
				dst, bit = &e.Type, 1
			case "code":
				dst, bit = &e.Code, 2
			case "message":
				dst, bit = &e.Message, 4
			case "param":
				dst, bit = &e.Param, 8
			}
			if dst != nil {
				if seen&bit != 0 {
					return false
				}
				seen |= bit
				switch {
				case len(val) == 0:
				case p.borrow:
					*dst = aliasString(val)
				default:
					*dst = string(val)
				}
			}
			p.ws()
			if p.byte(',') {
				continue
			}
			if !p.byte('}') {
				return false
			}
			break
		}
	}
	if *e != (APIError{}) {
		r.Error = e
	}
	return true
}

// hasZeroByte has the high bit set in each byte of x that is zero (and maybe
// in bytes above one: callers only test for "any").
func hasZeroByte(x uint64) uint64 {
	return (x - 0x0101010101010101) &^ x & 0x8080808080808080
}

// canonical reads the line the CLI prints, keys in its order and no spaces:
//
//	{"livemode":…,"method":"…","url":"…","status":…,"request_id":"…","created_at":…,"error":…}
//
// by comparing the fixed parts instead of parsing keys. It returns false at
// the first difference (r and p are then half-filled: the caller starts
// over with the general fast path), and accepts only what that path accepts
// with the same result.
func (p *fastParser) canonical(r *Request) bool {
	if !p.lit(`{"livemode":`) {
		return false
	}
	switch {
	case p.lit("false"):
		r.Livemode = p.livemode(false)
	case p.lit("true"):
		r.Livemode = p.livemode(true)
	default:
		return false
	}
	if !p.lit(`,"method":"`) {
		return false
	}
	switch {
	case p.lit(`GET"`):
		r.Method = "GET"
	case p.lit(`POST"`):
		r.Method = "POST"
	case p.lit(`DELETE"`):
		r.Method = "DELETE"
	default:
		return false
	}
	if !p.lit(`,"url":`) {
		return false
	}
	url, ok := p.str()
	if !ok || len(url) == 0 || url[0] != '/' || !p.lit(`,"status":`) {
		return false
	}
	p.url = url
	status, ok := p.digits(3)
	if !ok || status < 100 || status > 599 || !p.lit(`,"request_id":`) {
		return false
	}
	r.Status = int(status)
	if p.id, ok = p.str(); !ok || !p.lit(`,"created_at":`) {
		return false
	}
	created, ok := p.digits(11)
	if !ok {
		return false
	}
	t, err := unixTime(float64(created))
	if err != nil || !p.lit(`,"error":`) {
		return false
	}
	r.Time = t
	if !p.lit("null") && !p.errorObject(r) {
		return false
	}
	return p.lit("}") && p.i == len(p.b)
}
