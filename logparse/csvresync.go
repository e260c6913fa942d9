package logparse

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// A table cut inside a quoted field (an export cut short, then joined to
// another with cat; a copy taken while it was written) leaves a quote open
// that encoding/csv carries across the rows after it, until some later
// quote closes or breaks it: those rows would be lost in the broken record.
// A quoted field may span lines (multi-line messages), so a line break in
// one proves nothing; only when encoding/csv gives up on a record (a bare
// or extraneous quote, or the end of the input inside quotes) is the record
// known to be broken. It is then reported at its first line, and reading
// goes on from the line after that, with a fresh csv.Reader: the lines it
// swallowed are read again as rows of their own (as jsonstream.go does for
// a JSON object cut short).
//
// The fresh reader needs the bytes the old one had taken from the input,
// its read-ahead included, so csvTape keeps a copy of what it hands the
// csv.Reader from the start of the record being read on, trimmed as each
// row is read: the memory is the current record's (as encoding/csv's own)
// plus one read-ahead, never the whole input. A record is cut off at
// limit bytes so that a quote opened on a cut row and never closed does
// not take the rest of a large file into memory.

// errCSVRowTooLong is what the tape gives the csv.Reader when a record runs
// past its limit; the reader hands it back and the record is reported.
var errCSVRowTooLong = errors.New("csv row too long")

// csvTape is the input as the csv.Reader reads it.
type csvTape struct {
	src io.Reader
	// buf[start:] are the bytes from the start of the current record on:
	// buf[start:out] handed to the csv.Reader, buf[out:] the bytes a
	// restart hands again before reading src.
	buf   []byte
	start int
	out   int
	base  int64 // the csv.Reader's input offset of buf[start]
	line  int   // the file's line that buf[start] is on
	limit int   // most bytes handed out from a record's start
	skip  bool  // drop src up to and past its next '\n' first (a restart in a line longer than limit)
	err   error // src's error, given again once buf is handed out
}

func newCSVTape(src io.Reader, limit int) *csvTape {
	return &csvTape{src: src, line: 1, limit: limit}
}

func (t *csvTape) Read(p []byte) (int, error) {
	if t.out < len(t.buf) {
		n := copy(p, t.buf[t.out:])
		t.out += n
		return n, nil
	}
	if t.err != nil {
		return 0, t.err
	}
	if t.out-t.start >= t.limit {
		return 0, errCSVRowTooLong
	}
	for {
		n, err := t.src.Read(p)
		data := p[:n]
		if t.skip {
			if i := bytes.IndexByte(data, '\n'); i >= 0 {
				t.skip = false
				n = copy(p, data[i+1:])
			} else {
				n = 0
			}
			data = p[:n]
		}
		t.keep(data)
		if err != nil {
			t.err = err
			t.skip = false
		}
		if n > 0 || err != nil {
			return n, err
		}
	}
}

// keep appends what was handed out to buf, moving the live bytes to the
// front first when that spares growing it.
func (t *csvTape) keep(data []byte) {
	if len(data) == 0 {
		return
	}
	if t.start > 0 && len(t.buf)+len(data) > cap(t.buf) {
		n := copy(t.buf, t.buf[t.start:])
		t.buf = t.buf[:n]
		t.out -= t.start
		t.start = 0
	}
	t.buf = append(t.buf, data...)
	t.out += len(data)
}

// consumed says the csv.Reader has read every record before its input
// offset off: the bytes before it are dropped, their lines counted.
func (t *csvTape) consumed(off int64) {
	n := int(off - t.base)
	if n <= 0 {
		return
	}
	t.line += bytes.Count(t.buf[t.start:t.start+n], []byte{'\n'})
	t.start += n
	t.base = off
	if t.start == len(t.buf) {
		t.buf, t.start, t.out = t.buf[:0], 0, 0
	}
}

// firstLine finds the first line of the record starting at buf[start]:
// encoding/csv skips empty lines before a record. It returns the line's
// bytes (without its line end), its number, the offset in buf[start:] of
// the line after it, and whether its end is in buf at all (not when the
// record was cut off by limit inside its first line, or the input ends
// in it).
func (t *csvTape) firstLine() (text []byte, line, next int, whole bool) {
	live := t.buf[t.start:]
	i, line := 0, t.line
	for {
		nl := bytes.IndexByte(live[i:], '\n')
		if nl < 0 {
			return live[i:], line, len(live), false
		}
		text = live[i : i+nl]
		if len(text) == 0 || len(text) == 1 && text[0] == '\r' {
			i += nl + 1
			line++
			continue
		}
		return bytes.TrimSuffix(text, []byte{'\r'}), line, i + nl + 1, true
	}
}

