package logparse

import (
	"encoding/csv"
	"errors"
	"fmt"
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
	lr   *lineReader
	loc  *time.Location
	cur  Request
	left int // copies of cur still to hand out (a uniq -c count)
}

func newHeaderlessReader(lr *lineReader, opts Options) *headerlessReader {
	loc := opts.Location
	if loc == nil {
		loc = time.Local
	}
	return &headerlessReader{lr: lr, loc: loc}
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
		line, err := h.lr.nextText()
		if err != nil {
			return Request{}, err
		}
		text := strings.TrimSpace(string(line))
		if text == "" {
			continue
		}
		pos := Position{File: h.lr.name, Line: h.lr.line, Column: 1}
		r, count, err := readHeaderlessRow(text, h.loc)
		if err != nil {
			return Request{}, newParseError(pos, ErrMalformed, err.Error()+": "+snippet([]byte(text)),
				"each row needs one method and one path; the other cells may be a count before the method, a status, a time or a request id")
		}
		if foreignHost(&r) {
			continue // a call to another API in the same table
		}
		r.Pos = pos
		h.cur, h.left = r, count-1
		return r, nil
	}
}

// readHeaderlessRow reads a row split by headerlessCells, or, when that
// gives no request, on runs of spaces: "GET /v1/x?a=1,2 200" holds a comma
// but is no CSV row.
func readHeaderlessRow(row string, loc *time.Location) (Request, int, error) {
	r, count, err := headerlessRequest(headerlessCells(row), loc)
	if err != nil && !strings.Contains(row, "\t") && strings.ContainsAny(row, ",;") {
		if r2, count2, err2 := headerlessRequest(strings.Fields(row), loc); err2 == nil {
			return r2, count2, nil
		}
	}
	return r, count, err
}

// headerlessCells splits a row: on tabs (@tsv), on the separator of a CSV
// row (@csv, quoted cells), or on runs of spaces.
func headerlessCells(row string) []string {
	switch {
	case strings.Contains(row, "\t"):
		return strings.Split(row, "\t")
	case strings.ContainsAny(row, ",;"):
		cr := csv.NewReader(strings.NewReader(row))
		cr.Comma = ','
		if strings.Count(row, ";") > strings.Count(row, ",") {
			cr.Comma = ';'
		}
		cr.LazyQuotes = true
		if cells, err := cr.Read(); err == nil {
			return cells
		}
	}
	return strings.Fields(row)
}

// headerlessRequest reads one row's cells; count is how many requests the
// row stands for (1 unless a uniq -c count leads it).
func headerlessRequest(cells []string, loc *time.Location) (r Request, count int, err error) {
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
			t, err := parseTime(c, loc)
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
