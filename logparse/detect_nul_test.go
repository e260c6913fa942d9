package logparse

import (
	"bytes"
	"errors"
	"strings"
	"testing"
)

// TestOnlyNULsIsBinary: an input of NUL bytes alone (a gzip bomb of zeros,
// a preallocated or zeroed file, NULs between line ends) is binary data,
// named, and fatal: Open and Scan say so. Before, the NULs were dropped as
// a hole where a line starts, and what was left was "empty input". A file
// with nothing in it is still empty, and a hole before text is still read.
func TestOnlyNULsIsBinary(t *testing.T) {
	dir := t.TempDir()
	zeros := make([]byte, 4<<20)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"bomb.gz", gz(t, zeros)},
		{"zeros.bin", zeros},
		{"zero-lines.log", bytes.Repeat(append(make([]byte, 4000), '\n'), 3000)},
		{"zeros-then-blank.log", append(zeros[:1000], "\n\n\r\n"...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := Open(tc.name, bytes.NewReader(tc.data), Options{})
			var pe *ParseError
			if !errors.As(err, &pe) || !errors.Is(err, ErrBinary) || pe.File != tc.name || !strings.Contains(err.Error(), "NUL") {
				t.Fatalf("Open: %v, want binary data of NULs in %s", err, tc.name)
			}
			p := writeFile(t, dir, tc.name, tc.data)
			for _, workers := range []bool{false, true} {
				if err := scanDiscarding([]Input{{Name: tc.name, Path: p}}, ScanOptions{}, workers); !errors.Is(err, ErrBinary) || errors.Is(err, ErrEmpty) {
					t.Errorf("scan (workers %v): %v, want binary data", workers, err)
				}
				if err := scanDiscarding([]Input{{Name: "-"}}, ScanOptions{Stdin: bytes.NewReader(tc.data)}, workers); !errors.Is(err, ErrBinary) {
					t.Errorf("scan of a pipe (workers %v): %v, want binary data", workers, err)
				}
			}
		})
	}
	if _, _, err := Open("empty.log", bytes.NewReader(nil), Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("an empty file: %v, want empty input", err)
	}
	if _, _, err := Open("blank.log", strings.NewReader("\n\n  \n"), Options{}); !errors.Is(err, ErrEmpty) {
		t.Errorf("blank lines: %v, want empty input", err)
	}
	hole := append(make([]byte, 1<<20), fixture(t, "tail-json/compact.jsonl")...)
	if reqs := readClean(t, "rotated.jsonl", string(gz(t, hole)), Options{}); len(reqs) == 0 {
		t.Error("a hole before text: no request read")
	}
}
