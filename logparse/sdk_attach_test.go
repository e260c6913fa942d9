package logparse

import (
	"strings"
	"testing"
)

const attachDenial = "The provided key 'rk_test_***9xQ2' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_charge_write' permission would allow this request to continue."

// TestSDKDenialAttaches: a permission message on a line without a URL joins
// the request logged just before it only when it is evidently about that
// request (its request id, a 403 response already logged for it, or the
// SDK's own error line for it); otherwise it stands alone. Before, any such
// line within 6 lines joined the request before it, and a worker's 403
// denied an unrelated GET /v1/balance.
func TestSDKDenialAttaches(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // method, path, status and whether it holds the message, per record
	}{
		{"an application's own line stands alone",
			"[INFO] Requesting GET api.stripe.com/v1/balance\n" +
				"2026/03/04 10:15:03 refund worker: job 8812 failed: " + attachDenial + "\n" +
				"[INFO] Request completed in 98.1ms (retry: 0)\n",
			[]string{"GET /v1/balance 0 -", "  403 message"}},
		{"stripe-go's own error line joins",
			"[INFO] Requesting POST api.stripe.com/v1/refunds\n" +
				`[ERROR] Request error from Stripe (status 403): {"code":"","status":403,"message":"` + attachDenial + `","request_id":"req_Go1aaaaaaaaaaa","type":"invalid_request_error"}` + "\n",
			[]string{"POST /v1/refunds 403 message"}},
		{"after a 403 response it joins",
			"message='Request to Stripe api' method=post url=https://api.stripe.com/v1/refunds\n" +
				"message='Stripe API response' path=https://api.stripe.com/v1/refunds response_code=403\n" +
				"2026-03-04 10:15:03,211 ERROR app: refund failed: " + attachDenial + "\n",
			[]string{"POST /v1/refunds 403 message"}},
		{"after a 200 response it stands alone",
			"message='Request to Stripe api' method=get url=https://api.stripe.com/v1/balance\n" +
				"message='Stripe API response' path=https://api.stripe.com/v1/balance response_code=200\n" +
				"2026-03-04 10:15:03,211 ERROR app: refund failed: " + attachDenial + "\n",
			[]string{"GET /v1/balance 200 -", "  403 message"}},
		{"the same request id joins",
			`message="Response from Stripe API" method=post path=/v1/refunds request_id=req_Rb7aaaaaaaaaaa status=403` + "\n" +
				"E, [2026-03-04T10:15:03.2 #1] ERROR -- : (Status 403) (Request req_Rb7aaaaaaaaaaa) " + attachDenial + "\n",
			[]string{"POST /v1/refunds 403 message"}},
		{"another request id stands alone",
			`message="Response from Stripe API" method=post path=/v1/refunds request_id=req_Rb7aaaaaaaaaaa status=403` + "\n" +
				"E, [2026-03-04T10:15:03.2 #1] ERROR -- : (Status 403) (Request req_Rb8bbbbbbbbbbb) " + attachDenial + "\n",
			[]string{"POST /v1/refunds 403 -", "  403 message"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reqs := readClean(t, "app.log", tc.in, Options{Format: FormatSDK})
			var got []string
			for _, r := range reqs {
				got = append(got, r.Method+" "+r.Path+" "+itoa(r.Status)+" "+map[bool]string{true: "message", false: "-"}[r.Error != nil && r.Error.Message != ""])
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}
