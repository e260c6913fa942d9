package logparse

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestNewmanReport: a Newman JSON report (newman run -r json) is read as the
// requests its run made, however it is laid out, and a Postman collection
// wrapped the way Postman's API returns one still is not.
func TestNewmanReport(t *testing.T) {
	pretty, err := os.ReadFile(filepath.Join(fixtureDir, "valid", "json", "newman-json-report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc any
	if err := json.Unmarshal(pretty, &doc); err != nil {
		t.Fatal(err)
	}
	compact, _ := json.Marshal(doc) // jq -c, with the keys sorted (jq -S): "_" holds exporter_id first
	want := []string{
		`POST "/v1/customers" host="api.stripe.com" status=200 id="req_NwM0000000" time="2026-03-04T10:15:02Z" livemode=false source="Newman" ua="PostmanRuntime/7.43.0" api_version="2024-06-20"`,
		`GET "/v1/customers/cus_Q1w2E3r4T5y6" host="api.stripe.com" query="expand%5B%5D=default_source" status=200 id="req_NwM0000001" time="2026-03-04T10:15:03Z" livemode=false source="Newman" ua="PostmanRuntime/7.43.0" api_version="2024-06-20"`,
		`POST "/v1/refunds" host="api.stripe.com" status=403 id="req_NwM0000002" time="2026-03-04T10:15:04Z" livemode=false source="Newman" ua="PostmanRuntime/7.43.0" api_version="2024-06-20"`,
	}
	for name, input := range map[string]string{"pretty": string(pretty), "compact": string(compact)} {
		t.Run(name, func(t *testing.T) {
			rd, f, err := Open("newman.json", strings.NewReader(input), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if f != FormatJSON {
				t.Fatalf("format %q, want json", f)
			}
			reqs, errs := readAll(t, rd)
			if len(errs) != 1 || !errors.Is(errs[0], ErrNotSent) || !strings.Contains(errs[0].Error(), "GET /v1/events: it got no response (ENOTFOUND)") {
				t.Errorf("problems %v, want the execution without a response as never sent", errs)
			}
			var got []string
			for _, r := range reqs {
				_, rest, _ := strings.Cut(render(r), " ")
				rest, _, _ = strings.Cut(rest, " error=") // the denial's message is checked below
				got = append(got, strings.TrimSuffix(rest, " DENIAL"))
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if len(reqs) == 3 && (reqs[2].Error == nil || !strings.Contains(reqs[2].Error.Message, "rak_refund_write")) {
				t.Errorf("the 403's message from the response body is missing: %+v", reqs[2].Error)
			}
			for _, r := range reqs {
				if r.Livemode == nil || *r.Livemode {
					t.Errorf("%s %s: livemode %v, want test (the Authorization header's key)", r.Method, r.Path, r.Livemode)
				}
			}
		})
	}
}

// TestNewmanURL: the url of an execution as postman-collection writes it.
func TestNewmanURL(t *testing.T) {
	tests := []struct{ raw, want string }{
		{`{"protocol":"https","host":["api","stripe","com"],"path":["v1","charges"],"query":[],"variable":[]}`, "https://api.stripe.com/v1/charges"},
		{`{"protocol":"https","host":["api","stripe","com"],"port":"443","path":["v1","charges"],"query":[{"key":"limit","value":"3"},{"key":"expand[]","value":"data.customer","disabled":true}]}`,
			"https://api.stripe.com:443/v1/charges?limit=3"},
		{`{"host":"api.stripe.com","path":"/v1/charges"}`, "https://api.stripe.com/v1/charges"},
		{`"https://api.stripe.com/v1/charges?limit=3"`, "https://api.stripe.com/v1/charges?limit=3"},
		{`{"path":["v1","charges"]}`, "/v1/charges"},
		{`{}`, ""},
		{`42`, ""},
	}
	for _, tt := range tests {
		if got := newmanURLString(json.RawMessage(tt.raw)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.raw, got, tt.want)
		}
	}
}

// TestPostmanAPICollectionNotNewman: Postman's API returns a collection as
// {"collection": {"info": …, "item": […]}} on one line; that is no run, and
// says so. On one line (as jq -c writes any collection) the SDK reader had
// taken each item's method and URL for a request made.
func TestPostmanAPICollectionNotNewman(t *testing.T) {
	in := `{"collection":{"info":{"_postman_id":"f0e1","name":"Stripe","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},` +
		`"item":[{"name":"Create customer","request":{"method":"POST","url":{"raw":"https://api.stripe.com/v1/customers","host":["api","stripe","com"],"path":["v1","customers"]}}}]}}` + "\n"
	app := `{"info":{"_postman_id":"f0e1","name":"Stripe","schema":"https://schema.getpostman.com/json/collection/v2.1.0/collection.json"},` +
		`"item":[{"name":"Create customer","request":{"method":"POST","url":{"raw":"https://api.stripe.com/v1/customers"}}}]}` + "\n"
	for name, body := range map[string]string{"api": in, "app export, jq -c": app} {
		t.Run(name, func(t *testing.T) {
			if isNewmanReport([]byte(body)) {
				t.Fatal("a collection taken for a Newman report")
			}
			path := filepath.Join(t.TempDir(), "collection.json")
			if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
				t.Fatal(err)
			}
			err := scanDiscarding([]Input{{Name: path, Path: path}}, ScanOptions{}, false)
			if !errors.Is(err, ErrNoRequests) || !strings.Contains(err.Error(), "this is a Postman collection") {
				t.Errorf("err %v, want no requests, with the collection named", err)
			}
		})
	}
}

// TestRowCount: a count cell as spreadsheets and BI tools write it.
func TestRowCount(t *testing.T) {
	defer func(n int) { maxRowCount = n }(maxRowCount)
	maxRowCount = 100_000_000 // the tests' own bound is lower (TestMain)
	tests := []struct {
		in   string
		want int
		bad  bool
	}{
		{"", 1, false}, {"7", 7, false}, {" 1500 ", 1500, false}, {"0", 0, false},
		{"1,234", 1234, false}, {"12,345,678", 12345678, false}, // Excel, Sheets (en)
		{"1.234", 1234, false}, {"1 234", 1234, false}, // de, fr
		{"1\u00a0234", 1234, false}, {"1\u202f234", 1234, false}, // fr with a no-break or narrow no-break space
		{"1'234", 1234, false}, {"1\u2019234", 1234, false}, // de-CH
		{"12.0", 12, false}, {"12,00", 12, false}, {"1,234.0", 1234, false}, // pandas, a currency-like format
		{"1,23", 0, true}, {"12.5", 0, true}, {"-3", 0, true}, {"many", 0, true}, {"1,2345", 0, true},
		{"99999999999", 0, true},
	}
	for _, tt := range tests {
		got, err := parseRowCount(tt.in)
		if (err != nil) != tt.bad || got != tt.want {
			t.Errorf("parseRowCount(%q) = %d, %v; want %d, bad %v", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

// TestAggregatedTables: a table with a count column stands for that many
// requests per row; a total row under it, whichever column its label is
// in, is none; a count column means nothing in a JSON log line.
func TestAggregatedTables(t *testing.T) {
	defer func(n int) { maxRowCount = n }(maxRowCount)
	maxRowCount = 10_000
	tests := []struct {
		name, input string
		want        map[string]int // "METHOD path" → requests
		problems    int
	}{
		{
			name:  "Excel: sep= line, quoted thousands, a Total row in the method column",
			input: "sep=,\r\nMethod,URL,Status,Count\r\nPOST,/v1/customers,200,\"1,234\"\r\nPOST,/v1/refunds,403,3\r\nTotal,,,\"1,237\"\r\n",
			want:  map[string]int{"POST /v1/customers": 1234, "POST /v1/refunds": 3},
		},
		{
			name:  "Excel (de): semicolons, a point between thousands",
			input: "Method;Endpoint;Status;Anzahl;Count\nGET;/v1/balance;200;x;2.048\n",
			want:  map[string]int{"GET /v1/balance": 2048},
		},
		{
			name:  "Sheets pivot copied as TSV: COUNTA of Request ID, Grand Total",
			input: "Method\tURL\tCOUNTA of Request ID\nGET\t/v1/balance\t1 024\nGET\t/v1/charges\t0\nGrand Total\t\t1 024\n",
			want:  map[string]int{"GET /v1/balance": 1024},
		},
		{
			name:     "a count that is no number is the row's problem",
			input:    "method,path,count\nGET,/v1/balance,lots\nPOST,/v1/customers,2\n",
			want:     map[string]int{"POST /v1/customers": 2},
			problems: 1,
		},
		{
			name:  "JSON lines: count is the object's own field",
			input: `{"method":"GET","path":"/v1/balance","status":200,"count":40}` + "\n",
			want:  map[string]int{"GET /v1/balance": 1},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd, _, err := Open("t", strings.NewReader(tt.input), Options{})
			if err != nil {
				t.Fatal(err)
			}
			reqs, errs := readAll(t, rd)
			got := map[string]int{}
			for _, r := range reqs {
				got[r.Method+" "+r.Path]++
			}
			if len(errs) != tt.problems {
				t.Errorf("problems %v, want %d", errs, tt.problems)
			}
			if len(got) != len(tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for k, n := range tt.want {
				if got[k] != n {
					t.Errorf("%s: %d requests, want %d (all: %v)", k, got[k], n, got)
				}
			}
		})
	}
}

// TestXRaySubsegmentPositions: a call made in a subsegment is placed where
// that subsegment starts in its segment's document (a JSON string on one
// line), however deep, with escapes and non-ASCII text before it.
func TestXRaySubsegmentPositions(t *testing.T) {
	doc := `{"id":"s1","name":"café 😀 \"billing\"","start_time":1.772619302E9,` +
		`"subsegments":[{"id":"a1","name":"db","start_time":1.7726193021E9,"subsegments":[` +
		`{"id":"a2","name":"api.stripe.com","start_time":1.772619302123E9,"namespace":"remote","http":{"request":{"url":"https://api.stripe.com/v1/customers","method":"POST"},"response":{"status":200}}}]},` +
		`{"id":"a3","name":"api.stripe.com","start_time":1.772619303456E9,"namespace":"remote","http":{"request":{"url":"https://api.stripe.com/v1/refunds","method":"POST"},"response":{"status":403}}}]}`
	quoted, _ := json.Marshal(doc)
	quoted = []byte(strings.ReplaceAll(string(quoted), `é`, `\u00e9`)) // one rune escaped, one written as is
	input := "{\n  \"Traces\": [\n    {\n      \"Id\": \"1-65e5\",\n      \"Segments\": [\n        {\n          \"Id\": \"s1\",\n          \"Document\": " + string(quoted) + "\n        }\n      ]\n    }\n  ]\n}\n"
	rd, _, err := Open("xray.json", strings.NewReader(input), Options{})
	if err != nil {
		t.Fatal(err)
	}
	reqs, errs := readAll(t, rd)
	if len(errs) > 0 || len(reqs) != 2 {
		t.Fatalf("requests %v, problems %v; want 2 and none", reqs, errs)
	}
	docLine := strings.Split(input, "\n")[7]
	for i, id := range []string{"a2", "a3"} {
		want := strings.Index(docLine, `{\"id\":\"`+id+`\"`) + 1
		if p := reqs[i].Pos; p.Line != 8 || p.Column != want {
			t.Errorf("%s %s at %d:%d, want 8:%d (its subsegment's opening brace)", reqs[i].Method, reqs[i].Path, p.Line, p.Column, want)
		}
	}
}

// TestEscapedOffset: a byte of a JSON string's text, found where it is
// written.
func TestEscapedOffset(t *testing.T) {
	s := []byte(`"a\"b\u00e9c\ud83d\ude00d\\e"`)
	text := "a\"b\u00e9c\U0001F600d\\e"
	for off := 0; off < len(text); off++ {
		got := escapedOffset(s, off)
		if !utf8.RuneStart(text[off]) {
			continue // inside a rune written as one escape
		}
		var r rune
		var size int
		if got >= 0 && s[got] == '\\' && s[got+1] == 'u' {
			r, size = unicodeEscape(s[got:])
		} else if got >= 0 && s[got] == '\\' {
			r, size = rune(s[got+1]), 2
		} else if got >= 0 {
			r, size = utf8.DecodeRune(s[got:])
		}
		want, _ := utf8.DecodeRuneInString(text[off:])
		if got < 0 || size == 0 || r != want {
			t.Errorf("offset %d (%q): at %d, reads %q, want %q", off, want, got, r, want)
		}
	}
	if got := escapedOffset(s, len(text)+5); got != -1 {
		t.Errorf("past the end: %d, want -1", got)
	}
}

// TestBrunoReport: a Bruno CLI JSON report's results are the requests the
// run made. The result's own "status" ("pass", "fail") is the test's, and a
// success body's "id" and "url" (a customer, a list) say nothing about the
// request.
func TestBrunoReport(t *testing.T) {
	result := func(method, url string, status int, data string) string {
		return `{"test":{"filename":"x.bru"},"request":{"method":"` + method + `","url":"` + url + `","headers":{"authorization":"Bearer sk_live_CANARY0000"},"data":null},` +
			`"response":{"status":` + itoa(status) + `,"statusText":"","headers":{"request-id":"req_B1","date":"Wed, 04 Mar 2026 10:15:02 GMT"},"data":` + data + `,"url":"` + url + `","responseTime":5},` +
			`"error":null,"status":"pass","assertionResults":[],"testResults":[],"runtime":0.1,"suitename":"x","name":"x"}`
	}
	input := `{"summary":{"totalRequests":3},"results":[` +
		result("GET", "https://api.stripe.com/v1/customers/cus_1?expand[]=sources", 200, `{"id":"cus_1","object":"customer","sources":{"object":"list","url":"/v1/customers/cus_1/sources"}}`) + `,` +
		result("GET", "https://api.stripe.com/v1/customers", 200, `{"object":"list","data":[{"id":"cus_2"}],"url":"/v1/customers"}`) + `,` +
		result("POST", "https://hooks.slack.com/services/T0/B0/X", 200, `"ok"`) + `,` +
		result("POST", "https://api.stripe.com/v1/refunds", 403, `"{\"error\":{\"message\":\"Having the 'rak_charge_write' permission would allow this request to continue.\"}}"`) + "]}\n"
	want := []string{
		`GET "/v1/customers/cus_1" host="api.stripe.com" query="expand[]=sources" status=200 id="req_B1" time="2026-03-04T10:15:02Z" livemode=true source="Bruno"`,
		`GET "/v1/customers" host="api.stripe.com" status=200 id="req_B1" time="2026-03-04T10:15:02Z" livemode=true source="Bruno"`,
		`POST "/v1/refunds" host="api.stripe.com" status=403 id="req_B1" time="2026-03-04T10:15:02Z" livemode=true source="Bruno" error={type="" code="" param="" message="Having the 'rak_charge_write' permission would allow this request to continue."} DENIAL`,
	}
	checkShape(t, "bruno.json", input, Options{}, FormatJSON, want)
}

// TestPostmanRunExport: a Postman Collection Runner export: a result is as
// many requests as it has times, its method found in the collection part
// after the results; a result whose id is not there is a problem, not a
// guess.
func TestPostmanRunExport(t *testing.T) {
	input := `{"id":"run1","name":"Stripe","status":"finished","results":[` +
		`{"id":"a","name":"List","url":"https://api.stripe.com/v1/balance","time":5,"responseCode":{"code":200,"name":"OK"},"tests":{},"testPassFailCounts":{},"times":[5,6,7],"allTests":[{},{},{}]},` +
		`{"id":"b","name":"Refund","url":"api.stripe.com/v1/refunds","time":5,"responseCode":{"code":403,"name":"Forbidden"},"tests":{},"testPassFailCounts":{},"times":[5],"allTests":[{}]},` +
		`{"id":"c","name":"Other","url":"https://example.com/x","time":5,"responseCode":{"code":200,"name":"OK"},"tests":{},"testPassFailCounts":{},"times":[5],"allTests":[{}]},` +
		`{"id":"d","name":"Lost","url":"https://api.stripe.com/v1/charges","time":5,"responseCode":{"code":200,"name":"OK"},"tests":{},"testPassFailCounts":{},"times":[5],"allTests":[{}]}` +
		`],"count":3,"totalTime":30,"collection":{"requests":[{"id":"a","method":"GET"},{"id":"b","method":"POST"},{"id":"c","method":"GET"}],"runner":{"iterations":3}}}` + "\n"
	rd, f, err := Open("run.json", strings.NewReader(input), Options{})
	if err != nil || f != FormatJSON {
		t.Fatalf("Open: %v, %q", err, f)
	}
	reqs, errs := readAll(t, rd)
	var got []string
	for _, r := range reqs {
		got = append(got, r.Method+" "+r.Path+" "+itoa(r.Status))
	}
	want := "GET /v1/balance 200,GET /v1/balance 200,GET /v1/balance 200,POST /v1/refunds 403"
	if strings.Join(got, ",") != want {
		t.Errorf("got %s\nwant %s", strings.Join(got, ","), want)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "no method for https://api.stripe.com/v1/charges") {
		t.Errorf("problems %v, want the result without a method", errs)
	}
}

// TestSpreadsheetFiles: a workbook in its own format is named, with how to
// save it as CSV; a zip of logs is still a zip.
func TestSpreadsheetFiles(t *testing.T) {
	zipOf := func(names ...string) string {
		var b strings.Builder
		for _, n := range names {
			// A local file header: signature, 26 bytes of fields, the name.
			b.WriteString("PK\x03\x04" + strings.Repeat("\x00", 26) + n + "data")
		}
		return b.String()
	}
	tests := []struct{ name, input, want string }{
		{"xlsx", zipOf("[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"), "an Excel workbook (.xlsx)"},
		{"ods", zipOf("mimetype") + "application/vnd.oasis.opendocument.spreadsheet", "an OpenDocument spreadsheet (.ods)"},
		{"numbers", zipOf("Index/Document.iwa", "Metadata/Properties.plist"), "a Numbers document"},
		{"xls", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + strings.Repeat("\x00", 100), "an Office file in the old binary format"},
		{"zip of logs", zipOf("tail.log"), "zip compressed data"},
	}
	for _, tt := range tests {
		_, _, err := Open(tt.name, strings.NewReader(tt.input), Options{})
		if !errors.Is(err, ErrBinary) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want ErrBinary saying %q", tt.name, err, tt.want)
		}
		if tt.name != "zip of logs" && (err == nil || !strings.Contains(err.Error(), "save the sheet as CSV")) {
			t.Errorf("%s: %v, want the way to CSV", tt.name, err)
		}
	}
}

// TestEveryWrappingAtOnce: one directory holding the same kind of log in
// every wrapping a tester tries first (tail-text, a gzipped tail-json, a
// CRLF CSV, a HAR, a gzipped SDK log, a UTF-16 PowerShell capture, an empty
// file and a binary one): each log is read as its own format, whole, and
// the two that are not logs are listed as skipped with why.
func TestEveryWrappingAtOnce(t *testing.T) {
	dir := t.TempDir()
	fixture := func(rel string) []byte {
		b, err := os.ReadFile(filepath.Join(fixtureDir, "valid", rel))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	gz := func(b []byte) []byte {
		var out bytes.Buffer
		w := gzip.NewWriter(&out)
		w.Write(b)
		w.Close()
		return out.Bytes()
	}
	utf16le := func(b []byte) []byte {
		out := []byte{0xff, 0xfe}
		for _, r := range string(b) {
			out = append(out, byte(r), byte(r>>8)) // the fixture is ASCII
		}
		return out
	}
	files := map[string][]byte{
		"tail.log":       fixture("tail-text/plain.log"),
		"tail.jsonl.gz":  gz(fixture("tail-json/compact.jsonl")),
		"export.csv":     bytes.ReplaceAll(fixture("csv/dashboard.csv"), []byte("\n"), []byte("\r\n")),
		"capture.har":    fixture("har/capture.har"),
		"app.log.gz":     gz(fixture("sdk/python.log")),
		"powershell.log": utf16le(bytes.ReplaceAll(fixture("tail-text/plain.log"), []byte("\n"), []byte("\r\n"))),
		"empty.log":      nil,
		"blob.bin":       {0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0},
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs, err := Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	stats, err := Scan(context.Background(), inputs, ScanOptions{OnProblem: func(pe *ParseError) { problems = append(problems, pe.Error()) }},
		func(Request) error { return nil })
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"tail.log": "tail-text 8", "tail.jsonl.gz": "tail-json 6", "export.csv": "csv 3", "capture.har": "har 2",
		"app.log.gz": "sdk 5", "powershell.log": "tail-text 8",
	}
	for _, st := range stats {
		name := filepath.Base(st.Input)
		if name == "export.csv" && st.Dashboard != 1 {
			t.Errorf("export.csv: %d requests left out as made in the Dashboard, want its one", st.Dashboard)
		}
		if w, ok := want[name]; ok {
			if got := string(st.Format) + " " + itoa(st.Requests); got != w {
				t.Errorf("%s: %s, want %s", name, got, w)
			}
			delete(want, name)
		}
	}
	if len(want) > 0 {
		t.Errorf("not read: %v", want)
	}
	joined := strings.Join(problems, "\n")
	for _, w := range []string{"empty.log: empty input", "blob.bin:1: binary data"} {
		if !strings.Contains(joined, w) {
			t.Errorf("problems %q: want one saying %q", joined, w)
		}
	}
}

// TestCharlesSession: a Charles JSON session's transactions; a 403 body kept
// base64-encoded still gives its message, a transaction's "status" is its
// state, and a session of tunnels only holds no request.
func TestCharlesSession(t *testing.T) {
	body := base64.StdEncoding.EncodeToString([]byte(`{"error":{"message":"Having the 'rak_charge_write' permission would allow this request to continue.","type":"invalid_request_error"}}`))
	input := `[{"status":"COMPLETE","method":"POST","protocolVersion":"HTTP/2.0","scheme":"https","host":"api.stripe.com","actualPort":443,"path":"/v1/refunds","query":null,"tunnel":false,` +
		`"times":{"start":"2026-03-04T11:15:04.000+01:00"},"request":{"header":{"firstLine":"POST /v1/refunds HTTP/2.0","headers":[{"name":"authorization","value":"Bearer rk_live_CANARY"}]}},` +
		`"response":{"status":403,"header":{"firstLine":"HTTP/2.0 403","headers":[{"name":"request-id","value":"req_C1"}]},"body":{"encoded":"` + body + `"}}}]` + "\n"
	checkShape(t, "s.chlsj", input, Options{}, FormatJSON, []string{
		`POST "/v1/refunds" host="api.stripe.com" status=403 id="req_C1" time="2026-03-04T10:15:04Z" livemode=true source="Charles" ` +
			`error={type="invalid_request_error" code="" param="" message="Having the 'rak_charge_write' permission would allow this request to continue."} DENIAL`,
	})
	tunnels := `[{"status":"COMPLETE","method":"CONNECT","scheme":"https","host":"api.stripe.com","actualPort":443,"tunnel":true,"request":{},"response":{"status":200}}]` + "\n"
	rd, _, err := Open("t.chlsj", strings.NewReader(tunnels), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if reqs, errs := readAll(t, rd); len(reqs) != 0 || len(errs) != 0 {
		t.Errorf("tunnels only: %v, %v; want nothing", reqs, errs)
	}
	path := filepath.Join(t.TempDir(), "t.chlsj")
	if err := os.WriteFile(path, []byte(tunnels), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := scanDiscarding([]Input{{Name: path, Path: path}}, ScanOptions{}, false); !errors.Is(err, ErrNoRequests) || !strings.Contains(err.Error(), "Charles with SSL Proxying") {
		t.Errorf("tunnels only: %v, want no requests, saying why", err)
	}
}

// TestStatusWords: a "status" that is a word is another thing's state, not
// a malformed HTTP status: the record is read with its status unknown.
func TestStatusWords(t *testing.T) {
	for _, w := range []string{"success", "pass", "COMPLETE", "not_started", "in-progress"} {
		if n, err := parseStatus(w); n != 0 || err != nil {
			t.Errorf("parseStatus(%q) = %d, %v; want 0, nil", w, n, err)
		}
	}
	for _, bad := range []string{"4o3", "1000", "-1", "2xx"} {
		if _, err := parseStatus(bad); err == nil {
			t.Errorf("parseStatus(%q): no error", bad)
		}
	}
	checkShape(t, "app.jsonl", `{"method":"GET","url":"https://api.stripe.com/v1/balance","status":"success","response":{"status_code":200}}`+"\n",
		Options{}, FormatJSON, []string{`GET "/v1/balance" host="api.stripe.com" status=200`})
}

// TestNewmanLargeBody: a Newman report writes a response body as an array
// of bytes, one per line; a list of customers runs past --max-line, and the
// request is still read (the body is passed over, not held).
func TestNewmanLargeBody(t *testing.T) {
	var body strings.Builder
	body.WriteString(`{"object":"list","data":[`)
	for i := range 3000 {
		if i > 0 {
			body.WriteString(",")
		}
		body.WriteString(`{"id":"cus_` + itoa(100000+i) + `","object":"customer"}`)
	}
	body.WriteString(`]}`)
	var data strings.Builder
	for i, c := range []byte(body.String()) {
		if i > 0 {
			data.WriteString(",\n")
		}
		data.WriteString("              " + itoa(int(c)))
	}
	input := `{
  "collection": {"_": {"postman_id": "p1"}, "item": [], "info": {"schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json"}},
  "run": {
    "executions": [
      {
        "request": {"url": {"protocol": "https", "host": ["api", "stripe", "com"], "path": ["v1", "customers"], "query": [{"key": "limit", "value": "100"}]}, "method": "GET"},
        "response": {"status": "OK", "code": 200, "header": [{"key": "Request-Id", "value": "req_big"}], "stream": {"type": "Buffer", "data": [
` + data.String() + `
        ]}, "responseTime": 80}
      }
    ]
  }
}
`
	if len(input) < DefaultMaxLine {
		t.Fatalf("the report is %d bytes: it must outgrow --max-line for the test to mean anything", len(input))
	}
	checkShape(t, "newman.json", input, Options{}, FormatJSON, []string{
		`GET "/v1/customers" host="api.stripe.com" query="limit=100" status=200 id="req_big" source="Newman"`,
	})
}

// TestLargeBodiesInRunReports: a Bruno result or a Charles transaction
// whose response body outgrows --max-line is still the request it was.
func TestLargeBodiesInRunReports(t *testing.T) {
	big := strings.Repeat(`{"id":"cus_1","object":"customer"},`, 40000)
	big = `{"object":"list","data":[` + big[:len(big)-1] + `]}`
	bruno := `{"results":[{"test":{"filename":"list.bru"},"request":{"method":"GET","url":"https://api.stripe.com/v1/customers","headers":{},"data":null},` +
		`"response":{"status":200,"statusText":"OK","headers":{},"data":` + big + `,"responseTime":9},"error":null,"status":"pass","assertionResults":[],"testResults":[]}]}` + "\n"
	quoted, _ := json.Marshal(big)
	charles := `[{"status":"COMPLETE","method":"GET","protocolVersion":"HTTP/1.1","scheme":"https","host":"api.stripe.com","actualPort":443,"path":"/v1/customers","query":null,"tunnel":false,` +
		`"times":{"start":"2026-03-04T10:15:02.000+00:00"},"request":{"header":{"headers":[]}},"response":{"status":200,"header":{"headers":[]},"body":{"text":` + string(quoted) + `}}}]` + "\n"
	for name, input := range map[string]string{"bruno": bruno, "charles": charles} {
		if len(input) < DefaultMaxLine {
			t.Fatalf("%s: %d bytes, under --max-line", name, len(input))
		}
		rd, _, err := Open(name+".json", strings.NewReader(input), Options{})
		if err != nil {
			t.Fatal(err)
		}
		reqs, errs := readAll(t, rd)
		if len(reqs) != 1 || len(errs) != 0 || reqs[0].Path != "/v1/customers" {
			t.Errorf("%s: %d requests, problems %v; want GET /v1/customers", name, len(reqs), errs)
		}
	}
}

// TestJUnitReport: a collection runner's JUnit XML says what it is.
func TestJUnitReport(t *testing.T) {
	in := `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="Stripe smoke" tests="3" time="0.912">
  <testsuite name="Create refund" id="r3" timestamp="2026-03-04T10:15:04.000Z" tests="1" failures="1" errors="0" time="0.120">
    <testcase name="Status code is 200" time="0.120" classname="StripeSmoke">
      <failure type="AssertionFailure" message="expected response to have status code 200 but got 403"/>
    </testcase>
  </testsuite>
</testsuites>
`
	path := filepath.Join(t.TempDir(), "newman-report.xml")
	if err := os.WriteFile(path, []byte(in), 0o644); err != nil {
		t.Fatal(err)
	}
	err := scanDiscarding([]Input{{Name: path, Path: path}}, ScanOptions{}, false)
	if !errors.Is(err, ErrNoRequests) || !strings.Contains(err.Error(), "this is a JUnit test report") {
		t.Errorf("err %v, want no requests, with the report named", err)
	}
}
