package logparse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"
	"time"
)

// FuzzTailTextLine: every line tailTextLine takes, tailTextReader (after a
// request, as in a chunk past the first) reads the same way, and takes no
// more of it.
func FuzzTailTextLine(f *testing.F) {
	for _, s := range []string{
		"2026-03-04 10:15:02 [200] GET /v1/customers/cus_1 [req_1]\n",
		"2026-03-04 10:15:02 [302] POST /v1/payment_intents/pi_3M/confirm [req_AbC_9]\nnext",
		"2026-03-04 10:15:02 [204] DELETE /v1/customers/cus_1 [req_1]\n",
		"2026-03-04 10:15:02 [403] GET /v1/customers [req_1]\n",
		"2026-03-04 10:15:02 [200] GET /v1/customers?limit=3 [req_1]\n",
		"2026-03-04 10:15:02 [200] GET /v1/customers [req_1]\r\n",
		"2026-02-30 10:15:02 [200] GET /v1/customers [req_1]\n",
		"2026-03-04 10:15:02 [200] get /v1/customers [req_1]\n",
		"2026-03-04 10:15:02 [200] GET /v1/customers  [req_1]\n",
		"2026-03-04 10:15:02 [200] GET /v1/x%2Fy~!$&'()*+,;=@ [req_1]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		loc := time.FixedZone("X", -3*3600)
		var fast Request
		clock := localClock{loc: loc}
		n := tailTextLine(b, &clock, &fast)
		if n == 0 {
			return
		}
		if b[n-1] != '\n' {
			t.Fatalf("took %d bytes of %q, not up to a newline", n, b)
		}
		fast.Pos = Position{File: "f", Line: 1, Column: 1}
		rd := cleanReader{&tailTextReader{lr: newLineReader("f", b[:n], nil, 1<<20), clock: localClock{loc: loc}, seen: true}}
		want, err := rd.Next()
		if err != nil || !reflect.DeepEqual(fast, want) {
			t.Fatalf("%q:\ntailTextLine %+v\nreader       %+v (%v)", b[:n], fast, want, err)
		}
		if _, err := rd.Next(); !errors.Is(err, io.EOF) {
			t.Fatalf("%q: the reader read on: %v", b[:n], err)
		}
	})
}

// TestTailTextLineTakes: the lines tailTextLine takes and leaves.
func TestTailTextLineTakes(t *testing.T) {
	for _, tc := range []struct {
		line string
		take bool
	}{
		{"2026-03-04 10:15:02 [200] GET /v1/customers/cus_1 [req_1]\n", true},
		{"2026-03-04 10:15:02 [399] DELETE /v1/x [req_1]\nmore", true},
		{"2026-03-04 10:15:02 [400] GET /v1/customers [req_1]\n", false}, // waits for error lines
		{"2026-03-04 10:15:02 [200] GET /v1/customers [req_1]", false},   // no newline: may go on
		{"2026-03-04 10:15:02 [200] GET /v1/customers [req_1]\r\n", false},
		{"2026-03-04 10:15:02 [200] GET /v1/customers?x=1 [req_1]\n", false},
		{"2026-03-04 10:15:02 [200] GET https://api.stripe.com/v1/x [req_1]\n", false},
		{"2026-03-04 10:15:02 [200]  [View path in dashboard] [req_1]\n", false},
		{"2026-03-04T10:15:02Z 2026-03-04 10:15:02 [200] GET /v1/x [req_1]\n", false},
		{"\x1b[32m2026-03-04 10:15:02 [200] GET /v1/x [req_1]\n", false},
		{"2026-13-04 10:15:02 [200] GET /v1/x [req_1]\n", false},
	} {
		var r Request
		clock := localClock{loc: time.UTC}
		if got := tailTextLine([]byte(tc.line), &clock, &r) > 0; got != tc.take {
			t.Errorf("%q: took %v, want %v", tc.line, got, tc.take)
		}
	}
}

// benchTailText is n lines as `stripe logs tail` prints them when piped,
// one request in a hundred a 403 with its error lines: what import reads
// most (the fixture-based tail-text benchmarks are mostly the odd shapes).
func benchTailText(n int) []byte {
	paths := []string{"/v1/customers/cus_%s", "/v1/payment_intents", "/v1/payment_intents/pi_%s/confirm", "/v1/prices", "/v1/products/prod_%s"}
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		p := paths[i%len(paths)]
		if strings.Contains(p, "%s") {
			p = fmt.Sprintf(p, fmt.Sprintf("Ab%012d", i))
		}
		t := time.Unix(1772619302+int64(i/50), 0).UTC().Format("2006-01-02 15:04:05")
		if i%100 == 7 {
			fmt.Fprintf(&b, "%s [403] POST %s [req_%014d]\nType: invalid_request_error\nMessage: The provided key 'rk_test_****abc1' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue.\n", t, p, i)
			continue
		}
		fmt.Fprintf(&b, "%s [200] GET %s [req_%014d]\n", t, p, i)
	}
	return b.Bytes()
}

// BenchmarkScanWorkersTailTextPlain is import's path over such a file.
func BenchmarkScanWorkersTailTextPlain(b *testing.B) {
	benchScanWorkersFile(b, benchTailText(200000), ScanOptions{Options: Options{Location: time.UTC}})
}

// BenchmarkTailTextLine is the line decoder alone.
func BenchmarkTailTextLine(b *testing.B) {
	data := benchTailText(20000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	clock := localClock{loc: time.UTC}
	var r Request
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for rest := data; len(rest) > 0; {
			n := tailTextLine(rest, &clock, &r)
			if n == 0 {
				n = bytes.IndexByte(rest, '\n') + 1
			}
			rest = rest[n:]
		}
	}
}
