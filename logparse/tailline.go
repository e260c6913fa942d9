package logparse

import (
	"encoding/binary"
	"math/bits"
	"time"
	"unsafe"
)

// tailLine decodes one line exactly as `stripe logs tail --format JSON`
// prints it when piped, keys in the CLI's order and no spaces:
//
//	{"livemode":false,"method":"GET","url":"/v1/x","status":200,"request_id":"req_1","created_at":1767225600,"error":null}
//
// at the start of b, and returns how many bytes it took, the newline
// included (a last line may end at the end of b instead). It is the hot loop
// of a large import: one forward pass, fixed parts compared rather than
// parsed, nothing allocated. r is borrowed as in ScanWorkers: the path and
// request id alias b, Livemode points to a shared value, and an error object
// is written to *e (with e nil, a line with an error object is left alone). Anything else — another key order, spaces, escapes,
// non-ASCII, a path with a scheme, query or fragment, "\r\n" — returns 0 and
// the caller hands the line to the general reader, which is the reference:
// FuzzTailLine checks that both read every line tailLine takes the same way.
//
// tailLine writes only the fields such a line holds (Time, Method, Path,
// Status, RequestID, Livemode, Error): the caller keeps the others zero.
func tailLine(b []byte, r *Request, e *APIError) int {
	if !hasAt(b, 0, `{"livemode":`) {
		return 0
	}
	var live *bool
	i := len(`{"livemode":`)
	switch {
	case hasAt(b, i, `false,"method":"`):
		live, i = &sharedFalse, i+len(`false,"method":"`)
	case hasAt(b, i, `true,"method":"`):
		live, i = &sharedTrue, i+len(`true,"method":"`)
	default:
		return 0
	}

	// The method by its first letter, then one compare: a switch trying
	// each in turn mispredicted on most lines of a log that mixes them.
	if i == len(b) {
		return 0
	}
	tm := &tailMethods[b[i]]
	if tm.lit == "" || !hasAt(b, i, tm.lit) {
		return 0
	}
	method, i := tm.method, i+len(tm.lit)-1 // the path's '/' is next

	start := i
	i = scanPath(b, i)
	if i >= len(b) || b[i] != '"' || b[i-1] == ' ' {
		return 0 // not a plain path (or a broken line): the general reader decides
	}
	path := b[start:i]
	i++

	if !hasAt(b, i, `,"status":`) || i+len(`,"status":`)+3 > len(b) {
		return 0
	}
	i += len(`,"status":`)
	// Exactly three digits, 100–599: byte arithmetic wraps below '0'.
	d0, d1, d2 := b[i]-'0', b[i+1]-'0', b[i+2]-'0'
	if d0 < 1 || d0 > 5 || d1 > 9 || d2 > 9 {
		return 0
	}
	status := int(d0)*100 + int(d1)*10 + int(d2)
	i += 3

	if !hasAt(b, i, `,"request_id":"`) {
		return 0
	}
	i += len(`,"request_id":"`)
	start = i
	i = scanString(b, i)
	if i >= len(b) || b[i] != '"' {
		return 0
	}
	id := b[start:i]
	if len(id) > 0 && (id[0] == ' ' || id[len(id)-1] == ' ') {
		return 0
	}
	i++

	if !hasAt(b, i, `,"created_at":`) {
		return 0
	}
	i += len(`,"created_at":`)
	start = i
	var sec int64
	if i+8 <= len(b) && eightDigits(binary.LittleEndian.Uint64(b[i:])) {
		// Today's times have ten digits: the first eight in one step.
		sec = int64(parseEightDigits(binary.LittleEndian.Uint64(b[i:])))
		i += 8
	}
	for i < len(b) && b[i]-'0' <= 9 {
		sec = sec*10 + int64(b[i]-'0')
		i++
	}
	// At most 11 digits: seconds (unixTime reads 12 and more as ms or µs).
	if n := i - start; n == 0 || n > 11 || (n > 1 && b[start] == '0') {
		return 0
	}

	if !hasAt(b, i, `,"error":`) {
		return 0
	}
	i += len(`,"error":`)
	var apiErr *APIError
	if len(b)-i >= len("null}") && string(b[i:i+len("null}")]) == "null}" {
		i += len("null}")
	} else if e == nil {
		return 0 // no room for an error object: the caller's other paths read it
	} else {
		p := fastParser{b: b, i: i, borrow: true, errBuf: e}
		if !p.errorObject(r) || !p.byte('}') {
			return 0
		}
		apiErr, i = r.Error, p.i
	}
	switch {
	case i == len(b):
	case b[i] == '\n':
		i++
	default:
		return 0
	}

	// Field by field: writing the whole struct cost a tenth of this
	// function (the other fields are zero already, see above).
	r.Time = unixSeconds(sec)
	r.Method = method
	r.Path = aliasString(path)
	r.Status = status
	r.RequestID = aliasString(id)
	r.Livemode = live
	r.Error = apiErr
	if apiErr != nil {
		_ = checkRequest(r) // drops a bare message on a success; cannot fail here
	}
	return i
}

