package logparse

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
)

// withChunkSize runs f with chunks of n bytes.
func withChunkSize(t *testing.T, n int, f func()) {
	t.Helper()
	old := chunkSize
	chunkSize = n
	defer func() { chunkSize = old }()
	f()
}

// chunkInput is a tail-json log with what chunk boundaries must survive:
// lines of every length, a blank line, bad lines, a line over the limit
// (maxLine), CRLF, and, with noFinalNewline, a last line without its end.
func chunkInput(noFinalNewline bool) (data []byte, maxLine int) {
	maxLine = 600
	lines := bytes.Split(bytes.TrimSuffix(benchTailJSON(300), []byte("\n")), []byte("\n"))
	lines[3] = nil
	lines[10] = []byte("garbage")
	lines[40] = append([]byte(`{"livemode":false,"method":"GET","url":"/v1/`), append(bytes.Repeat([]byte("x"), 3*maxLine), `","status":200}`...)...)
	lines[41] = append([]byte(`{"livemode":false,"method":"GET","url":"/v1/`), append(bytes.Repeat([]byte("y"), maxLine-60), `","status":200}`...)...)
	lines[77] = append(lines[77], '\r')
	lines[150] = []byte(`{"livemode":true,"method":"POST","url":"/v1/refunds","status":403,"request_id":"req_x","created_at":1772619302,"error":{"message":"Having the 'rak_refund_write' permission would allow this request to continue."}}`)
	// Holes where lines start (logrotate's copytruncate, see dropNULs): one
	// longer than a line may be and than a chunk reads past its end
	// (lineSlack), one shorter.
	lines[200] = append(bytes.Repeat([]byte{0}, 4*int(lineSlack)), lines[200]...)
	lines[210] = append(bytes.Repeat([]byte{0}, 7), lines[210]...)
	data = bytes.Join(lines, []byte("\n"))
	if !noFinalNewline {
		data = append(data, '\n')
	}
	return data, maxLine
}

// TestFileChunksCutAtLineStarts drains fileChunks by hand: the chunks put
// back together are the input (a hole where a line starts may be dropped,
// and an over-long line may come cut after max+1 bytes, when it ends a
// chunk),
// every chunk but the last ends a line, and each knows its first line's
// number. Inputs read from the start and after a head of sniffed bytes.
func TestFileChunksCutAtLineStarts(t *testing.T) {
	for _, noEnd := range []bool{false, true} {
		data, maxLine := chunkInput(noEnd)
		want := cutLongLines(data, maxLine)
		for _, size := range []int{1, 2, 3, 7, 64, 97, 599, 600, 601, 4096, 1 << 20} {
			for _, headLen := range []int{0, 1, 500, 5000} {
				t.Run(fmt.Sprintf("end=%v/chunk=%d/head=%d", !noEnd, size, headLen), func(t *testing.T) {
					withChunkSize(t, size, func() {
						s := &fileChunks{head: data[:headLen], file: bytes.NewReader(data), base: int64(headLen),
							size: int64(len(data)), max: maxLine, prog: &progress{}, line: 1}
						s.turn.L = &s.mu
						var got []byte
						var scratch []byte
						for seq := 0; ; seq++ {
							c, ok := s.next(context.Background(), &scratch)
							if !ok {
								break
							}
							if c.seq != seq {
								t.Fatalf("chunk %d came as %d", seq, c.seq)
							}
							if line := 1 + bytes.Count(got, []byte{'\n'}); c.firstLine != line {
								t.Fatalf("chunk %d: first line %d, want %d", seq, c.firstLine, line)
							}
							if len(c.data) > 0 && len(got) > 0 && got[len(got)-1] != '\n' {
								t.Fatalf("chunk %d follows a chunk that does not end a line", seq)
							}
							got = append(got, c.data...)
						}
						if s.err() != nil {
							t.Fatal(s.err())
						}
						if !bytes.Equal(cutLongLines(got, maxLine), want) {
							t.Fatalf("chunks put together differ from the input (%d vs %d bytes)", len(got), len(want))
						}
					})
				})
			}
		}
	}
}

