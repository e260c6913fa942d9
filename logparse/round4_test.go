package logparse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestRound4Shapes pins the shapes the fourth acceptance round fed the
// readers: each input, the format it must be read as, and its records.
func TestRound4Shapes(t *testing.T) {
	tests := []struct {
		name   string
		input  string
		format Format
		want   []string // render() of each record, without the position
	}{
		{
			// logrotate copytruncate emptied the file while the CLI
			// kept its offset: the next line comes after a NUL run, in
			// the middle of what a collector appended.
			name: "a NUL hole in the middle of a tail",
			input: "2026-03-04 10:15:02 [200] GET /v1/balance [req_1]\n" +
				strings.Repeat("\x00", 3000) + "2026-03-04 10:15:03 [403] POST /v1/refunds [req_2]\n" +
				strings.Repeat("\x00", 10) + "Message: Having the 'rak_charge_write' permission would allow this request to continue.\n" +
				strings.Repeat("\x00", 64) + "\n",
			format: FormatTailText,
			want: []string{
				`GET "/v1/balance" status=200 id="req_1" time="2026-03-04T10:15:02Z"`,
				`POST "/v1/refunds" status=403 id="req_2" time="2026-03-04T10:15:03Z" error={type="" code="" param="" message="Having the 'rak_charge_write' permission would allow this request to continue."} DENIAL`,
			},
		},
	}
	// tmux capture-pane without -J in a narrow pane cuts a long request
	// line into three rows or more: the rows between fill the pane.
	for _, width := range []int{40, 41, 47, 52, 60, 64, 79} {
		tests = append(tests, struct {
			name   string
			input  string
			format Format
			want   []string
		}{
			name:   "tmux " + itoa(width) + " columns, a request line over several rows",
			input:  paneRows(longerTail, width),
			format: FormatTailText,
			want:   []string{longerReq, `GET "/v1/balance" status=200 id="req_2" time="2026-03-04T10:15:05Z"`},
		})
	}
	// A line of chatter that filled the pane leaves rows after it too.
	tests = append(tests, struct {
		name   string
		input  string
		format Format
		want   []string
	}{
		name: "tmux 50 columns, the CLI's Ready line and the prompt cut into rows",
		input: paneRows("2026-03-04 10:15:02 [200] GET /v1/balance [req_1]\nSession expired, reconnecting...\n"+
			"Ready! You're now waiting to receive API request logs (^C to quit)\n2026-03-04 10:15:05 [200] GET /v1/balance [req_2]\n"+
			"^C\njenny@build-2:~/billing$ tmux capture-pane -p -S - > tail.txt\n", 50),
		format: FormatTailText,
		want: []string{
			`GET "/v1/balance" status=200 id="req_1" time="2026-03-04T10:15:02Z"`,
			`GET "/v1/balance" status=200 id="req_2" time="2026-03-04T10:15:05Z"`,
		},
	})
	tests = append(tests, struct {
		name   string
		input  string
		format Format
		want   []string
	}{
		name:   "a tail through column -t",
		input:  columnT,
		format: FormatTailText,
		want: []string{
			`GET "/v1/balance" status=200 id="req_1" time="2026-03-04T10:15:02Z"`,
			`POST "/v1/refunds" status=403 id="req_2" time="2026-03-04T10:15:04Z" error={type="invalid_request_error" code="" param="" message="Having the 'rak_charge_write' permission would allow this request to continue."} DENIAL`,
			`GET "" status=200 id="req_3" time="2026-03-04T10:15:05Z"`,
		},
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkShape(t, "in.log", tt.input, Options{Location: time.UTC}, tt.format, tt.want)
		})
	}
}

// longerTail holds a request line 158 columns wide.
const (
	longerTail = "2026-03-04 10:15:02 [200] GET /v1/customers/cus_Q1w2E3r4T5y6/payment_methods?type=card&limit=3&starting_after=pm_1AbcDefGhiJkl [req_Lg1aaaaaaaaaaa]\n" +
		"2026-03-04 10:15:05 [200] GET /v1/balance [req_2]\n"
	longerReq = `GET "/v1/customers/cus_Q1w2E3r4T5y6/payment_methods" query="type=card&limit=3&starting_after=pm_1AbcDefGhiJkl" status=200 id="req_Lg1aaaaaaaaaaa" time="2026-03-04T10:15:02Z"`
)

