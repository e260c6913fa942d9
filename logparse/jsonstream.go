package logparse

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"time"
)

// jsonStreamReader reads back-to-back JSON objects: one compact object per
// line (`stripe logs tail --format JSON` piped, JSON Lines) or pretty-printed
// objects spanning lines (a TTY capture). Each object is returned as soon as
// its last line arrives. Compact tail objects take a hand-written fast path;
// anything else goes through encoding/json.
type jsonStreamReader struct {
	lr      *lineReader
	loc     *time.Location
	fast    bool // try the tail-json fast path first
	borrow  bool // fast-path records may alias the line (ScanWorkers)
	format  Format
	acc     []byte // lines of a multi-line object so far
	accPos  Position
	compact bool // the open object's first line held keys, not just "{"
	scan    depthScanner
	scratch []byte
	held    error // the damage inside an object, told after the object (Next)
}

func newJSONStreamReader(lr *lineReader, opts Options, format Format) *jsonStreamReader {
	lr.values = true // a line of values joined is read a value at a time (longLine)
	return &jsonStreamReader{lr: lr, loc: opts.Location, fast: format == FormatTailJSON, format: format}
}

func (j *jsonStreamReader) Next() (Request, error) {
	if err := j.held; err != nil {
		j.held = nil
		return Request{}, err
	}
	for {
		line, err := j.lr.nextText() // a run of binary lines is one report
		// A line that starts with "{" starts a record: a chunk may start
		// there (jsonLinesFollows), so an object left open before it
		// ends there, whatever it holds.
		startsRecord := err == nil && len(line) > 0 && line[0] == '{' && j.lr.col == 0
		if err == nil && bytes.IndexByte(line, 0x1b) >= 0 {
			// The CLI colours JSON on a terminal: a captured TTY session
			// carries SGR codes around keys and values.
			j.scratch = stripANSI(line, j.scratch)
			line = j.scratch
		}
		// A CI runner's or container runtime's time in front of the line
		// (framePrefixLen): the program's output is what follows it.
		framed := false
		if err == nil && len(line) >= 3 && line[0] == 0xEF {
			line = bytes.TrimPrefix(line, utf8BOM) // files joined with cat, each with its BOM
		}
		// A grep hit's "file:N:" (grepPrefixLen) is tried only on a line
		// that does not open an object itself.
		if err == nil && len(line) > 0 && (mayBeFramed(line) || line[0] != '{' && mayBeGrepped(line)) {
			if n := framePrefixLen(line); n > 0 {
				line, framed = line[n:], true
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) && len(j.acc) > 0 {
				pos := j.accPos
				j.acc = j.acc[:0]
				j.scan = depthScanner{}
				if j.lr.goesOn != nil && j.lr.goesOn() {
					// A chunk's end, and the input goes on at a line that
					// starts a record or ends the object: as read whole.
					return Request{}, neverCloses(pos)
				}
				return Request{}, newParseError(pos, ErrTruncated, "the JSON object starting here never closes",
					"the log was cut off; re-export it or remove the partial record")
			}
			var pe *ParseError
			if errors.As(err, &pe) && len(j.acc) > 0 {
				// A line over the limit, or a .gz's end, inside an object:
				// the object is cut there, said at its start, and what cut
				// it next. A line too long to read starts a chunk as well.
				pos := j.accPos
				j.acc = j.acc[:0]
				j.scan = depthScanner{}
				j.held = err
				if errors.Is(err, ErrMalformed) {
					// A run of binary lines or a .gz's damage inside it (as
					// lineReader.nextText holds what ends a run).
					return Request{}, newParseError(pos, ErrMalformed, "the JSON object starting here never closes: the log is damaged inside it (line "+itoa(pe.Line)+")",
						"the object is lost; the lines after the damage are read")
				}
				return Request{}, neverCloses(pos)
			}
			return Request{}, err
		}
		if len(j.acc) == 0 {
			text := bytes.TrimSpace(line)
			if len(text) == 0 {
				continue
			}
			pos := Position{File: j.lr.name, Line: j.lr.line, Column: 1 + j.lr.col + bytes.IndexByte(line, text[0])}
			if j.fast && text[0] == '{' {
				var r Request
				if fastTailJSONMode(text, &r, j.borrow) {
					if foreignHost(&r) {
						continue
					}
					r.Pos = pos
					return r, nil
				}
			}
			if bytes.IndexByte(text, 0) >= 0 {
				if text = bytes.TrimSpace(j.lr.cutAtHole(text)); len(text) == 0 {
					continue
				}
			}
			if text[0] != '{' {
				// A TTY capture holds the spinner's redraws ("\r⣾ Session
				// expired, reconnecting...\r> Ready! …"): what was on
				// screen is the last one.
				if shown := bytes.TrimSpace(lastRedraw(text)); len(shown) == 0 || isTailChatter(shown) || framed {
					continue // framed: another program's output in the same CI or container log
				}
				return Request{}, newParseError(pos, ErrMalformed, "expected a JSON object, found "+snippet(text),
					"each record must be a JSON object")
			}
			// A whole object on one line (JSON Lines) needs no following of
			// its depth. Only a line ending as an object does is tried: a
			// pretty-printed object's "{" would fail, and a failed
			// validation costs an error message.
			if text[len(text)-1] == '}' && fastObjectOK(text) {
				// Through fastjson; a flat object without a map of its
				// values (jsonflat.go).
				r, err := decodeObjectGated(text, j.loc, true)
				if err != nil {
					return Request{}, objectError(text, pos, err)
				}
				cleanRequest(&r) // the fast path takes printable ASCII only; this one takes any JSON
				r.Pos = pos
				if !foreignHost(&r) {
					return r, nil
				}
				continue
			}
			j.scan = depthScanner{}
			j.scan.feed(text)
			if j.scan.depth == 0 {
				r, err := j.decode(text, pos)
				if err != nil {
					if first, ok := j.splitJoined(text); ok {
						r, err = j.decode(first, pos)
					}
				}
				if err != nil || !foreignHost(&r) {
					return r, err
				}
				continue
			}
			if first, ok := j.splitJoined(text); ok {
				// A whole object, then the start of one cut short (a cut
				// log joined with cat): the whole one is read.
				j.scan = depthScanner{}
				if r, err := j.decode(first, pos); err != nil || !foreignHost(&r) {
					return r, err
				}
				continue
			}
			if j.scan.inString {
				j.scan = depthScanner{}
				return Request{}, j.cutInString(pos)
			}
			j.acc = append(j.acc[:0], text...)
			j.acc = append(j.acc, '\n')
			j.accPos = pos
			j.compact = len(text) > 1
			continue
		}
		if bytes.IndexByte(line, 0) >= 0 {
			line = j.lr.cutAtHole(line)
		}
		// A new object where the open one cannot go on: the open one is
		// broken (a write cut short). Report it and start over here, so one
		// bad line never swallows the rest of the input. It cannot go on
		// when it still lacks its keys' end; when it began as a compact
		// object (keys on its first line), which never breaks before a "{"
		// at the start of a line; or when it began as a pretty-printed one
		// at the start of a line and this line is "{" alone there: a
		// pretty-printer indents what it nests, and puts a nested object's
		// "{" after its key. (Python's indent=0 puts an array's objects at
		// the start of a line: such a record breaks here, reported.)
		t := bytes.TrimSpace(line)
		if startsRecord || len(t) > 0 && t[0] == '{' && !j.scan.inString &&
			(j.scan.depth == 1 || j.compact && line[0] == '{' ||
				j.accPos.Column == 1 && len(t) == 1 && line[0] == '{') {
			bad := j.accPos
			j.acc = j.acc[:0]
			j.scan = depthScanner{}
			j.lr.unread(line)
			return Request{}, neverCloses(bad)
		}
		j.scan.feed(line)
		if j.scan.inString {
			bad := j.accPos
			j.acc = j.acc[:0]
			j.scan = depthScanner{}
			return Request{}, j.cutInString(bad)
		}
		j.acc = append(j.acc, line...)
		j.acc = append(j.acc, '\n')
		if len(j.acc) > j.lr.max {
			pos := j.accPos
			j.acc = j.acc[:0]
			j.scan = depthScanner{}
			return Request{}, newParseError(pos, ErrLineTooLong, "JSON object longer than "+itoa(j.lr.max)+" bytes",
				"raise --max-line if such records are real")
		}
		if j.scan.depth <= 0 {
			rec := j.acc
			j.acc = j.acc[:0]
			if r, err := j.decode(rec, j.accPos); err != nil || !foreignHost(&r) {
				return r, err
			}
		}
	}
}

