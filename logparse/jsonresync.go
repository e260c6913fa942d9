package logparse

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// resync goes on after a syntax error inside an element of a JSON array:
// one element broken in the middle of a good array (a hand edit, a bad
// sector) no longer loses every element after it. It looks for the next
// element where a line starts with '{' no deeper than the broken one's,
// as every JSON writer lays out an array of objects one element a line or
// pretty-printed, and reads on from there through a new decoder. The new
// decoder's offsets count from where the element starts (jsonDoc.base),
// so positions stay right. An array laid out on
// one line has no such place: reading stops at the error, as before.
func (a *jsonArrayReader) resync() bool {
	around := 0
	if a.wrapped {
		around = 1 + a.inner
	}
	return a.jsonDoc.resync(around)
}

// resync is jsonArrayReader's and harReader's: around is how many objects
// hold the array (0 for a bare array, 2 for a HAR's log.entries).
func (a *jsonDoc) resync(around int) bool {
	buffered, _ := io.ReadAll(a.dec.Buffered())
	base := a.offset() // the file offset of buffered[0]
	start := len(buffered) - len(bytes.TrimLeft(buffered, " \t\r\n,"))
	lineStart := bytes.LastIndexByte(buffered[:start], '\n')
	if start == len(buffered) || lineStart < 0 {
		return false
	}
	indent := start - lineStart - 1
	scan := buffered
	for {
		if at := nextElementLine(scan, start, indent); at >= 0 {
			return a.readOnFrom(scan[at:], base+int64(at), around)
		}
		if len(scan)-start > a.max {
			return false // no next element in reach
		}
		more := make([]byte, 64<<10)
		n, _ := io.ReadFull(a.src, more) // an error comes again on the next read
		if n == 0 {
			return false
		}
		scan = append(scan, more[:n]...)
	}
}

// readOnFrom puts a new decoder at the file offset at, where next (the
// next element's bytes, then the rest of the input) starts, inside the
// array. An array held by objects (a wrapping object, arrayWrapperKeys; a
// HAR's log) is opened inside as many, so that what follows the array
// reads as it did.
func (a *jsonDoc) readOnFrom(next []byte, at int64, around int) bool {
	return a.placeDecoder(next, at, around, false)
}

// placeDecoder puts a new decoder at the file offset at, inside the array
// (around as in readOnFrom), where next and then the rest of the input
// start: at an element's start, or, with after, just past an element. The
// decoder first reads a short prefix that opens the objects and the array
// (cutPrefix); its offsets are then the file's less base. False when the
// prefix does not open the array as it should (never, for a prefix of
// ours).
func (a *jsonDoc) placeDecoder(next []byte, at int64, around int, after bool) bool {
	open := cutPrefix(around, after)
	src := io.MultiReader(bytes.NewReader(next), a.src)
	dec := json.NewDecoder(io.MultiReader(strings.NewReader(open), src))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err != nil {
			return false
		}
		if tok == json.Delim('[') {
			break
		}
	}
	if after {
		var standIn json.RawMessage
		if dec.Decode(&standIn) != nil {
			return false
		}
	}
	a.dec, a.src, a.base = dec, src, at-int64(len(open))
	return true
}

// nextElementLine is the offset of the first '{' in b after from that
// starts a line, after no more than indent blanks; -1 when there is none.
func nextElementLine(b []byte, from, indent int) int {
	for {
		i := bytes.IndexByte(b[from:], '\n')
		if i < 0 {
			return -1
		}
		from += i + 1
		j := from
		for j < len(b) && j-from <= indent && (b[j] == ' ' || b[j] == '\t') {
			j++
		}
		if j < len(b) && j-from <= indent && b[j] == '{' {
			return j
		}
	}
}