// cutLongLines is data with each line's hole dropped (see dropNULs) and
// each line longer than max then cut to max+1 bytes, as a chunk may send
// such a line on (for its reader to report).
func cutLongLines(data []byte, max int) []byte {
	var out []byte
	for len(data) > 0 {
		line, rest, found := bytes.Cut(data, []byte{'\n'})
		if line = dropNULs(line); len(line) > max {
			line, found = line[:max+1], true
		}
		out = append(out, line...)
		if found {
			out = append(out, '\n')
		}
		data = rest
	}
	return out
}

// TestFileChunksFileShrank: a file cut short while it is read ends the
// input where it now ends, without an error or a hang.
func TestFileChunksFileShrank(t *testing.T) {
	data, maxLine := chunkInput(false)
	withChunkSize(t, 97, func() {
		s := &fileChunks{file: bytes.NewReader(data[:len(data)/2]), size: int64(len(data)), max: maxLine, prog: &progress{}, line: 1}
		s.turn.L = &s.mu
		var got []byte
		var scratch []byte
		for {
			c, ok := s.next(context.Background(), &scratch)
			if !ok {
				break
			}
			got = append(got, c.data...)
		}
		if want := cutLongLines(data[:len(data)/2], maxLine); !bytes.Equal(cutLongLines(got, maxLine), want) {
			t.Fatalf("got %d bytes, want the %d left", len(got), len(want))
		}
	})
}

// TestChunkedScansMatchSequential: with chunks of many sizes, from a file
// (fileChunks) and from a gzip file (streamChunks), Scan and ScanWorkers
// give what the sequential reader gives: the same records, problems and
// Stats.
func TestChunkedScansMatchSequential(t *testing.T) {
	data, maxLine := chunkInput(true)
	dir := t.TempDir()
	inputs := []Input{
		{Name: "plain.jsonl", Path: writeFile(t, dir, "plain.jsonl", data)},
		{Name: "packed.jsonl.gz", Path: writeFile(t, dir, "packed.jsonl.gz", gz(t, data))},
		// Cut off: the records before the cut, then the stream's failure.
		{Name: "cut.jsonl.gz", Path: writeFile(t, dir, "cut.jsonl.gz", gz(t, data)[:len(gz(t, data))*4/5])},
	}
	opt := func(problems *strings.Builder) ScanOptions {
		return ScanOptions{Options: Options{MaxLine: maxLine}, OnProblem: func(pe *ParseError) { problems.WriteString(pe.Error() + "\n") }}
	}
	var wantProblems strings.Builder
	var want []string
	parallelDecode = false
	wst, err := Scan(context.Background(), inputs, opt(&wantProblems), func(r Request) error { want = append(want, render(r)); return nil })
	parallelDecode = true
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(wantProblems.String(), "plain.jsonl:41:1: line too long") {
		t.Fatalf("the input lost its over-long line: %s", wantProblems.String())
	}
	for _, line := range []string{"plain.jsonl:201:1 ", "plain.jsonl:211:1 "} {
		if !slices.ContainsFunc(want, func(r string) bool { return strings.HasPrefix(r, line) }) || strings.Contains(wantProblems.String(), strings.TrimSpace(line)) {
			t.Fatalf("the line after a hole (%s) is not a record: %s", line, wantProblems.String())
		}
	}
	for _, size := range []int{1, 5, 64, 97, 600, 4096} {
		t.Run(fmt.Sprint(size), func(t *testing.T) {
			withChunkSize(t, size, func() {
				var problems strings.Builder
				var got []string
				st, err := Scan(context.Background(), inputs, opt(&problems), func(r Request) error { got = append(got, render(r)); return nil })
				if err != nil {
					t.Fatal(err)
				}
				if strings.Join(got, "\n") != strings.Join(want, "\n") || problems.String() != wantProblems.String() {
					t.Fatalf("Scan differs from the sequential reader:\n%s\nproblems:\n%s\nwant:\n%s", diffLines(got, want), problems.String(), wantProblems.String())
				}
				checkSameStats(t, "Scan", st, wst)

				problems.Reset()
				var mu sync.Mutex
				got = got[:0]
				st, err = ScanWorkers(context.Background(), inputs, opt(&problems), func() func(*Request) error {
					return func(r *Request) error { s := render(*r); mu.Lock(); got = append(got, s); mu.Unlock(); return nil }
				})
				if err != nil {
					t.Fatal(err)
				}
				if !sameMultiset(got, want) || problems.String() != wantProblems.String() {
					t.Fatalf("ScanWorkers differs from the sequential reader; problems:\n%s\nwant:\n%s", problems.String(), wantProblems.String())
				}
				checkSameStats(t, "ScanWorkers", st, wst)
			})
		})
	}
}

