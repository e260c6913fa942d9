package logparse

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func openString(t *testing.T, s string, opts Options) (Reader, Format) {
	t.Helper()
	rd, f, err := Open("in", strings.NewReader(s), opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	return rd, f
}

func TestParseTailTextLine(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	tests := []struct {
		line              string
		method, path, qry string
		status            int
		id                string
		wantErr           string
	}{
		{line: "2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", method: "POST", path: "/v1/customers", status: 200, id: "req_1"},
		{line: "2026-03-04 10:15:02 [404] GET /v1/prices?limit=3 [req_2]", method: "GET", path: "/v1/prices", qry: "limit=3", status: 404, id: "req_2"},
		{line: "2026-03-04 10:15:02 [200] GET [View path in dashboard] [req_3]", method: "GET", status: 200, id: "req_3"},
		{line: "2026-03-04 10:15:02 [200] POST /v1/payment_intents pi_123 [req_4]", method: "POST", path: "/v1/payment_intents", status: 200, id: "req_4"},
		{line: "2026-03-04 10:15:02 [200] DELETE /v1/customers/cus_1", method: "DELETE", path: "/v1/customers/cus_1", status: 200},
		{line: "2026-03-04 10:15:02 [2x0] GET /v1/x [req_1]", wantErr: "bad status"},
		{line: "2026-03-04 10:15:02 [200] FETCH /v1/x [req_1]", wantErr: "no HTTP method"},
		{line: "2026-03-04 10:15:02 [200] GET v1/x [req_1]", wantErr: "does not start with /"},
		{line: "2026-13-04 10:15:02 [200] GET /v1/x [req_1]", wantErr: "bad timestamp"},
		{line: "hello world, this is not a log line", wantErr: "no timestamp"},
	}
	for _, tt := range tests {
		t.Run(tt.line, func(t *testing.T) {
			r, err := parseTailTextLine([]byte(tt.line), &localClock{loc: paris})
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if r.Method != tt.method || r.Path != tt.path || r.Query != tt.qry || r.Status != tt.status || r.RequestID != tt.id {
				t.Errorf("got %+v", r)
			}
			if want := time.Date(2026, 3, 4, 10, 15, 2, 0, paris); !r.Time.Equal(want) {
				t.Errorf("time %v, want %v (local to --tz)", r.Time, want)
			}
		})
	}
}

func TestParseTime(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	want := time.Date(2026, 3, 4, 10, 15, 2, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"1772619302", want},
		{"1772619302000", want},
		{"1772619302.5", want.Add(500 * time.Millisecond)},
		{"2026-03-04T10:15:02Z", want},
		{"2026-03-04T05:15:02-05:00", want},
		{"2026-03-04 10:15:02Z", want},
		{"2026-03-04 05:15:02", want},
		{"2026-03-04T05:15:02", want},
		{"2026/03/04 05:15:02", want},
	}
	for _, tt := range tests {
		got, err := parseTime(tt.in, ny)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseTime(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"yesterday", "2026-03-04 25:00:00", "-5"} {
		if _, err := parseTime(bad, ny); err == nil {
			t.Errorf("parseTime(%q) accepted", bad)
		}
	}
}

func TestSetPath(t *testing.T) {
	tests := []struct{ in, host, path, query, err string }{
		{in: "/v1/customers", path: "/v1/customers"},
		{in: "https://api.stripe.com/v1/customers/cus_1?expand[]=x#frag", host: "api.stripe.com", path: "/v1/customers/cus_1", query: "expand[]=x"},
		{in: "api.stripe.com/v1/prices", host: "api.stripe.com", path: "/v1/prices"},
		{in: "https://files.stripe.com:443/v1/files", host: "files.stripe.com", path: "/v1/files"},
		{in: "[View path in dashboard]"},
		{in: "customers", err: "not a path"},
	}
	for _, tt := range tests {
		var r Request
		err := setPath(&r, tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("setPath(%q) err %v", tt.in, err)
			}
			continue
		}
		if err != nil || r.Host != tt.host || r.Path != tt.path || r.Query != tt.query {
			t.Errorf("setPath(%q) = %q %q %q %v", tt.in, r.Host, r.Path, r.Query, err)
		}
	}
}

