package logparse

import (
	"bytes"
	"fmt"
	"testing"
	"time"
)

// costTailText is a tail-text log of n lines of one shape after a good
// request line.
func costTailText(shape string, n int) []byte {
	var b bytes.Buffer
	b.WriteString("2026-03-04 10:00:00 [200] GET /v1/customers [req_first]\n")
	for i := range n {
		ts := fmt.Sprintf("2026-03-04 10:%02d:%02d", i/60%60, i%60)
		switch shape {
		case "good":
			fmt.Fprintf(&b, "%s [200] GET /v1/customers/cus_%d [req_%d]\n", ts, i, i)
		case "bad-status":
			fmt.Fprintf(&b, "%s [2x0] GET /v1/customers/cus_%d [req_%d]\n", ts, i, i)
		case "no-id":
			fmt.Fprintf(&b, "%s [200] GET /v1/customers/cus_%d\n", ts, i)
		case "junk":
			fmt.Fprintf(&b, "garbage in the log, line %d with some words\n", i)
		case "403":
			fmt.Fprintf(&b, "%s [403] POST /v1/refunds [req_%d]\nType: invalid_request_error\nMessage: The provided key 'rk_test_x' does not have the required permissions for this endpoint on account 'acct_1'.\n", ts, i)
		}
	}
	return b.Bytes()
}

// BenchmarkTailTextLineCost: ns per line of a tail-text log read by the
// sequential reader, per shape.
func BenchmarkTailTextLineCost(b *testing.B) {
	const lines = 20000
	for _, shape := range []string{"good", "bad-status", "no-id", "junk", "403"} {
		b.Run(shape, func(b *testing.B) {
			data := costTailText(shape, lines)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				rd, _, err := Open("t.log", bytes.NewReader(data), Options{Location: time.UTC})
				if err != nil {
					b.Fatal(err)
				}
				for {
					if _, err := rd.Next(); err == errEOF {
						break
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/lines, "ns/line")
		})
	}
}

// FuzzTailChatterIndex: the chatter prefixes looked up by first byte find
// what a walk of them all finds, and the user@host test before the words
// are split says what splitting them first said.
func FuzzTailChatterIndex(f *testing.F) {
	for _, c := range tailChatter {
		f.Add(c + " more")
	}
	f.Add("me@host:~$ stripe logs tail")
	f.Add(" \u00a0me@host ~ %")
	f.Add("2026-03-04 10:00:00 [2x0] GET /v1/x [req_1]")
	f.Fuzz(func(t *testing.T, s string) {
		text := []byte(s)
		walk := false
		for _, c := range tailChatter {
			walk = walk || bytes.HasPrefix(text, []byte(c))
		}
		indexed := false
		if len(text) > 0 {
			for _, c := range tailChatterByFirst()[text[0]] {
				indexed = indexed || bytes.HasPrefix(text, []byte(c))
			}
		}
		if walk != indexed {
			t.Fatalf("%q: indexed %v, walk %v", s, indexed, walk)
		}
		if got, want := isShellLine(text), isShellLineFields(text); got != want {
			t.Fatalf("%q: isShellLine %v, want %v", s, got, want)
		}
	})
}

// isShellLineFields is isShellLine as it was, splitting the words first.
func isShellLineFields(text []byte) bool {
	if len(text) == 1 {
		return text[0] == '%' || text[0] == '$' || text[0] == '#'
	}
	if len(text) > 6 && bytes.HasPrefix(text, []byte("PS ")) && text[4] == ':' && text[5] == '\\' {
		return bytes.IndexByte(text, '>') > 0
	}
	words := bytes.Fields(text)
	if len(words) == 0 {
		return false
	}
	if at := bytes.IndexByte(words[0], '@'); at <= 0 || at == len(words[0])-1 {
		return false
	}
	for i, w := range words[:min(len(words), 3)] {
		if end := w[len(w)-1]; end == '$' || end == '%' || end == '#' {
			return len(w) == 1 || i == 0
		}
	}
	return false
}

// TestCostTailTextBadLineAllocs: a malformed tail-text line allocates a
// bounded handful more than a good one read by the same reader (its
// ParseError and message); measured at n and 8n lines.
func TestCostTailTextBadLineAllocs(t *testing.T) {
	perLine := func(shape string) float64 {
		at := func(n int) float64 {
			data := costTailText(shape, n)
			return testing.AllocsPerRun(2, func() {
				rd, _, err := Open("t.log", bytes.NewReader(data), Options{Location: time.UTC})
				if err != nil {
					t.Fatal(err)
				}
				for {
					if _, err := rd.Next(); err == errEOF {
						break
					}
				}
			})
		}
		const n = 300
		return (at(8*n) - at(n)) / (7 * n)
	}
	good := perLine("good")
	// A ParseError, its kind, its message and snippet, the line's
	// pieces tried as a wrapped request: a handful. A junk line split its
	// words for the shell prompt test first (7 in all, 6 now).
	for _, c := range []struct {
		shape string
		most  float64
	}{{"bad-status", 13}, {"no-id", 8}, {"junk", 4}} {
		bad := perLine(c.shape)
		t.Logf("%s: %.1f allocations per line, good: %.1f", c.shape, bad, good)
		if bad > good+c.most {
			t.Errorf("%s: %.1f allocations per line, good %.1f", c.shape, bad, good)
		}
	}
}
