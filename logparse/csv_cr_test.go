package logparse

import (
	"strings"
	"testing"
	"testing/iotest"
)

// TestCSVBareCRs: rows ended by a bare CR in the middle of a LF or CRLF
// table (a piece of a classic Mac file joined to it) are each read, at
// their lines; CRLF and a CR inside a quoted cell are not line ends there.
func TestCSVBareCRs(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"bare CRs in a LF table", "method,path,status\nGET,/v1/a,200\nGET,/v1/b,200\rGET,/v1/c,200\rGET,/v1/d,200\nGET,/v1/e,200\n",
			[]string{"in:2:1 /v1/a", "in:3:1 /v1/b", "in:4:1 /v1/c", "in:5:1 /v1/d", "in:6:1 /v1/e"}},
		{"bare CRs in a CRLF table", "method,path,status\r\nGET,/v1/a,200\r\nGET,/v1/b,200\rGET,/v1/c,200\r\n",
			[]string{"in:2:1 /v1/a", "in:3:1 /v1/b", "in:4:1 /v1/c"}},
		{"a bare CR ends the file", "method,path,status\nGET,/v1/a,200\nGET,/v1/b,200\r",
			[]string{"in:2:1 /v1/a", "in:3:1 /v1/b"}},
		{"a quoted cell holding CRLF", "method,path,message\nGET,/v1/a,\"two\r\nlines\"\nGET,/v1/b,x\n",
			[]string{"in:2:1 /v1/a", "in:4:1 /v1/b"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// One byte at a time, so that a CR is often the last byte of a read.
			rd := newCSVReader("in", iotest.OneByteReader(strings.NewReader(tc.in)), ',', Options{})
			reqs, errs := readAll(t, rd)
			var got []string
			for _, r := range reqs {
				got = append(got, r.Pos.String()+" "+r.Path)
			}
			if len(errs) > 0 || strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("read %q (%v), want %q", got, errs, tc.want)
			}
		})
	}
}
