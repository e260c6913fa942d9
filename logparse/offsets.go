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
	nl        []int64 // offsets of newlines not yet forgotten
	before    int     // newlines forgotten
	lastStart int64   // offset where the line of the last asked offset starts
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

// pos returns the 1-based line and column of a byte offset.
func (t *lineTracker) pos(off int64) (int, int) {
	k := 0
	for k < len(t.nl) && t.nl[k] < off {
		k++
	}
	lineStart := int64(0)
	if k > 0 {
		lineStart = t.nl[k-1] + 1
	} else if t.before > 0 {
		lineStart = -1
	}
	t.before += k
	if k > 0 {
		t.nl = append(t.nl[:0], t.nl[k:]...)
		t.lastStart = lineStart
	}
	if lineStart < 0 {
		lineStart = t.lastStart
	}
	return t.before + 1, int(off-lineStart) + 1
}
