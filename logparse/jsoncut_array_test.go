package logparse

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// arrayCutElement is one request object whose strings hold what trips a
// careless cutter: escaped quotes, a backslash before a closing quote,
// brackets.
func arrayCutElement(i int) string {
	return fmt.Sprintf(`{"method": "POST", "path": "/v1/customers/cus_%d", "status": %d, "request_id": "req_%d", "created": %d, "note": "a \"quoted\" [value] {x} \"}]}\\", "error": {"message": "C:\\dir\\"}}`,
		i, []int{200, 403}[i%2], i, 1772619302+i)
}

// TestArrayCutMatchesDecoder: reading a JSON array's elements with the
// cutter gives exactly what json.Decoder alone gives, records and problems
// with their positions: bare and wrapped arrays (whose reader reads on
// after the array), documents joined by cat, Postman runs, arrays of log
// events, and every way one breaks. On a whole array the cutter does the
// work.
func TestArrayCutMatchesDecoder(t *testing.T) {
	var elements []string
	for i := 0; i < 40; i++ {
		elements = append(elements, arrayCutElement(i))
	}
	bare := func(sep string, els []string) []byte {
		return []byte("[" + sep + strings.Join(els, ","+sep) + sep + "]\n")
	}
	whole := bare("\n  ", elements)
	wrapped := []byte("{\n  \"events\": " + string(bytes.TrimSpace(bare("\n    ", elements))) + `, "searchedLogStreams": [{"logStreamName": "x"}], "nextToken": "abc"` + "\n}\n")
	events := "{\n" + `"events": [` + "\n" +
		`  {"timestamp": 1772619302000, "message": "message='Request to Stripe api' method=post path=https://api.stripe.com/v1/refunds"},` + "\n" +
		`  {"timestamp": 1772619303000, "message": "Stripe API error received error_code=more_permissions_required error_message=\"The provided key 'rk_test_****abc1' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_refund_write' permission would allow this request to continue.\""},` + "\n" +
		`  {"timestamp": 1772619304000, "message": "message='Request to Stripe api' method=get path=https://api.stripe.com/v1/balance"}` + "\n" +
		`], "nextToken": "x"}` + "\n"
	cases := map[string][]byte{
		"an element a line":   whole,
		"one line":            bare("", elements),
		"CRLF":                bytes.ReplaceAll(whole, []byte("\n"), []byte("\r\n")),
		"wrapped":             wrapped,
		"wrapped twice (cat)": append(append([]byte{}, wrapped...), wrapped...),
		"wrapped, no newline": append(bytes.TrimSpace(wrapped), bytes.TrimSpace(wrapped)...),
		"log events":          []byte(events),
		"log events twice":    []byte(events + events),
		"broken element":      bytes.Replace(whole, []byte(`"path": "/v1/customers/cus_7",`), []byte(`"path": "/v1/customers/cus_7"`), 1),
		"missing comma":       bytes.Replace(whole, []byte(`"}},`+"\n  "+`{"method": "POST", "path": "/v1/customers/cus_9"`), []byte(`"}}`+"\n  "+`{"method": "POST", "path": "/v1/customers/cus_9"`), 1),
		"string element":      bare("\n  ", append(append(append([]string{}, elements[:5]...), `"not a request"`), elements[5:]...)),
		"array element":       bare("\n  ", append(append(append([]string{}, elements[:5]...), `[`+elements[0]+`]`), elements[5:]...)),
		"number elements":     bare("\n  ", append(append(append([]string{}, elements[:5]...), "1", "2", "3"), elements[5:]...)),
		"garbage after":       bytes.Replace(whole, []byte(`"}},`+"\n  "+`{"method": "POST", "path": "/v1/customers/cus_20"`), []byte(`"}} xx,`+"\n  "+`{"method": "POST", "path": "/v1/customers/cus_20"`), 1),
		"stray close":         bytes.Replace(whole, []byte(`"}},`+"\n  "+`{"method": "POST", "path": "/v1/customers/cus_30"`), []byte(`"}}]},`+"\n  "+`{"method": "POST", "path": "/v1/customers/cus_30"`), 1),
		"control in string":   bytes.Replace(whole, []byte(`cus_12"`), []byte("cus_12\t\""), 1),
		"invalid UTF-8":       bytes.Replace(whole, []byte(`cus_13"`), []byte("cus_13\xff\""), 1),
		"trailing comma":      bytes.Replace(whole, []byte("}}\n]"), []byte("}},\n]"), 1),
		"empty array":         []byte("[]\n"),
		"empty wrapped":       []byte(`{"events": [], "nextToken": "x"}` + "\n"),
		"deep nesting":        bytes.Replace(whole, []byte(`"error": {`), []byte(`"x": `+strings.Repeat("[", 300)+strings.Repeat("]", 300)+`, "error": {`), 3),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			want, _ := docCutRead(t, "in.json", data, FormatJSON, false)
			got, n := docCutRead(t, "in.json", data, FormatJSON, true)
			if got != want {
				t.Errorf("with the cutter:\n%s\nwith the decoder alone:\n%s", got, want)
			}
			if (name == "an element a line" || name == "wrapped") && n < len(elements)-1 {
				t.Errorf("the cutter cut %d of %d elements", n, len(elements))
			}
		})
	}
	for _, data := range [][]byte{whole, wrapped} {
		for cut := 1; cut < len(data); cut += 89 {
			want, _ := docCutRead(t, "in.json", data[:cut], FormatJSON, false)
			got, _ := docCutRead(t, "in.json", data[:cut], FormatJSON, true)
			if got != want {
				t.Fatalf("cut at %d: with the cutter:\n%s\nwith the decoder alone:\n%s", cut, got, want)
			}
		}
	}
}

// TestArrayCutFixtures: every JSON fixture reads the same with the cutter
// as with the decoder alone.
func TestArrayCutFixtures(t *testing.T) {
	checkCutFixtures(t, "", 20, "valid/json/*.json", "valid/sdk/*.json", "invalid/*.json")
}

// FuzzArrayCut holds the cutter to the decoder on any bytes read as JSON.
func FuzzArrayCut(f *testing.F) {
	var elements []string
	for i := 0; i < 4; i++ {
		elements = append(elements, arrayCutElement(i))
	}
	f.Add([]byte("[\n  " + strings.Join(elements, ",\n  ") + "\n]\n"))
	f.Add([]byte(`{"events": [` + strings.Join(elements, ",") + `], "nextToken": "x"}{"results": [` + elements[0] + `]}`))
	for _, name := range []string{"array.json", "cloudwatch-events.json", "postman-runner-export.json", "otel-spans.jsonl", "splunk-rest-results.json"} {
		if b, err := os.ReadFile(filepath.Join(fixtureDir, "valid", "json", name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, _ := docCutRead(t, "in.json", data, FormatJSON, false)
		got, _ := docCutRead(t, "in.json", data, FormatJSON, true)
		if got != want {
			t.Fatalf("with the cutter:\n%s\nwith the decoder alone:\n%s", got, want)
		}
	})
}
