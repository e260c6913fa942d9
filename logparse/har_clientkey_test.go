package logparse

import (
	"context"
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
)

// TestHARClientKeyRequests: requests made with a publishable or ephemeral
// key are left out and counted, whatever says so; in a browser's HAR, so
// are requests with no credentials at all. Secret and restricted keys, and
// proxies' captures without credentials, are kept.
func TestHARClientKeyRequests(t *testing.T) {
	basic := func(user string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":")) }
	for _, tc := range []struct {
		name    string
		creator string // log.creator.name
		browser bool   // with a log.browser object (Playwright)
		url     string
		auth    string // Authorization header, if any
		body    string // form body, if any
		message string // a 403's message, if any
		kept    bool
	}{
		{name: "secret key", creator: "Charles Proxy", url: "/v1/refunds", auth: "Bearer sk_test_CANARY", kept: true},
		{name: "restricted key with curl -u", creator: "mitmproxy exporthar", url: "/v1/refunds", auth: basic("rk_live_CANARY"), kept: true},
		{name: "publishable key header", creator: "Charles Proxy", url: "/v1/payment_methods", auth: "Bearer pk_test_CANARY"},
		{name: "publishable key with curl -u", creator: "Charles Proxy", url: "/v1/tokens", auth: basic("pk_live_CANARY")},
		{name: "ephemeral key", creator: "Charles Proxy", url: "/v1/customers/cus_1", auth: "Bearer ek_test_CANARY"},
		{name: "Stripe.js key in the query", creator: "Charles Proxy", url: "/v1/elements/sessions?key=pk_test_CANARY&type=setup_intent"},
		{name: "Stripe.js key in the body", creator: "Charles Proxy", url: "/v1/payment_methods", body: "type=card&key=pk_test_CANARY"},
		{name: "proxy capture without credentials", creator: "Charles Proxy", url: "/v1/refunds", kept: true},
		{name: "Chrome without credentials", creator: "WebInspector", url: "/v1/payment_intents/pi_1/confirm"},
		{name: "Firefox without credentials", creator: "Firefox", url: "/v1/confirmation_tokens"},
		{name: "Safari without credentials", creator: "WebKit Web Inspector", url: "/v1/payment_methods"},
		{name: "Playwright without credentials", creator: "Playwright", browser: true, url: "/v1/payment_methods"},
		{name: "browser with a restricted key", creator: "WebInspector", url: "/v1/refunds", auth: "Bearer rk_test_CANARY", kept: true},
		{name: "browser 403 naming a restricted key", creator: "Firefox", url: "/v1/refunds",
			message: "The provided key 'rk_test_****abc123' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_refund_write' permission would allow this request to continue.", kept: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			har := harWith(tc.creator, tc.browser, tc.url, tc.auth, tc.body, tc.message)
			path := writeFile(t, t.TempDir(), "x.har", []byte(har))
			var got []Request
			st, err := Scan(context.Background(), []Input{{Name: "x.har", Path: path}}, ScanOptions{},
				func(r Request) error { got = append(got, r); return nil })
			if tc.kept {
				if err != nil || len(got) != 1 || st[0].ClientKey != 0 {
					t.Fatalf("want the request kept: %d requests, %d left out, err %v", len(got), st[0].ClientKey, err)
				}
				return
			}
			if len(got) != 0 || len(st) != 1 || st[0].ClientKey != 1 {
				t.Fatalf("want the request left out and counted: %d requests, stats %+v", len(got), st)
			}
			if err == nil || !strings.Contains(err.Error(), "its one Stripe request was made with a publishable or ephemeral key") ||
				!strings.Contains(err.Error(), "stripe logs tail") {
				t.Fatalf("error %v", err)
			}
			if strings.Contains(err.Error(), "CANARY") {
				t.Fatalf("the error shows the key: %v", err)
			}
		})
	}
}

// harWith is a HAR with one Stripe API entry.
func harWith(creator string, browser bool, url, auth, body, message string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `{"log": {"version": "1.2", "creator": {"name": %q, "version": "1"},`, creator)
	if browser {
		b.WriteString(` "browser": {"name": "chromium", "version": "130"},`)
	}
	headers := "[]"
	if auth != "" {
		headers = fmt.Sprintf(`[{"name": "Authorization", "value": %q}]`, auth)
	}
	post := ""
	if body != "" {
		post = fmt.Sprintf(`, "postData": {"mimeType": "application/x-www-form-urlencoded", "text": %q}`, body)
	}
	method, status, content := "POST", 200, `{"id": "x"}`
	if strings.Contains(url, "sessions") {
		method = "GET"
	}
	if message != "" {
		status, content = 403, fmt.Sprintf(`{"error": {"type": "invalid_request_error", "message": %q}}`, message)
	}
	fmt.Fprintf(&b, ` "entries": [{"startedDateTime": "2026-03-04T10:15:02.000Z", "request": {"method": %q, "url": %q, "headers": %s%s},`+
		` "response": {"status": %d, "headers": [], "content": {"mimeType": "application/json", "text": %q}}}]}}`,
		method, "https://api.stripe.com"+url, headers, post, status, content)
	return b.String()
}
