package logparse

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
)

// An asciinema recording (.cast) of a `stripe logs tail` session holds the
// terminal's output as JSON events, one a line, after a header line
// (https://docs.asciinema.org/manual/asciicast/v2/ and …/v3/):
//
//	{"version": 2, "width": 80, "height": 24, "timestamp": 1504467315, "env": {…}}
//	[0.248848, "o", "2026-03-04 10:15:02 [200] POST /v1/customers [req_…]\r\n"]
//
// (v3: "term": {"cols": 80, "rows": 24} in the header, "#" comment lines,
// intervals instead of times.) An output event may hold part of a line or
// several lines. Read as lines, each event is one record that the SDK
// reader half understands: a 403 comes apart from its error lines. So a
// recording is played out first (the "o" events' text, in order) and the
// tail read from that; each request's position is the line of the event
// where its line starts.

// castHeadBytes is how much of a file isCastHeader looks at.
const castHeadBytes = 4 << 10

// A recording kept compressed (`gzip rec.cast`: archived, rotated, or sent
// as an attachment) is looked into for its header too, and played out from
// its text (gzipMembers, which reads on past damage as for any .gz): it
// reads as the plain recording does. castGzipLook bounds the compressed
// bytes read to find the header line; a header compresses to a few hundred.
const castGzipLook = 64 << 10

// isGzipStart reports gzip's magic bytes at the start of b.
func isGzipStart(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// gzipText decompresses the start of the gzip data comp and returns up to
// castHeadBytes of its text; whole reports that more of comp would add
// nothing to judge by (a line end, castHeadBytes of text, the member's
// end, or damage).
func gzipText(comp []byte) (text []byte, whole bool) {
	zr, err := gzip.NewReader(bytes.NewReader(comp))
	if err != nil {
		return nil, !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF)
	}
	zr.Multistream(false)
	buf := make([]byte, castHeadBytes)
	n := 0
	for n < len(buf) && bytes.IndexByte(buf[:n], '\n') < 0 {
		k, err := zr.Read(buf[n:])
		n += k
		if err != nil {
			return buf[:n], !errors.Is(err, io.ErrUnexpectedEOF)
		}
	}
	return buf[:n], true
}

// isGzipCastFile reports whether the regular file f holds a gzipped
// recording (a header read at offset 0, as isCastHeader is given it).
func isGzipCastFile(f io.ReaderAt) bool {
	// The magic first: the 64 KiB is fresh memory to fault in, for every
	// input, and nearly none is gzipped.
	var magic [2]byte
	if n, _ := f.ReadAt(magic[:], 0); !isGzipStart(magic[:n]) {
		return false
	}
	comp := make([]byte, castGzipLook)
	n, _ := f.ReadAt(comp, 0)
	if !isGzipStart(comp[:n]) {
		return false
	}
	text, _ := gzipText(comp[:n])
	return isCastHeader(text)
}

// gzipCast reports whether the stream h looks at starts with a gzipped
// recording, reading as much more of it into h.head as that takes (given
// back as the rest is).
func (h *headReader) gzipCast() bool {
	if !isGzipStart(h.head) {
		return false
	}
	for {
		text, whole := gzipText(h.head)
		if whole || len(h.head) >= castGzipLook || h.err != nil {
			return isCastHeader(text)
		}
		if cap(h.head)-len(h.head) < 4<<10 {
			h.head = append(make([]byte, 0, 2*cap(h.head)+4<<10), h.head...)
		}
		n, err := h.r.Read(h.head[len(h.head):cap(h.head)])
		h.head = h.head[:len(h.head)+n]
		if err != nil {
			h.err = err
		}
	}
}

// castText is what a recording read from r is played out from: r, or the
// text of r when it is gzipped.
func castText(name string, r io.Reader, gzipped bool) (io.Reader, error) {
	if !gzipped {
		return r, nil
	}
	g, err := newGzipMembers(name, r)
	if err != nil {
		return nil, &ParseError{File: name, Err: &kindError{ErrBinary, "bad gzip header: " + err.Error()}, Hint: "the .gz file is damaged"}
	}
	return g, nil
}

// isCastHeader reports whether head, a file's first bytes, starts an
// asciicast v2 or v3 recording: a header object with the version and the
// terminal's size, then (when head holds it) an event array.
func isCastHeader(head []byte) bool {
	nl := bytes.IndexByte(head, '\n')
	if nl < 0 {
		return false
	}
	first := bytes.TrimSpace(head[:nl])
	// A recording's header names its version; a JSON log's first line
	// does not, and needs no decoding here.
	if len(first) == 0 || first[0] != '{' || !bytes.Contains(first, []byte(`"version"`)) {
		return false
	}
	var h struct {
		Version int                 `json:"version"`
		Width   *int                `json:"width"`
		Height  *int                `json:"height"`
		Term    *struct{ Cols int } `json:"term"`
	}
	if json.Unmarshal(first, &h) != nil {
		return false
	}
	switch {
	case h.Version == 2 && h.Width != nil && h.Height != nil:
	case h.Version == 3 && h.Term != nil && h.Term.Cols > 0:
	default:
		return false
	}
	for rest := head[nl+1:]; len(rest) > 0; {
		line := rest
		if i := bytes.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		return line[0] == '['
	}
	return true
}

