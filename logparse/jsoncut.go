package logparse

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
)

// elementCutter cuts the objects of a JSON array out of the stream, in
// place of json.Decoder, on the happy path: a HAR's entries. The decoder
// scans every byte of an element twice (once to find its end, once to
// check it as a RawMessage) and copies it; a capture's large response
// bodies made that two thirds of reading one (BenchmarkReadHARLarge). The
// cutter finds an element's end by its brackets, skipping strings with
// IndexByte, checks it with the same gate as the object decoders
// (fastObjectOK, else json.Valid), and hands out the bytes where they lie.
//
// It never judges anything wrong. Whatever is not the plain run of
// "{…}, {…}" it hands back to a json.Decoder placed where it stands
// (jsonDoc.handBack): a broken element, anything between elements that is
// not a comma, a non-object element, an element the input ends or fails
// in. The decoder then says what it would have said had it read the whole
// stream, at the same offsets; FuzzHARCut holds the two paths to the same
// records and problems. At the array's end (or the input's) it only says
// that no element follows, as More would: the HAR reader reads nothing
// after its entries. A reader that reads on after its array would need a
// hand-back there too (placeDecoder's stand-in element recreates that
// state); jsonArrayReader, which does, does not use the cutter yet.
type elementCutter struct {
	r     io.Reader
	buf   []byte // buf[i:] is not consumed yet; bytes handed out are never written again
	off   int64  // stream offset of buf[0]
	i     int
	after bool // just after an element: a separator or the array's end comes next
	eof   bool // r has nothing more (or failed: the decoder reads the failure again)
	n     int  // elements cut since the cutter started
}

// An array where the cutter keeps handing back (numbers, strings, objects
// between them) is read by the decoder for a while before the cutter
// starts again: each start takes a fresh buffer (cutRead) and each
// hand-back a fresh decoder, tens of kilobytes for an element of a few
// bytes (250k numbers took 13 s). A cutter that cut fewer than cutKeep
// elements doubles the run of elements the decoder reads before the next
// start, up to cutWaitMax; one that cut more puts it back to none.
const (
	cutKeep    = 8
	cutWaitMax = 1024
)

// cutRead is how much the cutter asks its reader for at a time.
const cutRead = 64 << 10

// fastCut switches the cutter on; tests turn it off to compare against the
// decoder alone.
var fastCut = true

// more reports whether an element follows, as json.Decoder.More followed
// by the comma check of its next Decode would. back is set when the
// decoder must take over from where the cutter stands (jsonDoc.handBack):
// nothing past c.i has been consumed then. Indexes are kept relative to
// c.i across reads (a read moves the bytes, c.i with them).
func (c *elementCutter) more() (ok, back bool) {
	j, ok := c.skipBlanks(c.i)
	if !ok {
		return false, false // the end of the input: More is false
	}
	switch b := c.buf[j]; {
	case b == ']' || b == '}':
		return false, false
	case !c.after || b != ',':
		return false, true // the decoder says what stands here
	}
	comma := j - c.i
	k, ok := c.skipBlanks(j + 1)
	if !ok || c.buf[k] != '{' {
		return false, true
	}
	// The element starts after the comma, with its blanks: a decoder
	// handed the element back sees the line it starts on, as resync needs.
	c.i, c.after = c.i+comma+1, false
	return true, false
}

// element cuts the object more announced (after blanks, at c.i); ok is
// false, nothing consumed, when it is not a whole valid object: the
// decoder reads it then. gated says raw passed fastObjectOK, which its
// reader need not check again.
func (c *elementCutter) element() (raw []byte, start int64, gated, ok bool) {
	j, ok := c.skipBlanks(c.i)
	if !ok {
		return nil, 0, false, false
	}
	lead := j - c.i
	depth := 0
	for {
		k := j
		for k < len(c.buf) && !jsonStructural[c.buf[k]] {
			k++
		}
		if k == len(c.buf) {
			shift, ok := c.fill()
			if !ok {
				return nil, 0, false, false
			}
			j = k - shift
			continue
		}
		switch c.buf[k] {
		case '{', '[':
			depth++
			j = k + 1
		case '}', ']':
			depth--
			j = k + 1
			if depth > 0 {
				continue
			}
			at := c.i + lead
			raw = c.buf[at:j:j] // capped: an append by a reader cannot reach the bytes after
			if depth < 0 {
				return nil, 0, false, false
			}
			if gated = fastObjectOK(raw); !gated && !json.Valid(raw) {
				return nil, 0, false, false
			}
			start = c.off + int64(at)
			c.i, c.after = j, true
			c.n++
			return raw, start, gated, true
		case '"':
			from := k + 1
			for {
				end, found := c.stringEnd(from)
				if found {
					j = end + 1
					break
				}
				shift, ok := c.fill()
				if !ok {
					return nil, 0, false, false
				}
				from -= shift
			}
		}
	}
}

