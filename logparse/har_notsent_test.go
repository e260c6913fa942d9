package logparse

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// harOf is a HAR file of entries (JSON objects) by creator.
func harOf(creator string, entries ...string) string {
	return `{"log":{"version":"1.2","creator":{"name":"` + creator + `","version":"1"},"entries":[` + strings.Join(entries, ",") + `]}}`
}

// harEntryJSON is one entry to url with the given response.
func harEntryJSON(method, url, response string) string {
	return `{"startedDateTime":"2026-03-04T10:15:02.118Z","time":0,"request":{"method":"` + method + `","url":"` + url +
		`","httpVersion":"HTTP/1.1","headers":[{"name":"Authorization","value":"Bearer sk_test_CANARY0000000000000000000000000000"}],"queryString":[],"cookies":[],"headersSize":-1,"bodySize":-1},"response":` + response + `}`
}

const (
	harNoResponse = `{"status":0,"statusText":"","httpVersion":"HTTP/1.1","cookies":[],"headers":[],"content":{"size":0,"mimeType":""},"redirectURL":"","headersSize":-1,"bodySize":-1}`
	harBlocked    = `{"status":0,"statusText":"","httpVersion":"","headers":[],"cookies":[],"content":{"size":0,"mimeType":"x-unknown"},"redirectURL":"","headersSize":-1,"bodySize":-1,"_transferSize":0,"_error":"net::ERR_BLOCKED_BY_CLIENT"}`
	harOK         = `{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","cookies":[],"headers":[{"name":"Request-Id","value":"req_1"}],"content":{"size":2,"mimeType":"application/json","text":"{}"},"redirectURL":"","headersSize":-1,"bodySize":-1}`
)

// TestHARNotSent: an entry with response status 0 (Insomnia's request never
// sent, a browser's blocked or cancelled one) was not made with the key: it
// is skipped as never sent, saying why, and a file of only such entries is
// the zero-requests error that says so, not an empty usage.
func TestHARNotSent(t *testing.T) {
	for _, tc := range []struct {
		name, har string
		strict    bool
		requests  int
		notSent   int
		says      []string // in the problems or the error
		noUsage   bool     // the zero-requests error
	}{
		{"insomnia, one sent and one not", harOf("Insomnia REST Client",
			harEntryJSON("GET", "https://api.stripe.com/v1/balance", harOK),
			harEntryJSON("POST", "https://api.stripe.com/v1/refunds", harNoResponse)),
			false, 1, 1, []string{"request never sent: POST /v1/refunds: its response status is 0"}, false},
		{"chrome's reason", harOf("WebInspector",
			harEntryJSON("GET", "https://api.stripe.com/v1/balance", harOK),
			harEntryJSON("POST", "https://api.stripe.com/v1/payouts", harBlocked)),
			false, 1, 1, []string{"(net::ERR_BLOCKED_BY_CLIENT)"}, false},
		{"not a malformed record under --strict", harOf("Insomnia REST Client",
			harEntryJSON("POST", "https://api.stripe.com/v1/refunds", harNoResponse),
			harEntryJSON("GET", "https://api.stripe.com/v1/balance", harOK)),
			true, 1, 1, nil, false},
		{"Stripe.js and one never sent", harOf("WebInspector",
			strings.Replace(harEntryJSON("GET", "https://api.stripe.com/v1/elements/sessions?key=pk_test_CANARY0", harOK), "sk_test_CANARY0000000000000000000000000000", "pk_test_CANARY0000000000000000000000000000", 1),
			harEntryJSON("POST", "https://api.stripe.com/v1/payouts", harBlocked)),
			false, 0, 1, []string{"made with a publishable or ephemeral key", "; 1 more never sent (no response)"}, true},
		{"only never sent", harOf("Insomnia REST Client",
			harEntryJSON("POST", "https://api.stripe.com/v1/refunds", harNoResponse),
			harEntryJSON("POST", "https://api.stripe.com/v1/payouts", harNoResponse)),
			false, 0, 2, []string{"its 2 Stripe requests were never sent"}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "x.har")
			if err := os.WriteFile(path, []byte(tc.har), 0o644); err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			opt := ScanOptions{Strict: tc.strict, OnProblem: func(pe *ParseError) {
				if !errors.Is(pe, ErrNotSent) {
					t.Errorf("problem %v is not ErrNotSent", pe)
				}
				all.WriteString(pe.Error() + "\n")
			}}
			n := 0
			stats, err := Scan(context.Background(), []Input{{Name: "x.har", Path: path}}, opt, func(Request) error { n++; return nil })
			if err != nil {
				all.WriteString(err.Error())
			}
			if tc.noUsage != errors.Is(err, ErrNoRequests) || !tc.noUsage && err != nil {
				t.Fatalf("error %v, want the zero-requests error: %v", err, tc.noUsage)
			}
			if n != tc.requests || len(stats) != 1 || stats[0].NotSent != tc.notSent || stats[0].Skipped != tc.notSent {
				t.Fatalf("%d requests, stats %+v; want %d requests, %d never sent and skipped", n, stats, tc.requests, tc.notSent)
			}
			for _, s := range tc.says {
				if !strings.Contains(all.String(), s) {
					t.Errorf("output lacks %q:\n%s", s, all.String())
				}
			}
			if strings.Contains(all.String(), "CANARY") {
				t.Errorf("output holds the key:\n%s", all.String())
			}
		})
	}
}