func checkSameStats(t *testing.T, who string, got, want []Stats) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("%s stats\n%+v\nwant\n%+v", who, got, want)
	}
}

func sameMultiset(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	n := map[string]int{}
	for _, s := range a {
		n[s]++
	}
	for _, s := range b {
		if n[s]--; n[s] < 0 {
			return false
		}
	}
	return true
}

// diffLines shows the first place two renderings differ.
func diffLines(got, want []string) string {
	for i := range min(len(got), len(want)) {
		if got[i] != want[i] {
			return fmt.Sprintf("record %d:\n got %s\nwant %s", i, got[i], want[i])
		}
	}
	return fmt.Sprintf("%d records, want %d", len(got), len(want))
}

// TestFileChunksReadError: a read that fails stops the scan with the error,
// whichever goroutine met it, and no goroutine is left waiting its turn.
func TestFileChunksReadError(t *testing.T) {
	data, maxLine := chunkInput(false)
	withChunkSize(t, 64, func() {
		s := &fileChunks{file: failingReaderAt{data, int64(len(data) / 2)}, size: int64(len(data)), max: maxLine, prog: &progress{}, line: 1}
		s.turn.L = &s.mu
		var wg sync.WaitGroup
		for range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var scratch []byte
				for {
					if _, ok := s.next(context.Background(), &scratch); !ok {
						return
					}
				}
			}()
		}
		wg.Wait()
		if err := s.err(); err == nil || !strings.Contains(err.Error(), "disk on fire") {
			t.Fatalf("err = %v", err)
		}
	})
}

type failingReaderAt struct {
	data []byte
	bad  int64 // reads reaching this offset fail
}

func (f failingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	if off+int64(len(p)) > f.bad {
		return 0, fmt.Errorf("disk on fire at %d", off)
	}
	return copy(p, f.data[off:]), nil
}

var _ io.ReaderAt = failingReaderAt{}

// TestFileChunksProgress: reading a file in chunks reports progress that
// only grows and ends at the file's size, for both scans.
func TestFileChunksProgress(t *testing.T) {
	data := benchTailJSON(20000)
	path := writeFile(t, t.TempDir(), "p.jsonl", data)
	withChunkSize(t, 4096, func() {
		for _, workers := range []bool{false, true} {
			var reports [][2]int64
			opt := ScanOptions{Progress: func(done, total int64) { reports = append(reports, [2]int64{done, total}) }}
			in := []Input{{Name: "p.jsonl", Path: path}}
			err := scanDiscarding(in, opt, workers)
			if err != nil {
				t.Fatal(err)
			}
			if len(reports) < 3 {
				t.Fatalf("workers=%v: %d progress reports for %d bytes", workers, len(reports), len(data))
			}
			for i, r := range reports {
				if r[1] != int64(len(data)) || (i > 0 && r[0] < reports[i-1][0]) {
					t.Fatalf("workers=%v: report %d is %v after %v (file of %d bytes)", workers, i, r, reports[max(i-1, 0)], len(data))
				}
			}
			if last := reports[len(reports)-1]; last[0] != int64(len(data)) {
				t.Fatalf("workers=%v: progress ends at %d of %d bytes", workers, last[0], len(data))
			}
		}
	})
}

