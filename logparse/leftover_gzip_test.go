package logparse

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
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

// scanGz reads the file at p, named by its base name, through Scan or
// ScanWorkers: the requests read, and the problems in line order.
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
	in := []Input{{Name: filepath.Base(p), Path: p}}
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

// TestGzipMembersReadSizes: what gzipMembers gives does not depend on how
// the compressed bytes come in (a pipe's short reads put gzip's magic
// bytes, and the look-ahead a possible member's start needs, across reads),
// nor on the members' sizes against its 256 KiB buffer: whole members
// joined, a cut member between whole ones, members larger than the buffer
// with random text (deflate output of it holds the magic bytes by chance).
func TestGzipMembersReadSizes(t *testing.T) {
	small := fixture(t, "tail-text/plain.log")
	var big bytes.Buffer
	for i := 0; big.Len() < 900<<10; i++ {
		fmt.Fprintf(&big, "2026-03-04 10:15:%02d [200] GET /v1/customers/cus_%x [req_%x]\n", i%60, uint64(i)*0x9e3779b97f4a7c15, uint64(i)*0xbf58476d1ce4e5b9)
	}
	bigGz := gz(t, big.Bytes())
	cutBig := bigGz[:len(bigGz)*3/5]
	cutText := wholeLines(gzPrefix(t, cutBig))
	// gzip's magic bytes in a member's data, not a member: stored blocks
	// (gzip -1 on incompressible data) carry the bytes as they are.
	magic := append(append(append([]byte{}, small...), "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff not a member\n"...), small...)
	var stored bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&stored, gzip.NoCompression)
	_, _ = zw.Write(magic)
	_ = zw.Close()
	for _, tc := range []struct {
		name string
		file []byte
		want []byte // the text, a damage line as "DAMAGE\n"
	}{
		{"magic bytes inside a member", append(append([]byte{}, stored.Bytes()...), gz(t, small)...), append(append([]byte{}, magic...), small...)},
		{"whole members", append(gz(t, small), gz(t, small)...), append(append([]byte{}, small...), small...)},
		{"big whole members", append(append([]byte{}, bigGz...), bigGz...), append(append([]byte{}, big.Bytes()...), big.Bytes()...)},
		{"big cut then big whole", append(append([]byte{}, cutBig...), bigGz...), append(append(append([]byte{}, cutText...), "DAMAGE\n"...), big.Bytes()...)},
		{"small cut then big whole then small", append(append(gz(t, small)[:100], bigGz...), gz(t, small)...),
			append(append(append(wholeLines(gzPrefix(t, gz(t, small)[:100])), "DAMAGE\n"...), big.Bytes()...), small...)},
	} {
		for _, size := range []int{1, 3, 7, 4096, 1 << 20} {
			t.Run(fmt.Sprintf("%s reads of %d", tc.name, size), func(t *testing.T) {
				g, err := newGzipMembers("in.gz", &sizedReader{bytes.NewReader(tc.file), size})
				if err != nil {
					t.Fatal(err)
				}
				out, err := io.ReadAll(g)
				if err != nil {
					t.Fatal(err)
				}
				var got []byte
				for _, l := range bytes.SplitAfter(out, []byte("\n")) {
					if isDamageLine(l) {
						l = []byte("DAMAGE\n")
					}
					got = append(got, l...)
				}
				if !bytes.Equal(got, tc.want) {
					i := 0
					for i < len(got) && i < len(tc.want) && got[i] == tc.want[i] {
						i++
					}
					t.Errorf("output differs at byte %d of %d (want %d): %q vs %q", i, len(got), len(tc.want), got[i:min(len(got), i+80)], tc.want[i:min(len(tc.want), i+80)])
				}
			})
		}
	}
}

// FuzzGzipMembers: a member cut anywhere, then a whole one, gives the cut
// member's whole lines, one damage line and the whole member's text; any
// bytes after a gzip header end (no panic, no endless loop).
func FuzzGzipMembers(f *testing.F) {
	f.Add([]byte("2026-03-04 10:15:02 [200] GET /v1/x [req_1]\nType: t\n"), uint16(30), []byte{})
	f.Add([]byte("a\nb\nc"), uint16(5), []byte{0x1f, 0x8b, 0x08, 0, 0, 0, 0, 0, 0, 0xff, 1, 2})
	f.Fuzz(func(t *testing.T, text []byte, cut uint16, junk []byte) {
		text = bytes.ReplaceAll(text, []byte(damageMark[:1]), []byte("?")) // no damage line of its own
		whole := gz(t, text)
		n := int(cut) % len(whole)
		file := append(append(append([]byte{}, whole[:n]...), junk...), whole...)
		g, err := newGzipMembers("in.gz", &sizedReader{bytes.NewReader(file), 1 + int(cut)%17})
		if err != nil {
			return // the first member broke in its header and nothing decodes after it
		}
		out, _ := io.ReadAll(g)
		if len(junk) == 0 && n > 0 && !isBinary(text) {
			// (A member is taken for one where it decodes into text:
			// memberProbe.starts.)
			// The text of the whole member ends the output.
			if !bytes.HasSuffix(out, text) {
				t.Fatalf("output %q does not end with the whole member's text %q", out, text)
			}
		}
		// Random bytes alone: read, and the end is reached.
		g2, err := newGzipMembers("junk.gz", bytes.NewReader(append([]byte{0x1f, 0x8b, 0x08, 0}, junk...)))
		if err == nil {
			_, _ = io.ReadAll(g2)
		}
	})
}
