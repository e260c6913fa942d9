package logparse

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Shapes an acceptance pass fed the tool for the first time: log
// platforms' exports that wrap a request (or an SDK's log line) in their
// own envelope. Each case is one input and the records it must give.
func TestUnseenEnvelopes(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string // render() of each record
		problems []string // substrings of the problems reported, in order
	}{
		{
			name: "sentry http breadcrumbs among others",
			in: `[{"timestamp": 1772619301.5, "category": "console", "message": "hi", "data": {"logger": "console"}},
{"timestamp": 1772619302.123, "type": "http", "category": "http", "data": {"method": "POST", "url": "https://api.stripe.com/v1/customers", "status_code": 200}}]`,
			want: []string{`x.json:2:1 POST "/v1/customers" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.123Z"`},
		},
		{
			name: "datadog export: request three objects down, envelope id and status ignored",
			in:   `[{"attributes": {"attributes": {"http": {"method": "GET", "url": "https://api.stripe.com/v1/invoices", "status_code": 403}}, "status": "error", "timestamp": "2026-03-04T10:15:03.456Z"}, "id": "AAAAAZQx", "type": "log"}]`,
			want: []string{`x.json:1:2 GET "/v1/invoices" host="api.stripe.com" status=403 time="2026-03-04T10:15:03.456Z" DENIAL`},
		},
		{
			name: "google cloud logging httpRequest",
			in:   `[{"httpRequest": {"requestMethod": "POST", "requestUrl": "https://api.stripe.com/v1/refunds", "status": 200}, "timestamp": "2026-03-04T10:15:02Z", "insertId": "x1"}]`,
			want: []string{`x.json:1:2 POST "/v1/refunds" host="api.stripe.com" status=200 time="2026-03-04T10:15:02Z"`},
		},
		{
			name: "zipkin v2: client spans read from their tags, the server span left out",
			in: `[{"kind":"CLIENT","timestamp":1772619302123000,"tags":{"http.method":"POST","http.url":"https://api.stripe.com/v1/customers","http.status_code":"200"}},
{"kind":"SERVER","timestamp":1772619302000000,"tags":{"http.method":"GET","http.path":"/invoices","http.status_code":"200"}}]`,
			want: []string{`x.json:1:2 POST "/v1/customers" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.123Z"`},
		},
		{
			name: "a span kind at the top of a request record changes nothing (the tail-json fast path ignores it)",
			in:   `[{"kind":"SERVER","method":"GET","url":"https://api.stripe.com/v1/balance"}]`,
			want: []string{`x.json:1:2 GET "/v1/balance" host="api.stripe.com"`},
		},
		{
			name: "otlp-style numeric kind on a span holding its request",
			in:   `[{"kind":2,"attributes":{"http.request.method":"GET","url.path":"/health"}},{"kind":3,"attributes":{"http.request.method":"GET","url.full":"https://api.stripe.com/v1/balance"}}]`,
			want: []string{`x.json:1:77 GET "/v1/balance" host="api.stripe.com"`},
		},
		{
			name: "application insights rows from az monitor log-analytics query",
			in:   `[{"Data":"https://api.stripe.com/v1/refunds","Id":"a1b2c3","Name":"POST /v1/refunds","ResultCode":"403","Target":"api.stripe.com","TimeGenerated":"2026-03-04T10:15:02Z"}]`,
			want: []string{`x.json:1:2 POST "/v1/refunds" host="api.stripe.com" status=403 time="2026-03-04T10:15:02Z" DENIAL`},
		},
		{
			name:     "a request too deep is not looked for",
			in:       `[{"a": {"b": {"c": {"d": {"e": {"method": "GET", "url": "/v1/x"}}}}}}]`,
			problems: []string{"x.json:1:2: malformed record: no method or path"},
		},
		{
			name: "cloudwatch events: SDK lines paired across events, ms times exact",
			in: `[{"timestamp": 1772619302123, "message": "[INFO] Requesting GET api.stripe.com/v1/invoices\n", "logStreamName": "s"},
{"timestamp": 1772619302200, "message": "[ERROR] Request error from Stripe (status 403): {\"code\":\"more_permissions_required\",\"status\":403,\"message\":\"The provided key 'rk_test_***abc123' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_invoice_read' permission would allow this request to continue.\",\"request_id\":\"req_X1aaaaaaaaaaaa\",\"type\":\"invalid_request_error\"}", "logStreamName": "s"},
{"timestamp": 1772619303000, "message": "[INFO] Requesting POST api.stripe.com/v1/customers", "logStreamName": "s"}]`,
			want: []string{
				`x.json:1:2 GET "/v1/invoices" host="api.stripe.com" status=403 id="req_X1aaaaaaaaaaaa" time="2026-03-04T10:15:02.123Z" source="SDK" error={type="invalid_request_error" code="more_permissions_required" param="" message="The provided key 'rk_test_***abc123' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_invoice_read' permission would allow this request to continue."} DENIAL`,
				`x.json:3:1 POST "/v1/customers" host="api.stripe.com" time="2026-03-04T10:15:03Z" source="SDK"`,
			},
		},
		{
			name: "log events: an element without text is a problem at its own position",
			in: `[{"line": "[INFO] Requesting GET api.stripe.com/v1/balance", "timestamp": "1772619302000000000"},
  {"nothing": 1},
  {"line": "[INFO] Requesting GET api.stripe.com/v1/charges", "timestamp": "1772619303000000000"}]`,
			want: []string{
				`x.json:1:2 GET "/v1/balance" host="api.stripe.com" time="2026-03-04T10:15:02Z" source="SDK"`,
				`x.json:3:3 GET "/v1/charges" host="api.stripe.com" time="2026-03-04T10:15:03Z" source="SDK"`,
			},
			problems: []string{"x.json:2:3: malformed record: log event without text"},
		},
		{
			name: "cloud logging: the service's incoming requests first, then its stdout",
			in: `[{"httpRequest": {"requestMethod": "POST", "requestUrl": "https://billing.a.run.app/checkout", "status": 200}, "timestamp": "2026-03-04T10:15:01Z"},
{"textPayload": "[INFO] Requesting POST api.stripe.com/v1/refunds", "timestamp": "2026-03-04T10:15:02Z"},
{"httpRequest": {"requestMethod": "GET", "requestUrl": "https://billing.a.run.app/health", "status": 200}, "timestamp": "2026-03-04T10:15:02.5Z"},
{"httpRequest": {"requestMethod": "GET", "requestUrl": "https://api.stripe.com/v1/balance", "status": 200}, "timestamp": "2026-03-04T10:15:03Z"},
{"textPayload": "[INFO] Requesting GET api.stripe.com/v1/charges", "timestamp": "2026-03-04T10:15:04Z"}]`,
			want: []string{
				`x.json:2:1 POST "/v1/refunds" host="api.stripe.com" time="2026-03-04T10:15:02Z" source="SDK"`,
				`x.json:4:1 GET "/v1/balance" host="api.stripe.com" status=200 time="2026-03-04T10:15:03Z"`,
				`x.json:5:1 GET "/v1/charges" host="api.stripe.com" time="2026-03-04T10:15:04Z" source="SDK"`,
			},
		},
		{
			name:     "log events: a truncated array ends with its problem after the records",
			in:       `[{"line": "[INFO] Requesting GET api.stripe.com/v1/balance"}, {"line": "[INFO] Requesting GET api.str`,
			want:     []string{`x.json:1:2 GET "/v1/balance" host="api.stripe.com" source="SDK"`},
			problems: []string{"x.json:1:102: truncated record"},
		},
		{
			name: "log events: a multi-line event's lines keep its position",
			in:   `[{"message": "boom\ncom.stripe.exception.PermissionException: The provided key 'rk_test_***abc123' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_charge_read' permission would allow this request to continue.; code: more_permissions_required; request-id: req_J1bbbbbbbbbbbb\n\tat com.stripe.net.LiveStripeResponseGetter.handleApiError(LiveStripeResponseGetter.java:238)", "timestamp": 1772619302000}]`,
			want: []string{`x.json:1:2  "" status=403 id="req_J1bbbbbbbbbbbb" time="2026-03-04T10:15:02Z" error={type="" code="more_permissions_required" param="" message="The provided key 'rk_test_***abc123' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_charge_read' permission would allow this request to continue."} DENIAL`},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rd, format, err := Open("x.json", strings.NewReader(c.in), Options{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			if format != FormatJSON {
				t.Fatalf("read as %s, want json", format)
			}
			reqs, errs := readAll(t, rd)
			var got []string
			for _, r := range reqs {
				got = append(got, render(r))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("records:\n got %q\nwant %q", got, c.want)
			}
			if len(errs) != len(c.problems) {
				t.Fatalf("problems %v, want %d", errs, len(c.problems))
			}
			for i, e := range errs {
				if !strings.Contains(e.Error(), c.problems[i]) {
					t.Errorf("problem %q, want it to contain %q", e, c.problems[i])
				}
				if !errors.Is(e, ErrMalformed) && !errors.Is(e, ErrTruncated) {
					t.Errorf("problem %v is neither ErrMalformed nor ErrTruncated", e)
				}
			}
		})
	}
}

