package logparse

import (
	"errors"
	"io"
)

// tailTextLine decodes one line exactly as `stripe logs tail` prints a
// request that did not fail, when piped:
//
//	2026-03-04 10:15:02 [200] GET /v1/customers/cus_1 [req_1]
//
// at the start of b, and returns how many bytes it took, the newline
// included. It is the hot loop of a large tail-text import: fixed parts
// compared, the path and the id aliased, nothing allocated. Anything else
// returns 0 and the caller hands the line to tailTextReader, which is the
// reference (TestTailTextChunksMatchSequential and FuzzTailTextChunks read
// whole files both ways; FuzzTailTextLine checks single lines):
//   - a status of 400 or more: the reader waits for its error lines;
//   - colours, links, a carriage return, a frame, a byte-order mark, a ^C:
//     what the reader strips first;
//   - a query, a fragment, a URL, a space or bracket in the path; an id
//     that is not letters, digits and '_'; a line without its newline.
//
// tailTextLine writes only Time, Status, Method, Path and RequestID: the
// caller keeps the others zero. Path and RequestID alias b.
func tailTextLine(b []byte, clock *localClock, r *Request) int {
	const stamp = len("2026-03-04 10:15:02")
	if len(b) < stamp+len(" [200] GET / [x]\n") || !looksLikeTimestamp(b) ||
		b[stamp] != ' ' || b[stamp+1] != '[' || b[stamp+5] != ']' || b[stamp+6] != ' ' {
		return 0
	}
	// Three digits, 100–399: byte arithmetic wraps below '0'.
	d0, d1, d2 := b[stamp+2]-'0', b[stamp+3]-'0', b[stamp+4]-'0'
	if d0 < 1 || d0 > 3 || d1 > 9 || d2 > 9 {
		return 0
	}
	i := stamp + 7
	var method string
	switch {
	case string(b[i:i+4]) == "GET ":
		method, i = "GET", i+4
	case len(b)-i > 5 && string(b[i:i+5]) == "POST ":
		method, i = "POST", i+5
	case len(b)-i > 7 && string(b[i:i+7]) == "DELETE ":
		method, i = "DELETE", i+7
	default:
		return 0
	}
	if b[i] != '/' {
		return 0
	}
	start := i
	for i < len(b) && tailTextPathByte[b[i]] {
		i++
	}
	if i+2 >= len(b) || b[i] != ' ' || b[i+1] != '[' {
		return 0
	}
	path := b[start:i]
	i += 2
	start = i
	for i < len(b) && tailTextIDByte[b[i]] {
		i++
	}
	if i == start || i+1 >= len(b) || b[i] != ']' || b[i+1] != '\n' {
		return 0
	}
	t, ok := clock.at(b[:stamp])
	if !ok {
		return 0 // the reader says what is wrong with it
	}
	r.Time = t
	r.Status = int(d0)*100 + int(d1)*10 + int(d2)
	r.Method = method
	r.Path = aliasString(path)
	r.RequestID = aliasString(b[start:i])
	return i + 2
}

// tailTextPathByte and tailTextIDByte are the bytes tailTextLine takes in
// a path and a request id: printable ASCII that the reader would neither
// cut at nor clean (no space, '?', '#', ':', brackets or quote in a path).
var tailTextPathByte, tailTextIDByte = func() (path, id [256]bool) {
	for c := 0x21; c < 0x7f; c++ {
		path[c] = true
	}
	for _, c := range `?#:[]"\` {
		path[c] = false
	}
	for c := '0'; c <= '9'; c++ {
		id[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		id[c], id[c-'a'+'A'] = true, true
	}
	id['_'] = true
	return path, id
}()

// idle reports whether t is between records, as after a request that did
// not fail: nothing waiting for error lines, nothing held (by t, or by its
// lines: what ended a run of binary lines), the preamble over. Only then
// may a line be taken by tailTextLine instead of Next.
func (t *tailTextReader) idle() bool {
	return t.seen && !t.waiting && t.held == nil && t.heldErr == nil && t.wrap == 0 && t.lr.held == nil
}

// asTailText is the tail-text reader under a chunk's reader, if it is one.
func asTailText(rd Reader) (*tailTextReader, bool) {
	if c, ok := rd.(cleanReader); ok {
		t, ok := c.Reader.(*tailTextReader)
		return t, ok
	}
	return nil, false
}

// fastNext takes t's next line with tailTextLine when t is between records
// and the line is one it takes, and reports whether it did. r gets the
// line's fields and place; its other fields are left as they were.
func (t *tailTextReader) fastNext(r *Request) bool {
	lr := t.lr
	if !t.idle() {
		return false
	}
	n := tailTextLine(lr.pre, &t.clock, r)
	if n == 0 || n-1 > lr.max {
		return false
	}
	lr.pre = lr.pre[n:]
	lr.line++
	r.Pos = Position{File: lr.name, Line: lr.line, Column: 1}
	return true
}

// decodeTailTextTo reads one chunk of tail-text with t, taking the lines
// the CLI prints for a request that did not fail with tailTextLine and
// everything else with t. decodeChunkTo is its tail-json twin; the two
// loops stay apart rather than share one that calls the fast decoder
// through a func value, which would cost the tail-json path (the import
// benchmark's) an indirect call per line.
func decodeTailTextTo(t *tailTextReader, seq int, sink *problemSink, fn func(*Request) error) chunkResult {
	res := chunkResult{seq: seq, sink: sink}
	rd := cleanReader{t}
	r := new(Request) // one for the chunk: a fresh one per record would escape
	general := false  // r was last filled by the reader
	for {
		if general && t.idle() {
			*r = Request{} // tailTextLine sets only the fields its lines hold
			general = false
		}
		if !general && t.fastNext(r) {
			res.counts.Add(r)
			if err := fn(r); err != nil {
				res.err = err
				return res
			}
			continue
		}
		var err error
		*r, err = rd.Next()
		general = true
		if !res.take(r, err, fn) {
			return res
		}
	}
}

// decodeTailTextItems is decodeChunk for tail-text: tailTextLine first, as
// in decodeTailTextTo, with the path and id copied out of the chunk.
func decodeTailTextItems(t *tailTextReader, items []item, spill func([]item) ([]item, error)) ([]item, error) {
	rd := cleanReader{t}
	for {
		var r Request
		if t.fastNext(&r) {
			// One allocation for both strings.
			both := r.Path + r.RequestID
			r.Path, r.RequestID = both[:len(r.Path)], both[len(r.Path):]
			items = append(items, item{r: r})
			continue // a request line: no run of junk is being held
		}
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return items, nil
		}
		if items, err = spill(append(items, item{r: r, err: err})); err != nil {
			return items, err
		}
	}
}
