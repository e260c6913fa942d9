package logparse

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"time"
)

// jsonDoc is one JSON document read element by element with positions:
// what the JSON array and HAR readers share.
type jsonDoc struct {
	name    string
	dec     *json.Decoder
	lt      *lineTracker
	loc     *time.Location
	max     int
	started bool
	done    bool
}

func newJSONDoc(name string, r io.Reader, opts Options) jsonDoc {
	lt := &lineTracker{r: r}
	dec := json.NewDecoder(lt)
	dec.UseNumber()
	return jsonDoc{name: name, dec: dec, lt: lt, loc: opts.Location, max: maxLine(opts)}
}

// jsonArrayReader streams the objects of one JSON array, element by element,
// so a large export never sits in memory whole.
type jsonArrayReader struct{ jsonDoc }

func newJSONArrayReader(name string, r io.Reader, opts Options) *jsonArrayReader {
	return &jsonArrayReader{newJSONDoc(name, r, opts)}
}

func maxLine(opts Options) int {
	if opts.MaxLine > 0 {
		return opts.MaxLine
	}
	return DefaultMaxLine
}

func (a *jsonArrayReader) Next() (Request, error) {
	if a.done {
		return Request{}, io.EOF
	}
	if !a.started {
		a.started = true
		tok, err := a.dec.Token()
		if err != nil {
			a.done = true
			return Request{}, a.streamError(err)
		}
		if d, ok := tok.(json.Delim); !ok || d != '[' {
			a.done = true
			return Request{}, newParseError(Position{File: a.name, Line: 1, Column: 1}, ErrMalformed,
				"expected a JSON array of request objects", "")
		}
	}
	for a.dec.More() {
		raw, pos, err := decodeRaw(a.dec, a.lt, a.name)
		if err != nil {
			a.done = true
			return Request{}, err
		}
		if len(raw) > a.max {
			return Request{}, newParseError(pos, ErrLineTooLong, "JSON object longer than "+itoa(a.max)+" bytes",
				"raise --max-line if such records are real")
		}
		if raw[0] != '{' {
			return Request{}, newParseError(pos, ErrMalformed, "array element is not an object: "+snippet(raw),
				"each element must be a request object")
		}
		r, err := decodeObject(raw, a.loc)
		if err != nil {
			return Request{}, objectError(raw, pos, err)
		}
		if foreignHost(&r) {
			continue
		}
		r.Pos = pos
		return r, nil
	}
	a.done = true
	if _, err := a.dec.Token(); err != nil {
		return Request{}, a.streamError(err)
	}
	return Request{}, io.EOF
}

// decodeRaw reads the next value and says where it starts.
func decodeRaw(dec *json.Decoder, lt *lineTracker, name string) (json.RawMessage, Position, error) {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return nil, Position{}, streamErr(name, lt, dec, err)
	}
	lead := len(raw) - len(bytes.TrimLeft(raw, " \t\r\n"))
	start := dec.InputOffset() - int64(len(raw)) + int64(lead)
	raw = bytes.TrimSpace(raw)
	line, col := lt.pos(start)
	return raw, Position{File: name, Line: line, Column: col}, nil
}

func (a *jsonArrayReader) streamError(err error) error { return streamErr(a.name, a.lt, a.dec, err) }

// streamErr positions an error of a streaming decoder. Nothing after a syntax
// error can be trusted, so callers stop reading.
func streamErr(name string, lt *lineTracker, dec *json.Decoder, err error) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		line, col := lt.pos(lt.read)
		return newParseError(Position{File: name, Line: line, Column: col}, ErrTruncated,
			"the JSON document ends before it closes", "the file was cut off; re-export it")
	case errors.As(err, &se):
		line, col := lt.pos(se.Offset)
		return newParseError(Position{File: name, Line: line, Column: col}, ErrMalformed,
			"invalid JSON: "+se.Error(), "reading stops here; fix the file")
	}
	return err
}
