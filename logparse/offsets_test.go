package logparse

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing"
)

// TestLineTrackerPositions: for offsets asked in increasing order while
// the input is read in pieces of any size, pos gives the line and column
// that counting from the start gives, however many lines each read holds
// and however far apart the offsets are.
func TestLineTrackerPositions(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 7))
	var doc bytes.Buffer
	for doc.Len() < 200<<10 {
		doc.WriteString(string(bytes.Repeat([]byte("x"), rnd.IntN(40))) + "\n")
	}
	data := doc.Bytes()
	want := func(off int64) (int, int) {
		line := 1 + bytes.Count(data[:off], []byte("\n"))
		start := bytes.LastIndexByte(data[:off], '\n') + 1
		return line, int(off) - start + 1
	}
	for _, step := range []int{1, 7, 300, 5000} {
		lt := &lineTracker{r: bytes.NewReader(data)}
		buf := make([]byte, 64<<10)
		var off int64
		for {
			n, err := lt.Read(buf[:1+rnd.IntN(len(buf))])
			for off+int64(step) < lt.read {
				off += int64(1 + rnd.IntN(step))
				gl, gc := lt.pos(off)
				if wl, wc := want(off); gl != wl || gc != wc {
					t.Fatalf("step %d: pos(%d) = %d:%d, want %d:%d", step, off, gl, gc, wl, wc)
				}
			}
			if n == 0 && err == io.EOF {
				break
			}
		}
		if len(lt.nl) > 64<<10 {
			t.Errorf("step %d: %d newlines remembered", step, len(lt.nl))
		}
	}
}
