package logparse

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestCliffLongLinesChunked: a file of lines near --max-line, cut into
// chunks, costs a few times its size in allocations. The reader that
// finishes a chunk's last line past the chunk's end read it 4 KiB at a
// time, copying and reallocating all it held at each step: about a
// hundred times the file (and seconds for fifty 1 MB lines).
func TestCliffLongLinesChunked(t *testing.T) {
	var b strings.Builder
	const lines = 4
	for i := 0; i < lines; i++ {
		fmt.Fprintf(&b, `{"livemode":false,"method":"GET","url":"/v1/customers/cus_%d","status":403,"request_id":"req_%d","created_at":1772619302,"error":{"type":"invalid_request_error","message":"%s"}}`+"\n",
			i, i, strings.Repeat("x", 900<<10))
	}
	path := filepath.Join(t.TempDir(), "long.jsonl")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	n := 0
	_, err := ScanWorkers(context.Background(), []Input{{Name: path, Path: path}}, ScanOptions{}, func() func(*Request) error {
		return func(*Request) error { n++; return nil }
	})
	runtime.ReadMemStats(&after)
	if err != nil || n != lines {
		t.Fatalf("%d requests, %v", n, err)
	}
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(16*b.Len()); got > limit {
		t.Errorf("reading %d bytes of long lines allocated %d MB, more than %d MB", b.Len(), got>>20, limit>>20)
	}
}
