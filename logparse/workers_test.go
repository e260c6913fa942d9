package logparse

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
)

// TestScanWorkersMatchesScan: the order-free scan hands over the same
// records (as a multiset), the same problems in the same order, and the
// same Stats as Scan, for inputs decoded in chunks and inputs that are not.
func TestScanWorkersMatchesScan(t *testing.T) {
	data := benchTailJSON(30000)
	lines := bytes.Split(data, []byte("\n"))
	lines[7] = []byte(`{"method":"GET","url":`)
	lines[12000] = []byte(`{"livemode":true,"method":"POST","url":"/v1/refunds","status":403,"request_id":"req_x","created_at":1772619302,"error":{"message":"The provided key 'rk_test_x' does not have the required permissions for this endpoint on account 'acct_1'. Having more permissions would allow this request to continue."}}`)
	lines[20001] = nil
	lines[25000] = []byte("garbage")
	lines[29000] = []byte(`{"livemode":true,"method":"DELETE","url":"/v1/customers/cus_1?x=1","status":200,"request_id":" req_y ","created_at":1,"error":null}`)
	data = bytes.Join(lines, []byte("\n"))
	dir := t.TempDir()
	inputs := []Input{
		{Name: "big.jsonl", Path: writeFile(t, dir, "big.jsonl", data)},
		{Name: "small.jsonl", Path: writeFile(t, dir, "small.jsonl", fixture(t, "tail-json/compact.jsonl"))},
	}
	var want []string
	var wantProblems strings.Builder
	wst, err := Scan(context.Background(), inputs, ScanOptions{
		OnProblem: func(pe *ParseError) { wantProblems.WriteString(pe.Error() + "\n") },
	}, func(r Request) error { want = append(want, render(r)); return nil })
	if err != nil {
		t.Fatal(err)
	}
	var gotProblems strings.Builder
	gst, all := scanWorkersRendered(t, inputs, ScanOptions{
		OnProblem: func(pe *ParseError) { gotProblems.WriteString(pe.Error() + "\n") },
	})
	sort.Strings(want)
	sort.Strings(all)
	if strings.Join(all, "\n") != strings.Join(want, "\n") {
		t.Fatalf("records differ: %d vs %d", len(all), len(want))
	}
	if gotProblems.String() != wantProblems.String() || wantProblems.Len() == 0 {
		t.Errorf("problems differ:\n%s\nwant\n%s", gotProblems.String(), wantProblems.String())
	}
	for _, g := range [][]Stats{gst} {
		if len(g) != len(wst) {
			t.Fatalf("%d stats, want %d", len(g), len(wst))
		}
		for i := range wst {
			w, s := wst[i], g[i]
			if s.Input != w.Input || s.Format != w.Format || s.Requests != w.Requests || s.Skipped != w.Skipped ||
				!s.First.Equal(w.First) || !s.Last.Equal(w.Last) || s.Test != w.Test || s.Live != w.Live || len(s.Problems) != len(w.Problems) {
				t.Errorf("stats %d: got %+v want %+v", i, s, w)
			}
			for j := range w.Problems {
				if s.Problems[j].Error() != w.Problems[j].Error() {
					t.Errorf("problem %d: %v want %v", j, s.Problems[j], w.Problems[j])
				}
			}
		}
	}
}