func TestHeaderSynonyms(t *testing.T) {
	for _, h := range []string{"method", "http_method", "HTTP Method", "httpMethod"} {
		if lookupField(h) != fMethod {
			t.Errorf("%q is not the method column", h)
		}
	}
	for _, h := range []string{"path", "url", "endpoint", "request_path", "Request Path"} {
		if lookupField(h) != fPath {
			t.Errorf("%q is not the path column", h)
		}
	}
	for h, want := range map[string]field{"status_code": fStatus, "response_code": fStatus, "request_id": fID, "created_at": fTime,
		"timestamp": fTime, "ip_address": fIP, "source_ip": fIP, "api_version": fAPIVersion, "user_agent": fUserAgent,
		"stripe_account": fAccount, "error": fMessage, "message": fMessage, "date": fTime, "time": fTime, "source": fSource} {
		if lookupField(h) != want {
			t.Errorf("%q maps to %v, want %v", h, lookupField(h), want)
		}
	}
}

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		got, err := ParseFormat(string(f))
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", f, got, err)
		}
	}
	if f, err := ParseFormat("auto"); err != nil || f != FormatUnknown {
		t.Errorf("auto: %q %v", f, err)
	}
	_, err := ParseFormat("xml")
	if err == nil || !errors.Is(err, ErrUnknownFormat) || !strings.Contains(err.Error(), "tail-text, tail-json, csv, json, har, sdk") {
		t.Errorf("unknown format error does not list the valid names: %v", err)
	}
}

func TestExtractDenial(t *testing.T) {
	tests := []struct{ line, want string }{
		{`{"message":"The provided key 'rk_test_x' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue.","type":"x"}`,
			`The provided key 'rk_test_x' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue.`},
		{`err: Permission denied. The provided key 'rk_live_x' does not have the required permissions for this endpoint on account 'acct_1'. Enabling \"Prices Read\" ('plan_read') permissions on this key would allow this request to continue. You can edit permissions at https://dashboard.stripe.com/acct_1/apikeys/mk_1/edit", "x": 1}`,
			`Permission denied. The provided key 'rk_live_x' does not have the required permissions for this endpoint on account 'acct_1'. Enabling "Prices Read" ('plan_read') permissions on this key would allow this request to continue. You can edit permissions at https://dashboard.stripe.com/acct_1/apikeys/mk_1/edit`},
		{`You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions.`,
			`You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions.`},
	}
	for _, tt := range tests {
		got, ok := extractDenial(tt.line)
		if !ok || got != tt.want {
			t.Errorf("extractDenial:\n got %q\nwant %q", got, tt.want)
		}
	}
	if _, ok := extractDenial("Your card was declined."); ok {
		t.Error("a card decline is not a permission message")
	}
}

// TestTailTextErrorLinesAttach: the lines after a failed request belong to it.
func TestTailTextErrorLinesAttach(t *testing.T) {
	in := "2026-03-04 10:15:02 [403] POST /v1/refunds [req_1]\nType: invalid_request_error\nCode: more_permissions_required\nMessage: The provided key 'rk_test_x' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue.\n!!ErrorInsight: something\n2026-03-04 10:15:03 [200] GET /v1/balance [req_2]\n"
	rd, f := openString(t, in, Options{Location: time.UTC})
	if f != FormatTailText {
		t.Fatalf("format %s", f)
	}
	reqs, errs := readAll(t, rd)
	if len(errs) > 0 || len(reqs) != 2 {
		t.Fatalf("reqs %d errs %v", len(reqs), errs)
	}
	e := reqs[0].Error
	if e == nil || e.Type != "invalid_request_error" || e.Code != "more_permissions_required" || !strings.Contains(e.Message, "rak_charge_write") {
		t.Errorf("error lines not attached: %+v", e)
	}
	if reqs[1].Error != nil || reqs[1].Pos.Line != 6 {
		t.Errorf("second request %+v", reqs[1])
	}
}