// TestRound4TailTextChunks reads the tail-text inputs of TestRound4Shapes
// in chunks too: every way of reading a file must agree.
func TestRound4TailTextChunks(t *testing.T) {
	dir := t.TempDir()
	for i, input := range round4TailTexts {
		path := filepath.Join(dir, "in"+itoa(i)+".log")
		if err := os.WriteFile(path, []byte(input), 0o644); err != nil {
			t.Fatal(err)
		}
		checkChunkedTailText(t, path, 4096, []int{1, 7, 64, 300})
	}
}

// columnT is a short tail as `column -t` prints it (util-linux): every
// word of every line aligned in columns.
const columnT = "Getting     ready...\n" +
	"2026-03-04  10:15:02    [200]  GET         /v1/balance  [req_1]\n" +
	"Session     expired,    reconnecting...\n" +
	"2026-03-04  10:15:04    [403]  POST        /v1/refunds  [req_2]\n" +
	"Type:       invalid_request_error\n" +
	"Message:    Having      the    'rak_charge_write'  permission  would  allow  this  request  to  continue.\n" +
	"2026-03-04  10:15:05    [200]  GET         [View        path   in     dashboard]  [req_3]\n"

var round4TailTexts = []string{
	paneRows(sweepTail+sweepTail, 41), paneRows(sweepTail+sweepTail, 44), paneRows(sweepTail+sweepTail, 60),
	// Rows of a wrapped message that start with "on " (like GitLab's
	// runner line), at 65, 130 and 193 columns.
	paneRows(strings.Repeat("2026-03-04 10:15:04 [403] POST /v1/refunds [req_1]\nMessage: "+wrapDenial+"\n2026-03-04 10:15:05 [200] GET /v1/balance [req_2]\n", 3), 65),
	paneRows(strings.Repeat("2026-03-04 10:15:04 [403] POST /v1/refunds [req_1]\nMessage: "+wrapDenial+"\n2026-03-04 10:15:05 [200] GET /v1/balance [req_2]\n", 3), 130),
	paneRows(strings.Repeat("2026-03-04 10:15:04 [403] POST /v1/refunds [req_1]\nMessage: "+wrapDenial+"\n2026-03-04 10:15:05 [200] GET /v1/balance [req_2]\n", 3), 193),
	columnT + columnT,
	paneRows("2026-03-04 10:15:02 [200] GET /v1/balance [req_1]\nReady! You're now waiting to receive API request logs (^C to quit)\n"+
		"2026-03-04 10:15:05 [403] GET /v1/balance [req_2]\nMessage: "+wrapDenial+"\nReady! You're now waiting to receive API request logs (^C to quit)\n"+longerTail, 41),
	paneRows(longerTail, 40), paneRows(longerTail, 47), paneRows(longerTail, 64),
	"Getting ready...\n" + paneRows(longerTail+"2026-03-04 10:15:04 [403] POST /v1/refunds [req_3]\nMessage: "+wrapDenial+"\n"+longerTail, 52),
	"2026-03-04 10:15:02 [200] GET /v1/balance [req_1]\n" + strings.Repeat("\x00", 3000) +
		"2026-03-04 10:15:03 [403] POST /v1/refunds [req_2]\n\x00\x00Message: a\n",
}

