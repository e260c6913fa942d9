package logparse

import (
	"io"
	"time"
)

// How long a live stream must stay silent before a reader hands on a
// record that later lines could still complete. The CLI writes a failed
// request and its error lines together, and a pipe fed from a file never
// pauses this long, so nothing waiting is cut off and a `tail` still shows
// each request a moment after it happened. An SDK logs a request's
// response line when the response arrives, which for a slow call takes
// seconds: its records wait longer. Variables for tests.
var (
	liveQuietTail = 200 * time.Millisecond
	liveQuietSDK  = 3 * time.Second
)

// liveReader wraps a live stream (a pipe, a terminal) so that a reader can
// ask whether more input is on its way (quiet) instead of guessing from an
// empty buffer. Guessing from the buffer cut records on a pipe fed from a
// file (`cat log | rakmigrate import -`): its buffer runs dry at every
// pipe-buffer boundary, and a request whose error or response line came in
// the next read lost it.
//
// Reads go straight through. Only quiet starts a read in the background,
// to wait for it at most a while; the next Read takes its result. A stream
// read in full pays nothing for this (a goroutine reading ahead all the
// time cost a 1M-line pipe 13%).
type liveReader struct {
	r       io.Reader
	pending chan liveRead // the background read, while one runs
	buf     []byte        // the background read's buffer
	cur     []byte        // what is left of its result
	err     error         // and the error that came with it
}

type liveRead struct {
	b   []byte
	err error
}

func newLiveReader(r io.Reader) *liveReader { return &liveReader{r: r} }

func (l *liveReader) Read(p []byte) (int, error) {
	if l.pending != nil {
		l.take(<-l.pending)
	}
	if len(l.cur) > 0 {
		n := copy(p, l.cur)
		l.cur = l.cur[n:]
		return n, nil
	}
	if l.err != nil {
		return 0, l.err
	}
	return l.r.Read(p)
}

func (l *liveReader) take(rd liveRead) {
	l.pending = nil
	l.cur, l.err = rd.b, rd.err
}

// quiet reports whether nothing arrives within d. It returns false at once
// when input is waiting or the stream has ended (its end comes next).
func (l *liveReader) quiet(d time.Duration) bool {
	if len(l.cur) > 0 || l.err != nil {
		return false
	}
	if l.pending == nil {
		if l.buf == nil {
			l.buf = make([]byte, readBufSize)
		}
		// Buffered: the read ends and its goroutine exits even if no one
		// ever takes the result.
		l.pending = make(chan liveRead, 1)
		go func(ch chan<- liveRead, b []byte) {
			n, err := l.r.Read(b)
			ch <- liveRead{b[:n], err}
		}(l.pending, l.buf)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case rd := <-l.pending:
		l.take(rd)
		return len(l.cur) == 0 && l.err == nil && l.quiet(d) // an empty read says nothing
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