// TestOpenLivePipe: on a pipe each record comes out as soon as it is
// complete, and sniffing needs only the first record.
func TestOpenLivePipe(t *testing.T) {
	for _, tc := range []struct {
		name   string
		format Format
		first  string
		second string
	}{
		{"tail-json compact", FormatTailJSON, `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"req_1","created_at":1772619302,"error":null}` + "\n", `{"livemode":false,"method":"GET","url":"/v1/b","status":200,"request_id":"req_2","created_at":1772619302,"error":null}` + "\n"},
		{"tail-json pretty", FormatTailJSON, "{\n  \"livemode\": false,\n  \"method\": \"GET\",\n  \"url\": \"/v1/a\",\n  \"status\": 200,\n  \"request_id\": \"req_1\",\n  \"created_at\": 1772619302\n}\n", "{\n  \"method\": \"GET\",\n  \"url\": \"/v1/b\",\n  \"status\": 200,\n  \"request_id\": \"req_2\",\n  \"created_at\": 1772619302\n}\n"},
		{"tail-text failed request", FormatTailText, "Getting ready...\n2026-03-04 10:15:02 [403] GET /v1/a [req_1]\nMessage: The provided key 'rk_test_x' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_x_read' permission would allow this request to continue.\n", "2026-03-04 10:15:03 [200] GET /v1/b [req_2]\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pr, pw := io.Pipe()
			defer pr.Close()
			go func() { _, _ = io.WriteString(pw, tc.first) }()
			type opened struct {
				rd  Reader
				f   Format
				err error
			}
			ch := make(chan opened, 1)
			go func() { rd, f, err := Open("pipe", pr, Options{Location: time.UTC}); ch <- opened{rd, f, err} }()
			var o opened
			select {
			case o = <-ch:
			case <-time.After(5 * time.Second):
				t.Fatal("Open blocked waiting for more than the first record")
			}
			if o.err != nil || o.f != tc.format {
				t.Fatalf("Open: %v %v", o.f, o.err)
			}
			got := make(chan Request, 2)
			go func() {
				for {
					r, err := o.rd.Next()
					if err != nil {
						close(got)
						return
					}
					got <- r
				}
			}()
			select {
			case r := <-got:
				if r.Path != "/v1/a" {
					t.Fatalf("first record %+v", r)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("first record held back until more input arrived")
			}
			_, _ = io.WriteString(pw, tc.second)
			pw.Close()
			if r := <-got; r.Path != "/v1/b" {
				t.Fatalf("second record %+v", r)
			}
		})
	}
}

func writeFile(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func fixture(t *testing.T, rel string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixtureDir, "valid", rel))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func gz(t *testing.T, b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(b)
	_ = w.Close()
	return buf.Bytes()
}

// TestScanMixedInputs: files, a gz, a directory, a glob and stdin in one
// run, each detected on its own, in order.
func TestScanMixedInputs(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a/tail.log", fixture(t, "tail-text/plain.log"))
	writeFile(t, dir, "b/one.csv", fixture(t, "csv/dashboard.csv"))
	writeFile(t, dir, "b/sub/two.har", fixture(t, "har/capture.har"))
	writeFile(t, dir, "b/.hidden", []byte("not read"))
	writeFile(t, dir, "c/x.jsonl.gz", gz(t, fixture(t, "tail-json/compact.jsonl")))
	writeFile(t, dir, "c/y.jsonl.gz", gz(t, fixture(t, "json/lines.jsonl")))
	inputs, err := Expand([]string{a, filepath.Join(dir, "b"), filepath.Join(dir, "c", "*.gz"), "-", a})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, in := range inputs {
		names = append(names, strings.TrimPrefix(in.Name, dir))
	}
	want := "/a/tail.log /b/one.csv /b/sub/two.har /c/x.jsonl.gz /c/y.jsonl.gz -"
	if strings.Join(names, " ") != want {
		t.Fatalf("Expand = %v, want %s", names, want)
	}
	var order []string
	stats, err := Scan(context.Background(), inputs, ScanOptions{Stdin: bytes.NewReader(fixture(t, "sdk/python.log"))},
		func(r Request) error { order = append(order, filepath.Base(r.Pos.File)); return nil })
	if err != nil {
		t.Fatal(err)
	}
	formats := []Format{FormatTailText, FormatCSV, FormatHAR, FormatTailJSON, FormatJSON, FormatSDK}
	for i, s := range stats {
		if s.Format != formats[i] || s.Requests == 0 {
			t.Errorf("%s: %s with %d requests, want %s", s.Input, s.Format, s.Requests, formats[i])
		}
	}
	if order[0] != "tail.log" || order[len(order)-1] != "-" {
		t.Errorf("records out of input order: %v", order)
	}
}

