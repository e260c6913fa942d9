package logparse

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// TestSniffDamageAfterText: binary bytes after the first lines of a text
// log (a hole, a bad sector read back as zeros or junk) are damage its
// reader reports, not proof the file is binary. Before, such damage within
// the lines sniffing reads (most of a small SDK log) made the whole file
// "binary data", every request in it lost. A file that starts binary, or
// whose text is followed by more binary than a few sectors, still is.
func TestSniffDamageAfterText(t *testing.T) {
	java := string(fixture(t, "sdk/java.log"))
	first, rest, _ := strings.Cut(java, "\n")
	second, rest, _ := strings.Cut(rest, "\n")
	junk := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(0x80 + i*7%0x7f) // invalid UTF-8 and C0 bytes, no newline
			if i%97 == 0 {
				b[i] = 0x01
			}
		}
		return string(b)
	}
	for _, tc := range []struct {
		name, in string
		binary   bool
	}{
		{"a bad sector of junk", first + "\n" + second + "\n" + junk(512) + "\n" + rest, false},
		{"a sector of zeros", first + "\n" + second + "\n" + strings.Repeat("\x00", 4096) + "\n" + rest, false},
		{"a hole inside a line", first + "\n" + second[:40] + strings.Repeat("\x00", 3000) + rest, false},
		{"binary from the start", junk(600) + "\n" + java, true},
		{"text, then much binary", first + "\n" + junk(5000) + "\n" + junk(5000) + "\n" + rest, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := openStringErr(tc.in)
			if got := errors.Is(err, ErrBinary); got != tc.binary {
				t.Errorf("binary = %v (%v), want %v", got, err, tc.binary)
			}
		})
	}
}

func openStringErr(s string) (Reader, Format, error) {
	return Open("in", strings.NewReader(s), Options{})
}

// TestSDKHole: a NUL run inside a line of an SDK log is reported where it
// starts, the text before it and the lines after it read: the request
// line it cut is lost, the others are not. Before, it went without a word.
func TestSDKHole(t *testing.T) {
	checkDamaged(t, filepath.Join(fixtureDir, "invalid", "sdk-hole-mid-line.log"), 5,
		"sdk-hole-mid-line.log:13:17: truncated record at end of input: a run of NUL bytes (a hole) cuts this line")
}

// TestSDKCRLines: bare CRs ending lines in the middle of an SDK log are
// line ends: go.log with lines 12-14 so parted reads its 6 requests, as
// the golden file shows. Before, the request after the first CR was lost
// without a word (5 of 6).
func TestSDKCRLines(t *testing.T) {
	checkDamaged(t, filepath.Join(fixtureDir, "valid", "sdk", "cr-line-ends-mid-file.log"), 6)
}
