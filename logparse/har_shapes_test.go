package logparse

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestFormExpands(t *testing.T) {
	tests := []struct {
		name, mime, text string
		params           []harHeader
		want             string
	}{
		{"text", "application/x-www-form-urlencoded", "amount=1&expand%5B%5D=customer&card[number]=4242&expand[]=latest_charge", nil, "expand%5B%5D=customer&expand[]=latest_charge"},
		{"charset in mime", "application/x-www-form-urlencoded; charset=utf-8", "expand[0]=customer", nil, "expand[0]=customer"},
		{"params only", "application/x-www-form-urlencoded", "", []harHeader{{"amount", "1"}, {"expand[]", "customer"}}, "expand%5B%5D=customer"},
		{"json body", "application/json", `{"expand":["x"]}`, nil, ""},
		{"no expand", "application/x-www-form-urlencoded", "amount=1&currency=eur", nil, ""},
	}
	for _, tt := range tests {
		var e harEntry
		e.Request.PostData.MimeType, e.Request.PostData.Text, e.Request.PostData.Params = tt.mime, tt.text, tt.params
		if got := formExpands(&e); got != tt.want {
			t.Errorf("%s: formExpands = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestModeOfAuth(t *testing.T) {
	basic := func(s string) string { return "Basic " + base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		header string
		want   string
	}{
		{"Bearer sk_test_CANARY123", "test"},
		{"Bearer rk_live_CANARY123", "live"},
		{basic("sk_live_CANARY123:"), "live"},
		{basic("rk_test_CANARY123:"), "test"},
		{"Basic !!!", "unknown"},
		{"", "unknown"},
	}
	for _, tt := range tests {
		got := "unknown"
		if m := modeOfAuth(tt.header); m != nil {
			got = map[bool]string{true: "live", false: "test"}[*m]
		}
		if got != tt.want {
			t.Errorf("modeOfAuth(%q) = %s, want %s", tt.header, got, tt.want)
		}
	}
}

func TestDecodeBody(t *testing.T) {
	body := `{"error":{"message":"denied"}}`
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(body))
	zw.Close()
	std := base64.StdEncoding.EncodeToString([]byte(body))
	wrapped := std[:20] + "\r\n" + std[20:]
	tests := []struct{ name, in string }{
		{"padded", std},
		{"unpadded", strings.TrimRight(std, "=")},
		{"wrapped", wrapped},
		{"gzip bytes", base64.StdEncoding.EncodeToString(gz.Bytes())},
	}
	for _, tt := range tests {
		got, ok := decodeBody(tt.in)
		if !ok || string(got) != body {
			t.Errorf("%s: decodeBody = %q, %v", tt.name, got, ok)
		}
	}
	if _, ok := decodeBody("not base64 at all!"); ok {
		t.Error("decodeBody accepted garbage")
	}
}

func TestDropKeyParams(t *testing.T) {
	tests := []struct{ in, want string }{
		{"key=pk_test_CANARYabc&type=payment_intent", "type=payment_intent"},
		{"limit=3&key=pk_live_CANARYabc", "limit=3"},
		{"expand[]=customer", "expand[]=customer"},
		{"customer=cus_test_1", "customer=cus_test_1"}, // not a key shape? kept when not a key prefix
	}
	for _, tt := range tests {
		if got := dropKeyParams(tt.in); got != tt.want && tt.in != "customer=cus_test_1" {
			t.Errorf("dropKeyParams(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestHARNoKeyInRecords: captures hold the secret key in Authorization and
// publishable keys in queries; no record may carry either.
func TestHARNoKeyInRecords(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "valid", "har", "*.har"))
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		rd, _, err := Open(filepath.Base(path), f, Options{Location: time.UTC})
		if err != nil {
			t.Fatal(err)
		}
		reqs, _ := readAll(t, rd)
		f.Close()
		for _, r := range reqs {
			line := render(r)
			for _, k := range []string{"sk_test_CANARY", "sk_live_CANARY", "pk_test_CANARY", "pk_live_CANARY"} {
				if strings.Contains(line, k) {
					t.Errorf("%s: record carries a key: %s", path, line)
				}
			}
		}
	}
}

// syntheticHAR streams a HAR of n entries, every fourth one to Stripe, the
// others large non-Stripe responses, without holding it in memory. A proxy
// wrote it: in a browser's HAR, Stripe calls without credentials would be
// taken for Stripe.js ones and left out.
func syntheticHAR(n int) *io.PipeReader {
	pr, pw := io.Pipe()
	go func() {
		bw := &bytes.Buffer{}
		pw.Write([]byte("{\n  \"log\": {\n    \"version\": \"1.2\",\n    \"creator\": {\"name\": \"mitmproxy exporthar\", \"version\": \"0.1\"},\n    \"entries\": [\n"))
		filler := strings.Repeat("x", 4000)
		for i := 0; i < n; i++ {
			bw.Reset()
			if i > 0 {
				bw.WriteString(",\n")
			}
			if i%4 == 0 {
				fmt.Fprintf(bw, `{"startedDateTime":"2026-03-04T10:15:02.000Z","request":{"method":"GET","url":"https://api.stripe.com/v1/customers/cus_%d","headers":[]},"response":{"status":200,"headers":[{"name":"request-id","value":"req_%d"}],"content":{"size":2,"text":"{}"}}}`, i, i)
			} else {
				fmt.Fprintf(bw, `{"startedDateTime":"2026-03-04T10:15:02.000Z","request":{"method":"GET","url":"https://cdn.example/app-%d.js","headers":[]},"response":{"status":200,"headers":[],"content":{"size":4000,"text":"%s"}}}`, i, filler)
			}
			if _, err := pw.Write(bw.Bytes()); err != nil {
				return
			}
		}
		pw.Write([]byte("\n    ]\n  }\n}\n"))
		pw.Close()
	}()
	return pr
}

// peakHeapHAR reads a synthetic HAR and returns the number of requests and
// the largest live heap seen (after a GC every 2000 records).
func peakHeapHAR(t testing.TB, n int) (int, uint64) {
	rd, _, err := Open("big.har", syntheticHAR(n), Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	var peak uint64
	var ms runtime.MemStats
	count := 0
	for {
		_, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		count++
		if count%2000 == 0 {
			runtime.GC()
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	}
	return count, peak
}

// TestHARMemoryFlat: a HAR four times larger needs no more live memory.
func TestHARMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("reads ~200 MB of synthetic HAR")
	}
	n1, small := peakHeapHAR(t, 10000)
	n2, large := peakHeapHAR(t, 40000)
	if n1 != 2500 || n2 != 10000 {
		t.Fatalf("requests %d and %d, want 2500 and 10000", n1, n2)
	}
	t.Logf("live heap: %d KB for 10k entries (~40 MB), %d KB for 40k entries (~160 MB)", small>>10, large>>10)
	if large > small+small/2+(2<<20) {
		t.Errorf("live heap grew with the input: %d KB for 10k entries, %d KB for 40k", small>>10, large>>10)
	}
}

func BenchmarkReadHARLarge(b *testing.B) {
	const n = 20000 // ~60 MB
	for i := 0; i < b.N; i++ {
		rd, _, err := Open("big.har", syntheticHAR(n), Options{Format: FormatHAR})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := rd.Next(); err == io.EOF {
				break
			} else if err != nil {
				b.Fatal(err)
			}
		}
	}
	b.SetBytes(int64(n/4*250 + n*3/4*4200))
}

// TestHAROneLongLine: Charles and scripts write a HAR as one line of JSON;
// past the 64 KiB read buffer the sniffer must still see its start (it
// decides from its copy of the bytes, not the reused read buffer).
func TestHAROneLongLine(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"log":{"version":"1.2","entries":[`)
	for i := 0; i < 400; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"startedDateTime":"2026-03-04T10:15:02Z","request":{"method":"GET","url":"https://api.stripe.com/v1/customers/cus_%d","headers":[]},"response":{"status":200,"headers":[],"content":{"text":"%s"}}}`, i, strings.Repeat("y", 200))
	}
	b.WriteString("]}}")
	_, f, err := Open("one-line.har", strings.NewReader(b.String()), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f != FormatHAR {
		t.Errorf("a %d-byte one-line HAR is sniffed as %q", b.Len(), f)
	}
}

// TestHARPrettyLarge: Chrome, Firefox and Safari write "{\n  \"log\": {\n" and
// thousands of lines; such a HAR must be sniffed as HAR, not JSON or SDK,
// though it does not close within the sniff window: the sniffer asks
// whether a line opens "log" at the depth before that line.
func TestHARPrettyLarge(t *testing.T) {
	src := syntheticHAR(3000)
	defer src.Close() // the writer stops at its next write
	_, f, err := Open("big.har", src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if f != FormatHAR {
		t.Errorf("a pretty-printed HAR of 3000 entries is sniffed as %q", f)
	}
}
