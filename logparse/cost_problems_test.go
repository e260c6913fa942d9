package logparse

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// junkAfter403 is a tail-text log whose 403 is followed by n lines that
// are not records: every one of them follows the request (tailFollows), so
// one chunk reads them all, and each is a malformed record. cr puts a bare
// CR in each, as a capture of a redrawn line does.
func junkAfter403(n int, cr bool) []byte {
	return append(junkRun403(n, cr), "2026-03-04 10:16:00 [200] GET /v1/charges [req_z9]\n"...)
}

// junkRun403 is junkAfter403 without the request line after the junk.
func junkRun403(n int, cr bool) []byte {
	var b strings.Builder
	b.WriteString("2026-03-04 10:15:00 [200] GET /v1/customers [req_a1]\n")
	b.WriteString("2026-03-04 10:15:02 [403] POST /v1/refunds [req_AbC123]\n")
	b.WriteString("Type: invalid_request_error\n")
	b.WriteString("Message: The provided key does not have the required permissions for this endpoint.\n")
	for i := range n {
		if cr {
			fmt.Fprintf(&b, "partial %d\r", i)
		}
		fmt.Fprintf(&b, "garbage in the log, line %d with some words\n", i)
	}
	return []byte(b.String())
}

// peakHeapJunk reads data, n junk lines among requests, with ScanWorkers
// and returns the largest live heap seen from OnProblem (after a GC at
// every eighth of the problems) and how many problems OnProblem heard.
// OnProblem runs while the problems of the chunk not yet handed on are
// held, so the peak follows what a chunk holds.
func peakHeapJunk(t *testing.T, name string, data []byte, n, requests int, ordered bool) (peak uint64, heard int) {
	t.Helper()
	path := writeFile(t, t.TempDir(), name, data)
	var ms runtime.MemStats
	step := max(n/8, 1)
	inputs := []Input{{Name: name, Path: path}}
	opts := ScanOptions{
		OnProblem: func(*ParseError) {
			heard++
			if heard%step == 0 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		},
	}
	var st []Stats
	var err error
	if ordered {
		st, err = Scan(context.Background(), inputs, opts, func(Request) error { return nil })
	} else {
		st, err = ScanWorkers(context.Background(), inputs, opts, func() func(*Request) error { return func(*Request) error { return nil } })
	}
	if err != nil {
		t.Fatal(err)
	}
	if st[0].Requests != requests || st[0].Skipped != heard || heard < n-1 {
		t.Fatalf("n=%d: %d requests, %d skipped, %d heard", n, st[0].Requests, st[0].Skipped, heard)
	}
	return peak, heard
}

// junkTailJSON is n short junk lines between two tail-json requests: one
// chunk, decoded by decodeChunkTo.
func junkTailJSON(n int) []byte {
	const line = `{"livemode":false,"method":"GET","url":"/v1/customers","status":200,"request_id":"req_1","created_at":1767225600,"error":null}` + "\n"
	var b strings.Builder
	b.WriteString(line)
	for i := range n {
		fmt.Fprintf(&b, "junk %d\n", i)
	}
	b.WriteString(line)
	return []byte(b.String())
}

