package logparse

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// benchTailJSON builds n compact tail lines like `stripe logs tail --format JSON`.
func benchTailJSON(n int) []byte {
	paths := []string{"/v1/customers/cus_%s", "/v1/payment_intents", "/v1/payment_intents/pi_%s/confirm", "/v1/prices", "/v1/products/prod_%s"}
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		p := paths[i%len(paths)]
		if bytes.Contains([]byte(p), []byte("%s")) {
			p = fmt.Sprintf(p, fmt.Sprintf("Ab%012d", i))
		}
		fmt.Fprintf(&b, `{"livemode":false,"method":"GET","url":"%s","status":200,"request_id":"req_%014d","created_at":%d,"error":null}`+"\n", p, i, 1772619302+i/50)
	}
	return b.Bytes()
}

func benchReader(b *testing.B, data []byte, opts Options) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer() // building the input is not what is measured
	for i := 0; i < b.N; i++ {
		rd, _, err := Open("bench", bytes.NewReader(data), opts)
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		for {
			_, err := rd.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n == 0 {
			b.Fatal("no records")
		}
	}
}

func BenchmarkReadTailJSON(b *testing.B) { benchReader(b, benchTailJSON(20000), Options{}) }

func BenchmarkReadTailJSONSlowPath(b *testing.B) {
	data := bytes.ReplaceAll(benchTailJSON(20000), []byte(`"error":null`), []byte(`"error":null,"extra":{"x":1}`))
	benchReader(b, data, Options{})
}

// BenchmarkReadTailJSONNewFields: fields that newer CLI versions add to a
// tail event (TestFastPathExtraFields) stay on the fast path.
func BenchmarkReadTailJSONNewFields(b *testing.B) {
	data := bytes.ReplaceAll(benchTailJSON(20000), []byte(`"error":null`),
		[]byte(`"error":null,"api_version":"2026-02-25.clover","source":"API","ip_address":"203.0.113.9","duration":212`))
	benchReader(b, data, Options{})
}

func BenchmarkReadTailJSONPretty(b *testing.B) {
	var out bytes.Buffer
	for _, line := range bytes.Split(benchTailJSON(5000), []byte("\n")) {
		out.Write(bytes.ReplaceAll(bytes.ReplaceAll(line, []byte(`,"`), []byte(",\n  \"")), []byte("{"), []byte("{\n  ")))
		out.WriteString("\n")
	}
	benchReader(b, out.Bytes(), Options{})
}

