package logparse

import (
	"testing"
	"time"
)

func TestSDKFindStripeURL(t *testing.T) {
	tests := []struct {
		line   string
		want   string // "" when no Stripe URL is on the line
		onHost bool
	}{
		{"[INFO] Requesting POST api.stripe.com/v1/customers", "api.stripe.com/v1/customers", true},
		{"message='Request to Stripe api' method=get url=https://api.stripe.com/v1/subscriptions?customer=cus_1&limit=3", "https://api.stripe.com/v1/subscriptions?customer=cus_1&limit=3", true},
		{"calling https://api.stripe.com/v1/charges.", "https://api.stripe.com/v1/charges", true},
		{"--> POST https://api.stripe.com:443/v1/refunds http/1.1", "https://api.stripe.com:443/v1/refunds", true},
		{"Requesting POST meter-events.stripe.com/v2/billing/meter_event_session", "meter-events.stripe.com/v2/billing/meter_event_session", true},
		{"GET HTTPS://API.STRIPE.COM/v1/balance", "HTTPS://API.STRIPE.COM/v1/balance", true},
		{"  path: '/v1/products?active=true&limit=10',", "/v1/products?active=true&limit=10", false},
		{`{"method":"GET","path":"/v1/customers?expand[0]=data.default_source"}`, "/v1/customers?expand[0]=data.default_source", false},
		{"see (https://api.stripe.com/v1/customers/cus_1)", "https://api.stripe.com/v1/customers/cus_1", true},
		{"lookup /v1/prices?lookup_keys[0]=gold]", "/v1/prices?lookup_keys[0]=gold", false},
		// The first URL on a Stripe host wins over an application path before it.
		{"=> RequestPath:/v1/checkout => HTTP POST https://api.stripe.com/v1/payment_links", "https://api.stripe.com/v1/payment_links", true},
		// Someone else's API.
		{"GET /api/v1/users/42 200", "", false},
		{"proxying to example.com/v1/charges", "", false},
		{"stripe-mock at localhost:12111/v1/charges", "", false},
		{"evil-api.stripe.com/v1/charges", "", false},
		{"api.stripe.com.evil/v1/charges", "", false},
		{"nothing here /v3/x /va/ /v1", "", false},
	}
	for _, tt := range tests {
		start, end, onHost, ok := findStripeURL([]byte(tt.line))
		got := ""
		if ok {
			got = tt.line[start:end]
		}
		if got != tt.want || (ok && onHost != tt.onHost) {
			t.Errorf("findStripeURL(%q) = %q onHost=%v, want %q onHost=%v", tt.line, got, onHost, tt.want, tt.onHost)
		}
	}
}

