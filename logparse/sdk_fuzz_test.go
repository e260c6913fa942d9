package logparse

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
)

// sdkOldRequestRule is the regular expression the SDK reader used before its
// hand-written scanners. FuzzSDKLine checks the scanners find whatever it
// found: speed must not lose a request.
var sdkOldRequestRule = regexp.MustCompile(`(?i)\b(GET|POST|DELETE)[ \t]+((?:https?://)?(?:api|files|meter-events|uploads|connect)\.stripe\.com(?::\d+)?/v[12]/[^\s"'<>,)}\\]*)`)

// FuzzSDKLine: the line scanners never read outside the line, return sane
// values, and find every "METHOD https://api.stripe.com/v1/…" the old
// regular expression found.
func FuzzSDKLine(f *testing.F) {
	for _, s := range []string{
		"[INFO] Requesting POST api.stripe.com/v1/customers",
		"--> DELETE https://api.stripe.com:443/v1/customers/cus_1 http/1.1",
		"message='Initiating retry 1 for request post https://api.stripe.com/v1/x after sleeping 0.55 seconds.'",
		"Sending HTTP request GET https://files.stripe.com/v1/files?*",
		`{"method":"GET","path":"/v1/customers?limit=3","status":403,"request_id":"req_123456789","account":"acct_1"}`,
		"(Status 403) (Request req_P1aaaaaaaaaa) The provided key 'rk_test_x' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_customer_write' permission would allow this request to continue.",
		"[04-Mar-2026 10:15:02 UTC] x",
		"2026-03-04T11:15:02+01:00 GET https://api.stripe.com/v1/a]]",
		"GET\tconnect.stripe.com/v1/oauth/token 200",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		b := []byte(line)
		start, end, _, ok := findStripeURL(b)
		if ok && (start < 0 || end > len(b) || start > end) {
			t.Fatalf("findStripeURL(%q) = [%d:%d] outside the line", line, start, end)
		}
		method := ""
		if ok {
			method, _ = methodBefore(b, start)
		}
		if st := findStatus(b, end); st != 0 && (st < 100 || st > 599) {
			t.Fatalf("findStatus(%q) = %d", line, st)
		}
		if id := findRequestID(b); id != nil && !bytes.HasPrefix(id, []byte("req_")) {
			t.Fatalf("findRequestID(%q) = %q", line, id)
		}
		if a := findAccount(b); a != nil && !bytes.HasPrefix(a, []byte("acct_")) {
			t.Fatalf("findAccount(%q) = %q", line, a)
		}
		if ts, ok := lineStamp(b, time.UTC); ok && ts.Year() < 1969 {
			t.Fatalf("lineStamp(%q) = %v", line, ts)
		}
		if msg, ok := sdkDenial([]byte(line)); ok && msg == "" {
			t.Fatalf("sdkDenial(%q) found an empty message", line)
		}
		// Differential: one Stripe URL on the line, after a verb.
		m := sdkOldRequestRule.FindStringSubmatch(line)
		if m == nil || strings.Count(strings.ToLower(line), ".stripe.com") != 1 || strings.Count(line, "/v") != 1 {
			return
		}
		want := string(trimURLBytes([]byte(m[2])))
		if !ok || method != strings.ToUpper(m[1]) || line[start:end] != want {
			got := ""
			if ok {
				got = line[start:end]
			}
			t.Fatalf("line %q: old rule found %s %q, scanners found %q %q", line, m[1], want, method, got)
		}
	})
}
