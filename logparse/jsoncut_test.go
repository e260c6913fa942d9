package logparse

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// harCutRead reads a HAR with the element cutter on or off: the records
// rendered, then the problems, in order; and how many elements the cutter
// cut.
func harCutRead(t testing.TB, data []byte, cut bool) (string, int) {
	t.Helper()
	return docCutRead(t, "in.har", data, FormatHAR, cut)
}

// docCutRead reads data as format with the element cutter on or off, as
// harCutRead says.
func docCutRead(t testing.TB, name string, data []byte, format Format, cut bool) (string, int) {
	t.Helper()
	old := fastCut
	fastCut = cut
	defer func() { fastCut = old }()
	rd, _, err := Open(name, bytes.NewReader(data), Options{Format: format})
	if err != nil {
		return "open: " + err.Error(), 0
	}
	reqs, errs := readAll(t, rd)
	var b strings.Builder
	for _, r := range reqs {
		b.WriteString(render(r) + "\n")
	}
	for _, e := range errs {
		b.WriteString("problem: " + e.Error() + "\n")
	}
	n := 0
	if c, ok := rd.(cleanReader); ok {
		switch d := c.Reader.(type) {
		case *harReader:
			n = d.cutN
		case *jsonArrayReader:
			n = d.cutN
		}
	}
	return b.String(), n
}

// harCutEntry is one entry to api.stripe.com whose body holds what trips a
// careless cutter: escaped quotes, a backslash before a closing quote,
// brackets inside strings.
func harCutEntry(i int, status int) string {
	return fmt.Sprintf(`{"startedDateTime": "2026-03-04T10:15:%02d.000Z", "request": {"method": "GET", "url": "https://api.stripe.com/v1/customers/cus_%d", "headers": [{"name": "X", "value": "a \"quoted\" [value] {x} \"}]}}\\"}]}, "response": {"status": %d, "headers": [{"name": "Request-Id", "value": "req_%d"}], "content": {"mimeType": "application/json", "text": "{\"error\": {\"message\": \"The provided key 'rk_test_****abc1' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_customer_read' permission would allow this request to continue.\"}, \"path\": \"C:\\\\dir\\\\\"}"}}}`, i%60, i, status, i)
}

func harCutDoc(entries []string, sep string) []byte {
	return []byte(`{"log": {"version": "1.2", "creator": {"name": "test", "version": "1"}, "entries": [` + sep +
		strings.Join(entries, ","+sep) + sep + "]}}\n")
}

// TestHARCutMatchesDecoder: reading a HAR's entries with the cutter gives
// exactly what json.Decoder alone gives, records and problems with their
// positions, for whole HARs and for every way one breaks: a broken entry,
// a missing comma, a non-object element, garbage after an entry, the file
// cut anywhere. On a whole HAR the cutter does the work.
func TestHARCutMatchesDecoder(t *testing.T) {
	var entries []string
	for i := 0; i < 40; i++ {
		entries = append(entries, harCutEntry(i, []int{200, 403}[i%2]))
	}
	whole := harCutDoc(entries, "\n    ")
	cases := map[string][]byte{
		"an entry a line":    whole,
		"one line":           harCutDoc(entries, ""),
		"CRLF":               bytes.ReplaceAll(whole, []byte("\n"), []byte("\r\n")),
		"broken entry":       bytes.Replace(whole, []byte(`"method": "GET", "url": "https://api.stripe.com/v1/customers/cus_7"`), []byte(`"method": "GET" "url": "https://api.stripe.com/v1/customers/cus_7"`), 1),
		"missing comma":      bytes.Replace(whole, []byte(`}}},`+"\n    "+`{"startedDateTime": "2026-03-04T10:15:09`), []byte(`}}}`+"\n    "+`{"startedDateTime": "2026-03-04T10:15:09`), 1),
		"string element":     harCutDoc(append(append(append([]string{}, entries[:5]...), `"not an entry"`), entries[5:]...), "\n    "),
		"garbage after":      bytes.Replace(whole, []byte(`}}},`+"\n    "+`{"startedDateTime": "2026-03-04T10:15:20`), []byte(`}}} xx,`+"\n    "+`{"startedDateTime": "2026-03-04T10:15:20`), 1),
		"junk separator":     bytes.Replace(whole, []byte(`}}},`+"\n    "+`{"startedDateTime": "2026-03-04T10:15:25`), []byte(`}}} ;`+"\n    "+`{"startedDateTime": "2026-03-04T10:15:25`), 1),
		"stray close":        bytes.Replace(whole, []byte(`}}},`+"\n    "+`{"startedDateTime": "2026-03-04T10:15:30`), []byte(`}}}]},`+"\n    "+`{"startedDateTime": "2026-03-04T10:15:30`), 1),
		"control in string":  bytes.Replace(whole, []byte(`cus_12"`), []byte("cus_12\t\""), 1),
		"invalid UTF-8":      bytes.Replace(whole, []byte(`cus_13"`), []byte("cus_13\xff\""), 1),
		"trailing comma":     bytes.Replace(whole, []byte("}}}\n]}}"), []byte("}}},\n]}}"), 1),
		"deep nesting":       bytes.Replace(whole, []byte(`"content": {"mimeType"`), []byte(`"x": `+strings.Repeat("[", 300)+strings.Repeat("]", 300)+`, "content": {"mimeType"`), 3),
		"two broken entries": bytes.Replace(bytes.Replace(whole, []byte(`cus_3"`), []byte(`cus_3" x`), 1), []byte(`cus_5"`), []byte(`cus_5" x`), 1),
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			want, _ := harCutRead(t, data, false)
			got, n := harCutRead(t, data, true)
			if got != want {
				t.Errorf("with the cutter:\n%s\nwith the decoder alone:\n%s", got, want)
			}
			if name == "an entry a line" && n < len(entries)-1 {
				t.Errorf("the cutter cut %d of %d entries", n, len(entries))
			}
		})
	}
	for cut := 1; cut < len(whole); cut += 97 {
		want, _ := harCutRead(t, whole[:cut], false)
		got, _ := harCutRead(t, whole[:cut], true)
		if got != want {
			t.Fatalf("cut at %d: with the cutter:\n%s\nwith the decoder alone:\n%s", cut, got, want)
		}
	}
}

