package logparse

import (
	"strings"
	"testing"
	"time"
)

// TestJSONShapes pins JSON request records as observability tools and
// scripts write them.
func TestJSONShapes(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		forced Format
		want   []string // render() without the position
	}{
		{
			name:  "ECS dotted keys; error.message beats the log line's message",
			input: `{"@timestamp":"2026-03-04T10:15:02Z","message":"stripe call failed","http.request.method":"GET","url.full":"https://api.stripe.com/v1/balance","http.response.status_code":403,"error.message":"Having the 'rak_balance_read' permission would allow this request to continue."}` + "\n",
			want:  []string{`GET "/v1/balance" host="api.stripe.com" status=403 time="2026-03-04T10:15:02Z" error={type="" code="" param="" message="Having the 'rak_balance_read' permission would allow this request to continue."} DENIAL`},
		},
		{
			name:  "OpenTelemetry nanoseconds",
			input: `{"start_time_unix_nano":1772619302123456789,"http.request.method":"GET","url.full":"https://api.stripe.com/v1/balance"}` + "\n",
			want:  []string{`GET "/v1/balance" host="api.stripe.com" time="2026-03-04T10:15:02.123456789Z"`},
		},
		{
			name:  ".NET /Date(ms)/ with an offset",
			input: `[{"method":"GET","path":"/v1/balance","time":"\/Date(1772619302000+0100)\/"}]`,
			want:  []string{`GET "/v1/balance" time="2026-03-04T10:15:02Z"`},
		},
		{
			name:   "Datadog nested http object",
			input:  `{"date":"2026-03-04T10:15:02Z","http":{"method":"POST","url":"https://api.stripe.com/v1/customers","status_code":200}}` + "\n",
			forced: FormatJSON,
			want:   []string{`POST "/v1/customers" host="api.stripe.com" status=200 time="2026-03-04T10:15:02Z"`},
		},
		{
			name: "HAR entries copied into an array, base64 body",
			input: `[{"startedDateTime":"2026-03-04T10:15:02Z","request":{"method":"POST","url":"https://api.stripe.com/v1/refunds"},` +
				`"response":{"status":403,"content":{"mimeType":"application/json","encoding":"base64","text":"eyJlcnJvciI6eyJ0eXBlIjoiaW52YWxpZF9yZXF1ZXN0X2Vycm9yIiwibWVzc2FnZSI6ImRlbmllZCJ9fQ=="}}}]`,
			want: []string{`POST "/v1/refunds" host="api.stripe.com" status=403 time="2026-03-04T10:15:02Z" error={type="invalid_request_error" code="" param="" message="denied"} DENIAL`},
		},
		{
			name: "array: calls to other hosts are not Stripe requests",
			input: `[{"method":"GET","url":"https://api.github.com/repos/a/b"},` +
				`{"method":"POST","url":"https://api.openai.com/v1/chat/completions"},` +
				`{"method":"GET","url":"http://localhost:12111/v1/customers"},` +
				`{"method":"GET","url":"https://api.stripe.com/v1/balance"}]`,
			want: []string{
				`GET "/v1/customers" host="localhost"`,
				`GET "/v1/balance" host="api.stripe.com"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkShape(t, "t.json", tt.input, Options{Location: time.UTC, Format: tt.forced}, FormatJSON, tt.want)
		})
	}
}

func TestCSVForeignHosts(t *testing.T) {
	in := "method,url\nGET,https://api.github.com/repos/a/b\nGET,https://api.stripe.com/v1/balance\nPOST,/v1/customers\n"
	rd, _, err := Open("t.csv", strings.NewReader(in), Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	reqs, errs := readAll(t, rd)
	if len(errs) != 0 || len(reqs) != 2 || reqs[0].Path != "/v1/balance" || reqs[1].Path != "/v1/customers" {
		t.Fatalf("got %v %v, want /v1/balance and /v1/customers only", reqs, errs)
	}
}

func TestDotNetDate(t *testing.T) {
	tests := []struct {
		in string
		ms int64
		ok bool
	}{
		{"/Date(1772619302000)/", 1772619302000, true},
		{"/Date(1772619302000+0100)/", 1772619302000, true},
		{"/Date(-1000)/", -1000, true},
		{"/Date()/", 0, false},
		{"Date(1)", 0, false},
		{"/Date(12x)/", 0, false},
	}
	for _, tt := range tests {
		ms, ok := dotNetDate(tt.in)
		if ms != tt.ms || ok != tt.ok {
			t.Errorf("dotNetDate(%q) = %d, %v; want %d, %v", tt.in, ms, ok, tt.ms, tt.ok)
		}
	}
}
