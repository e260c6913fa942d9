package main

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkImportTailJSON runs the whole import command on a tail-json file.
func BenchmarkImportTailJSON(b *testing.B) {
	benchImportLog(b, "tail.jsonl", func(method, path string, i int) string {
		return fmt.Sprintf(`{"livemode":false,"method":"%s","url":"%s","status":200,"request_id":"req_%014d","created_at":%d,"error":null}`,
			method, path, i, 1772619302+i/50)
	})
}

// BenchmarkImportTailText runs it on `stripe logs tail`'s default output.
func BenchmarkImportTailText(b *testing.B) {
	benchImportLog(b, "tail.log", func(method, path string, i int) string {
		return fmt.Sprintf("%s [200] %s %s [req_%014d]", time.Unix(int64(1772619302+i/50), 0).UTC().Format(time.DateTime), method, path, i)
	})
}

// benchImportLog writes 200,000 requests, one line each from line, and
// imports them per iteration.
func benchImportLog(b *testing.B, name string, line func(method, path string, i int) string) {
	paths := []string{"/v1/customers/cus_Ab%012d", "/v1/payment_intents", "/v1/payment_intents/pi_Ab%012d/confirm", "/v1/prices", "/v1/products/prod_Ab%012d"}
	var data bytes.Buffer
	const n = 200000
	for i := 0; i < n; i++ {
		p := paths[i%len(paths)]
		if bytes.Contains([]byte(p), []byte("%")) {
			p = fmt.Sprintf(p, i)
		}
		method := "GET"
		if i%len(paths) == 2 {
			method = "POST"
		}
		data.WriteString(line(method, p, i))
		data.WriteByte('\n')
	}
	path := filepath.Join(b.TempDir(), name)
	if err := os.WriteFile(path, data.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(data.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchImportRun(b, path)
	}
}

// benchImportRun runs `import --format json path` in process.
func benchImportRun(b *testing.B, path string) {
	var out, errOut bytes.Buffer
	io := NewIOStreams(bytes.NewReader(nil), &out, &errOut)
	f := &Factory{IO: io, Getenv: func(string) string { return "" }, Environ: func() []string { return nil },
		Now: func() time.Time { return time.Unix(0, 0) }, HTTPClient: http.DefaultClient}
	if code := run([]string{"import", "--format", "json", path}, f); code != 0 {
		b.Fatal(errOut.String())
	}
}

// BenchmarkImportFile runs import on the file named by $RAKMIGRATE_BENCH_FILE
// (for example one made by scripts/bench-import.sh), to profile real logs.
func BenchmarkImportFile(b *testing.B) {
	path := os.Getenv("RAKMIGRATE_BENCH_FILE")
	if path == "" {
		b.Skip("set RAKMIGRATE_BENCH_FILE to a log file")
	}
	st, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(st.Size())
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		benchImportRun(b, path)
	}
}
