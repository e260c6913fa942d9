package logparse

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
)

// gzPrefix is what a cut member gives: the text its bytes decompress to
// before they stop.
func gzPrefix(t *testing.T, member []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(member))
	if err != nil {
		return nil // cut inside its header
	}
	out, _ := io.ReadAll(zr)
	return out
}

// wholeLines is text up to its last line end.
func wholeLines(b []byte) []byte { return b[:bytes.LastIndexByte(b, '\n')+1] }

// TestGzipDamagedMemberReadsOn: a .gz member cut short or corrupt, with
// whole members after it (`cat cut.gz whole.gz`: a rotated log whose copy
// was cut, then the next one), gives the lines the damaged member held
// whole, one report where it breaks, and every request of the members
// after it, alike through Scan and ScanWorkers at small chunk sizes.
// Before, the inflater read the next member's bytes as the rest of the cut
// stream: garbage lines, several reports, "gzip: invalid checksum", and the
// next member's requests lost.
func TestGzipDamagedMemberReadsOn(t *testing.T) {
	dir := t.TempDir()
	type piece struct {
		member []byte
		text   []byte // what a reader gets of it
		broken bool   // a report where it ends
	}
	whole := func(b []byte) piece { return piece{member: gz(t, b), text: b} }
	cut := func(b []byte, frac float64) piece {
		m := gz(t, b)
		m = m[:int(float64(len(m))*frac)]
		return piece{member: m, text: wholeLines(gzPrefix(t, m)), broken: true}
	}
	corrupt := func(b []byte) piece { return piece{member: corruptMember(t, b), broken: true} }
	for _, rel := range []string{"tail-json/cat-joined-no-final-newline.jsonl", "tail-text/plain.log", "sdk/go.log", "json/lines.jsonl", "csv/uniq-c.txt"} {
		b := fixture(t, rel)
		many := bytes.Repeat(b, 200) // past what sniffing reads, over many chunks
		for _, tc := range []struct {
			name   string
			pieces []piece
		}{
			{"cut then whole", []piece{cut(b, 2.0/3), whole(b)}},
			{"whole cut whole", []piece{whole(b), cut(b, 0.5), whole(b)}},
			{"cut in its header then whole", []piece{cut(b, 0), whole(b)}},
			{"corrupt then whole", []piece{whole(b), corrupt(b), whole(b)}},
			{"long cut then long whole", []piece{cut(many, 0.6), whole(many)}},
		} {
			if tc.name == "cut in its header then whole" {
				tc.pieces[0].member = gz(t, b)[:5]
				tc.pieces[0].text = nil
			}
			var file, text []byte
			var wantLines []int // where each report is
			wantN := 0
			for _, p := range tc.pieces {
				file = append(file, p.member...)
				text = append(text, p.text...)
				if len(p.text) > 0 {
					wantN += countRequests(t, writeFile(t, dir, "piece", p.text))
				}
				if p.broken {
					wantLines = append(wantLines, bytes.Count(text, []byte("\n"))+1)
					text = append(text, "(damage)\n"...) // the damage takes a line
				}
			}
			p := writeFile(t, dir, "both.gz", file)
			for _, size := range []int{97, 500, 1 << 20} {
				for _, workers := range []bool{false, true} {
					t.Run(fmt.Sprintf("%s %s chunk=%d workers=%v", rel, tc.name, size, workers), func(t *testing.T) {
						withChunkSize(t, size, func() {
							n, problems := scanGz(t, p, workers)
							if n != wantN {
								t.Errorf("read %d requests, want %d", n, wantN)
							}
							var at []int
							for _, pe := range problems {
								at = append(at, pe.Line)
								if !errors.Is(pe, ErrMalformed) || !strings.Contains(pe.Error(), "both.gz:") || !strings.Contains(pe.Error(), "gzip: ") {
									t.Errorf("problem %v, want a malformed record saying gzip's damage", pe)
								}
							}
							if fmt.Sprint(at) != fmt.Sprint(wantLines) {
								t.Errorf("problems at lines %v, want %v: %v", at, wantLines, problems)
							}
						})
					})
				}
			}
		}
	}
}

// scanGz reads the file at p through Scan or ScanWorkers.
func scanGz(t *testing.T, p string, workers bool) (int, []*ParseError) {
	t.Helper()
	var mu sync.Mutex
	var problems []*ParseError
	opt := ScanOptions{OnProblem: func(pe *ParseError) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, pe)
	}}
	n := 0
	in := []Input{{Name: "both.gz", Path: p}}
	var err error
	if workers {
		_, err = ScanWorkers(context.Background(), in, opt, func() func(*Request) error {
			return func(*Request) error { mu.Lock(); n++; mu.Unlock(); return nil }
		})
	} else {
		_, err = Scan(context.Background(), in, opt, func(Request) error { n++; return nil })
	}
	if err != nil {
		t.Fatalf("the input failed as a whole: %v", err)
	}
	sortProblems(problems)
	return n, problems
}

func sortProblems(ps []*ParseError) {
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && ps[j].Line < ps[j-1].Line; j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// BenchmarkReadGzipTailJSON reads a gzipped tail-json log: the member
// reader's fence looks for gzip's magic bytes in all the compressed data.
func BenchmarkReadGzipTailJSON(b *testing.B) {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	_, _ = w.Write(benchTailJSON(100000))
	_ = w.Close()
	benchReader(b, buf.Bytes(), Options{})
}