// castReader plays a recording out: it reads as the text of its output
// events. It is read on one goroutine, the one that asks for positions.
type castReader struct {
	br      *bufio.Reader
	name    string
	maxLine int
	line    int // the recording's line last read

	out []byte // output not yet read
	buf []byte // out's storage, reused once out is read
	err error

	// starts[i] is the recording's line where output line i+1 starts.
	starts  []int32
	atStart bool // the next output byte starts a line
	// bad are the recording's lines that are no event, for the scan to
	// report once the output is read.
	bad []*ParseError
}

func newCastReader(name string, r io.Reader, maxLine int) *castReader {
	if maxLine <= 0 {
		maxLine = DefaultMaxLine
	}
	return &castReader{br: bufio.NewReaderSize(r, 64<<10), name: name, maxLine: maxLine, atStart: true}
}

func (c *castReader) Read(p []byte) (int, error) {
	if len(c.out) == 0 {
		c.out = c.buf[:0]
	}
	for len(c.out) == 0 && c.err == nil {
		c.next()
	}
	if len(c.out) == 0 {
		return 0, c.err
	}
	n := copy(p, c.out)
	c.out = c.out[n:]
	return n, nil
}

// next reads the recording's next line and keeps the output it holds.
func (c *castReader) next() {
	line, tooLong, err := c.readLine()
	if err != nil {
		c.err = err
		return
	}
	c.line++
	if tooLong {
		c.bad = append(c.bad, &ParseError{File: c.name, Line: c.line, Column: 1,
			Err:  &kindError{ErrLineTooLong, "longer than " + itoa(c.maxLine) + " bytes"},
			Hint: "this line of the recording is passed over (raise --max-line if such long lines are real)"})
		return
	}
	line = bytes.TrimSpace(line)
	if c.line == 1 || len(line) == 0 || line[0] == '#' {
		return // the header, a blank line, a v3 comment
	}
	var ev []json.RawMessage
	if json.Unmarshal(line, &ev) != nil || len(ev) < 3 {
		c.bad = append(c.bad, &ParseError{File: c.name, Line: c.line, Column: 1,
			Err:  &kindError{ErrMalformed, "not an asciicast event (expected [time, code, data])"},
			Hint: "this line of the recording is passed over"})
		return
	}
	var code, data string
	if json.Unmarshal(ev[1], &code) != nil || code != "o" {
		return // input, markers, resizes, the exit status
	}
	if json.Unmarshal(ev[2], &data) != nil {
		c.bad = append(c.bad, &ParseError{File: c.name, Line: c.line, Column: 1,
			Err:  &kindError{ErrMalformed, "an output event whose data is not a string"},
			Hint: "this line of the recording is passed over"})
		return
	}
	c.emit(data)
}

// emit keeps an output event's text and where its lines start.
func (c *castReader) emit(data string) {
	if data == "" {
		return
	}
	if c.atStart {
		c.starts = append(c.starts, int32(c.line))
		c.atStart = false
	}
	for i := 0; i < len(data); i++ {
		if data[i] != '\n' {
			continue
		}
		if i == len(data)-1 {
			c.atStart = true
		} else {
			c.starts = append(c.starts, int32(c.line))
		}
	}
	c.out = append(c.out, data...)
	c.buf = c.out[:0]
}

// readLine reads one line of the recording; one longer than maxLine is
// not kept (tooLong).
func (c *castReader) readLine() (line []byte, tooLong bool, err error) {
	for {
		chunk, err := c.br.ReadSlice('\n')
		if !tooLong {
			line = append(line, chunk...)
			if len(line) > c.maxLine {
				tooLong, line = true, nil
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil && (!errors.Is(err, io.EOF) || len(line) == 0 && !tooLong) {
			return nil, false, err
		}
		return line, tooLong, nil
	}
}

// castLine is the recording's line where output line n starts; 0 when it
// is not known.
func (c *castReader) castLine(n int) int {
	if n < 1 || n > len(c.starts) {
		return 0
	}
	return int(c.starts[n-1])
}

// headReader gives back the bytes read to look at a stream's start, then
// reads on from the stream (Unwrap: a pipe stays a live stream).
type headReader struct {
	head []byte
	err  error // the error the look ended on, once head is read
	r    io.Reader
}

func (h *headReader) Read(p []byte) (int, error) {
	if len(h.head) > 0 {
		n := copy(p, h.head)
		h.head = h.head[n:]
		return n, nil
	}
	if h.err != nil {
		return 0, h.err
	}
	return h.r.Read(p)
}

// Unwrap is the stream read (see isLive).
func (h *headReader) Unwrap() io.Reader { return h.r }

// readHead reads a stream's start up to its first newline (at most
// castHeadBytes): on a live pipe that is the wait for the first line,
// which sniffing waits for anyway.
func readHead(r io.Reader) *headReader {
	h := &headReader{r: r}
	buf := make([]byte, 0, castHeadBytes)
	for len(buf) < cap(buf) && bytes.IndexByte(buf, '\n') < 0 {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err != nil {
			h.err = err
			break
		}
	}
	h.head = buf
	return h
}
