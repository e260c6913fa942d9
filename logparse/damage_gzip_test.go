package logparse

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// corruptMember is a gzip member whose data is damaged at its first block
// (a deflate block of the reserved type 3): what a bad disk sector or a
// bad copy leaves in the middle of a .gz.
func corruptMember(t *testing.T, b []byte) []byte {
	m := gz(t, b)
	m[10] = 0x07 // BFINAL=1, BTYPE=11: "corrupt input" at once
	return m
}

// TestGzipDamagedMidStream: a .gz whose data is damaged after whole lines
// (its second member corrupt, as `cat a.gz b.gz` of a damaged b.gz gives)
// keeps every request before the damage and reports the damage once, with
// the line where the text stops, as a cut. Before, the damage was "binary
// data" and the whole input was lost, however much had been read.
func TestGzipDamagedMidStream(t *testing.T) {
	dir := t.TempDir()
	for _, rel := range []string{"tail-text/plain.log", "sdk/go.log", "tail-json/compact.jsonl", "json/lines.jsonl"} {
		for _, copies := range []int{1, 300} { // damage inside what sniffing reads, and well after it
			plain := bytes.Repeat(fixture(t, rel), copies)
			want := countRequests(t, writeFile(t, dir, "plain", plain))
			lines := bytes.Count(plain, []byte("\n"))
			p := writeFile(t, dir, "damaged.gz", append(gz(t, plain), corruptMember(t, plain)...))
			for _, workers := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s x%d workers=%v", rel, copies, workers), func(t *testing.T) {
					n, problems := scanGz(t, p, workers)
					if n != want {
						t.Errorf("read %d requests, want the %d before the damage", n, want)
					}
					if len(problems) != 1 || !errors.Is(problems[0], ErrTruncated) || problems[0].Line != lines+1 ||
						!strings.Contains(problems[0].Error(), "damaged.gz:") || strings.Contains(problems[0].Error(), "gzip: gzip:") {
						t.Errorf("problems %v, want one ErrTruncated at line %d", problems, lines+1)
					}
				})
			}
		}
	}
}