// neverCloses reports the object opened at pos as cut by the record after
// it (or a line too long to read).
func neverCloses(pos Position) *ParseError {
	return newParseError(pos, ErrMalformed, "JSON object never closes before the next one starts", "fix or remove this record")
}

// splitJoined parts a line that holds whole objects one after another:
// two logs joined with cat when the first lacked its final newline
// ("…}{…"), or objects separated by a bare CR (a file pieced together
// from a classic Mac one). The first object is returned; the rest is
// pushed back to be read next, under the same line number. Only a line
// that failed to decode whole, or that leaves an object open, is tried:
// a line the fast paths read pays nothing.
func (j *jsonStreamReader) splitJoined(text []byte) ([]byte, bool) {
	end := firstObjectEnd(text)
	if end <= 0 || end >= len(text) {
		return nil, false
	}
	rest := bytes.TrimLeft(text[end:], " \t\r")
	if len(rest) == 0 || rest[0] != '{' {
		return nil, false
	}
	j.lr.unreadJoined(rest)
	return text[:end], true
}

// firstObjectEnd is the offset just after the '}' that closes the object b
// starts with, or -1 when it does not close in b.
func firstObjectEnd(b []byte) int {
	var d depthScanner
	for i, c := range b {
		d.feed(b[i : i+1])
		if d.depth == 0 && !d.inString && c == '}' {
			return i + 1
		}
	}
	return -1
}