// TestGoConcurrentErrors: stripe-go's error line names no request; with
// requests in flight at once it is pinned on none (a denial of its own),
// and once none is in flight it joins the request before it again.
func TestGoConcurrentErrors(t *testing.T) {
	const denial = "The provided key 'rk_test_***abc123' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue."
	errLine := func(id string) string {
		return `[ERROR] Request error from Stripe (status 403): {"status":403,"message":"` + denial + `","request_id":"` + id + `","type":"invalid_request_error"}` + "\n"
	}
	alone := func(line, id string) string {
		return line + `  "" status=403 id="` + id + `" error={type="invalid_request_error" code="" param="" message="` + denial + `"} DENIAL`
	}
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"two in flight: the error stands alone",
			"[INFO] Requesting POST api.stripe.com/v1/refunds\n[INFO] Requesting GET api.stripe.com/v1/balance\n" +
				"[INFO] Request completed in 81ms (retry: 0)\n" + errLine("req_Gc1aaaaaaaaa") +
				"[INFO] Request completed in 96ms (retry: 0)\n",
			[]string{`1:1 POST "/v1/refunds" host="api.stripe.com" source="SDK"`, `2:1 GET "/v1/balance" host="api.stripe.com" source="SDK"`, alone("4:1", "req_Gc1aaaaaaaaa")}},
		{"both completed, the last completion one of two: alone",
			"[INFO] Requesting POST api.stripe.com/v1/refunds\n[INFO] Requesting GET api.stripe.com/v1/balance\n" +
				"[INFO] Request completed in 81ms (retry: 0)\n[INFO] Request completed in 96ms (retry: 0)\n" + errLine("req_Gc1aaaaaaaaa"),
			[]string{`1:1 POST "/v1/refunds" host="api.stripe.com" source="SDK"`, `2:1 GET "/v1/balance" host="api.stripe.com" source="SDK"`, alone("5:1", "req_Gc1aaaaaaaaa")}},
		{"one at a time: the error joins its request",
			"[INFO] Requesting GET api.stripe.com/v1/balance\n[INFO] Request completed in 96ms (retry: 0)\n" +
				"[INFO] Requesting POST api.stripe.com/v1/refunds\n[INFO] Request completed in 81ms (retry: 0)\n" + errLine("req_Gc2aaaaaaaaa"),
			[]string{`1:1 GET "/v1/balance" host="api.stripe.com" source="SDK"`,
				`3:1 POST "/v1/refunds" host="api.stripe.com" status=403 id="req_Gc2aaaaaaaaa" source="SDK" error={type="invalid_request_error" code="" param="" message="` + denial + `"} DENIAL`}},
		{"a retry is one more attempt in flight, not a second request",
			"[INFO] Requesting POST api.stripe.com/v1/refunds\n[INFO] Request completed in 81ms (retry: 0)\n" +
				"[WARN] Initiating retry 1 for request POST api.stripe.com/v1/refunds after sleeping 500ms\n" +
				"[INFO] Request completed in 90ms (retry: 1)\n" + errLine("req_Gc3aaaaaaaaa"),
			[]string{`1:1 POST "/v1/refunds" host="api.stripe.com" status=403 id="req_Gc3aaaaaaaaa" source="SDK" error={type="invalid_request_error" code="" param="" message="` + denial + `"} DENIAL`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, r := range readClean(t, "g.log", tc.in, Options{Location: time.UTC}) {
				_, rest, _ := strings.Cut(render(r), ":")
				got = append(got, rest)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestSentrySortedBreadcrumb: Sentry's JSON view sorts a breadcrumb's keys,
// so its "timestamp" comes after its "data" closed: it is still the time of
// the request the data describes, and never the next breadcrumb's.
func TestSentrySortedBreadcrumb(t *testing.T) {
	crumb := func(method, url, status, at string) string {
		return "      {\n        \"category\": \"httplib\",\n        \"data\": {\n          \"method\": \"" + method + "\",\n" +
			"          \"status_code\": " + status + ",\n          \"url\": \"" + url + "\"\n        },\n" +
			"        \"level\": \"info\",\n" + at + "        \"type\": \"http\"\n      }"
	}
	in := "{\n  \"breadcrumbs\": {\n    \"values\": [\n" +
		crumb("POST", "https://api.stripe.com/v1/payment_intents", "200", "        \"timestamp\": \"2026-03-04T10:15:02.123000Z\",\n") + ",\n" +
		crumb("GET", "https://api.stripe.com/v1/balance", "200", "") + ",\n" + // no time of its own
		crumb("GET", "https://api.stripe.com/v1/invoices", "403", "        \"timestamp\": 1772619303.5,\n") +
		"\n    ]\n  }\n}\n"
	checkShape(t, "e.json", in, Options{Location: time.UTC}, FormatSDK, []string{
		`POST "/v1/payment_intents" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.123Z" source="SDK"`,
		`GET "/v1/balance" host="api.stripe.com" status=200 source="SDK"`,
		`GET "/v1/invoices" host="api.stripe.com" status=403 time="2026-03-04T10:15:03.5Z" source="SDK" DENIAL`,
	})
}

// TestProxyAccessStatus: the status in an egress proxy's access log line:
// the Common Log Format's "request" status (nginx, Apache, Envoy) and
// Squid's result code; a request line alone has none.
func TestProxyAccessStatus(t *testing.T) {
	for _, tc := range []struct {
		line string
		want int
	}{
		{`[2026-03-04T10:15:03.456Z] "POST /v1/refunds HTTP/1.1" 403 - 128 912 204 203 "-" "Stripe/v1 GoBindings/76.25.0"`, 403},
		{`10.0.0.5 - - [04/Mar/2026:10:15:02 +0000] "GET /v1/balance HTTP/2.0" 200 512 "-" "Stripe/v1 RubyBindings/12.0.0"`, 200},
		{`{null: HTTP/1.1 402 Payment Required}`, 402},
		{`1772619303.456    204 10.0.0.5 TCP_MISS/403 912 POST https://api.stripe.com/v1/refunds - HIER_DIRECT/54.187.174.169 application/json`, 403},
		{`1772619303.456    204 10.0.0.5 TCP_REFRESH_MODIFIED/200 912 GET https://api.stripe.com/v1/balance - HIER_DIRECT/1.2.3.4 -`, 200},
		{`> POST /v1/refunds HTTP/1.1`, 0},
		{`"POST /v1/refunds HTTP/1.1" -`, 0},
		{`TCP_MISS/40 x`, 0},
	} {
		if got := findStatus([]byte(tc.line), -1); got != tc.want {
			t.Errorf("findStatus(%q) = %d, want %d", tc.line, got, tc.want)
		}
	}
	if at, ok := lineStamp([]byte("1772619303.456    204 10.0.0.5 TCP_MISS/403 912 POST https://api.stripe.com/v1/refunds -"), time.UTC); !ok ||
		!at.Equal(time.Date(2026, 3, 4, 10, 15, 3, 456e6, time.UTC)) {
		t.Errorf("Squid's time = %v, %v", at, ok)
	}
}

// TestNestedJSONElements: a list of lists of spans (Datadog) and a result
// that wraps its events (New Relic) are read as the records they hold, each
// at its own place; an array of scalars is still malformed.
func TestNestedJSONElements(t *testing.T) {
	span := func(url, status string) string {
		return `{"name":"http.request","start":1772619302123000000,"meta":{"http.method":"POST","http.url":"` + url + `","http.status_code":"` + status + `"}}`
	}
	in := "[[" + span("https://api.stripe.com/v1/customers", "200") + ",\n" + span("https://example.com/x", "200") + "],\n[" +
		span("https://api.stripe.com/v1/refunds", "403") + "]]\n"
	rd, f, err := Open("dd.json", strings.NewReader(in), Options{Location: time.UTC})
	if err != nil || f != FormatJSON {
		t.Fatalf("Open: %v, %v", f, err)
	}
	reqs, errs := readAll(t, rd)
	var got []string
	for _, r := range reqs {
		got = append(got, render(r))
	}
	want := []string{
		`dd.json:1:3 POST "/v1/customers" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.123Z"`,
		`dd.json:3:2 POST "/v1/refunds" host="api.stripe.com" status=403 time="2026-03-04T10:15:02.123Z" DENIAL`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") || len(errs) != 0 {
		t.Errorf("got:\n%s\nproblems %v\nwant:\n%s", strings.Join(got, "\n"), errs, strings.Join(want, "\n"))
	}
	checkShape(t, "nr.json", `{"results":[{"events":[{"timestamp":1772619302123,"http.method":"GET","http.url":"https://api.stripe.com/v1/balance","http.statusCode":200}]}],"metadata":{}}`,
		Options{Location: time.UTC}, FormatJSON, []string{`GET "/v1/balance" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.123Z"`})
	rd, _, err = Open("n.json", strings.NewReader("[[1, 2], [3]]\n"), Options{Location: time.UTC, Format: FormatJSON})
	if err != nil {
		t.Fatal(err)
	}
	if reqs, errs := readAll(t, rd); len(reqs) != 0 || len(errs) == 0 {
		t.Errorf("scalars: %d records, %d problems %v; want none and a problem", len(reqs), len(errs), errs)
	}
}

// TestStripeUserAgentTiesPath: a bare /v1/ path is Stripe's on a line that
// carries the SDKs' User-Agent (an HTTP client's or proxy's access log), and
// not on one without it (an application's own /v1/ API).
func TestStripeUserAgentTiesPath(t *testing.T) {
	for _, tc := range []struct {
		line string
		want bool
	}{
		{`web-1 Stripe/v1 PhpBindings/13.13.0 - [04/Mar/2026:10:15:02 +0000] "POST /v1/customers HTTP/1.1" 200 1834`, true},
		{`10.0.0.5 - - [04/Mar/2026:10:15:02 +0000] "GET /v1/balance HTTP/1.1" 200 512 "-" "Stripe/v1 GoBindings/76.25.0"`, true},
		{`10.0.0.5 - - [04/Mar/2026:10:15:02 +0000] "GET /v1/orders HTTP/1.1" 200 512 "-" "Mozilla/5.0"`, false},
		{`stripe/v1beta is not a user agent`, false},
	} {
		if got := mentionsStripe([]byte(tc.line)); got != tc.want {
			t.Errorf("mentionsStripe(%q) = %v, want %v", tc.line, got, tc.want)
		}
	}
}

// TestWrappedMessageEveryWidth: a permission message cut by tmux in a pane
// of any width from 40 to 260 columns joins back to the CLI's exact text,
// including a cut just after a space on the only full row (which the rows'
// widths alone cannot tell from a cut inside a word).
func TestWrappedMessageEveryWidth(t *testing.T) {
	messages := []string{
		wrapDenial,
		"Permission denied. The provided key 'rk_test_…c123' does not have the required permissions for this endpoint on account 'acct_1Abc'. Enabling \"Subscriptions Write\" ('subscription_write') permissions on this key would allow this request to continue.",
		"The provided key 'rk_test_********************abc123' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_payment_intent_read', 'rak_checkout_session_read' permissions would allow this request to continue.",
	}
	for _, msg := range messages {
		tail := "2026-03-04 10:15:04 [403] POST /v1/refunds [req_1]\nMessage: " + msg + "\n2026-03-04 10:15:05 [200] GET /v1/balance [req_2]\n"
		for width := minWrapWidth; width <= 260; width++ {
			rd, _, err := Open("t.log", strings.NewReader(paneRows(tail, width)), Options{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			reqs, errs := readAll(t, rd)
			if len(reqs) != 2 || len(errs) != 0 || reqs[0].Error == nil || reqs[0].Error.Message != msg {
				got := ""
				if len(reqs) > 0 && reqs[0].Error != nil {
					got = reqs[0].Error.Message
				}
				t.Errorf("%d columns: %d records, problems %v, message\n%q\nwant\n%q", width, len(reqs), errs, got, msg)
			}
		}
	}
}

// TestSpaceBetween: where a cut lost a space, and where it cut a word, a
// key, an id or a URL.
func TestSpaceBetween(t *testing.T) {
	for _, tc := range []struct {
		prev, next string
		want       bool
	}{
		{"does not have the required", "permissions for this", true},
		{"account 'acct_1Abc'.", "Having the", true},
		{"Having the", "'rak_charge_write' permission", true},
		{"Having the 'rak_charge_write'", "permission would", true},
		{"key 'rk_test_***abc123'", "does not", true},
		{"Enabling \"Subscriptions", "Write\" ('subscription_write')", true},
		{"Enabling \"Subscriptions Write\"", "('subscription_write')", true},
		{"('subscription_write')", "permissions on", true},
		{"'rak_payment_intent_read',", "'rak_checkout_session_read'", true},
		{"does not have the required permis", "sions for", false},
		{"Having the 'rak_charge_wr", "ite' permission", false},
		{"key 'rk_test_***ab", "c123' does", false},
		{"at https://dashboard.", "stripe.com/test/apikeys", false},
		{"on acc", "ount", false},
		{"the required", " permissions", false},
	} {
		if got := spaceBetween(tc.prev, tc.next); got != tc.want {
			t.Errorf("spaceBetween(%q, %q) = %v, want %v", tc.prev, tc.next, got, tc.want)
		}
	}
}

// sweepTail is a tail whose every kind of line a narrow pane cuts: a long
// path, a failed request with a long path, a long Message, and the line of
// an event without a url.
const sweepTail = "2026-03-04 10:15:02 [200] POST /v1/customers [req_Tm1aaaaaaaaaaa]\n" +
	"2026-03-04 10:15:03 [200] GET /v1/customers/cus_Q1w2E3r4T5y6/payment_methods?type=card&limit=3&starting_after=pm_1AbcDefGhiJkl [req_Tm6fffffffffff]\n" +
	"2026-03-04 10:15:04 [403] POST /v1/subscription_items/si_Q1w2E3r4T5y6/usage_records [req_Tm3ccccccccccc]\n" +
	"Type: invalid_request_error\nCode: more_permissions_required\n" +
	"Message: Permission denied. The provided key 'rk_test_…c123' does not have the required permissions for this endpoint on account 'acct_1Abc'. Enabling \"Subscriptions Write\" ('subscription_write') permissions on this key would allow this request to continue. You can edit permissions at https://dashboard.stripe.com/test/apikeys/mk_1Abc/edit\n" +
	"2026-03-04 10:15:06 [200] GET [View path in dashboard] [req_Tm5eeeeeeeeeee]\n"

// TestWrappedTailEveryWidth: the whole tail captured by tmux without -J in
// a pane of any width from 40 to 220 columns reads as the tail itself, in
// order and without a problem (positions aside).
func TestWrappedTailEveryWidth(t *testing.T) {
	render0 := func(in string) []string {
		rd, _, err := Open("t.log", strings.NewReader(in), Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		reqs, errs := readAll(t, rd)
		out := []string{}
		for _, r := range reqs {
			_, rest, _ := strings.Cut(render(r), " ")
			out = append(out, rest)
		}
		for _, e := range errs {
			out = append(out, "problem: "+e.Error())
		}
		return out
	}
	want := strings.Join(render0(sweepTail), "\n")
	for width := minWrapWidth; width <= 220; width++ {
		if got := strings.Join(render0(paneRows(sweepTail, width)), "\n"); got != want {
			t.Errorf("%d columns:\n%s\nwant:\n%s", width, got, want)
		}
	}
}

// TestOTLPSpans: an OTLP JSON span's attribute list gives its request (old
// and new semantic conventions), its status object is not the response's,
// and a server span is the service's own request, left out; a document per
// line (the collector's file exporter) is read to the end.
func TestOTLPSpans(t *testing.T) {
	span := func(kind, attrs string) string {
		return `{"traceId":"b5a1","spanId":"a1b2","name":"HTTP POST","kind":"` + kind + `","startTimeUnixNano":"1772619302123000000","attributes":[` + attrs + `],"status":{"code":"STATUS_CODE_ERROR"}}`
	}
	str := func(k, v string) string { return `{"key":"` + k + `","value":{"stringValue":"` + v + `"}}` }
	num := func(k, v string) string { return `{"key":"` + k + `","value":{"intValue":"` + v + `"}}` }
	doc := func(spans ...string) string {
		return `{"resourceSpans":[{"resource":{"attributes":[` + str("service.name", "billing") + `]},"scopeSpans":[{"scope":{"name":"otelhttp"},"spans":[` + strings.Join(spans, ",") + `]}]}]}`
	}
	in := doc(span("SPAN_KIND_CLIENT", str("http.method", "POST")+","+str("http.url", "https://api.stripe.com/v1/customers")+","+num("http.status_code", "200")),
		span("SPAN_KIND_SERVER", str("http.method", "POST")+","+str("http.target", "/v1/orders")+","+num("http.status_code", "200"))) + "\n" +
		doc(span("SPAN_KIND_CLIENT", str("http.request.method", "POST")+","+str("url.full", "https://api.stripe.com/v1/refunds")+","+num("http.response.status_code", "403"))) + "\n"
	checkShape(t, "otel.jsonl", in, Options{Location: time.UTC}, FormatJSON, []string{
		`POST "/v1/customers" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.123Z"`,
		`POST "/v1/refunds" host="api.stripe.com" status=403 time="2026-03-04T10:15:02.123Z" DENIAL`,
	})
	// Spans one per line (jq over a trace, a span exporter): sniffed as
	// json by their attribute list.
	checkShape(t, "spans.jsonl", span("SPAN_KIND_CLIENT", str("http.method", "GET")+","+str("http.url", "https://api.stripe.com/v1/balance"))+"\n",
		Options{Location: time.UTC}, FormatJSON, []string{`GET "/v1/balance" host="api.stripe.com" time="2026-03-04T10:15:02.123Z"`})
	// Two `aws logs filter-log-events` pages joined with cat: both read.
	page := func(url string) string {
		return `{"events":[{"timestamp":1772619302123,"method":"GET","url":"` + url + `","status":200}],"searchedLogStreams":[]}`
	}
	checkShape(t, "pages.json", page("https://api.stripe.com/v1/balance")+"\n"+page("https://api.stripe.com/v1/invoices")+"\n",
		Options{Location: time.UTC}, FormatJSON, []string{
			`GET "/v1/balance" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.123Z"`,
			`GET "/v1/invoices" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.123Z"`,
		})
}

// TestXRaySegments: `aws xray batch-get-traces` holds each segment as a JSON
// string; its remote subsegments, however deep, are the calls the service
// made, and their start_time comes in exponent notation.
func TestXRaySegments(t *testing.T) {
	sub := func(url, status, start string, more string) string {
		return `{\"id\":\"a1\",\"name\":\"api.stripe.com\",\"namespace\":\"remote\",\"start_time\":` + start +
			`,\"http\":{\"request\":{\"url\":\"` + url + `\",\"method\":\"POST\"},\"response\":{\"status\":` + status + `}}` + more + `}`
	}
	doc := `{\"id\":\"5e\",\"name\":\"billing\",\"start_time\":1.772619302E9,\"http\":{\"request\":{\"url\":\"https://billing.example.com/checkout\",\"method\":\"POST\"},\"response\":{\"status\":200}},\"subsegments\":[` +
		`{\"id\":\"b0\",\"name\":\"charge\",\"subsegments\":[` + sub("https://api.stripe.com/v1/refunds", "403", "1.772619303456E9", "") + `]},` +
		sub("https://api.stripe.com/v1/customers", "200", "1.772619302123E9", "") + `]}`
	in := `{"Traces":[{"Id":"1-65e5","Duration":1.8,"Segments":[{"Id":"5e","Document":"` + doc + `"}]}],"UnprocessedTraceIds":[]}`
	checkShape(t, "xray.json", in, Options{Location: time.UTC}, FormatJSON, []string{
		`POST "/v1/refunds" host="api.stripe.com" status=403 time="2026-03-04T10:15:03.456Z" DENIAL`,
		`POST "/v1/customers" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.123Z"`,
	})
}