// stringEnd finds the quote that closes the string whose contents start
// at from: the first quote not escaped by an odd run of backslashes.
func (c *elementCutter) stringEnd(from int) (int, bool) {
	for q0 := from; ; {
		q := bytes.IndexByte(c.buf[q0:], '"')
		if q < 0 {
			return 0, false
		}
		q += q0
		n := 0
		for q-1-n >= from && c.buf[q-1-n] == '\\' {
			n++
		}
		if n%2 == 0 {
			return q, true
		}
		q0 = q + 1
	}
}

// skipBlanks returns the index of the first non-blank byte at or after j,
// reading on as needed; false at the end of the input.
func (c *elementCutter) skipBlanks(j int) (int, bool) {
	for {
		for j < len(c.buf) {
			switch c.buf[j] {
			case ' ', '\t', '\r', '\n':
				j++
				continue
			}
			return j, true
		}
		shift, ok := c.fill()
		if !ok {
			return 0, false
		}
		j -= shift
	}
}

// fill reads more of the input onto the end of buf, and says by how much
// the bytes moved (indexes into buf drop by shift). When the array has no
// room left, the unconsumed bytes move to a new one, which the bytes
// handed out never share; it is twice the old one when an element
// outgrows it, so an element of any size is cut, as the decoder would.
// False at the end of the input.
func (c *elementCutter) fill() (shift int, ok bool) {
	for !c.eof {
		if cap(c.buf)-len(c.buf) < cutRead/4 {
			rest := c.buf[c.i:]
			size := cutRead
			if len(rest) > cutRead/2 {
				size = 2 * len(rest)
			}
			nb := make([]byte, len(rest), max(size, len(rest)+cutRead/4))
			copy(nb, rest)
			shift += c.i
			c.off += int64(c.i)
			c.buf, c.i = nb, 0
		}
		n, err := c.r.Read(c.buf[len(c.buf):cap(c.buf)])
		c.buf = c.buf[:len(c.buf)+n]
		if err != nil {
			c.eof = true // a failure comes again to the decoder that reads on
		}
		if n > 0 {
			return shift, true
		}
	}
	return shift, false
}

// jsonStructural marks the bytes that open or close a value's nesting or
// a string.
var jsonStructural = [256]bool{'{': true, '}': true, '[': true, ']': true, '"': true}

// cutPrefix is what placeDecoder feeds a decoder before the real bytes:
// around objects holding the array, the array's bracket, and, after an
// element, a stand-in element, so that the decoder stands where the
// cutter stood. The stand-in is a string: it ends at its own quote, where
// a number would run on into the bytes after it (a stray ".0" after an
// element of 0.0 read as part of the stand-in, not as the error it is).
func cutPrefix(around int, after bool) string {
	p := strings.Repeat(`{"":`, around) + "["
	if after {
		p += `""`
	}
	return p
}

// more is dec.More for the elements of the array being read, through the
// cutter once an element has been read (the cutter starts after one: the
// decoder's state there is the one handBack can recreate).
func (a *jsonDoc) more() bool {
	if a.cut == nil && a.cutFrom && fastCut {
		a.startCut()
	}
	if a.cut != nil {
		ok, back := a.cut.more()
		if !back && (ok || !a.readsOn) {
			return ok
		}
		a.handBack()
	}
	return a.dec.More()
}

// element reads the element more announced, and says where it starts;
// gated as elementCutter.element says.
func (a *jsonDoc) element() (raw json.RawMessage, pos Position, gated bool, err error) {
	if a.cut != nil {
		if raw, start, gated, ok := a.cut.element(); ok {
			a.cutN++
			line, col := a.lt.pos(start)
			return raw, Position{File: a.name, Line: line, Column: col}, gated, nil
		}
		a.handBack()
	}
	raw, pos, err = a.decodeRaw()
	if err == nil && a.cutWait > 0 {
		a.cutWait--
	}
	a.cutFrom = err == nil && a.cutWait == 0
	return raw, pos, false, err
}

// startCut puts the cutter where the decoder stands, after an element,
// with the bytes the decoder has read ahead.
func (a *jsonDoc) startCut() {
	a.cutFrom = false
	at := a.offset() // where the decoder's unread bytes start
	buffered, _ := io.ReadAll(a.dec.Buffered())
	a.cut = &elementCutter{r: a.src, buf: buffered, off: at, after: true}
}

// handBack puts a new decoder where the cutter stands, and stops the
// cutter; the next element the decoder reads whole starts it again.
func (a *jsonDoc) handBack() {
	c := a.cut
	a.cut = nil
	if c.n < cutKeep {
		a.cutBackoff = min(max(2*a.cutBackoff, 1), cutWaitMax)
	} else {
		a.cutBackoff = 0
	}
	a.cutWait = a.cutBackoff
	a.placeDecoder(c.buf[c.i:], c.off+int64(c.i), a.cutAround, c.after)
}