func TestExpandErrors(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct{ arg, want string }{
		{filepath.Join(dir, "missing.log"), "no such file"},
		{filepath.Join(dir, "*.nothing"), "matched no files"},
		{dir, "holds no log files"},
	} {
		_, err := Expand([]string{tc.arg})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Expand(%s) = %v, want %q", tc.arg, err, tc.want)
		}
	}
}

// TestScanParallelMatchesSequential: chunked decoding gives exactly the
// records, problems and order of the plain reader.
func TestScanParallelMatchesSequential(t *testing.T) {
	data := benchTailJSON(30000)
	// Sprinkle bad lines, a slow-path record and a blank line across chunks.
	lines := bytes.Split(data, []byte("\n"))
	lines[7] = []byte(`{"method":"GET","url":`)
	lines[12000] = []byte(`{"livemode":true,"method":"POST","url":"/v1/refunds","status":403,"request_id":"req_x","created_at":1772619302,"error":{"message":"The provided key 'rk_test_x' does not have the required permissions for this endpoint on account 'acct_1'. Having more permissions would allow this request to continue."}}`)
	lines[20001] = nil
	lines[25000] = []byte("garbage")
	data = bytes.Join(lines, []byte("\n"))
	path := writeFile(t, t.TempDir(), "big.jsonl", data)
	collect := func() (string, []Stats) {
		var b strings.Builder
		st, err := Scan(context.Background(), []Input{{Name: "big.jsonl", Path: path}}, ScanOptions{
			OnProblem: func(pe *ParseError) { b.WriteString("problem " + pe.Error() + "\n") },
		}, func(r Request) error { b.WriteString(render(r) + "\n"); return nil })
		if err != nil {
			t.Fatal(err)
		}
		return b.String(), st
	}
	par, pst := collect()
	parallelDecode = false
	seq, sst := collect()
	parallelDecode = true
	if par != seq {
		t.Fatal("parallel and sequential decoding differ")
	}
	if pst[0].Requests != 29997 || pst[0].Skipped != 2 || pst[0].Live != 1 || sst[0].Skipped != 2 {
		t.Errorf("stats %+v", pst[0])
	}
}

func TestScanErrors(t *testing.T) {
	dir := t.TempDir()
	long := append([]byte(`{"method":"GET","url":"/v1/`), bytes.Repeat([]byte("a"), 1<<20)...)
	long = append(long, []byte("\"}\n")...)
	good := fixture(t, "tail-json/compact.jsonl")
	tests := []struct {
		name, file string
		data       []byte
		opt        ScanOptions
		kind       error  // Scan's error
		problem    error  // a reported problem
		msg        string // in the error or a problem
	}{
		{name: "1 MiB line is skipped and reported", file: "long.jsonl", data: append(append([]byte{}, good...), long...),
			problem: ErrLineTooLong, msg: "long.jsonl:8:1: line too long: longer than 1048576 bytes (raise --max-line"},
		{name: "max-line raised reads it", file: "long2.jsonl", data: append(append([]byte{}, good...), long...), opt: ScanOptions{Options: Options{MaxLine: 2 << 20}},
			problem: nil, msg: ""},
		{name: "strict stops at the first problem", file: "strict.jsonl", data: append([]byte("{bad\n"), good...), opt: ScanOptions{Strict: true},
			kind: ErrMalformed, msg: "strict.jsonl:1:"},
		{name: "gzip cut short", file: "cut.jsonl.gz", data: gz(t, good)[:60], kind: ErrTruncated, msg: "cut.jsonl.gz"},
		{name: "wrong forced format", file: "w.csv", data: fixture(t, "csv/dashboard.csv"), opt: ScanOptions{Options: Options{Format: FormatHAR}},
			kind: ErrWrongFormat, msg: "this looks like csv, not har"},
		{name: "forced csv on a table without columns", file: "n.csv", data: []byte("a,b\n1,2\n"), opt: ScanOptions{Options: Options{Format: FormatCSV}},
			kind: ErrWrongFormat, msg: "n.csv:1:1: input does not match the requested format: the header row names no method and path columns"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeFile(t, dir, tt.file, tt.data)
			var problems []*ParseError
			tt.opt.OnProblem = func(pe *ParseError) { problems = append(problems, pe) }
			_, err := Scan(context.Background(), []Input{{Name: tt.file, Path: p}}, tt.opt, func(Request) error { return nil })
			if tt.kind != nil && !errors.Is(err, tt.kind) {
				t.Fatalf("err = %v, want kind %v", err, tt.kind)
			}
			if tt.kind == nil && err != nil {
				t.Fatalf("err = %v", err)
			}
			all := ""
			if err != nil {
				all = err.Error() + "\n"
			}
			for _, pe := range problems {
				all += pe.Error() + "\n"
				if tt.problem != nil && !errors.Is(pe, tt.problem) {
					t.Errorf("problem %v is not %v", pe, tt.problem)
				}
			}
			if tt.problem != nil && len(problems) == 0 {
				t.Errorf("no problem reported")
			}
			if tt.problem == nil && tt.kind == nil && len(problems) > 0 {
				t.Errorf("unexpected problems: %v", problems)
			}
			if !strings.Contains(all, tt.msg) {
				t.Errorf("messages lack %q:\n%s", tt.msg, all)
			}
		})
	}
}

