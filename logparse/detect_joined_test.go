package logparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// joinedEvents is n compact tail-json events joined with no line end, as
// cat joins files that lack their final newline, from id on.
func joinedEvents(id, n int) []byte {
	var b bytes.Buffer
	for i := range n {
		fmt.Fprintf(&b, `{"created_at":1772619302,"livemode":false,"method":"POST","url":"/v1/customers/cus_%d","status":200,"request_id":"req_j%d"}`, id+i, id+i)
	}
	return b.Bytes()
}

// TestJoinedValuesLongLine: JSON documents joined "}{" on one line longer
// than --max-line are each read: a JSON value read by the JSON reader is not
// a line, and --max-line bounds each value instead. A value over it is one
// problem at its place, and the values after it on the line are read.
// Before, the whole line was "line too long" and every record on it lost.
func TestJoinedValuesLongLine(t *testing.T) {
	const maxLine = 4096
	big := `{"created_at":1772619302,"method":"GET","url":"/v1/` + strings.Repeat("x", 3*maxLine) + `","status":200}`
	line := append(append(joinedEvents(0, 200), big...), joinedEvents(200, 100)...)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"the line alone", line},
		{"the line first", append(append(append([]byte(nil), line...), '\n'), bytes.Repeat(fixture(t, "json/lines.jsonl"), 3)...)},
		{"the line after JSON lines, CRLF", append(append(bytes.Repeat(fixture(t, "json/lines.jsonl"), 3), line...), "\r\n"...)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, format, err := Open("joined.json", bytes.NewReader(tc.data), Options{MaxLine: maxLine})
			if err != nil {
				t.Fatal(err)
			}
			reqs, errs := readAll(t, rd)
			n := 0
			for _, r := range reqs {
				if strings.HasPrefix(r.RequestID, "req_j") {
					if want := fmt.Sprintf("req_j%d", n); r.RequestID != want {
						t.Fatalf("record %s, want %s (in order)", r.RequestID, want)
					}
					n++
				}
			}
			if n != 300 {
				t.Errorf("read %d of the 300 joined records (%s)", n, format)
			}
			if len(errs) != 1 || !errors.Is(errs[0], ErrLineTooLong) || !strings.Contains(errs[0].Error(), "JSON value longer than 4096 bytes") {
				t.Fatalf("problems %v, want the one value over the limit", errs)
			}
			var pe *ParseError
			if errors.As(errs[0], &pe); pe.Column != 1+bytes.Index(tc.data[bytes.LastIndexByte(tc.data[:bytes.Index(tc.data, []byte(big))], '\n')+1:], []byte(big)) {
				t.Errorf("the value over the limit is placed at column %d", pe.Column)
			}
		})
	}
}

