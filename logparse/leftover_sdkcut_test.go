package logparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"
)

// cutFixtureLine is the fixture with its line k (1-based) cut after the
// first at in it, its newline kept.
func cutFixtureLine(t *testing.T, rel string, k int, at string) []byte {
	t.Helper()
	lines := bytes.Split(fixture(t, rel), []byte("\n"))
	i := bytes.Index(lines[k-1], []byte(at))
	if i < 0 {
		t.Fatalf("%s:%d holds no %q", rel, k, at)
	}
	lines[k-1] = lines[k-1][:i+len(at)]
	return bytes.Join(lines, []byte("\n"))
}

// TestSDKLineCutShort: an SDK log's request or response line cut short but
// ending in a newline is reported at its line and where it stops, when
// its shape shows a field the SDK always writes is missing; its denial, if
// the lost line was a 403's, is kept (as an unknown operation's when the
// request line was the one lost). Before, each was read as a request with
// a cut path, or passed over without a word.
func TestSDKLineCutShort(t *testing.T) {
	for _, tc := range []struct {
		name string
		rel  string
		line int
		at   string
		want []string // the records, then the problems
	}{
		{
			// The error line after it is no proof of which request it is
			// about without the 403 (denialFits): a denial of its own.
			name: "python response cut in its path: the 403's status is lost, said",
			rel:  "python.log", line: 12, at: "path=https://api.stripe.com/v1/pri",
			want: []string{"(denial) 403", "DELETE /v1/customers/cus_Q1w2E3r4T5y6/discount 200", "GET /v1/subscriptions 403", "POST /v1/payment_intents 200", "POST /v1/payment_intents/pi_3Nq8aBcDeFgHiJ1/capture 200", "POST /v1/prices 0", "problem 12:102"},
		},
		{
			name: "python response cut in its status",
			rel:  "python.log", line: 12, at: "response_code=40",
			want: []string{"(denial) 403", "DELETE /v1/customers/cus_Q1w2E3r4T5y6/discount 200", "GET /v1/subscriptions 403", "POST /v1/payment_intents 200", "POST /v1/payment_intents/pi_3Nq8aBcDeFgHiJ1/capture 200", "POST /v1/prices 0", "problem 12:122"},
		},
		{
			name: "python request cut before its url",
			rel:  "python.log", line: 11, at: "method=po",
			// The lost request was a 403: its error line is kept as a
			// denial of an unknown operation.
			want: []string{"(denial) 403", "DELETE /v1/customers/cus_Q1w2E3r4T5y6/discount 200", "GET /v1/subscriptions 403", "POST /v1/payment_intents 200", "POST /v1/payment_intents/pi_3Nq8aBcDeFgHiJ1/capture 200", "problem 11:79"},
		},
		{
			name: "python request cut inside its message",
			rel:  "python.log", line: 11, at: "message='Request to Str",
			want: []string{"(denial) 403", "DELETE /v1/customers/cus_Q1w2E3r4T5y6/discount 200", "GET /v1/subscriptions 403", "POST /v1/payment_intents 200", "POST /v1/payment_intents/pi_3Nq8aBcDeFgHiJ1/capture 200", "problem 11:61"},
		},
		{
			name: "ruby response cut in its path: no request /v1/inv",
			rel:  "ruby.log", line: 4, at: "path=/v1/inv",
			want: []string{"GET /v1/subscriptions 403", "POST /v1/invoices 0", "problem 4:210"},
		},
		{
			// Its error line, whose request is lost, stands alone (another
			// request id than the record before): the 403 is kept twice,
			// once as an unknown operation's.
			name: "ruby request cut before its path: its response still makes the record",
			rel:  "ruby.log", line: 6, at: "num_retries=0",
			want: []string{"(denial) 403", "GET /v1/subscriptions 403", "POST /v1/invoices 200", "problem 6:162"},
		},
		{
			name: "zap JSON line cut in its URL: its 403 is kept, not given to the request before",
			rel:  "go-zap.jsonl", line: 3, at: "api.stripe.com/v1/ref",
			want: []string{"(denial) 403", "POST /v1/customers 0", "problem 3:109"},
		},
	} {
		for _, workers := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s workers=%v", tc.name, workers), func(t *testing.T) {
				data := cutFixtureLine(t, "sdk/"+tc.rel, tc.line, tc.at)
				p := writeFile(t, t.TempDir(), "cut.log", data)
				var mu sync.Mutex
				var got, problems []string
				opt := ScanOptions{Options: Options{Location: time.UTC}, OnProblem: func(pe *ParseError) {
					mu.Lock()
					defer mu.Unlock()
					if !errors.Is(pe, ErrMalformed) || !strings.Contains(pe.Error(), "cut short") {
						t.Errorf("problem %v, want a line cut short", pe)
					}
					problems = append(problems, fmt.Sprintf("problem %d:%d", pe.Line, pe.Column))
				}}
				add := func(r *Request) {
					mu.Lock()
					defer mu.Unlock()
					what := r.Method + " " + r.Path
					if r.Method == "" {
						what = "(denial)"
					}
					got = append(got, fmt.Sprintf("%s %d", what, r.Status))
				}
				in := []Input{{Name: "cut.log", Path: p}}
				var err error
				if workers {
					_, err = ScanWorkers(context.Background(), in, opt, func() func(*Request) error {
						return func(r *Request) error { add(r); return nil }
					})
				} else {
					_, err = Scan(context.Background(), in, opt, func(r Request) error { add(&r); return nil })
				}
				if err != nil {
					t.Fatal(err)
				}
				sort.Strings(got)
				if all := strings.Join(append(got, problems...), "\n"); all != strings.Join(tc.want, "\n") {
					t.Errorf("got\n%s\nwant\n%s", all, strings.Join(tc.want, "\n"))
				}
			})
		}
	}
}

// TestSDKWholeLinesNotCut: whole lines of the same shapes, and a pretty
// JSON object's first line, are not taken for cut ones.
func TestSDKWholeLinesNotCut(t *testing.T) {
	for _, line := range []string{
		`2026-03-04 10:15:05,180 INFO stripe: message='Stripe API response' path=https://api.stripe.com/v1/prices response_code=403`,
		`message="Response from Stripe API" level=info method=post path=/v1/payment_intents/pi_1/confirm request_id=req_111111111 status=409`,
		`{"level":"info","msg":"Requesting POST api.stripe.com/v1/customers"}`,
		`{`,
		`{ "a": {`,
		`2026-03-04 INFO app: message='Requeue job 7' queue=default`,
		`2026-03-04 INFO app: message='Requeue`,
	} {
		var at logfmtAt
		at.note([]byte(line))
		if col, why, _ := cutSDKLine([]byte(line), &at); col != 0 && line != `{ "a": {` {
			t.Errorf("%q taken for a cut line: %s", line, why)
		}
	}
}