// TestErrorsNeverCarryKeys: a key inside a bad record is redacted in the
// error text.
func TestErrorsNeverCarryKeys(t *testing.T) {
	key := "sk_live_CANARY" + strings.Repeat("x", 30)
	rd, _ := openString(t, "2026-03-04 10:15:02 [200] GET /v1/a [req_1]\n2026-03-04 10:15:02 [abc] "+key+"\n", Options{})
	_, errs := readAll(t, rd)
	if len(errs) != 1 {
		t.Fatalf("errs %v", errs)
	}
	if strings.Contains(errs[0].Error(), "CANARY") {
		t.Errorf("error carries the key: %v", errs[0])
	}
}

// TestFastPathCoversErrorObjects: the empty error object some CLI versions
// print on every request, and a real one, stay on the fast path and read the
// same as through encoding/json.
func TestFastPathCoversErrorObjects(t *testing.T) {
	for _, line := range []string{
		`{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"req_1","created_at":1772619302,"error":{"type":"","charge":"","code":"","decline_code":"","message":"","param":"","error_insight":""}}`,
		`{"livemode":false,"method":"POST","url":"/v1/refunds","status":403,"request_id":"req_2","created_at":1772619302,"error":{"type":"invalid_request_error","code":"","message":"The provided key 'rk_test_x' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue.","param":null}}`,
	} {
		var fast Request
		if !fastTailJSON([]byte(line), &fast) {
			t.Fatalf("fast path refused %s", line)
		}
		slow, err := decodeObject([]byte(line), nil)
		if err != nil || render(fast) != render(slow) {
			t.Errorf("fast %s\nslow %s (%v)", render(fast), render(slow), err)
		}
	}
}

// TestFastPathExtraFields: the fields newer CLI versions add to a tail
// event keep a line on the fast path, read as the general reader reads
// them; a key whose value the general reader looks into (a body holding a
// 403's message), a second key for one field, or a value that is not a
// plain string sends the line the general way.
func TestFastPathExtraFields(t *testing.T) {
	const head = `{"livemode":false,"method":"POST","url":"/v1/refunds","status":403,"request_id":"req_1","created_at":1772619302,"error":null,`
	for _, tc := range []struct {
		extra string
		fast  bool
	}{
		{`"api_version":"2026-02-25.clover","source":"api","ip_address":" 203.0.113.9 ","account":"acct_1Conn","duration":212}`, true},
		{`"stripe_account":"acct_1Conn","user_agent":"Stripe/v1 GoBindings/82.0.0","idempotency_key":"k","api_version":null}`, true},
		{`"content":"Having the 'rak_charge_write' permission would allow this request to continue."}`, false},
		{`"responseBody":"Having the 'rak_charge_write' permission would allow this request to continue."}`, false},
		{`"data":"x"}`, false},
		{`"account":"acct_1","stripe_account":"acct_2"}`, false},
		{`"api_version":2024}`, false},
		{`"request_headers":{"Stripe-Context":"acct_1Ctx"}}`, false},
	} {
		line := []byte(head + tc.extra)
		var fast Request
		if ok := fastTailJSON(line, &fast); ok != tc.fast {
			t.Errorf("fast path took %s: %v, want %v", tc.extra, ok, tc.fast)
			continue
		}
		if !tc.fast {
			continue
		}
		slow, err := decodeObject(line, nil)
		if err != nil || render(fast) != render(slow) {
			t.Errorf("%s:\nfast %s\nslow %s (%v)", tc.extra, render(fast), render(slow), err)
		}
	}
}