// restartAt drops the bytes before buf[start+next], the start of line
// `line`, and has the next csv.Reader read from there: from what is kept,
// then from src. With skipLine, what is kept is all of a line longer than
// the limit, and src is read from past its end.
func (t *csvTape) restartAt(next, line int, skipLine bool) {
	t.start += next
	t.out, t.base, t.line = t.start, 0, line
	if skipLine {
		t.buf, t.start, t.out = t.buf[:0], 0, 0
		t.skip = t.err == nil
	}
}

// restOfInput reports whether anything but blanks follows the first line of
// the current record, as far as it can tell without reading on: false only
// when src has ended and what is kept after it is blank.
func (t *csvTape) restOfInput(next int) bool {
	return t.err == nil || len(bytes.TrimSpace(t.buf[t.start+next:])) > 0
}

// openQuote returns the byte column (1-based) of the quoted field that the
// line (one without its line end) leaves open at its end, 0 when it leaves
// none or breaks its quoting within itself.
func openQuote(line []byte, comma rune) int {
	var sep [utf8.UTFMax]byte
	sepLen := utf8.EncodeRune(sep[:], comma)
	delim := sep[:sepLen]
	i := 0
	for {
		if i >= len(line) || line[i] != '"' {
			j := bytes.Index(line[i:], delim)
			if j < 0 {
				return 0
			}
			i += j + sepLen
			continue
		}
		open := i
		i++
		for {
			j := bytes.IndexByte(line[i:], '"')
			if j < 0 {
				return open + 1
			}
			i += j + 1
			switch {
			case i < len(line) && line[i] == '"':
				i++ // "" stands for one quote
				continue
			case i == len(line):
				return 0
			case bytes.HasPrefix(line[i:], delim):
				i += sepLen
			default:
				return 0 // a quote inside the field: broken on this line
			}
			break
		}
	}
}

// resync reports the record the csv.Reader gave up on (pe, or the tape's
// limit when pe is nil) at its first line, and sets the reading to go on
// from the line after that. It returns nil when the limit was reached in
// blank lines before any record: the reading goes on after them.
func (c *csvReader) resync(pe *csv.ParseError) error {
	t := c.tape
	text, line, next, whole := t.firstLine()
	if pe == nil && !whole && (len(text) == 0 || len(text) == 1 && text[0] == '\r') {
		// Only blank lines so far, more than limit of them (the last
		// one's "\r\n" perhaps split): no record to report; read on from
		// the line after them, that "\r" kept.
		t.restartAt(next-len(text), line, false)
		c.cr = c.parserOver(t)
		c.lineOff = line - 1
		return nil
	}
	pos := Position{File: c.name, Line: line, Column: 1}
	var report *ParseError
	open := openQuote(text, c.cr.Comma)
	switch {
	case pe == nil:
		hint := "raise --max-line if such rows are real"
		if open > 0 {
			pos.Column = open
			hint = "the quoted field opened at this column has not closed by then: the row may be cut short, or " + hint
		}
		report = newParseError(pos, ErrLineTooLong, "row longer than "+itoa(c.max)+" bytes", hint)
	case open > 0 && !t.restOfInput(next):
		pos.Column = open
		report = newParseError(pos, ErrTruncated, "the quoted field opened at this column never closes on this row",
			"the file ends inside it: it may be cut off")
	case open > 0:
		pos.Column = open
		report = newParseError(pos, ErrMalformed, "the quoted field opened at this column never closes on this row",
			"the row looks cut short, as when a file cut off is joined to another; the lines after it are read as rows of their own")
	default:
		pos.Column = pe.Column
		report = newParseError(pos, ErrMalformed, pe.Err.Error(), "fix the quoting of this row")
	}

	if isJunkLine(text) {
		// A line of binary data (a bad sector) with a stray quote in it:
		// told with the run of such lines it is part of.
		report = nil
	}
	if pe != nil && whole && c.cr.InputOffset() == t.base+int64(next) {
		// The reader stands at the line after the record's first already
		// (its quoting broke on that line): it reads on as it is.
		t.consumed(c.cr.InputOffset())
		return junkOr(report, line, len(text))
	}
	swallowed := line
	if pe != nil {
		swallowed = c.lineOff + pe.Line
	} else {
		swallowed += bytes.Count(t.buf[t.start:t.out], []byte{'\n'})
	}
	t.restartAt(next, line+1, !whole)
	c.cr = c.parserOver(t)
	c.lineOff = line
	c.suspectTo = max(c.suspectTo, swallowed)
	return junkOr(report, line, len(text))
}