// TestStdinFromFileIsChunked: `import - < file` reads standard input as the
// file it is, in chunks, from where its offset stands (a shell may have
// read some of it already), and gives what reading it as a stream gives.
func TestStdinFromFileIsChunked(t *testing.T) {
	data, maxLine := chunkInput(false)
	path := writeFile(t, t.TempDir(), "in.jsonl", data)
	skip := bytes.IndexByte(data, '\n') + 1 // the first line was read by someone else
	scan := func(stdin io.Reader) (string, []Stats) {
		var b strings.Builder
		st, err := Scan(context.Background(), []Input{{Name: "-"}}, ScanOptions{Stdin: stdin, Options: Options{MaxLine: maxLine},
			OnProblem: func(pe *ParseError) { b.WriteString(pe.Error() + "\n") }},
			func(r Request) error { b.WriteString(render(r) + "\n"); return nil })
		if err != nil {
			t.Fatal(err)
		}
		return b.String(), st
	}
	want, wst := scan(bytes.NewReader(data[skip:]))
	withChunkSize(t, 97, func() {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if _, err := f.Seek(int64(skip), io.SeekStart); err != nil {
			t.Fatal(err)
		}
		got, st := scan(f)
		if got != want {
			t.Fatalf("standard input from a file differs from the stream:\n%s\nwant:\n%s", got, want)
		}
		checkSameStats(t, "Scan", st, wst)
	})
}

// FuzzFileChunks: for any input, chunk size, sniffed head and line limit,
// the chunks put together are the input (lines over the limit possibly
// cut), each chunk but the last ends a line, and each knows the number of
// its first line.
func FuzzFileChunks(f *testing.F) {
	data, _ := chunkInput(true)
	f.Add(data, uint16(97), uint16(0), uint16(600))
	f.Add([]byte("a\nbb\n\nccc"), uint16(1), uint16(2), uint16(1))
	f.Add([]byte("\n\n\n"), uint16(2), uint16(3), uint16(1))
	f.Add([]byte("no line end at all"), uint16(3), uint16(0), uint16(4))
	f.Fuzz(func(t *testing.T, data []byte, size, head, maxLine uint16) {
		if size == 0 || maxLine == 0 || int(head) > len(data) {
			return
		}
		old := chunkSize
		chunkSize = int(size)
		defer func() { chunkSize = old }()
		s := &fileChunks{head: data[:head], file: bytes.NewReader(data), base: int64(head),
			size: int64(len(data)), max: int(maxLine), prog: &progress{}, line: 1}
		s.turn.L = &s.mu
		var got, scratch []byte
		for seq := 0; ; seq++ {
			c, ok := s.next(context.Background(), &scratch)
			if !ok {
				break
			}
			if line := 1 + bytes.Count(got, []byte{'\n'}); c.seq != seq || c.firstLine != line {
				t.Fatalf("chunk %d came as %d, first line %d, want %d", seq, c.seq, c.firstLine, line)
			}
			if len(c.data) > 0 && len(got) > 0 && got[len(got)-1] != '\n' {
				t.Fatalf("chunk %d follows a chunk that does not end a line", seq)
			}
			got = append(got, c.data...)
		}
		if s.err() != nil {
			t.Fatal(s.err())
		}
		if a, b := cutLongLines(got, int(maxLine)), cutLongLines(data, int(maxLine)); !bytes.Equal(a, b) {
			t.Fatalf("chunks put together differ from the input:\n%q\n%q", a, b)
		}
	})
}
