package logparse

import (
	"strings"
	"testing"
	"time"
)

// Serilog's compact JSON (CLEF) of IHttpClientFactory's handlers: the
// template is not rendered, method and URL are properties, the status is
// on the End line and the 403's message in the @x exception. Read as sdk,
// Start and End pair up and the exception attaches to the request before.
func TestUnseenSerilogCLEFAsSDK(t *testing.T) {
	in := `{"@t":"2026-03-04T10:15:02.1234567Z","@mt":"Start processing HTTP request {HttpMethod} {Uri}","HttpMethod":"POST","Uri":"https://api.stripe.com/v1/customers","EventId":{"Id":100,"Name":"RequestPipelineStart"},"SourceContext":"System.Net.Http.HttpClient.Stripe.LogicalHandler"}
{"@t":"2026-03-04T10:15:02.4370000Z","@mt":"End processing HTTP request after {ElapsedMilliseconds}ms - {StatusCode}","ElapsedMilliseconds":312.4,"StatusCode":200,"EventId":{"Id":101,"Name":"RequestPipelineEnd"},"SourceContext":"System.Net.Http.HttpClient.Stripe.LogicalHandler"}
{"@t":"2026-03-04T10:15:03.0000000Z","@mt":"Start processing HTTP request {HttpMethod} {Uri}","HttpMethod":"GET","Uri":"https://api.stripe.com/v1/invoices?*","EventId":{"Id":100,"Name":"RequestPipelineStart"},"SourceContext":"System.Net.Http.HttpClient.Stripe.LogicalHandler"}
{"@t":"2026-03-04T10:15:03.2100000Z","@mt":"End processing HTTP request after {ElapsedMilliseconds}ms - {StatusCode}","ElapsedMilliseconds":210,"StatusCode":403,"EventId":{"Id":101,"Name":"RequestPipelineEnd"},"SourceContext":"System.Net.Http.HttpClient.Stripe.LogicalHandler"}
{"@t":"2026-03-04T10:15:03.2150000Z","@mt":"Stripe call failed","@l":"Error","@x":"Stripe.StripeException: The provided key 'rk_test_***abc123' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_invoice_read' permission would allow this request to continue.\n   at Stripe.StripeClient.ProcessResponse[T](StripeResponse response)","SourceContext":"Billing.InvoiceService"}
`
	rd, _, err := Open("clef.json", strings.NewReader(in), Options{Format: FormatSDK, Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	reqs, errs := readAll(t, rd)
	if len(errs) > 0 {
		t.Fatalf("problems: %v", errs)
	}
	want := []string{
		`clef.json:1:1 POST "/v1/customers" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.1234567Z" source="SDK"`,
		`clef.json:3:1 GET "/v1/invoices" host="api.stripe.com" status=403 time="2026-03-04T10:15:03Z" source="SDK" error={type="" code="" param="" message="The provided key 'rk_test_***abc123' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_invoice_read' permission would allow this request to continue."} DENIAL`,
	}
	var got []string
	for _, r := range reqs {
		got = append(got, render(r))
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("records:\n got %q\nwant %q", got, want)
	}
}

// Times an application's log framing carries where parseStamp's first 64
// bytes do not reach, and journald's microseconds.
func TestUnseenLineStamps(t *testing.T) {
	cases := []struct{ line, want string }{
		{`{"__CURSOR":"s=0f1e2d3c4b5a69788796a5b4c3d2e1f0;i=3a1;b=0f1e2d3c4b5a69788796a5b4c3d2e1f1;m=75bcd15","__REALTIME_TIMESTAMP":"1772619302123456","MESSAGE":"x"}`, "2026-03-04T10:15:02.123456Z"},
		{`{"preview":false,"offset":0,"result":{"_raw":"[INFO] Requesting POST api.stripe.com/v1/customers","_time":"2026-03-04T10:15:02.123+00:00"}}`, "2026-03-04T10:15:02.123Z"},
		{`{"ts":1772619302123456,"msg":"x"}`, "2026-03-04T10:15:02.123456Z"},
		{`{"date":1772619303.1,"log":"[INFO] Requesting GET api.stripe.com/v1/invoices","kubernetes":{}}`, "2026-03-04T10:15:03.1Z"},
		// structlog's JSONRenderer (Python's json.dumps: a space after the
		// colon), its time last, past parseStamp's reach.
		{`{"event": "message='Stripe API response' path=https://api.stripe.com/v1/customers response_code=200", "logger": "stripe", "level": "info", "timestamp": "2026-03-04T10:15:02.412345Z"}`, "2026-03-04T10:15:02.412345Z"},
	}
	for _, c := range cases {
		got, ok := lineStamp([]byte(c.line), time.UTC)
		if !ok {
			t.Errorf("no time in %s", c.line)
			continue
		}
		if s := got.UTC().Format(time.RFC3339Nano); s != c.want {
			t.Errorf("%s: got %s, want %s", c.line, s, c.want)
		}
	}
}

// A headerless table (jq's @csv) names the method and status in the cells
// beside the URL's; other commas and quotes say nothing.
func TestUnseenCells(t *testing.T) {
	cases := []struct {
		line   string
		method string
		status int
	}{
		{`"2026-03-04T10:15:02Z","POST","https://api.stripe.com/v1/customers",200`, "POST", 200},
		{`"POST","https://api.stripe.com/v1/customers"`, "POST", 0},
		{`2026-03-04T10:15:02Z;GET;https://api.stripe.com/v1/balance;"403";x`, "GET", 403},
		{`"x","POSTED","https://api.stripe.com/v1/customers",200`, "", 200},
		{`note:"GET","https://api.stripe.com/v1/customers",2000`, "", 0},
		{`a,get,https://api.stripe.com/v1/customers,"40"`, "GET", 0},
	}
	for _, c := range cases {
		b := []byte(c.line)
		start, end, _, ok := findStripeURL(b)
		if !ok {
			t.Fatalf("no URL in %s", c.line)
		}
		if m := cellMethodBefore(b, start); m != c.method {
			t.Errorf("%s: method %q, want %q", c.line, m, c.method)
		}
		if st := cellStatusAfter(b, end); st != c.status {
			t.Errorf("%s: status %d, want %d", c.line, st, c.status)
		}
	}
}

// stripe-node's uncaught error prints the message, the stack, then the raw
// error with the message again and the request id after it: the id belongs
// to the 403, one with another id does not.
func TestUnseenRepeatKeepsDetails(t *testing.T) {
	msg := "The provided key 'rk_test_***wxyz' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_invoice_read' permission would allow this request to continue."
	dump := func(id string) string {
		return "StripePermissionError: " + msg + "\n" +
			"    at StripeError.generate (/app/node_modules/stripe/cjs/Error.js:10:20)\n" +
			"    at res.toJSON.then.Error_js_1.StripeAPIError.message (/app/node_modules/stripe/cjs/RequestSender.js:105:54)\n" +
			"    at process.processTicksAndRejections (node:internal/process/task_queues:95:5) {\n" +
			"  type: 'StripePermissionError',\n" +
			"  raw: {\n" +
			"    code: 'more_permissions_required',\n" +
			"    doc_url: 'https://stripe.com/docs/error-codes/more-permissions-required',\n" +
			"    message: \"" + msg + "\",\n" +
			"    request_log_url: 'https://dashboard.stripe.com/test/logs/" + id + "?t=1772619303',\n"
	}
	cases := []struct{ in, want string }{
		{dump("req_Nd0000000001aa"), `id="req_Nd0000000001aa"`},
		{dump("req_Nd0000000001aa") + "    requestId: 'req_Other00000001'\n", `id="req_Nd0000000001aa"`},
	}
	for _, c := range cases {
		rd, _, err := Open("node.log", strings.NewReader(c.in), Options{Format: FormatSDK, Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		reqs, errs := readAll(t, rd)
		if len(errs) > 0 || len(reqs) != 1 {
			t.Fatalf("got %d records, problems %v; want one denial", len(reqs), errs)
		}
		if got := render(reqs[0]); !strings.Contains(got, c.want) || !reqs[0].IsDenial() {
			t.Errorf("got %s, want a denial with %s", got, c.want)
		}
	}
}