// junkOr is report, or for none (a line of binary data) the line as such.
func junkOr(report *ParseError, line, size int) error {
	if report == nil {
		return &csvJunkLine{line: line, size: size}
	}
	return report
}

// suspectRow reports a row read again after a broken record, within the
// lines that record took, whose cells do not line up with the header: it
// may be a piece of that record (a multi-line cell with a stray quote),
// so it is reported rather than read as a request.
func (c *csvReader) suspectRow(rec []string, line int) error {
	if line > c.suspectTo || len(rec) == len(c.header) {
		return nil
	}
	return newParseError(Position{File: c.name, Line: line, Column: 1}, ErrMalformed,
		"row has "+itoa(len(rec))+" cells where the header has "+itoa(len(c.header))+", after a row whose quoting broke",
		"it may be a piece of that row; fix the quoting above it")
}

// A row cut inside its quoted field may also be closed by a later quote
// that encoding/csv takes for the end of the field: a row after it whose
// last cell opens a multi-line message (`…,200,"`), or a quote inside a
// cell. The record then reads whole, its field holding the rows between,
// which are lost without a word. A quoted field may hold line breaks, but
// a line inside it that is a whole row of this table (the header's number
// of cells, each reading as its column does, a method and a path among
// them) is no part of a message: it proves the quote ran over rows, and
// the record is read again as a broken one (resync). A multi-line message
// that quotes a whole row of the very table it is in would be split there;
// no log writes one.

// errQuoteRanOverRows is why a record that reads whole is broken.
var errQuoteRanOverRows = errors.New("a quoted field runs over the rows after it")

// swallowsRows reports whether a line inside one of rec's multi-line
// fields is a whole row of the table.
func (c *csvReader) swallowsRows(rec []string) bool {
	if len(rec) == 0 {
		return false
	}
	first, _ := c.cr.FieldPos(0)
	if last, _ := c.cr.FieldPos(len(rec) - 1); last == first && strings.IndexByte(rec[len(rec)-1], '\n') < 0 {
		return false // on one line: every row of nearly every table
	}
	for _, v := range rec {
		if strings.IndexByte(v, '\n') < 0 {
			continue
		}
		lines := strings.Split(v, "\n")
		for _, l := range lines[1:] {
			if c.wholeRow(l) {
				return true
			}
		}
	}
	return false
}

// wholeRow reports whether line reads as a row of the table on its own.
func (c *csvReader) wholeRow(line string) bool {
	line = strings.TrimSuffix(line, "\r")
	if strings.Count(line, string(c.cr.Comma)) < len(c.header)-1 {
		return false
	}
	cr := newCSVParser(strings.NewReader(line), c.cr.Comma)
	cells, err := cr.Read()
	if err != nil || len(cells) != len(c.header) {
		return false
	}
	var r Request
	for i, v := range cells {
		if i >= len(c.columns) || c.columns[i] == fNone {
			continue
		}
		if c.columns[i] == fTime {
			if k := cellKind(strings.TrimSpace(v), DateOrderAuto); k == slashAmbig || k == slashDMY || k == slashMDY {
				continue // a date in either order: its column decides which (dateorder.go)
			}
		}
		if setField(&r, c.columns[i], v, c.loc) != nil {
			return false
		}
	}
	return r.Method != "" && r.Path != ""
}

// swallowed is the error for a record that read whole but ran over rows
// (swallowsRows), at the line it ends on, for resync.
func (c *csvReader) swallowed(rec []string) *csv.ParseError {
	start, col := c.cr.FieldPos(0)
	last, _ := c.cr.FieldPos(len(rec) - 1)
	last += strings.Count(rec[len(rec)-1], "\n")
	return &csv.ParseError{StartLine: start, Line: last, Column: col, Err: errQuoteRanOverRows}
}

// parserOver is a new csv.Reader over t, read again from where t now
// stands, through c's buffer (emptied of what it read ahead).
func (c *csvReader) parserOver(t *csvTape) *csv.Reader {
	if c.in == nil {
		c.in = bufio.NewReader(t)
	}
	c.in.Reset(t)
	return newCSVParser(c.in, c.cr.Comma)
}
