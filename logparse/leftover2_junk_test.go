package logparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestJunkSectorOneReportChunked: a bad sector (a block of random bytes,
// with or without NULs) between the lines of a tail-text, tail-json or JSON
// lines log is one report at its first line, saying how many lines it took,
// and every request around it is read; through Scan and ScanWorkers at
// chunk sizes that cut inside the run, plain and gzipped, the records,
// problems and Stats are the sequential reader's. Before, each of its lines
// (and each piece of a line a NUL cut) was a report of its own: 26 for
// 4 KiB.
func TestJunkSectorOneReportChunked(t *testing.T) {
	dir := t.TempDir()
	for _, rel := range []string{"tail-text/plain.log", "tail-json/compact.jsonl", "json/lines.jsonl"} {
		for _, nuls := range []bool{false, true} {
			for seed := uint64(1); seed <= 3; seed++ {
				name := fmt.Sprintf("%s nuls=%v seed=%d", rel, nuls, seed)
				text := bytes.Repeat(fixture(t, rel), 40) // many chunks
				k := bytes.Count(fixture(t, rel), []byte("\n"))
				want := countRequests(t, writeFile(t, dir, "clean", text))
				// Two sectors: one right after the first copy, one deep
				// in the file, after the sniffed head.
				data := withSector(text, k, junkSector(4096, seed, nuls))
				second := 30*k + 1
				data = withSector(data, second, junkSector(2048, seed+10, nuls))
				p := writeFile(t, dir, filepath.Base(rel), data)
				t.Run(name, func(t *testing.T) {
					n, problems := scanGz(t, p, false)
					if n != want {
						t.Errorf("read %d requests, want the %d around the junk", n, want)
					}
					if len(problems) != 2 {
						t.Fatalf("%d problems, want one for each sector: %v", len(problems), problems)
					}
					for i, at := range []int{k + 1, second + 1} {
						pe := problems[i]
						if pe.Line != at || !errors.Is(pe, ErrMalformed) || !strings.Contains(pe.Error(), "lines of binary data") {
							t.Errorf("problem %v, want a run of binary data at line %d", pe, at)
						}
					}
					// The cuts of chunks (at offsets, and as a stream is read)
					// never fall inside a run.
					checkChunkedTailText(t, p, DefaultMaxLine, []int{1, 7, 97, 1000, 4096, 1 << 20})
					checkChunkedTailText(t, writeFile(t, dir, filepath.Base(rel)+".gz", gz(t, data)), DefaultMaxLine, []int{1, 97, 4096})
				})
			}
		}
	}
}

// TestJunkSectorChunkedStrict: with --strict a run of binary lines in a
// chunked format is the first problem, fatal at its first line, through
// Scan and ScanWorkers.
func TestJunkSectorChunkedStrict(t *testing.T) {
	text := bytes.Repeat(fixture(t, "tail-json/compact.jsonl"), 40)
	p := writeFile(t, t.TempDir(), "tail.jsonl", withSector(text, 100, junkSector(4096, 3, false)))
	in := []Input{{Name: "tail.jsonl", Path: p}}
	withChunkSize(t, 512, func() {
		_, err := Scan(context.Background(), in, ScanOptions{Strict: true}, func(Request) error { return nil })
		var pe *ParseError
		if !errors.As(err, &pe) || pe.Line != 101 || !strings.Contains(err.Error(), "binary data") {
			t.Errorf("strict Scan: %v, want the junk at line 101", err)
		}
		_, err = ScanWorkers(context.Background(), in, ScanOptions{Strict: true}, func() func(*Request) error {
			return func(*Request) error { return nil }
		})
		if !errors.As(err, &pe) || pe.Line != 101 || !strings.Contains(err.Error(), "binary data") {
			t.Errorf("strict ScanWorkers: %v, want the junk at line 101", err)
		}
	})
}

// TestJunkFollows: the lines a chunk may not start at, as nextText takes
// them into a run: binary data, and pieces too short to be a record.
func TestJunkFollows(t *testing.T) {
	for _, tc := range []struct {
		line    string
		follows bool
	}{
		{`{"method":"GET","url":"/v1/balance","status":200}`, false},
		{"2026-03-04 10:15:02 [200] GET /v1/prices [req_1]", false},
		{"", true},
		{"}", true},
		{"ab\xff", true},
		{"\xa5M\xca\x18%0\xbb\x1dm\x13", true},
		{"a clean start of sixteen bytes, then \xa5\xca\x18\xbb\x1d\x13\xa5\xca\x18\xbb\x1d\x13\xa5\xca\x18\xbb\x1d", true},
	} {
		if got := junkFollows([]byte(tc.line)); got != tc.follows {
			t.Errorf("junkFollows(%q) = %v, want %v", tc.line, got, tc.follows)
		}
		if tc.follows && !tailTextFollows([]byte(tc.line)) {
			t.Errorf("tailTextFollows(%q) = false, want true", tc.line)
		}
	}
}

// FuzzJSONLinesChunks holds chunked decoding of tail-json and JSON lines
// logs with runs of binary lines (bad sectors of any size, with or without
// NULs, anywhere) to the sequential reader, cut anywhere. (Arbitrary bytes
// would also find a chunk cut inside a pretty-printed object amid compact
// ones, which JSON-lines chunking does not follow: not what this holds.)
func FuzzJSONLinesChunks(f *testing.F) {
	logs := [][]byte{
		bytes.Repeat(fixtureBytes(f, "tail-json/compact.jsonl"), 4),
		bytes.Repeat(fixtureBytes(f, "json/lines.jsonl"), 8),
		bytes.Repeat(fixtureBytes(f, "tail-json/cat-joined-no-final-newline.jsonl"), 3),
	}
	f.Add(uint8(0), uint16(3), uint16(700), uint64(1), false, uint16(37))
	f.Add(uint8(1), uint16(1), uint16(4096), uint64(2), true, uint16(5))
	f.Add(uint8(2), uint16(9), uint16(3), uint64(3), true, uint16(97))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, which uint8, k, n uint16, seed uint64, nuls bool, size uint16) {
		text := logs[int(which)%len(logs)]
		lines := bytes.Count(text, []byte("\n"))
		data := withSector(text, 1+int(k)%lines, junkSector(1+int(n)%8192, seed, nuls))
		data = withSector(data, 1+int(k/7)%lines, junkSector(1+int(n/3)%2048, seed+1, !nuls))
		path := filepath.Join(dir, "fuzz.jsonl")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		checkChunkedTailText(t, path, 300, []int{int(size%512) + 1})
		checkChunkedTailText(t, writeFile(t, dir, "fuzz.jsonl.gz", gz(t, data)), 300, []int{int(size%512) + 1})
	})
}

// TestJunkInsidePrettyObject: a bad sector inside a pretty-printed object
// cuts the object: it is reported at its start, then the run of binary
// lines, then what follows is read. Before, the object was dropped without
// a word (only the run was reported).
func TestJunkInsidePrettyObject(t *testing.T) {
	text := fixture(t, "tail-json/pretty.json")
	want, _ := readAll(t, junkOpen(t, text))
	data := withSector(text, 4, junkSector(300, 5, false))
	got, errs := readAll(t, junkOpen(t, data))
	if len(got) != len(want)-1 {
		t.Errorf("read %d requests, want the %d after the damaged one", len(got), len(want)-1)
	}
	if len(errs) < 2 {
		t.Fatalf("problems %v, want the object's and the run's", errs)
	}
	var first, second *ParseError
	if !errors.As(errs[0], &first) || first.Line != 1 || !strings.Contains(first.Error(), "never closes: the log is damaged inside it (line 5)") {
		t.Errorf("first problem %v, want the object cut at line 1", errs[0])
	}
	if !errors.As(errs[1], &second) || second.Line != 5 || !strings.Contains(second.Error(), "binary data") {
		t.Errorf("second problem %v, want the binary data at line 5", errs[1])
	}
}
