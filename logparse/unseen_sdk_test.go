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