// TestCostJunkAfter403HeapFlat: a chunk of junk lines eight times longer,
// read by ScanWorkers (import) or Scan (propose, iterate), holds no more
// problems at once (it held every one until it was done:
// 27→91 MB of peak RSS at 8×, 55→324 MB with CRs; a run of short junk
// lines in tail-json, 3.2M of them, 555 MB).
func TestCostJunkAfter403HeapFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 160k junk lines")
	}
	shapes := []struct {
		name     string
		data     func(n int) []byte
		requests int
	}{
		{"junk.log", func(n int) []byte { return junkAfter403(n, false) }, 3},
		{"junk-cr.log", func(n int) []byte { return junkAfter403(n, true) }, 3},
		{"junk.jsonl", junkTailJSON, 2},
	}
	for _, sh := range shapes {
		for _, ordered := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/ordered=%v", sh.name, ordered), func(t *testing.T) {
				smallData, largeData := sh.data(20000), sh.data(160000)
				small, _ := peakHeapJunk(t, sh.name, smallData, 20000, sh.requests, ordered)
				large, _ := peakHeapJunk(t, sh.name, largeData, 160000, sh.requests, ordered)
				// Held problems cost ~200 bytes each (the ordered scan's
				// records 256): 140k more would add 28–36 MB; what does not
				// grow is a few MiB of buffers. The ordered scan still
				// holds the run's text in its chunk, about twice its size.
				allowed := uint64(8 << 20)
				if ordered {
					allowed += uint64(5 * (len(largeData) - len(smallData)) / 2)
				}
				if large > small+allowed {
					t.Errorf("live heap grows with the junk: %d KiB at 20k lines, %d KiB at 160k", small>>10, large>>10)
				}
			})
		}
	}
}

// TestCostJunkScanMatchesScanWorkers: whether a chunk's problems are handed
// on as it is decoded or when it is done, Scan and ScanWorkers report the
// same problems in the same order, the same Stats, and a fatal problem
// after a long run of them (binary data past maxJunkRun) ends both alike,
// with nothing reported after it.
func TestCostJunkScanMatchesScanWorkers(t *testing.T) {
	binaryTail := strings.Repeat(strings.Repeat("\x00\x01\xfe", 300)+"\n", (maxJunkRun/900)+10)
	shapes := map[string][]byte{
		"junk":       junkAfter403(3000, false),
		"junk-cr":    junkAfter403(3000, true),
		"then-fatal": append(junkRun403(3000, false), binaryTail...),
		"chunks": []byte(strings.Repeat(string(junkAfter403(500, false)), 12) +
			strings.Repeat("2026-03-04 10:17:00 [200] GET /v1/charges [req_q]\n", 20000)),
	}
	for name, data := range shapes {
		t.Run(name, func(t *testing.T) {
			withChunkSize(t, 8<<10, func() {
				path := writeFile(t, t.TempDir(), name+".log", data)
				inputs := []Input{{Name: name + ".log", Path: path}}
				var want, got strings.Builder
				wst, werr := Scan(context.Background(), inputs, ScanOptions{
					OnProblem: func(pe *ParseError) { want.WriteString(pe.Error() + "\n") },
				}, func(Request) error { return nil })
				var mu sync.Mutex
				gst, gerr := ScanWorkers(context.Background(), inputs, ScanOptions{
					OnProblem: func(pe *ParseError) { got.WriteString(pe.Error() + "\n") },
				}, func() func(*Request) error {
					return func(*Request) error { mu.Lock(); defer mu.Unlock(); return nil }
				})
				if fmt.Sprint(werr) != fmt.Sprint(gerr) {
					t.Fatalf("errors differ: %v, want %v", gerr, werr)
				}
				if got.String() != want.String() || strings.Count(want.String(), "\n") < 2*chunkProblemsHeld {
					t.Fatalf("problems differ (%d lines, want %d)", strings.Count(got.String(), "\n"), strings.Count(want.String(), "\n"))
				}
				if len(gst) != 1 || len(wst) != 1 {
					t.Fatalf("%d and %d stats", len(gst), len(wst))
				}
				w, g := wst[0], gst[0]
				// On a fatal problem ScanWorkers leaves the failed chunk's
				// requests uncounted (the run's answer is the error).
				if werr == nil && g.Requests != w.Requests || g.Skipped != w.Skipped || len(g.Problems) != len(w.Problems) ||
					len(w.Problems) > 0 && g.Problems[0].Error() != w.Problems[0].Error() {
					t.Errorf("stats differ: %d requests, %d skipped, %d problems; want %d, %d, %d",
						g.Requests, g.Skipped, len(g.Problems), w.Requests, w.Skipped, len(w.Problems))
				}
			})
		})
	}
}