// repeatFixture makes a large input from a fixture: its header once, then
// its records again and again.
func repeatFixture(b *testing.B, path string, header int, times int) []byte {
	data, err := os.ReadFile(filepath.Join(fixtureDir, "valid", path))
	if err != nil {
		b.Fatal(err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	var out bytes.Buffer
	for _, l := range lines[:header] {
		out.Write(l)
	}
	body := bytes.Join(lines[header:], nil)
	if len(body) > 0 && body[len(body)-1] != '\n' {
		body = append(body, '\n')
	}
	for i := 0; i < times; i++ {
		out.Write(body)
	}
	return out.Bytes()
}

func BenchmarkReadTailText(b *testing.B) {
	benchReader(b, repeatFixture(b, "tail-text/plain.log", 0, 2000), Options{Location: time.UTC})
}

func BenchmarkReadTailTextTTY(b *testing.B) {
	benchReader(b, repeatFixture(b, "tail-text/tty.log", 0, 5000), Options{Location: time.UTC})
}

func BenchmarkReadCSV(b *testing.B) {
	benchReader(b, repeatFixture(b, "csv/dashboard.csv", 1, 5000), Options{Location: time.UTC})
}

func BenchmarkReadJSONLines(b *testing.B) {
	benchReader(b, repeatFixture(b, "json/lines.jsonl", 0, 10000), Options{})
}

func BenchmarkReadJSONArray(b *testing.B) {
	var out bytes.Buffer
	out.WriteString("[\n")
	for i := 0; i < 10000; i++ {
		if i > 0 {
			out.WriteString(",\n")
		}
		fmt.Fprintf(&out, `{"method":"POST","path":"/v1/payment_intents","status_code":200,"request_id":"req_%d","timestamp":"2026-03-04T10:15:02Z"}`, i)
	}
	out.WriteString("\n]\n")
	benchReader(b, out.Bytes(), Options{})
}

func BenchmarkReadHAR(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(fixtureDir, "valid", "har", "capture.har"))
	if err != nil {
		b.Fatal(err)
	}
	start := bytes.Index(data, []byte(`"entries": [`)) + len(`"entries": [`)
	end := bytes.LastIndex(data, []byte("]"))
	entries := bytes.TrimSpace(data[start:end])
	var out bytes.Buffer
	out.Write(data[:start])
	for i := 0; i < 500; i++ {
		if i > 0 {
			out.WriteString(",")
		}
		out.Write(entries)
	}
	out.Write(data[end:])
	benchReader(b, out.Bytes(), Options{})
}

func BenchmarkReadSDK(b *testing.B) {
	benchReader(b, repeatFixture(b, "sdk/python.log", 0, 5000), Options{Location: time.UTC})
}

// BenchmarkScanTailJSONFile is the import hot path: a file, chunked and
// decoded on every core.
func BenchmarkScanTailJSONFile(b *testing.B) { benchScanFile(b, benchTailJSON(200000), ScanOptions{}) }

// BenchmarkScanWorkersTailJSONFile is the same file through ScanWorkers:
// decoding goroutines hand borrowed records straight to their own callback.
func BenchmarkScanWorkersTailJSONFile(b *testing.B) {
	benchScanWorkersFile(b, benchTailJSON(200000), ScanOptions{})
}

// BenchmarkScanTailTextFile and BenchmarkScanWorkersTailTextFile are the
// same for the CLI's default output, whose failed requests carry error
// lines that chunks must keep with them.
func BenchmarkScanTailTextFile(b *testing.B) {
	benchScanFile(b, repeatFixture(b, "tail-text/plain.log", 0, 20000), ScanOptions{Options: Options{Location: time.UTC}})
}

func BenchmarkScanWorkersTailTextFile(b *testing.B) {
	benchScanWorkersFile(b, repeatFixture(b, "tail-text/plain.log", 0, 20000), ScanOptions{Options: Options{Location: time.UTC}})
}

// benchScanFile times Scan over data written to a file; every run must
// read as many requests as the first.
func benchScanFile(b *testing.B, data []byte, opt ScanOptions) {
	path := filepath.Join(b.TempDir(), "bench.log")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	want := -1
	for i := 0; i < b.N; i++ {
		n := 0
		_, err := Scan(context.Background(), []Input{{Name: path, Path: path}}, opt, func(Request) error { n++; return nil })
		if err != nil || n == 0 || want >= 0 && n != want {
			b.Fatal(n, want, err)
		}
		want = n
	}
}

// benchScanWorkersFile is benchScanFile through ScanWorkers.
func benchScanWorkersFile(b *testing.B, data []byte, opt ScanOptions) {
	path := filepath.Join(b.TempDir(), "bench.log")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	want := -1
	for i := 0; i < b.N; i++ {
		var counts []*paddedCount
		_, err := ScanWorkers(context.Background(), []Input{{Name: path, Path: path}}, opt, func() func(*Request) error {
			c := new(paddedCount)
			counts = append(counts, c)
			return func(*Request) error { c.n++; return nil }
		})
		total := 0
		for _, c := range counts {
			total += c.n
		}
		if err != nil || total == 0 || want >= 0 && total != want {
			b.Fatal(total, want, err)
		}
		want = total
	}
}

// paddedCount keeps each worker's counter on its own cache lines: adjacent
// counters written by two cores would slow both (false sharing).
type paddedCount struct {
	_ [64]byte
	n int
	_ [64]byte
}
