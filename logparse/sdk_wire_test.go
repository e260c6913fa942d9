package logparse

import (
	"strings"
	"testing"
	"time"
)

// TestSDKWireTranscripts: curl -v and HTTPie --verbose transcripts of
// someone trying the API by hand with the key being replaced. Before
// sdk_wire.go only the 403's message was read, as a denial without a
// method or path, and the successful requests were lost.
func TestSDKWireTranscripts(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{
			name: "curl -v over HTTP/2: a 403 with its body",
			input: "*   Trying 34.200.27.109:443...\n" +
				"* Connected to api.stripe.com (34.200.27.109) port 443\n" +
				"* [HTTP/2] [1] OPENED stream for https://api.stripe.com/v1/customers\n" +
				"* [HTTP/2] [1] [:method: POST]\n" +
				"* [HTTP/2] [1] [:path: /v1/customers]\n" +
				"> POST /v1/customers HTTP/2\n" +
				"> Host: api.stripe.com\n" +
				"> Authorization: Basic cmtfdGVzdF9DQU5BUlk6\n" +
				"> User-Agent: curl/8.5.0\n" +
				"> Accept: */*\n" +
				"> Stripe-Version: 2024-06-20\n" +
				"> Idempotency-Key: 5b1c\n" +
				"> Content-Length: 27\n" +
				"> Content-Type: application/x-www-form-urlencoded\n" +
				"> \n" +
				"* upload completely sent off: 27 bytes\n" +
				"< HTTP/2 403 \n" +
				"< server: nginx\n" +
				"< date: Wed, 04 Mar 2026 10:15:02 GMT\n" +
				"< content-type: application/json\n" +
				"< access-control-allow-credentials: true\n" +
				"< access-control-allow-methods: GET, HEAD, PUT, PATCH, POST, DELETE\n" +
				"< access-control-allow-origin: *\n" +
				"< access-control-max-age: 300\n" +
				"< cache-control: no-cache, no-store\n" +
				"< request-id: req_1\n" +
				"< stripe-version: 2024-06-20\n" +
				"< \n" +
				"{\n" +
				"  \"error\": {\n" +
				"    \"message\": \"The provided key 'rk_test_***CANARY' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_customer_write' permission would allow this request to continue.\",\n" +
				"    \"type\": \"invalid_request_error\"\n" +
				"  }\n" +
				"}\n" +
				"* Connection #0 to host api.stripe.com left intact\n",
			want: []string{
				`c.txt:6:1 POST "/v1/customers" host="api.stripe.com" status=403 id="req_1" time="2026-03-04T10:15:02Z" source="SDK" error={type="" code="" param="" message="The provided key 'rk_test_***CANARY' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_customer_write' permission would allow this request to continue."} DENIAL`,
			},
		},
		{
			name: "curl -v over HTTP/1.1, twice, one to stripe-mock",
			input: "> GET /v1/balance?expand[]=x HTTP/1.1\n" +
				"> Host: api.stripe.com\n" +
				">\n" +
				"< HTTP/1.1 200 OK\n" +
				"<\n" +
				"> GET /v1/charges HTTP/1.1\n" +
				"> Host: localhost:12111\n" +
				"< HTTP/1.1 200 OK\n" +
				"< Request-Id: req_mock\n" +
				"< Date: Wed, 04 Mar 2026 10:15:02 GMT\n" +
				"> DELETE /v1/customers/cus_1 HTTP/1.1\n" +
				"> Host: api.stripe.com:443\n" +
				"< HTTP/1.1 200 OK\n",
			want: []string{
				`c.txt:1:1 GET "/v1/balance" host="api.stripe.com" query="expand[]=x" status=200 source="SDK"`,
				`c.txt:11:1 DELETE "/v1/customers/cus_1" host="api.stripe.com" status=200 source="SDK"`,
			},
		},
		{
			name: "HTTPie --verbose: sorted headers, no marks",
			input: "POST /v1/refunds HTTP/1.1\n" +
				"Accept: application/json, */*;q=0.5\n" +
				"Accept-Encoding: gzip, deflate, zstd\n" +
				"Authorization: Bearer rk_test_***CANARY\n" +
				"Connection: keep-alive\n" +
				"Content-Length: 20\n" +
				"Content-Type: application/x-www-form-urlencoded; charset=utf-8\n" +
				"Host: api.stripe.com\n" +
				"User-Agent: HTTPie/3.2.4\n" +
				"\n" +
				"charge=ch_1\n" +
				"\n\n" +
				"HTTP/1.1 200 OK\n" +
				"Cache-Control: no-cache, no-store\n" +
				"Date: Wed, 04 Mar 2026 10:16:00 GMT\n" +
				"Request-Id: req_3\n",
			want: []string{
				`c.txt:1:1 POST "/v1/refunds" host="api.stripe.com" status=200 id="req_3" time="2026-03-04T10:16:00Z" source="SDK"`,
			},
		},
		{
			name:  "a request line without a Host header is nobody's",
			input: "> GET /v1/balance HTTP/1.1\n> Accept: */*\n< HTTP/1.1 200 OK\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reqs := readClean(t, "c.txt", tt.input, Options{Format: FormatSDK, Location: time.UTC})
			var got []string
			for _, r := range reqs {
				got = append(got, render(r))
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("records:\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestHTTPRequestLine(t *testing.T) {
	for _, tc := range []struct {
		in, method, path string
	}{
		{"POST /v1/customers HTTP/2", "POST", "/v1/customers"},
		{"GET /v1/prices?limit=3 HTTP/1.1", "GET", "/v1/prices?limit=3"},
		{"post /v1/customers HTTP/1.1", "", ""},
		{"POST https://api.stripe.com/v1/customers HTTP/1.1", "", ""}, // the scanners read it
		{"POST /v1/customers", "", ""},
		{"POST /v1/customers HTTP/1.1 took 3ms", "", ""},
		{"FETCH /v1/customers HTTP/1.1", "", ""},
	} {
		m, p, ok := httpRequestLine([]byte(tc.in))
		if m != tc.method || string(p) != tc.path || ok != (tc.method != "") {
			t.Errorf("httpRequestLine(%q) = %q %q %v", tc.in, m, p, ok)
		}
	}
}
