package logparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// countingSource counts the bytes a scan takes from it.
type countingSource struct {
	r io.Reader
	n int64
}

func (c *countingSource) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestBinaryAfterTextFailsFast: a log whose text gives way to binary data
// (a disk image or archive appended, a log written over) is a binary input,
// the run's error at the data's first line, once more than maxJunkRun of it
// came in a row; no more of it is read than that. Before, the run of binary
// lines was followed to its end by one worker, a line at a time (4 s for
// 64 MiB of tail-text), and every few dozen KiB a short piece of random
// bytes that was mostly text by chance ended one run and began another:
// hundreds of "lines of binary data" reports, then the requests found, exit 0.
func TestBinaryAfterTextFailsFast(t *testing.T) {
	dir := t.TempDir()
	for _, rel := range []string{"tail-text/plain.log", "tail-json/compact.jsonl", "json/lines.jsonl"} {
		for _, nuls := range []bool{false, true} {
			text := bytes.Repeat(fixture(t, rel), 20)
			k := bytes.Count(text, []byte("\n"))
			data := append(append([]byte(nil), text...), junkSector(8<<20, 7, nuls)...)
			name := fmt.Sprintf("%s nuls=%v", rel, nuls)
			t.Run(name, func(t *testing.T) {
				p := writeFile(t, dir, filepath.Base(rel), data)
				pz := writeFile(t, dir, filepath.Base(rel)+".gz", gz(t, data))
				for _, path := range []string{p, pz} {
					for _, workers := range []bool{false, true} {
						err := scanDiscarding([]Input{{Name: filepath.Base(path), Path: path}}, ScanOptions{}, workers)
						var pe *ParseError
						if !errors.As(err, &pe) || !errors.Is(err, ErrBinary) || pe.Line != k+1 {
							t.Fatalf("%s (workers %v): %v, want binary data from line %d", filepath.Base(path), workers, err, k+1)
						}
					}
				}
				// Scan and ScanWorkers alike, wherever chunks are cut.
				checkChunkedTailText(t, p, DefaultMaxLine, []int{97, 4096, 1 << 20})
				checkChunkedTailText(t, pz, DefaultMaxLine, []int{4096})
			})
		}
	}
}

// TestBinaryAfterTextReadsLittle: through a pipe, the scan stops a few
// chunks past maxJunkRun of binary data, not at the end of 64 MiB.
func TestBinaryAfterTextReadsLittle(t *testing.T) {
	text := bytes.Repeat(fixture(t, "tail-json/compact.jsonl"), 20)
	data := append(append([]byte(nil), text...), junkSector(64<<20, 3, false)...)
	for _, workers := range []bool{false, true} {
		src := &countingSource{r: bytes.NewReader(data)}
		err := scanDiscarding([]Input{{Name: "-"}}, ScanOptions{Stdin: src}, workers)
		if !errors.Is(err, ErrBinary) {
			t.Fatalf("workers %v: %v, want binary data", workers, err)
		}
		if limit := int64(len(text) + 4*maxJunkRun + 8*chunkSize); src.n > limit {
			t.Errorf("workers %v: read %d bytes, want at most %d", workers, src.n, limit)
		}
		if !strings.Contains(err.Error(), "head -n") {
			t.Errorf("the error says nothing of how to keep the text: %v", err)
		}
	}
}

// TestJunkFollowsShortPieces: a short line holding a byte that is no text
// continues a run of binary lines; a short clean record does not.
func TestJunkFollowsShortPieces(t *testing.T) {
	for _, tc := range []struct {
		line    string
		follows bool
	}{
		{"4\xc7\x839iG!\x1f8", true}, // one bad byte in nine
		{"abcdef\xff", true},
		{`{"a":"\u00e9"}`, false},
		{"{\"method\":\"GET\",\"url\":\"/v1/\xc3\xa9\",\"status\":200}", false}, // longer than maxJunkShort
		{"Code: x", false},
	} {
		if got := junkFollows([]byte(tc.line)); got != tc.follows {
			t.Errorf("junkFollows(%q) = %v, want %v", tc.line, got, tc.follows)
		}
	}
}

// TestWalkedDamagedLogFails: in a directory, a log whose text gives way to
// binary data is not passed over as "not a log" (its requests were read
// and counted): the run fails on it as it would on the file named, with
// Scan and ScanWorkers alike, and both count the requests before it.
func TestWalkedDamagedLogFails(t *testing.T) {
	dir := t.TempDir()
	text := bytes.Repeat(fixture(t, "tail-json/compact.jsonl"), 20)
	writeFile(t, dir, "a.jsonl", fixture(t, "tail-json/compact.jsonl"))
	writeFile(t, dir, "b.jsonl", append(append([]byte(nil), text...), junkSector(8<<20, 7, false)...))
	writeFile(t, dir, "notes.bin", junkSector(4<<10, 5, true))
	inputs, err := Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for _, workers := range []bool{false, true} {
		var st []Stats
		var err error
		if workers {
			st, err = ScanWorkers(context.Background(), inputs, ScanOptions{}, func() func(*Request) error { return func(*Request) error { return nil } })
		} else {
			st, err = Scan(context.Background(), inputs, ScanOptions{}, func(Request) error { return nil })
		}
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrBinary) || filepath.Base(pe.File) != "b.jsonl" {
			t.Fatalf("workers %v: %v, want b.jsonl's binary data", workers, err)
		}
		if len(st) < 2 || st[0].Requests == 0 || st[1].Requests != 20*st[0].Requests || st[1].Unread != "" {
			t.Errorf("workers %v: stats %+v, want b.jsonl's requests (20 times a.jsonl's) counted and b.jsonl not skipped", workers, st)
		}
	}
}
