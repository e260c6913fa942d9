package logparse

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

// TestCSVCutQuoteClosedLater: a row cut inside its quoted message whose
// quote a later line happens to close (a row whose message opens a
// multi-line cell, `…,200,"`, or a quote inside a later cell) read whole
// with the rows between inside its message: they were lost without a
// word, and the cut row read as a request. A line inside a quoted cell
// that is a whole row of the table now shows the quote ran over rows: the
// cut row is reported at its quote, and the rows are read at their lines.
// Real multi-line messages, JSON and stack traces among them, still read.
func TestCSVCutQuoteClosedLater(t *testing.T) {
	const cut = "2026-03-04 10:15:03,POST,/v1/refunds,403,\"The provided key does not\n"
	manyRows, manyWant := cutRows(3, 41)
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{
			name: "closed by a later row that opens a multi-line message",
			input: cutHeader + cutRow(2, `""`) + cut + cutRow(4, `""`) + cutRow(5, "") +
				"2026-03-04 10:15:06,POST,/v1/customers,200,\"\nfirst line of a note\nsecond line\"\n" + cutRow(9, ""),
			want: []string{"2 GET /v1/r2", "3:42 ErrMalformed", "4 GET /v1/r4", "5 GET /v1/r5", "6 POST /v1/customers", "9 GET /v1/r9"},
		},
		{
			name:  "forty rows swallowed, the cut row the first after the header",
			input: cutHeader + cut + manyRows + "2026-03-04 10:15:42,GET,/v1/y,200,\"\nnote\"\n",
			want:  append(append([]string{"2:42 ErrMalformed"}, manyWant...), "42 GET /v1/y"),
		},
		{
			name:  "TSV",
			input: strings.ReplaceAll(cutHeader+cutRow(2, `""`)+cut+cutRow(4, "")+"2026-03-04 10:15:05,GET,/v1/c,200,\"\nnote\"\n", ",", "\t"),
			want:  []string{"2 GET /v1/r2", "3:42 ErrMalformed", "4 GET /v1/r4", "5 GET /v1/c"},
		},
		{
			name: "CRLF",
			input: strings.ReplaceAll(cutHeader+cutRow(2, `""`)+cut+cutRow(4, `""`)+cutRow(5, "")+
				"2026-03-04 10:15:06,POST,/v1/customers,200,\"\nnote\"\n", "\n", "\r\n"),
			want: []string{"2 GET /v1/r2", "3:42 ErrMalformed", "4 GET /v1/r4", "5 GET /v1/r5", "6 POST /v1/customers"},
		},
		{
			name: "legit multi-line messages: a stack trace, JSON, a line with commas",
			input: cutHeader +
				"2026-03-04 10:15:02,POST,/v1/refunds,500,\"Traceback (most recent call last):\n  File \"\"app.py\"\", line 3, in <module>\nstripe.error.APIError: boom\"\n" +
				"2026-03-04 10:15:03,POST,/v1/refunds,403,\"{\n  \"\"error\"\": {\"\"message\"\": \"\"denied\"\", \"\"type\"\": \"\"invalid_request_error\"\"}\n}\"\n" +
				"2026-03-04 10:15:04,GET,/v1/x,200,\"a, b, c, d\nGET /v1/customers, 200, 2026-03-04\"\n" +
				cutRow(9, ""),
			want: []string{"2 POST /v1/refunds", "5 POST /v1/refunds", "8 GET /v1/x", "10 GET /v1/r9"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := Options{Location: time.UTC}
			got, _ := readCutCSV(t, []byte(tt.input), opts)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			// The table reader itself, 7 bytes at a time.
			header, _, _ := bytes.Cut([]byte(tt.input), []byte("\n"))
			rd := newCSVReader("cut.csv", &sizedReader{strings.NewReader(tt.input), 7}, sniffDelimiter(header), opts)
			if small, _ := drainCutCSV(t, cleanReader{rd}); strings.Join(small, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("read 7 bytes at a time: got\n%s\nwant\n%s", strings.Join(small, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