// cutInString reports an object whose line, just read, ended inside a
// string: a JSON string holds no line break, so the object was cut there,
// whatever follows. At the input's end (a last line without its newline)
// it is a truncated record; before it, a malformed one. The line alone
// decides, so a chunk's reader decides as the whole file's does.
func (j *jsonStreamReader) cutInString(pos Position) *ParseError {
	if j.lr.eof {
		return newParseError(pos, ErrTruncated, "the JSON object is cut off inside a string",
			"the log was cut off; re-export it or remove the partial record")
	}
	return newParseError(pos, ErrMalformed, "the JSON object is cut off inside a string",
		"a JSON string never spans lines: the log lost bytes here (a full disk, a copy taken while it was written); the lines after it are read")
}

// decode parses one complete object through encoding/json. Next passes over
// records to hosts other than Stripe's (an export of all outgoing traffic),
// as the CSV and array readers do.
func (j *jsonStreamReader) decode(rec []byte, pos Position) (Request, error) {
	obj, err := parseObject(rec)
	if err != nil {
		return Request{}, objectError(rec, pos, err)
	}
	return j.request(obj, rec, pos)
}

// request reads the request of rec, parsed as obj.
func (j *jsonStreamReader) request(obj map[string]any, rec []byte, pos Position) (Request, error) {
	r, err := requestFromObject(obj, j.loc)
	if err != nil {
		return Request{}, objectError(rec, pos, err)
	}
	cleanRequest(&r) // the fast path takes printable ASCII only; this one takes any JSON
	r.Pos = pos
	return r, nil
}

// objectError turns a decoding failure into a positioned ParseError.
func objectError(rec []byte, pos Position, err error) *ParseError {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		line, col := lineCol(rec, se.Offset)
		p := pos
		p.Line += line - 1
		if line == 1 {
			p.Column += col - 1
		} else {
			p.Column = col
		}
		return newParseError(p, ErrMalformed, "invalid JSON: "+se.Error(), "fix or remove this record")
	case errors.As(err, &te):
		return newParseError(pos, ErrMalformed, "expected a JSON object, found "+te.Value, "each record must be a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return newParseError(pos, ErrTruncated, "the JSON object is cut off", "the log was cut off; remove the partial record")
	}
	return newParseError(pos, ErrMalformed, err.Error(), "")
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(b []byte, off int64) (int, int) {
	if off > int64(len(b)) {
		off = int64(len(b))
	}
	if off < 1 {
		off = 1
	}
	pre := b[:off-1]
	line := 1 + bytes.Count(pre, []byte{'\n'})
	col := len(pre) - bytes.LastIndexByte(pre, '\n')
	return line, col
}

// depthScanner follows JSON nesting across lines, minding strings.
type depthScanner struct {
	depth    int
	inString bool
	escaped  bool
}

func (d *depthScanner) feed(b []byte) {
	for _, c := range b {
		d.step(c)
	}
}

// step follows one byte, and reports whether it closed a bracket that
// leaves the depth at 0 or less: the end of a value begun at depth 0.
func (d *depthScanner) step(c byte) (closed bool) {
	if d.inString {
		switch {
		case d.escaped:
			d.escaped = false
		case c == '\\':
			d.escaped = true
		case c == '"':
			d.inString = false
		}
		return false
	}
	switch c {
	case '"':
		d.inString = true
	case '{', '[':
		d.depth++
	case '}', ']':
		d.depth--
		return d.depth <= 0
	}
	return false
}
