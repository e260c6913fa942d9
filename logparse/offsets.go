package logparse

import (
	"bytes"
	"io"
)

// lineTracker remembers where the newlines are in what a json.Decoder read,
// so a decoder offset can be turned into a line number. Offsets are asked for
// in increasing order; newlines before the last asked offset are forgotten,
// which keeps memory bounded by the decoder's buffer.
type lineTracker struct {
	r         io.Reader
	read      int64   // bytes read so far
	nl        []int64 // offsets of newlines; those before head are forgotten
	head      int
	before    int   // newlines forgotten
	lastStart int64 // offset where the line of the last asked offset starts
}

func (t *lineTracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	chunk := p[:n]
	off := t.read
	for {
		i := bytes.IndexByte(chunk, '\n')
		if i < 0 {
			break
		}
		t.nl = append(t.nl, off+int64(i))
		off += int64(i + 1)
		chunk = chunk[i+1:]
	}
	t.read += int64(n)
	return n, err
}

// pos returns the 1-based line and column of a byte offset. The newlines
// it passes are forgotten by moving head, not by moving the rest down: an
// array read an element a line asks once per element, and a read holds
// hundreds of lines. The slice is compacted once most of it is forgotten.
func (t *lineTracker) pos(off int64) (int, int) {
	k := t.head
	for k < len(t.nl) && t.nl[k] < off {
		k++
	}
	if k > t.head {
		t.before += k - t.head
		t.lastStart = t.nl[k-1] + 1
		t.head = k
		if t.head >= 256 && 2*t.head >= len(t.nl) {
			t.nl = t.nl[:copy(t.nl, t.nl[t.head:])]
			t.head = 0
		}
	}
	return t.before + 1, int(off-t.lastStart) + 1
}