func TestJSONBodyAsText(t *testing.T) {
	in := `[{"request":{"method":"POST","url":"https://api.stripe.com/v1/payouts"},"response":{"status":403,"body":"{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"The provided key 'rk_test_x' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_payout_write' permission would allow this request to continue.\"}}"}}]`
	rd, f := openString(t, in, Options{})
	reqs, errs := readAll(t, rd)
	if f != FormatJSON || len(errs) > 0 || len(reqs) != 1 {
		t.Fatalf("%s %v %v", f, reqs, errs)
	}
	if e := reqs[0].Error; e == nil || !strings.Contains(e.Message, "rak_payout_write") || reqs[0].Status != 403 {
		t.Errorf("body message not read: %+v", reqs[0])
	}
}

// TestClassicMacLineEnds: an input whose lines end with a bare CR (Excel's
// "CSV (Macintosh)", old Mac editors) is read line by line, in every
// format, not as one line redrawn over and over.
func TestClassicMacLineEnds(t *testing.T) {
	for _, tc := range []struct {
		name, data string
		format     Format
	}{
		{"tail-text", "2026-03-04 10:15:02 [200] GET /v1/prices [req_0]\r2026-03-04 10:15:03 [200] GET /v1/prices [req_1]\r", FormatTailText},
		{"tail-json", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"r","created_at":5,"error":null}` + "\r" +
			`{"livemode":false,"method":"GET","url":"/v1/b","status":200,"request_id":"r","created_at":6,"error":null}`, FormatTailJSON},
		{"csv", "method,path\rGET,/v1/a\rGET,/v1/b\r", FormatCSV},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, format, err := Open("mac", strings.NewReader(tc.data), Options{Location: time.UTC})
			if err != nil || format != tc.format {
				t.Fatalf("Open: %v, %v; want %s", format, err, tc.format)
			}
			reqs, errs := readAll(t, rd)
			if len(reqs) != 2 || len(errs) > 0 {
				t.Fatalf("%d records, errors %v; want 2 records", len(reqs), errs)
			}
		})
	}
}

// TestJSONHeaders: headers kept in a JSON record are read as a capture's
// are (requestHeader, responseHeader): the mode of the key, never the key;
// the request id; the Date when the record has no time of its own.
func TestJSONHeaders(t *testing.T) {
	key := "rk_live_CANARY" + strings.Repeat("h", 24)
	in := `{"method":"POST","url":"/v1/refunds","status":200,"headers":{"Authorization":"Bearer ` + key + `","Date":"Wed, 04 Mar 2026 10:15:02 GMT","Request-Id":"req_1"}}` + "\n" +
		`{"method":"POST","url":"/v1/refunds","status":200,"created":1772619400,"headers":[{"name":"Date","value":"Wed, 04 Mar 2026 10:15:02 GMT"},{"name":"authorization","value":"Bearer sk_test_x"}]}` + "\n"
	rd, _ := openString(t, in, Options{})
	reqs, errs := readAll(t, rd)
	if len(errs) > 0 || len(reqs) != 2 {
		t.Fatalf("%v %v", reqs, errs)
	}
	got := render(reqs[0]) + "\n" + render(reqs[1])
	for _, want := range []string{
		`id="req_1" time="2026-03-04T10:15:02Z" livemode=true`,
		`time="2026-03-04T10:16:40Z" livemode=false`, // its own time wins over the Date
	} {
		if !strings.Contains(got, want) {
			t.Errorf("records lack %s:\n%s", want, got)
		}
	}
	if strings.Contains(got, "CANARY") {
		t.Errorf("a record carries the key:\n%s", got)
	}
}
