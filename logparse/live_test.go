package logparse

import (
	"bytes"
	"context"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

// TestLivePipeKeepsRecordsWhole: on a pipe, a record whose last lines come
// in a later read (a failed request's error lines, an SDK request's
// response line) keeps them, as when the same log is read from a file. The
// pipe runs dry between the writes; only a quiet stream hands a record on.
func TestLivePipeKeepsRecordsWhole(t *testing.T) {
	defer func(tail, sdk time.Duration) { liveQuietTail, liveQuietSDK = tail, sdk }(liveQuietTail, liveQuietSDK)
	liveQuietTail, liveQuietSDK = time.Minute, time.Minute // the pauses below never count as quiet
	for _, tc := range []struct {
		name    string
		format  Format
		records int // in the log read whole
		writes  []string
	}{
		{"tail-text 403 and its error lines", FormatTailText, 3, []string{
			"2026-03-04 10:15:02 [200] GET /v1/prices [req_0]\n2026-03-04 10:15:02 [403] POST /v1/refunds [req_1]\n",
			"Type: invalid_request_error\nMessage: The provided key 'rk_test_x' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_refund_write' permission would allow this request to continue.\n",
			"2026-03-04 10:15:03 [200] GET /v1/prices [req_2]\n",
		}},
		{"stripe-python request and response", FormatSDK, 3, []string{
			// Sniffing reads a few lines before it settles on an SDK log.
			strings.Repeat("2026-03-04 10:15:00,000 INFO app: worker started\n", 6) +
				"2026-03-04 10:15:01,001 INFO stripe: message='Request to Stripe api' method=get url=https://api.stripe.com/v1/balance\n" +
				"2026-03-04 10:15:01,101 INFO stripe: message='Stripe API response' path=https://api.stripe.com/v1/balance response_code=200\n" +
				"2026-03-04 10:15:02,123 INFO stripe: message='Request to Stripe api' method=post url=https://api.stripe.com/v1/refunds\n",
			"2026-03-04 10:15:02,456 INFO stripe: message='Stripe API response' path=https://api.stripe.com/v1/refunds response_code=403\n",
			"2026-03-04 10:15:03,001 INFO stripe: message='Request to Stripe api' method=get url=https://api.stripe.com/v1/prices\n" +
				"2026-03-04 10:15:03,101 INFO stripe: message='Stripe API response' path=https://api.stripe.com/v1/prices response_code=200\n",
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			read := func(r io.Reader) string {
				rd, _, err := Open("log", r, Options{Format: tc.format, Location: time.UTC})
				if err != nil {
					t.Fatal(err)
				}
				reqs, errs := readAll(t, rd)
				if len(errs) > 0 {
					t.Fatal(errs)
				}
				var b strings.Builder
				for _, r := range reqs {
					b.WriteString(render(r) + "\n")
				}
				return b.String()
			}
			want := read(strings.NewReader(strings.Join(tc.writes, "")))
			pr, pw := io.Pipe()
			go func() {
				for _, w := range tc.writes {
					_, _ = io.WriteString(pw, w) // returns once the reader has taken it all
					time.Sleep(20 * time.Millisecond)
				}
				pw.Close()
			}()
			if got := read(pr); got != want {
				t.Fatalf("from a pipe:\n%s\nfrom a file:\n%s", got, want)
			}
			if strings.Count(want, "\n") != tc.records || !strings.Contains(want, "status=403") {
				t.Fatalf("the file reading is not what this test is about:\n%s", want)
			}
		})
	}
}

// TestLiveStdinThroughProgress: standard input from a pipe is still read as
// live when progress counting wraps it, and a record still comes out
// while the pipe stays open once the stream is quiet.
func TestLiveStdinThroughProgress(t *testing.T) {
	pr, pw, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer pw.Close()
	got := make(chan Request, 4)
	go func() {
		_, _ = Scan(context.Background(), []Input{{Name: "-"}}, ScanOptions{Stdin: pr, Progress: func(int64, int64) {}},
			func(r Request) error { got <- r; return nil })
	}()
	_, _ = pw.WriteString("2026-03-04 10:15:02 [403] POST /v1/refunds [req_1]\nMessage: Having the 'rak_refund_write' permission would allow this request to continue.\n")
	select {
	case r := <-got:
		if r.Path != "/v1/refunds" || r.Error == nil || !bytes.Contains([]byte(r.Error.Message), []byte("rak_refund_write")) {
			t.Fatalf("record %+v", r)
		}
	case <-time.After(30 * time.Second): // a hang guard, not a speed check
		t.Fatal("the failed request was held while the pipe stayed open")
	}
}
