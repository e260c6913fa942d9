package logparse

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"runtime"
	"testing"
)

// TestCostGzipMembersBytes: a log gzipped a line at a time (a member per
// line, as some log shippers write) costs a few KB per member, not a new
// gzip reader each to probe where the next member starts (5.3 s for 160k
// one-line members; a gzip reader's state is tens of KB).
func TestCostGzipMembersBytes(t *testing.T) {
	const n = 4000
	var data bytes.Buffer
	zw := gzip.NewWriter(&data)
	for i := range n {
		zw.Reset(&data)
		fmt.Fprintf(zw, "2026-03-04 10:15:%02d [200] GET /v1/customers [req_%06d]\n", i%60, i)
		if err := zw.Close(); err != nil {
			t.Fatal(err)
		}
	}
	path := writeFile(t, t.TempDir(), "members.log.gz", data.Bytes())
	for _, workers := range []bool{false, true} {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		var st []Stats
		var err error
		inputs := []Input{{Name: "members.log.gz", Path: path}}
		if workers {
			st, err = ScanWorkers(context.Background(), inputs, ScanOptions{}, func() func(*Request) error { return func(*Request) error { return nil } })
		} else {
			st, err = Scan(context.Background(), inputs, ScanOptions{}, func(Request) error { return nil })
		}
		runtime.ReadMemStats(&after)
		if err != nil || st[0].Requests != n {
			t.Fatalf("workers %v: %v, %+v", workers, err, st)
		}
		if perMember := (after.TotalAlloc - before.TotalAlloc) / n; perMember > 8<<10 {
			t.Errorf("workers %v: %d bytes allocated per member, want a few KB", workers, perMember)
		}
	}
}
