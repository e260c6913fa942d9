package logparse

import (
	"bytes"
	"compress/zlib"
	"strings"
	"testing"
	"unicode/utf16"
)

// TestSniffLookalikes: first lines that resemble another format than the
// one they are, each from a real source.
func TestSniffLookalikes(t *testing.T) {
	for _, tc := range []struct {
		name, input string
		want        Format
	}{
		{"tail-text status", "2026-03-04 10:15:02 [200] GET /v1/customers [req_1]\n", FormatTailText},
		{"python logging with a level in brackets",
			"2026-03-04 10:15:02 [INFO] stripe: message='Request to Stripe api' method=post url=https://api.stripe.com/v1/customers\n", FormatSDK},
		{"a bracketed word after a timestamp", "2026-03-04 10:15:02 [worker-1] GET /v1/customers done\n", FormatSDK},
		{"Docker json-file log", `{"log":"2026-03-04T10:15:02Z stripe request POST /v1/refunds\n","stream":"stderr","time":"2026-03-04T10:15:02.1Z"}` + "\n", FormatSDK},
		{"HAR on one line", `{"log":{"version":"1.2","entries":[]}}` + "\n", FormatHAR},
		// An entry per line under a first line that opens the document (a
		// HAR written by a script), more than sniffing reads.
		{"HAR, an entry per line", `{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[` + "\n" +
			strings.Repeat(`{"request":{"method":"GET","url":"https://api.stripe.com/v1/prices"},"response":{"status":200}},`+"\n", 5000) + "{}\n]}}\n", FormatHAR},
		{"stripe-node request event", `{"api_version":"2024-06-20","account":"acct_1","idempotency_key":"k","method":"POST","path":"/v1/customers","request_start_time":1772619302000}` + "\n", FormatSDK},
		{"tail-json", `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"req_1","created_at":1,"error":null}` + "\n", FormatTailJSON},
		{"request export", `{"method":"GET","path":"/v1/a","status":200}` + "\n", FormatJSON},
		// Objects that wrap the array of records (aws logs filter-log-events,
		// Splunk REST results), and lookalikes that do not.
		{"wrapped array, pretty and longer than sniffing reads", "{\n    \"events\": [\n" + strings.Repeat("        {\"message\": \"x\"},\n", 2100) + "        {}\n    ]\n}\n", FormatJSON},
		{"wrapped array after other keys", `{"preview":false,"fields":[{"name":"_raw"}],"results":[{"_raw":"x"}]}` + "\n", FormatJSON},
		{"wrapped array on a line longer than the buffer", `{"results":[{"_raw":"` + strings.Repeat("x", 70<<10) + `"}]}` + "\n", FormatJSON},
		{"events nested in a record", `{"method":"GET","path":"/v1/a","meta":{"events":[{"a":1}]}}` + "\n", FormatJSON},
		{"results in an application log line", `{"level":"info","msg":"batch done","results":[{"ok":true}]}` + "\n", FormatSDK},
		{"a key named events in a string", `{"msg":"\"events\": [ not a key"}` + "\n", FormatSDK},
		// serilog-formatting-compact's CompactJsonFormatter, IHttpClientFactory's start line.
		{"Serilog compact JSON", `{"@t":"2026-03-04T10:15:02.1234567Z","@mt":"Start processing HTTP request {HttpMethod} {Uri}","HttpMethod":"POST","Uri":"https://api.stripe.com/v1/customers"}` + "\n", FormatSDK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, got, err := Open("x", strings.NewReader(tc.input), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("sniffed %s, want %s", got, tc.want)
			}
			c, _ := rd.(cleanReader)
			_, array := c.Reader.(*jsonArrayReader)
			if wrapped := strings.Contains(tc.name, "wrapped array"); array != wrapped {
				t.Errorf("read as a JSON array: %v, want %v", array, wrapped)
			}
		})
	}
}

// TestJSONLinesSkipOtherHosts: an export of all outgoing HTTP calls holds
// other APIs too; only Stripe's (and local stand-ins) are requests here.
func TestJSONLinesSkipOtherHosts(t *testing.T) {
	input := `{"method":"GET","url":"https://api.github.com/v1/repos","status":200}` + "\n" +
		`{"method":"POST","url":"https://api.stripe.com/v1/customers","status":200}` + "\n" +
		`{"method":"GET","url":"http://localhost:12111/v1/prices","status":200}` + "\n" +
		`{"livemode":false,"method":"GET","url":"https://hooks.example.com/v1/x","status":200,"request_id":"req_1","created_at":1,"error":null}` + "\n"
	rd, _, err := Open("calls.jsonl", strings.NewReader(input), Options{})
	if err != nil {
		t.Fatal(err)
	}
	reqs, errs := readAll(t, rd)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var got []string
	for _, r := range reqs {
		got = append(got, r.Method+" "+r.Path)
	}
	if want := "POST /v1/customers,GET /v1/prices"; strings.Join(got, ",") != want {
		t.Errorf("read %q, want %q", got, want)
	}
}

// TestOpenTranscodes: UTF-16 with a byte-order mark (PowerShell 5.1's `>`,
// Excel's "Unicode Text") and zlib (mitmproxy's .zhar) read like the plain
// text inside them.
func TestOpenTranscodes(t *testing.T) {
	tail := `{"livemode":false,"method":"GET","url":"/v1/prices","status":200,"request_id":"req_1","created_at":1767225600,"error":null}` + "\r\n" +
		`{"livemode":false,"method":"POST","url":"/v1/charges","status":403,"request_id":"req_2","created_at":1767225601,"error":null}` + "\r\n"
	utf16 := func(s string, big bool) []byte {
		var b []byte
		put := func(u uint16) {
			if big {
				b = append(b, byte(u>>8), byte(u))
			} else {
				b = append(b, byte(u), byte(u>>8))
			}
		}
		put(0xfeff)
		for _, u := range utf16.Encode([]rune(s)) {
			put(u)
		}
		return b
	}
	var z bytes.Buffer
	zw := zlib.NewWriter(&z)
	zw.Write([]byte(tail))
	zw.Close()
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"UTF-16LE", utf16(tail, false)},
		{"UTF-16BE", utf16(tail, true)},
		{"zlib", z.Bytes()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, f, err := Open("x", bytes.NewReader(tc.data), Options{})
			if err != nil {
				t.Fatal(err)
			}
			reqs, errs := readAll(t, rd)
			if f != FormatTailJSON || len(reqs) != 2 || len(errs) > 0 || reqs[1].Path != "/v1/charges" {
				t.Fatalf("format %s, %d requests %+v, problems %v", f, len(reqs), reqs, errs)
			}
		})
	}
	// Bytes that only look like a zlib header at the start of a damaged file.
	if _, _, err := Open("bad.zhar", bytes.NewReader([]byte{0x78, 0x9c, 0xff, 0xff, 0xff}), Options{}); err == nil {
		t.Error("a broken zlib stream opened")
	}
}