func TestSDKMethodBefore(t *testing.T) {
	tests := []struct {
		line, url, method string
		scope             bool
	}{
		{"[INFO] Requesting POST api.stripe.com/v1/customers", "api.stripe.com", "POST", false},
		{"--> DELETE https://api.stripe.com/v1/customers/cus_1", "https://", "DELETE", false},
		{"Initiating retry 1 for request post https://api.stripe.com/v1/x after", "https://", "POST", false},
		{"{GET /v1/customers HTTP/1.1: null}", "/v1/", "GET", false},
		{"      => SpanId:1 => HTTP POST https://api.stripe.com/v1/payment_links", "https://", "POST", true},
		{"Sending HTTP request GET https://api.stripe.com/v1/customers?*", "https://", "GET", false},
		{"PUT https://api.stripe.com/v1/x", "https://", "", false}, // Stripe's API takes no PUT
		{"xPOST https://api.stripe.com/v1/x", "https://", "", false},
		{"1GET https://api.stripe.com/v1/x", "https://", "", false},
		{"url=https://api.stripe.com/v1/x", "https://", "", false},
	}
	for _, tt := range tests {
		b := []byte(tt.line)
		start := indexOf(tt.line, tt.url)
		m, scope := methodBefore(b, start)
		if m != tt.method || scope != tt.scope {
			t.Errorf("methodBefore(%q) = %q scope=%v, want %q scope=%v", tt.line, m, scope, tt.method, tt.scope)
		}
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

func TestSDKFieldMethod(t *testing.T) {
	tests := []struct{ line, want string }{
		{"message='Request to Stripe api' method=post url=https://api.stripe.com/v1/x", "POST"},
		{`{"method":"DELETE","path":"/v1/x"}`, "DELETE"},
		{"  method: 'GET',", "GET"},
		{`{"HttpMethod":"POST","Uri":"https://api.stripe.com/v1/x"}`, "POST"},
		{"method=patch", ""},
		{"payment_method=card", ""},
		{"method=postal", ""},
		{"the method is unknown", ""},
	}
	for _, tt := range tests {
		if got := fieldMethod([]byte(tt.line)); got != tt.want {
			t.Errorf("fieldMethod(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestSDKFindStatus(t *testing.T) {
	tests := []struct {
		line   string
		urlEnd int // -1: no URL on the line
		want   int
	}{
		{"message=\"Response from Stripe API\" method=post path=/v1/invoices request_id=req_1 status=200", -1, 200},
		{`{"path":"/v1/prices","status":403,"request_id":"req_1"}`, -1, 403},
		{"  status: 403,", -1, 403},
		{"  statusCode: 403,", -1, 403},
		{`"statusCode":402}`, -1, 402},
		{"message='Stripe API response' path=https://api.stripe.com/v1/x response_code=404", -1, 404},
		{"[ERROR] Request error from Stripe (status 403): {}", -1, 403},
		{"PHP Fatal error:  Uncaught (Status 403) (Request req_1) The provided key", -1, 403},
		{"<-- 403 https://api.stripe.com/v1/customers (85ms)", -1, 403},
		{"<-- 200 OK https://api.stripe.com/v1/customers (85ms)", -1, 200},
		{"Received HTTP response headers after 212.3456ms - 403", -1, 403},
		{"End processing HTTP request after 215.7789ms - 200", -1, 200},
		{"FINE: x 12 pairs: {null: HTTP/1.1 403 Forbidden}{Server: nginx}", -1, 403},
		{"POST https://api.stripe.com/v1/customers 403", len("POST https://api.stripe.com/v1/customers"), 403},
		{"POST https://api.stripe.com/v1/customers 403 in 81ms", len("POST https://api.stripe.com/v1/customers"), 403},
		// Not statuses.
		{"subscription status=active", -1, 0},
		{"status=4031", -1, 0},
		{"status=099", -1, 0},
		{"(status 403", -1, 0},
		{"took 35ms - 3 rows", -1, 0},
		{"POST https://api.stripe.com/v1/customers 4031", len("POST https://api.stripe.com/v1/customers"), 0},
		{"POST https://api.stripe.com/v1/customers 403x", len("POST https://api.stripe.com/v1/customers"), 0},
	}
	for _, tt := range tests {
		if got := findStatus([]byte(tt.line), tt.urlEnd); got != tt.want {
			t.Errorf("findStatus(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

func TestSDKFindRequestIDAndAccount(t *testing.T) {
	ids := []struct{ line, want string }{
		{"request_id=req_R1aaaaaaaaaa status=200", "req_R1aaaaaaaaaa"},
		{"link=https://dashboard.stripe.com/test/logs/req_Py1aaaaaaaaa message='x'", "req_Py1aaaaaaaaa"},
		{"; request-id: req_J9zzzzzzzzzz", "req_J9zzzzzzzzzz"},
		{"my_req_abcdefgh is not one", ""},
		{"req_abc is too short", ""},
	}
	for _, tt := range ids {
		if got := string(findRequestID([]byte(tt.line))); got != tt.want {
			t.Errorf("findRequestID(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
	accounts := []struct{ line, want string }{
		{`message="Request to Stripe API" account=acct_1ConnAbCdEf method=get`, "acct_1ConnAbCdEf"},
		{`{"account":"acct_1Conn","method":"POST"}`, "acct_1Conn"},
		{"  account: 'acct_1Conn',", "acct_1Conn"},
		{"{Stripe-Account: acct_1Conn}{Host: api.stripe.com}", "acct_1Conn"},
		{`"stripe_account": "acct_1Conn"`, "acct_1Conn"},
		{"stripeAccount: 'acct_1Conn'", "acct_1Conn"},
		// The account a 403 names is the key's own, not a Connect account.
		{"does not have the required permissions for this endpoint on account 'acct_1Abc'.", ""},
		{"connected=acct_1Conn", ""},
		{"account=acct_", ""},
	}
	for _, tt := range accounts {
		if got := string(findAccount([]byte(tt.line))); got != tt.want {
			t.Errorf("findAccount(%q) = %q, want %q", tt.line, got, tt.want)
		}
	}
}

func TestSDKParseStamp(t *testing.T) {
	berlin := time.FixedZone("", 3600)
	tests := []struct {
		line string
		want time.Time // zero: no time
	}{
		{"2026-03-04 10:15:02,123 INFO stripe: message=x", time.Date(2026, 3, 4, 10, 15, 2, 123e6, time.UTC)},
		{"2026/03/04 10:15:02 Requesting POST api.stripe.com/v1/charges", time.Date(2026, 3, 4, 10, 15, 2, 0, time.UTC)},
		{"I, [2026-03-04T10:15:02.123456 #4242]  INFO -- : message=x", time.Date(2026, 3, 4, 10, 15, 2, 123456e3, time.UTC)},
		{`time="2026-03-04T11:15:02+01:00" level=info msg=x`, time.Date(2026, 3, 4, 11, 15, 2, 0, berlin)},
		{"2026-03-04T10:15:03.004Z ERROR 1 --- [main] c.e.X : y", time.Date(2026, 3, 4, 10, 15, 3, 4e6, time.UTC)},
		{"2026-03-04 10:15:02 -0500 something", time.Date(2026, 3, 4, 10, 15, 2, 0, time.FixedZone("", -5*3600))},
		{"[04-Mar-2026 10:15:02 UTC] PHP Fatal error:  Uncaught", time.Date(2026, 3, 4, 10, 15, 2, 0, time.UTC)},
		{`{"level":30,"time":1772619302000,"pid":1}`, time.UnixMilli(1772619302000).UTC()},
		{`{"level":30,"time":1772619302,"pid":1}`, time.Unix(1772619302, 0).UTC()},
		{`{"level":"info","ts":1772619302.25,"msg":"Requesting GET api.stripe.com/v1/balance"}`, time.Unix(1772619302, 250e6).UTC()},
		{`{"timestamp":1772619302123.5,"message":"x"}`, time.UnixMilli(1772619302123).Add(500 * time.Microsecond).UTC()},
		{`{"time":17726193021,"pid":1}`, time.Time{}},
		{"0000-00-00 00:00:00 nothing", time.Time{}},
		{"00-May-0000 00:00:00 UTC", time.Time{}},
		{"2026-13-04 10:15:02 bad month", time.Time{}},
		{"no time here", time.Time{}},
	}
	for _, tt := range tests {
		got, ok := parseStamp([]byte(tt.line), time.UTC)
		if ok != !tt.want.IsZero() || !got.Equal(tt.want) {
			t.Errorf("parseStamp(%q) = %v %v, want %v", tt.line, got, ok, tt.want)
		}
	}
}

func TestSDKDenial(t *testing.T) {
	const old = "The provided key 'rk_test_***abc123' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue."
	const newForm = `Permission denied. The provided key 'rk_test_***abc123' does not have the required permissions for this endpoint on account 'acct_1'. Enabling "Prices Read" ('plan_read') permissions on this key would allow this request to continue. You can edit permissions at https://dashboard.stripe.com/acct_1/test/apikeys/mk_1/edit`
	tests := []struct{ line, want string }{
		{"refund failed: " + old, old},
		// The message twice on one line (message, then a stack that repeats it).
		{`{"message":"` + old + `","stack":"StripePermissionError: ` + old + `\n    at x"}`, old},
		// Python repr quoting.
		{`error_message='Permission denied. The provided key \'rk_test_***abc123\' does not have the required permissions for this endpoint on account \'acct_1\'. Enabling "Prices Read" (\'plan_read\') permissions on this key would allow this request to continue. You can edit permissions at https://dashboard.stripe.com/acct_1/test/apikeys/mk_1/edit' error_param=None`, newForm},
		// JSON inside a logfmt value: escaped twice.
		{`msg="Request error from Stripe (status 403): {\"message\":\"Permission denied. The provided key 'rk_test_***abc123' does not have the required permissions for this endpoint on account 'acct_1'. Enabling \\\"Prices Read\\\" ('plan_read') permissions on this key would allow this request to continue. You can edit permissions at https://dashboard.stripe.com/acct_1/test/apikeys/mk_1/edit\",\"type\":\"invalid_request_error\"}"`, newForm},
		// The edit link ends at the punctuation the log puts after it.
		{newForm + "; code: more_permissions_required; request-id: req_1", newForm},
		{"Stripe::PermissionError (" + newForm + "):", newForm},
		{newForm + ".", newForm},
	}
	for _, tt := range tests {
		got, ok := sdkDenial([]byte(tt.line))
		if !ok || got != tt.want {
			t.Errorf("sdkDenial(%q)\n got %q %v\nwant %q", tt.line, got, ok, tt.want)
		}
	}
	for _, line := range []string{"Your card was declined.", "Invalid API Key provided: rk_test_***abc123", "#0 factory('Permission deni...', 403, 'more_permission...')"} {
		if got, ok := sdkDenial([]byte(line)); ok {
			t.Errorf("sdkDenial(%q) = %q, want no permission message", line, got)
		}
	}
}
