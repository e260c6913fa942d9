package logparse

import (
	"cmp"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// headerlessReader reads a table of requests without a header row, as jq
// and the shell write one from `stripe logs tail --format JSON`:
//
//	"GET","/v1/customers/cus_1",200,"req_1",1772619302    jq -r '[…] | @csv'
//	1772619302	GET	/v1/customers/cus_1	200                jq -r '[…] | @tsv'
//	GET /v1/customers/cus_1 403                            jq -r '"\(.method) \(.url) \(.status)"'
//	   1203 GET /v1/customers/cus_1                        … | sort | uniq -c
//	[403] POST /v1/refunds [req_1]                         awk '{print $3, $4, $5, $6}' of a tail
//
// Each row is read by what its cells hold, not by where they are: one HTTP
// method, one path (/v1/…, /v2/…, or a URL), and any of a status (100–599,
// after the path, or anywhere as a tail writes it: "[403]"), a time (unix seconds or milliseconds, RFC 3339), a
// request id (req_…, or "[req_…]"), and a count in front of the method (uniq -c), which
// stands for that many requests. A cell that is none of these makes the row
// malformed: the reader does not guess. It is a csv reader: the format a
// table of requests has.
type headerlessReader struct {
	lr    *lineReader
	loc   *time.Location
	cur   Request
	left  int       // copies of cur still to hand out (a uniq -c count)
	dates *dateHold // slashed dates: the file's order, the rows held back until it is known
	ended bool      // the input ended with rows held back: they are handed out, then io.EOF
	split csvRowSplitter
}

func newHeaderlessReader(lr *lineReader, opts Options) *headerlessReader {
	loc := opts.Location
	if loc == nil {
		loc = time.Local
	}
	// The rows' times are one column, wherever the cell stands.
	return &headerlessReader{lr: lr, loc: loc, dates: newDateHold(opts.DateOrder, lr.name, nil)}
}

// maxRowCount bounds a uniq -c count: one row stands for at most this many
// requests (a larger number is more likely something else, and would take
// minutes to hand out). A variable: the package's tests lower it, or every
// fuzzed input with a number in front of a method would stand for millions
// of requests.
var maxRowCount = 10_000_000

func (h *headerlessReader) Next() (Request, error) {
	for {
		if h.left > 0 {
			h.left--
			return h.cur, nil
		}
		if h.dates.holding() {
			if r, n, err, ok := h.dates.pop(h.redo); ok {
				if err != nil {
					return Request{}, err
				}
				h.cur, h.left = r, n-1
				return r, nil
			}
		}
		if h.ended {
			return Request{}, io.EOF
		}
		r, n, err := h.next()
		switch {
		case errors.Is(err, errHeld):
			continue
		case errors.Is(err, io.EOF) && (h.dates.holding() || h.dates.lost > 0):
			h.dates.giveUp()
			if pe := h.dates.problem(true, 0); pe != nil {
				h.dates.push(heldRow{err: pe})
			}
			h.ended = true
			continue
		case h.dates.holding():
			h.dates.push(heldOf(&r, n, err))
			continue
		}
		if err != nil {
			return Request{}, err
		}
		h.cur, h.left = r, n-1
		return r, nil
	}
}

// zeroColumn is the one "column" of a headerless table's dates.
var zeroColumn = [1]int{0}

// redo reads a held row again, now that the file's date order is known.
func (h *headerlessReader) redo(row *heldRow) (Request, int, error) {
	r, n, _, err := readHeaderlessRowDates(row.cells[0], h.loc, h.dates, row.line, &h.split)
	if err == nil {
		r.Pos = Position{File: h.lr.name, Line: row.line, Column: 1}
	}
	return r, n, err
}

// next reads the next row; a row whose slashed date waits for the file's
// order is queued (errHeld).
func (h *headerlessReader) next() (Request, int, error) {
	for {
		line, err := h.lr.nextText()
		if err != nil {
			return Request{}, 0, err
		}
		text := strings.TrimSpace(string(line))
		if text == "" {
			continue
		}
		pos := Position{File: h.lr.name, Line: h.lr.line, Column: 1}
		r, count, waiting, err := readHeaderlessRowDates(text, h.loc, h.dates, pos.Line, &h.split)
		if h.dates.decidedLate {
			h.dates.decidedLate = false
			if pe := h.dates.problem(false, pos.Line); pe != nil {
				h.dates.push(heldRow{err: pe})
			}
		}
		if err != nil {
			pe := newParseError(pos, ErrMalformed, err.Error()+": "+snippet([]byte(text)),
				"each row needs one method and one path; the other cells may be a count before the method, a status, a time or a request id")
			var de *dateCellError
			if errors.As(err, &de) {
				pe.Hint = "fix the cell, or pass --date-order dmy or mdy to say which order the file's dates are in"
			}
			return Request{}, 0, pe
		}
		if foreignHost(&r) {
			continue // a call to another API in the same table
		}
		r.Pos = pos
		if waiting != "" {
			held := heldRow{cells: []string{text}, line: pos.Line, col: 1, wait: h.dates.waitList(zeroColumn[:]), cell: waiting,
				size: heldSize(nil, 1, len(text))}
			if h.dates.gaveUpOn(held.wait) {
				h.dates.lose(&held)
				continue
			}
			h.dates.push(held)
			return Request{}, 0, errHeld
		}
		return r, count, nil
	}
}

// readHeaderlessRow reads a row split by headerlessCells, or, when that
// gives no request, on runs of spaces: "GET /v1/x?a=1,2 200" holds a comma
// but is no CSV row. A slashed date is read in any order that fits.
func readHeaderlessRow(row string, loc *time.Location) (Request, int, error) {
	r, count, _, err := readHeaderlessRowDates(row, loc, nil, 0, nil)
	return r, count, err
}

// readHeaderlessRowDates is readHeaderlessRow reading slashed dates in the
// file's order (dates, nil for none); waiting is the date that reads
// either way while the order is not known yet (the time is read day-first
// for now). split splits CSV rows (nil: a splitter for this row alone).
func readHeaderlessRowDates(row string, loc *time.Location, dates *dateHold, line int, split *csvRowSplitter) (r Request, count int, waiting string, err error) {
	t := headerlessTimes{loc: loc, dates: dates, line: line}
	r, count, err = headerlessRequest(split.cells(row), &t)
	if err != nil && !strings.Contains(row, "\t") && strings.ContainsAny(row, ",;") {
		t2 := headerlessTimes{loc: loc, dates: dates, line: line}
		if r2, count2, err2 := headerlessRequest(strings.Fields(row), &t2); err2 == nil {
			return r2, count2, t2.waiting, nil
		}
	}
	return r, count, t.waiting, err
}

// headerlessTimes reads a row's time cell.
type headerlessTimes struct {
	loc     *time.Location
	dates   *dateHold
	line    int
	waiting string
}

// dateCellError is a slashed date that does not read: its order is
// contradicted or it does not fit the one given.
type dateCellError struct{ err error }

func (e *dateCellError) Error() string { return e.err.Error() }
func (e *dateCellError) Unwrap() error { return e.err }

func (ht *headerlessTimes) read(c string) (time.Time, error) {
	kind := cellKind(c, DateOrderAuto)
	switch {
	case kind == notSlashed:
		return parseTime(c, ht.loc)
	case ht.dates == nil && kind == slashAmbig:
		// Recognising a row (isHeaderlessRow): a date either order
		// reads is a date; the reader decides the order.
		return parseTimeOrder(c, ht.loc, DateOrderDMY)
	case ht.dates == nil:
		return parseTime(c, ht.loc)
	}
	o := ht.dates.orderOf(0)
	if ht.dates.given == DateOrderAuto {
		switch kind {
		case slashAmbig:
			if o == DateOrderAuto {
				ht.waiting = c
				return parseTimeOrder(c, ht.loc, DateOrderDMY)
			}
		case slashDMY, slashMDY:
			if err := ht.dates.decide(0, kind, c, ht.line); err != nil {
				return time.Time{}, &dateCellError{err}
			}
			o = ht.dates.orderOf(0)
		}
	}
	t, err := parseTimeOrder(c, ht.loc, o)
	if err != nil {
		return t, &dateCellError{err}
	}
	return t, nil
}

// cells splits a row: on tabs (@tsv), on the separator of a CSV row (@csv,
// quoted cells), or on runs of spaces.
func (s *csvRowSplitter) cells(row string) []string {
	switch {
	case strings.Contains(row, "\t"):
		return strings.Split(row, "\t")
	case strings.ContainsAny(row, ",;"):
		comma := ","
		if strings.Count(row, ";") > strings.Count(row, ",") {
			comma = ";"
		}
		if !strings.Contains(row, `"`) {
			// What a csv.Reader makes of a line without quotes.
			return strings.Split(row, comma)
		}
		if cells, err := s.read(row, rune(comma[0])); err == nil {
			return cells
		}
	}
	return strings.Fields(row)
}

// csvRowSplitter reads single rows as encoding/csv does (LazyQuotes), with
// one csv.Reader for them all: a reader made for each row (4 KiB of buffer)
// made a headerless table's row cost ten rows of a table with a header.
type csvRowSplitter struct {
	feed rowFeed
	cr   *csv.Reader
}

// read reads row as one CSV record separated by comma. A nil s reads it
// with a reader of its own.
func (s *csvRowSplitter) read(row string, comma rune) ([]string, error) {
	if s == nil {
		s = new(csvRowSplitter)
	}
	if s.cr == nil {
		s.cr = csv.NewReader(&s.feed)
		s.cr.LazyQuotes = true
		s.cr.FieldsPerRecord = -1 // each row is read as if it were the first
	}
	s.cr.Comma = comma
	s.feed.row = row
	cells, err := s.cr.Read()
	if err != nil || s.feed.row != "" {
		s.cr = nil // what it holds of row is not the next row's
		return nil, cmp.Or(err, errors.New("row not read whole"))
	}
	return cells, nil
}

// rowFeed hands a csv.Reader one row, then io.EOF until the next.
type rowFeed struct{ row string }

func (f *rowFeed) Read(p []byte) (int, error) {
	if f.row == "" {
		return 0, io.EOF
	}
	n := copy(p, f.row)
	f.row = f.row[n:]
	return n, nil
}

// headerlessRequest reads one row's cells; count is how many requests the
// row stands for (1 unless a uniq -c count leads it).
func headerlessRequest(cells []string, times *headerlessTimes) (r Request, count int, err error) {
	method, path := -1, -1
	for i, c := range cells {
		c = strings.TrimSpace(c)
		switch {
		case httpMethods[c]:
			if method >= 0 {
				return r, 0, errors.New("two methods in one row")
			}
			method = i
		case path < 0 && isPathCell(c):
			path = i
		}
	}
	if method < 0 || path < 0 {
		return r, 0, errors.New("no method and path")
	}
	r.Method = strings.TrimSpace(cells[method])
	if err := setPath(&r, cells[path]); err != nil {
		return r, 0, err
	}
	count = 1
	for i, c := range cells {
		c = strings.TrimSpace(c)
		if i == method || i == path || c == "" {
			continue
		}
		switch {
		case len(c) == 5 && c[0] == '[' && c[4] == ']' && isDigits(c[1:4]) && c[1] >= '1' && c[1] <= '5' && r.Status == 0:
			// A tail-text line's own cells, kept by awk '{print $3, $4,
			// $5}': "[403] POST /v1/refunds", then maybe "[req_…]".
			r.Status = atoiDigits(c[1:4])
		case strings.HasPrefix(c, "[req_") && strings.HasSuffix(c, "]") && r.RequestID == "":
			r.RequestID = c[1 : len(c)-1]
		case i < method && count == 1 && isDigits(c) && len(c) <= 8:
			n := atoiDigits(c)
			if n < 1 || n > maxRowCount {
				return r, 0, fmt.Errorf("count %s out of range", c)
			}
			count = n
		case i > path && r.Status == 0 && len(c) == 3 && isDigits(c) && c[0] >= '1' && c[0] <= '5':
			r.Status = atoiDigits(c)
		case strings.HasPrefix(c, "req_") && r.RequestID == "":
			r.RequestID = c
		case r.Time.IsZero() && (!isDigits(c) || len(c) == 10 || len(c) == 13):
			// A number is a time only as unix seconds or milliseconds of
			// this era: 2000 is no time.
			t, err := times.read(c)
			var de *dateCellError
			if errors.As(err, &de) {
				return r, 0, fmt.Errorf("cell %d: %w", i+1, err)
			}
			if err != nil {
				return r, 0, fmt.Errorf("cell %d (%s) is not a count, status, time or request id", i+1, snippet([]byte(c)))
			}
			r.Time = t
		default:
			return r, 0, fmt.Errorf("cell %d (%s) is not a count, status, time or request id", i+1, snippet([]byte(c)))
		}
	}
	return r, count, nil
}

// isPathCell reports a cell that holds a request's path: a Stripe API path,
// or a URL (whose host decides later whether it is Stripe's).
func isPathCell(c string) bool {
	return strings.HasPrefix(c, "/v1/") || strings.HasPrefix(c, "/v2/") || c == "/v1" || c == "/v2" ||
		strings.HasPrefix(c, "https://") || strings.HasPrefix(c, "http://")
}

// atoiDigits is the value of a short run of ASCII digits.
func atoiDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// isHeaderlessRow reports whether a first line is such a table's row: one
// method, one Stripe path or URL, nothing it cannot place.
func isHeaderlessRow(line []byte) bool {
	r, _, err := readHeaderlessRow(strings.TrimSpace(string(line)), time.UTC)
	return err == nil && !foreignHost(&r)
}