// TestJoinedValuesChunked: such a line amid JSON lines is read alike by
// Scan and ScanWorkers wherever chunks are cut (at offsets in a file, and
// as a stream is read).
func TestJoinedValuesChunked(t *testing.T) {
	const maxLine = 1024
	dir := t.TempDir()
	big := `{"created_at":1772619302,"method":"GET","url":"/v1/` + strings.Repeat("y", 2*maxLine) + `","status":200}`
	text := bytes.Repeat(fixture(t, "tail-json/compact.jsonl"), 10)
	lines := bytes.SplitAfter(text, []byte("\n"))
	var data []byte
	for i, l := range lines {
		data = append(data, l...)
		switch i {
		case 7:
			data = append(append(data, joinedEvents(0, 100)...), '\n')
		case 40:
			data = append(append(append(append(data, joinedEvents(100, 5)...), big...), joinedEvents(200, 40)...), '\n')
		case 60:
			data = append(append(data, big...), "\n}\n"...)
		}
	}
	p := writeFile(t, dir, "joined.jsonl", data)
	checkChunkedTailText(t, p, maxLine, []int{1, 97, 500, 1500, 4096, 1 << 20})
	checkChunkedTailText(t, writeFile(t, dir, "joined.jsonl.gz", gz(t, data)), maxLine, []int{97, 1500, 4096})
	var problems []string
	n := 0
	opt := ScanOptions{Options: Options{MaxLine: maxLine}, OnProblem: func(pe *ParseError) { problems = append(problems, pe.Error()) }}
	if _, err := Scan(context.Background(), []Input{{Name: "joined.jsonl", Path: p}}, opt, func(Request) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	if want := countRequests(t, writeFile(t, dir, "plain.jsonl", text)) + 100 + 45; n != want {
		t.Errorf("read %d requests, want %d", n, want)
	}
	if len(problems) != 3 || !strings.Contains(problems[0], "JSON value longer") || !strings.Contains(problems[1], "line too long: longer than 1024 bytes") || !strings.Contains(problems[2], `found "}"`) {
		t.Errorf("problems %q, want the two values over the limit and the stray brace", problems)
	}
}

// FuzzJoinedValuesChunks holds chunked decoding of JSON lines holding lines
// of joined values over the limit (values over it too, bad sectors, blank
// and short lines around them) to the sequential reader, cut anywhere.
func FuzzJoinedValuesChunks(f *testing.F) {
	f.Add(uint16(3), uint8(40), uint16(300), false, uint64(1), uint16(97), uint8(0))
	f.Add(uint16(1), uint8(9), uint16(200), true, uint64(2), uint16(5), uint8(3))
	f.Add(uint16(20), uint8(120), uint16(1000), true, uint64(3), uint16(400), uint8(7))
	text := bytes.Repeat(fixtureBytes(f, "tail-json/compact.jsonl"), 4)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, at uint16, n uint8, max uint16, bigValue bool, seed uint64, size uint16, extra uint8) {
		maxLine := 200 + int(max)%2000
		lines := bytes.SplitAfter(text, []byte("\n"))
		k := int(at) % len(lines)
		line := joinedEvents(0, int(n))
		if bigValue {
			mid := len(line) / 2
			mid = bytes.Index(line[mid:], []byte("}{")) + mid + 1
			if mid <= len(line)/2 {
				mid = len(line)
			}
			big := `{"method":"GET","url":"/v1/` + strings.Repeat("q", maxLine) + `"}`
			line = append(append(append([]byte(nil), line[:mid]...), big...), line[mid:]...)
		}
		var data []byte
		for i, l := range lines {
			if i == k {
				data = append(append(data, line...), '\n')
				switch extra % 4 {
				case 1:
					data = append(data, "}\n\n"...)
				case 2:
					data = append(append(data, junkSector(1+int(extra)*7, seed, extra&8 != 0)...), '\n')
				case 3:
					data = append(append(data, bytes.Repeat([]byte{0}, int(extra))...), line[:len(line)/3]...) // a hole, then a line cut short
					data = append(data, '\n')
				}
			}
			data = append(data, l...)
		}
		path := filepath.Join(dir, "fuzz.jsonl")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		checkChunkedTailText(t, path, maxLine, []int{int(size%2048) + 1})
		checkChunkedTailText(t, writeFile(t, dir, "fuzz.jsonl.gz", gz(t, data)), maxLine, []int{int(size%2048) + 1})
	})
}

// TestJoinedLineUnderLimitLinear: a line of joined values just under
// --max-line is read a value at a time from one copy of it. Before, each
// value after the first was put back with a copy of all the rest: 9,600
// values on a 1 MiB line allocated about 5 GB and took 8 s. Bytes
// allocated are counted, not time.
func TestJoinedLineUnderLimitLinear(t *testing.T) {
	line := joinedLineUnderLimit()
	want := bytes.Count(line, []byte("}{")) + 1
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	rd, _, err := Open("joined.json", bytes.NewReader(line), Options{})
	if err != nil {
		t.Fatal(err)
	}
	reqs, errs := readAll(t, rd)
	runtime.ReadMemStats(&after)
	if len(reqs) != want || len(errs) > 0 {
		t.Fatalf("%d requests, problems %v; want %d", len(reqs), errs, want)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
		t.Errorf("reading a %d-byte line allocated %d bytes", len(line), alloc)
	}
}

// joinedLineUnderLimit is compact records joined "}{" on one line just
// under DefaultMaxLine: Python's json.dumps written with no line ends.
func joinedLineUnderLimit() []byte {
	var b bytes.Buffer
	for id := 0; b.Len() < DefaultMaxLine-300; id++ {
		fmt.Fprintf(&b, `{"created_at":1772619302,"method":"POST","url":"/v1/customers/cus_%d","status":200,"request_id":"req_%d"}`, id, id)
	}
	b.WriteByte('\n')
	return b.Bytes()
}

func BenchmarkReadJoinedLine(b *testing.B) {
	line := joinedLineUnderLimit()
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		rd, _, err := Open("joined.json", bytes.NewReader(line), Options{})
		if err != nil {
			b.Fatal(err)
		}
		for {
			if _, err := rd.Next(); errors.Is(err, io.EOF) {
				break
			}
		}
	}
}