// scanWorkersRendered runs ScanWorkers with every worker rendering each
// record it gets (render copies: the record is borrowed), and returns the
// stats and the renderings, in no particular order.
func scanWorkersRendered(t *testing.T, inputs []Input, opt ScanOptions) ([]Stats, []string) {
	t.Helper()
	var mu sync.Mutex
	var all []string
	calls := 0
	st, err := ScanWorkers(context.Background(), inputs, opt, func() func(*Request) error {
		calls++
		return func(r *Request) error {
			s := render(*r)
			mu.Lock()
			all = append(all, s)
			mu.Unlock()
			return nil
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if calls < 1 {
		t.Fatal("newWorker never called")
	}
	return st, all
}

// TestScanWorkersCallbackError: a worker's error stops the scan and comes back.
func TestScanWorkersCallbackError(t *testing.T) {
	path := writeFile(t, t.TempDir(), "big.jsonl", benchTailJSON(30000))
	stop := errors.New("stop here")
	_, err := ScanWorkers(context.Background(), []Input{{Name: "big.jsonl", Path: path}}, ScanOptions{}, func() func(*Request) error {
		n := 0
		return func(*Request) error {
			if n++; n == 5000 {
				return stop
			}
			return nil
		}
	})
	if !errors.Is(err, stop) {
		t.Fatalf("err = %v, want %v", err, stop)
	}
}

// TestScanWorkersStrict: Strict keeps the ordered path, so the first bad
// record is fatal before any later record is seen.
func TestScanWorkersStrict(t *testing.T) {
	data := benchTailJSON(30000)
	lines := bytes.Split(data, []byte("\n"))
	lines[20000] = []byte("garbage")
	path := writeFile(t, t.TempDir(), "big.jsonl", bytes.Join(lines, []byte("\n")))
	seen := 0
	_, err := ScanWorkers(context.Background(), []Input{{Name: "big.jsonl", Path: path}}, ScanOptions{Strict: true}, func() func(*Request) error {
		return func(*Request) error { seen++; return nil }
	})
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "big.jsonl:20001:") || seen != 20000 {
		t.Fatalf("err = %v after %d records", err, seen)
	}
}

// TestScanWorkersPipe: from a pipe (stdin), cut into chunks as it is read
// and decoded on every core with borrowed records, ScanWorkers reads what
// Scan reads, tail-json and tail-text (whose failed requests keep their
// error lines across the cuts): the same records, each intact, the same
// problems in order and the same Stats.
func TestScanWorkersPipe(t *testing.T) {
	damaged := func(data []byte) []byte {
		lines := bytes.Split(data, []byte("\n"))
		lines[3] = []byte(`{"method":"GET","url":`)
		lines[2500] = []byte("garbage")
		lines[4001] = append([]byte("\x00\x00\x00"), lines[4001]...) // a copytruncate hole
		return bytes.Join(lines, []byte("\n"))
	}
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"tail-json", append(damaged(benchTailJSON(5000)), fixture(t, "tail-json/compact.jsonl")...)},
		{"tail-text", append(damaged(benchTailText(5000)), fixture(t, "tail-text/plain.log")...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pipe := func() io.Reader {
				pr, pw := io.Pipe()
				go func() { pw.Write(tc.data); pw.Close() }()
				return pr
			}
			in := []Input{{Name: "-"}}
			var want []string
			var wantProblems, gotProblems strings.Builder
			wst, err := Scan(context.Background(), in, ScanOptions{Stdin: pipe(),
				OnProblem: func(pe *ParseError) { wantProblems.WriteString(pe.Error() + "\n") },
			}, func(r Request) error {
				want = append(want, render(r))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			parts := make([][]string, 0, runtime.GOMAXPROCS(0))
			var gst []Stats
			withChunkSize(t, 4<<10, func() {
				gst, err = ScanWorkers(context.Background(), in, ScanOptions{Stdin: pipe(),
					OnProblem: func(pe *ParseError) { gotProblems.WriteString(pe.Error() + "\n") },
				}, func() func(*Request) error {
					parts = append(parts, nil)
					mine := &parts[len(parts)-1]
					return func(r *Request) error { *mine = append(*mine, render(*r)); return nil }
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			busy := 0
			var got []string
			for _, p := range parts {
				if len(p) > 0 {
					busy++
				}
				got = append(got, p...)
			}
			slices.Sort(got)
			slices.Sort(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") || len(want) < 4900 {
				t.Fatalf("records differ: %d vs %d", len(got), len(want))
			}
			if gotProblems.String() != wantProblems.String() || wantProblems.Len() == 0 {
				t.Errorf("problems differ:\n%s\nwant\n%s", gotProblems.String(), wantProblems.String())
			}
			w, g := wst[0], gst[0]
			if g.Format != w.Format || g.Requests != w.Requests || g.Skipped != w.Skipped || !g.First.Equal(w.First) ||
				!g.Last.Equal(w.Last) || g.Test != w.Test || g.Live != w.Live {
				t.Errorf("stats: got %+v want %+v", g, w)
			}
			if runtime.GOMAXPROCS(0) > 1 && busy < 2 {
				t.Errorf("only %d of %d workers decoded records: the pipe was not cut into chunks", busy, len(parts))
			}
		})
	}
}
