package logparse

import (
	"io"
	"time"
)

// liveQuiet is how long a live stream must stay silent before a reader
// hands on a record that later lines could still complete (a failed
// request's error lines, an SDK request's response line). The CLI writes a
// request and its error lines together, and a pipe fed from a file never
// pauses this long, so nothing waiting is cut off; a `tail` still shows
// each request a moment after it happened. A variable for tests.
var liveQuiet = 200 * time.Millisecond

// liveReader reads a live stream (a pipe, a terminal) on a goroutine of its
// own, so that a reader can ask whether more input is on its way (quiet)
// instead of guessing from an empty buffer. Guessing from the buffer cut
// records on a pipe fed from a file (`cat log | rakmigrate import -`): its
// buffer runs dry at every pipe-buffer boundary, and a request whose error
// or response line came in the next read lost it.
type liveReader struct {
	r     io.Reader
	reads chan liveRead
	free  chan []byte // buffers for the reading goroutine
	cur   []byte      // what is left of the read being handed out
	held  []byte      // cur's whole buffer, to give back when it is used up
	err   error
}

type liveRead struct {
	b   []byte
	err error
}

// liveBuffers is how many reads may be in flight. The reads channel holds
// as many, so the reading goroutine never blocks on a send: when the
// stream ends it exits, whether or not anyone reads on.
const liveBuffers = 2

func newLiveReader(r io.Reader) *liveReader {
	l := &liveReader{r: r, reads: make(chan liveRead, liveBuffers), free: make(chan []byte, liveBuffers)}
	for range liveBuffers {
		l.free <- make([]byte, readBufSize)
	}
	go func() {
		for {
			b := <-l.free
			n, err := r.Read(b)
			l.reads <- liveRead{b[:n], err}
			if err != nil {
				return
			}
		}
	}()
	return l
}

func (l *liveReader) Read(p []byte) (int, error) {
	for len(l.cur) == 0 {
		if l.err != nil {
			return 0, l.err
		}
		l.take(<-l.reads)
	}
	n := copy(p, l.cur)
	l.cur = l.cur[n:]
	return n, nil
}

// take makes rd the read being handed out, giving the last one's buffer
// back to the reading goroutine.
func (l *liveReader) take(rd liveRead) {
	if l.held != nil {
		l.free <- l.held[:cap(l.held)]
	}
	l.cur, l.held, l.err = rd.b, rd.b, rd.err
}

// quiet reports whether nothing arrives within d. It returns false at once
// when input is waiting or the stream has ended (its end comes next).
func (l *liveReader) quiet(d time.Duration) bool {
	if len(l.cur) > 0 || l.err != nil {
		return false
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case rd := <-l.reads:
		l.take(rd)
		return false
	case <-t.C:
		return true
	}
}

// Unwrap is the stream read (see isLive).
func (l *liveReader) Unwrap() io.Reader { return l.r }

// findLive returns the liveReader that r reads through, or nil.
func findLive(r io.Reader) *liveReader {
	for {
		switch v := r.(type) {
		case *liveReader:
			return v
		case interface{ Unwrap() io.Reader }:
			r = v.Unwrap()
		default:
			return nil
		}
	}
}
