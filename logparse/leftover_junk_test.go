package logparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
)

// junkSector is n bytes as a bad sector leaves them: random, with or
// without NULs.
func junkSector(n int, seed uint64, nuls bool) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.IntN(256))
		if !nuls && b[i] == 0 {
			b[i] = 0xff
		}
	}
	return b
}

// withSector puts sector on lines of its own after the k-th line of text.
func withSector(text []byte, k int, sector []byte) []byte {
	lines := bytes.SplitAfter(text, []byte("\n"))
	var out []byte
	for i, l := range lines {
		if i == k {
			out = append(append(out, sector...), '\n')
		}
		out = append(out, l...)
	}
	return out
}

// TestJunkSectorOneReport: a block of random bytes (a bad sector) between
// the lines of an SDK log, a CSV table or a headerless table is one report
// at its first line, and every record around it is read. Before, the SDK
// reader passed over the junk without a word, or reported each NUL in it
// as a hole (16 reports for a 4 KiB sector); the table readers reported
// each of its lines (32 for 4 KiB).
func TestJunkSectorOneReport(t *testing.T) {
	for _, tc := range []struct {
		rel  string
		k    int // the sector goes before this line (0-based)
		word string
	}{
		{"sdk/go.log", 11, "in a text log"},
		{"sdk/java.log", 3, "in a text log"},
		{"csv/dashboard.csv", 3, "in the table"},
		{"csv/uniq-c.txt", 2, "in a text log"},
	} {
		for _, nuls := range []bool{false, true} {
			for seed := uint64(1); seed <= 4; seed++ {
				t.Run(fmt.Sprintf("%s nuls=%v seed=%d", tc.rel, nuls, seed), func(t *testing.T) {
					text := fixture(t, tc.rel)
					want, _ := readAll(t, junkOpen(t, text))
					data := withSector(text, tc.k, junkSector(4096, seed, nuls))
					rd := junkOpen(t, data)
					got, errs := readAll(t, rd)
					if len(got) != len(want) {
						t.Errorf("read %d requests, want the %d around the junk", len(got), len(want))
					}
					if len(errs) != 1 {
						t.Fatalf("%d problems, want one for the junk: %v", len(errs), errs)
					}
					var pe *ParseError
					if !errors.As(errs[0], &pe) || pe.Line != tc.k+1 || !errors.Is(pe, ErrMalformed) ||
						!strings.Contains(pe.Error(), "binary data") || !strings.Contains(pe.Error(), tc.word) {
						t.Errorf("problem %v, want binary data at line %d", errs[0], tc.k+1)
					}
				})
			}
		}
	}
}

// TestJunkSectorStrict: with --strict the junk is the first problem, fatal
// at its first line.
func TestJunkSectorStrict(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "go.log", withSector(fixture(t, "sdk/go.log"), 11, junkSector(4096, 3, false)))
	_, err := Scan(context.Background(), []Input{{Name: "go.log", Path: p}}, ScanOptions{Strict: true}, func(Request) error { return nil })
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 12 || !strings.Contains(err.Error(), "binary data") {
		t.Errorf("strict scan: %v, want the junk at line 12", err)
	}
}

// TestIsJunkLine: what is a line of binary data and what is text with a
// few odd bytes.
func TestIsJunkLine(t *testing.T) {
	for _, tc := range []struct {
		line string
		junk bool
	}{
		{"2026-03-04 10:15:02 INFO POST https://api.stripe.com/v1/refunds 403", false},
		{"2026-03-04 10:15:02 INFO customer caf\xe9 cr\xe9\xe9 (Latin-1 in a UTF-8 log)", false},
		{"2026-03-04 10:15:02 INFO r\u00e9sum\u00e9 \u2713 \U0001F600", false},
		{"2026-03-04 10:15:02 \x1b[31mERROR\x1b[0m\ttab\f", false},
		{"POST /v1/refunds\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00 the hole is the reader's", false},
		{"", false},
		{"\xa5M\xca\x18%0\xbb\x1dm\x13", true},
		{"$j\xc0L\x81\xb1\xba\xf2>;\xf9\xee\xf5\xf7\x9f+I4\xaf\x87\xf5R\vi\xb9K", true},
		{"\x01\x02\x03\x04abcdefghij", true},
	} {
		if got := mayBeJunk([]byte(tc.line)) && isJunkLine([]byte(tc.line)); got != tc.junk {
			t.Errorf("isJunkLine(%q) = %v, want %v", tc.line, got, tc.junk)
		}
		if got := mayBeJunkString(tc.line) && isJunkLine([]byte(tc.line)); got != tc.junk {
			t.Errorf("isJunkLine(%q) = %v, want %v", tc.line, got, tc.junk)
		}
	}
}

func junkOpen(t *testing.T, b []byte) Reader {
	t.Helper()
	rd, _, err := Open("in", bytes.NewReader(b), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rd
}