func TestUnseenTimes(t *testing.T) {
	cases := []struct{ in, want string }{
		{"1772619302.123", "2026-03-04T10:15:02.123Z"}, // Sentry, zap: seconds with a fraction
		{"1772619302.5", "2026-03-04T10:15:02.5Z"},
		{"1772619302", "2026-03-04T10:15:02Z"},
		{"1772619302123", "2026-03-04T10:15:02.123Z"},              // CloudWatch, pino: ms
		{"1772619302123456", "2026-03-04T10:15:02.123456Z"},        // µs
		{"1772619302123000000", "2026-03-04T10:15:02.123Z"},        // Loki: ns
		{"1772619302123.5", "2026-03-04T10:15:02.1235Z"},           // ms with a fraction
		{"Mar 4, 2026 @ 10:15:02.123", "2026-03-04T10:15:02.123Z"}, // Kibana's dateFormat
		{"Mar 4, 2026 @ 10:15:02", "2026-03-04T10:15:02Z"},
	}
	for _, c := range cases {
		got, err := parseTime(c.in, time.UTC)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if s := got.UTC().Format(time.RFC3339Nano); s != c.want {
			t.Errorf("%s: got %s, want %s", c.in, s, c.want)
		}
	}
}

func TestUnseenHeaderNames(t *testing.T) {
	cases := map[string]field{
		"@http.method": fMethod, "@http.url": fPath, "@http.status_code": fStatus,
		"@network.client.ip": fIP, "@timestamp": fTime, "@": fNone, "@nothing": fNone,
		// Cloud Logging's CSV download flattens nested fields with dots.
		"httpRequest.requestMethod": fMethod, "httpRequest.requestUrl": fPath, "httpRequest.status": fStatus,
		"@http.url_details.path": fPath, "jsonPayload.status": fNone, "labels.version": fNone,
		"resource.labels.service_name": fNone, "httpRequest.": fNone,
	}
	for name, want := range cases {
		if got := lookupField(name); got != want {
			t.Errorf("%q: field %d, want %d", name, got, want)
		}
	}
}

func TestUnseenRestatedMessage(t *testing.T) {
	cases := []struct {
		msg  string
		keep bool
	}{
		{"GET https://api.stripe.com/v1/invoices 403", false},
		{"403", false},
		{"404", true},
		{"Unrecognized request URL (GET: /v1/invoices). Please see https://stripe.com/docs", true},
		{"GET failed: Having the 'rak_invoice_read' permission would allow this request to continue. /v1/invoices", true},
	}
	for _, c := range cases {
		r := Request{Method: "GET", Path: "/v1/invoices", Status: 403, Error: &APIError{Message: c.msg}}
		if err := checkRequest(&r); err != nil {
			t.Fatal(err)
		}
		if (r.Error != nil) != c.keep {
			t.Errorf("%q: kept=%v, want %v", c.msg, r.Error != nil, c.keep)
		}
	}
}