// tailMethods holds, by first letter, the methods the CLI prints and what
// follows each up to the path's leading slash.
var tailMethods = func() (t [256]struct{ method, lit string }) {
	for _, m := range []string{"GET", "POST", "DELETE"} {
		t[m[0]].method, t[m[0]].lit = m, m+`","url":"/`
	}
	return t
}()

// hasAt reports whether b holds s at offset i. Every s here is a literal
// of 8 to 16 bytes and hasAt is inlined, so the compiler folds s's words
// into constants: two loads and two compares (the first and last word of
// s, overlapping when s is shorter than 16). Written as
// string(b[i:i+len(s)]) == s it called memequal nine times a line: the
// compiler inlines that compare only for a literal written in place, not
// for one passed in. TestHasAt holds every caller to the length range.
func hasAt(b []byte, i int, s string) bool {
	return len(b)-i >= len(s) &&
		binary.LittleEndian.Uint64(b[i:]) == word64(s, 0) &&
		binary.LittleEndian.Uint64(b[i+len(s)-8:]) == word64(s, len(s)-8)
}

// word64 loads the word of s at offset i, unchecked (hasAt's callers pass
// literals of 8 bytes or more). A load from a literal at a constant offset
// is folded by the compiler.
func word64(s string, i int) uint64 {
	return *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(s)), i))
}

// stringStops are the bytes that end the fast scan of a JSON string: the
// closing quote, and what the fast path leaves to encoding/json and the
// cleaning after it (escapes, control bytes, DEL, non-ASCII): the strings the
// fast paths take are printable ASCII and need no cleaning. pathStops adds what makes a path not plain
// (plainPath): a scheme's ':', a query's '?', a fragment's '#'.
var stringStops, pathStops = stopTable(`"\`), stopTable(`"\:?#`)

func stopTable(chars string) (t [256]bool) {
	for c := 0; c < 256; c++ {
		t[c] = c < 0x20 || c >= 0x7f
	}
	for i := 0; i < len(chars); i++ {
		t[chars[i]] = true
	}
	return t
}

const ones, highs = 0x0101010101010101, 0x8080808080808080

// scanString returns the index of the first of stringStops at or after i,
// or len(b); scanPath the same for pathStops. They test eight bytes at a
// time: a byte below 0x20 borrows in the subtraction, DEL carries into its
// high bit in the addition, one from 0x80 has its high bit already, and
// hasZeroByte finds the characters. The lowest flagged byte is always a real
// hit (borrows, carries and flags only spread upwards), so its place comes
// from the mask without a byte loop. scanPath folds its five characters into
// three tests: '"' and '#' differ in bit 0, ':' and '?' in bits 0 and 2
// (which also flags ';' and '>': checked, then passed over).
func scanString(b []byte, i int) int {
	for i+8 <= len(b) {
		v := binary.LittleEndian.Uint64(b[i:])
		x := (v - ones*0x20) | (v + ones) | v | hasZeroByte(v^(ones*'"')) | hasZeroByte(v^(ones*'\\'))
		if x &= highs; x != 0 {
			return i + bits.TrailingZeros64(x)>>3
		}
		i += 8
	}
	for i < len(b) && !stringStops[b[i]] {
		i++
	}
	return i
}

func scanPath(b []byte, i int) int {
	for i+8 <= len(b) {
		v := binary.LittleEndian.Uint64(b[i:])
		x := (v - ones*0x20) | (v + ones) | v | hasZeroByte((v|ones*0x01)^(ones*'#')) | hasZeroByte(v^(ones*'\\')) |
			hasZeroByte((v|ones*0x05)^(ones*'?'))
		if x &= highs; x != 0 {
			j := i + bits.TrailingZeros64(x)>>3
			if pathStops[b[j]] {
				return j
			}
			i = j + 1 // ';' or '>'
			continue
		}
		i += 8
	}
	for i < len(b) && !pathStops[b[i]] {
		i++
	}
	return i
}

// eightDigits reports whether the eight bytes of v are all ASCII digits.
func eightDigits(v uint64) bool {
	return v&0xF0F0F0F0F0F0F0F0 == 0x3030303030303030 &&
		(v+0x0606060606060606)&0xF0F0F0F0F0F0F0F0 == 0x3030303030303030
}

// parseEightDigits is the value of eight ASCII digits loaded little-endian
// (the first digit in the low byte): pairs, then fours, then all eight, each
// step one multiplication (the method simdjson uses).
func parseEightDigits(v uint64) uint64 {
	v = (v & 0x0F0F0F0F0F0F0F0F) * 2561 >> 8
	v = (v & 0x00FF00FF00FF00FF) * 6553601 >> 16
	return (v & 0x0000FFFF0000FFFF) * 42949672960001 >> 32
}

// unixSeconds is unixTime for a whole number of seconds below 1e11, without
// the float arithmetic.
func unixSeconds(sec int64) time.Time { return time.Unix(sec, 0).UTC() }