// TestHARCutFixtures: every HAR fixture reads the same with the cutter as
// with the decoder alone.
func TestHARCutFixtures(t *testing.T) {
	checkCutFixtures(t, FormatHAR, 10, "valid/har/*.har", "invalid/*.har")
}

// checkCutFixtures reads every fixture the patterns match (at least min of
// them) as format ("" detects) with the cutter and without: the same.
func checkCutFixtures(t *testing.T, format Format, min int, patterns ...string) {
	t.Helper()
	var files []string
	for _, pattern := range patterns {
		more, _ := filepath.Glob(filepath.Join(fixtureDir, pattern))
		files = append(files, more...)
	}
	if len(files) < min {
		t.Fatalf("only %d fixtures match %v", len(files), patterns)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		want, _ := docCutRead(t, filepath.Base(f), data, format, false)
		if got, _ := docCutRead(t, filepath.Base(f), data, format, true); got != want {
			t.Errorf("%s: with the cutter:\n%s\nwith the decoder alone:\n%s", filepath.Base(f), got, want)
		}
	}
}

// TestHARCutLargeEntries: an entry larger than the cutter's read buffer (a
// capture's download) is cut whole; the cutter's buffer follows it.
func TestHARCutLargeEntries(t *testing.T) {
	body := strings.Repeat(`x\"y\\`, 60<<10) // 360 KiB of escapes, across many reads
	var entries []string
	for i := 0; i < 6; i++ {
		entries = append(entries, strings.Replace(harCutEntry(i, 200), `"text": "`, `"text": "`+body, 1))
	}
	data := harCutDoc(entries, "\n  ")
	want, _ := harCutRead(t, data, false)
	got, n := harCutRead(t, data, true)
	if got != want || !strings.Contains(got, "cus_5") {
		t.Fatalf("with the cutter:\n%s\nwith the decoder alone:\n%s", got, want)
	}
	if n != len(entries)-1 {
		t.Errorf("the cutter cut %d of %d entries", n, len(entries))
	}
}

// FuzzHARCut holds the cutter to the decoder on any bytes read as a HAR.
func FuzzHARCut(f *testing.F) {
	var entries []string
	for i := 0; i < 4; i++ {
		entries = append(entries, harCutEntry(i, 403))
	}
	f.Add(harCutDoc(entries, "\n "))
	f.Add(harCutDoc(entries, ""))
	for _, name := range []string{"capture.har", "firefox-offsets.har", "charles-base64.har"} {
		if b, err := os.ReadFile(filepath.Join(fixtureDir, "valid", "har", name)); err == nil {
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, _ := harCutRead(t, data, false)
		got, _ := harCutRead(t, data, true)
		if got != want {
			t.Fatalf("with the cutter:\n%s\nwith the decoder alone:\n%s", got, want)
		}
	})
}
