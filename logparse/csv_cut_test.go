package logparse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// cutCSV is a table whose row 3 was cut inside its quoted message, the rest
// of another export joined after it: the open quote ran over rows 4 to 6,
// until row 6's "ok" broke it.
const cutCSV = "created,method,path,status,message\n" +
	"2026-03-04 10:15:02,GET,/v1/a,200,\"\"\n" +
	"2026-03-04 10:15:03,POST,/v1/refunds,403,\"The provided key does not\n" +
	"2026-03-04 10:15:04,GET,/v1/b,200,\"\"\n" +
	"2026-03-04 10:15:05,GET,/v1/c,200,\"\"\n" +
	"2026-03-04 10:15:06,GET,/v1/d,200,\"ok\"\n" +
	"2026-03-04 10:15:07,GET,/v1/e,200,\n"

var cutCSVWant = []string{"2 GET /v1/a", "3:42 ErrMalformed", "4 GET /v1/b", "5 GET /v1/c", "6 GET /v1/d", "7 GET /v1/e"}

const cutHeader = "created,method,path,status,message\n"

// cutRow is row i of a table: a GET of /v1/r<i>, its message as given.
func cutRow(i int, message string) string {
	return fmt.Sprintf("2026-03-04 10:15:%02d,GET,/v1/r%d,200,%s\n", i%60, i, message)
}

// cutRows are rows from..to (their line numbers), messages empty, and what
// reading them gives.
func cutRows(from, to int) (text string, want []string) {
	var b strings.Builder
	for i := from; i <= to; i++ {
		b.WriteString(cutRow(i, ""))
		want = append(want, fmt.Sprintf("%d GET /v1/r%d", i, i))
	}
	return b.String(), want
}

// TestCSVCutRow: a row cut inside a quoted field is reported once, at its
// own line and the column its quote opens, and every row after it is read,
// at its own line. A quoted field that spans lines for real still does.
func TestCSVCutRow(t *testing.T) {
	long := "2026-03-04 10:15:03,POST,/v1/refunds,403,\"The provided key " + strings.Repeat("does not ", 700) + "\n"
	manyRows, manyWant := cutRows(4, 303)
	firstRows, firstWant := cutRows(3, 5)
	limitRows, limitWant := cutRows(4, 403)
	catRows, catWant := cutRows(5, 7) // line 4 is the second file's header
	tests := []struct {
		name  string
		input []byte
		opts  Options
		want  []string
	}{
		{name: "the cut row's quote broken three rows on", input: []byte(cutCSV), want: cutCSVWant},
		{name: "CRLF", input: []byte(strings.ReplaceAll(cutCSV, "\n", "\r\n")), want: cutCSVWant},
		{name: "TSV", input: []byte(strings.ReplaceAll(cutCSV, ",", "\t")), want: cutCSVWant},
		{name: "gzipped", input: gz(t, []byte(cutCSV)), want: cutCSVWant},
		{
			name:  "cut in the first data row, no quote after it: open to the end of the input",
			input: []byte(cutHeader + "2026-03-04 10:15:03,POST,/v1/refunds,403,\"The provided key does not\n" + firstRows),
			want:  append([]string{"2:42 ErrMalformed"}, firstWant...),
		},
		{
			name:  "cat a.csv b.csv, a.csv cut short: b.csv's header and rows",
			input: []byte(cutHeader + cutRow(2, "") + "2026-03-04 10:15:03,POST,/v1/refunds,403,\"The provided key does not\n" + cutHeader + catRows + cutRow(8, `"ok"`)),
			want:  append(append([]string{"2 GET /v1/r2", "3:42 ErrMalformed"}, catWant...), "8 GET /v1/r8"),
		},
		{
			name:  "cut in the last row",
			input: []byte(cutHeader + cutRow(2, "") + cutRow(3, `"ok"`) + "2026-03-04 10:15:03,POST,/v1/refunds,403,\"The provided key does not\n"),
			want:  []string{"2 GET /v1/r2", "3 GET /v1/r3", "4:42 ErrTruncated"},
		},
		{
			name:  "cut in the last row, no line end",
			input: []byte(cutHeader + cutRow(2, "") + "2026-03-04 10:15:03,POST,/v1/refunds,403,\"The provided key"),
			want:  []string{"2 GET /v1/r2", "3:42 ErrTruncated"},
		},
		{
			name: "multi-line messages before and after the cut row",
			input: []byte(cutHeader +
				cutRow(2, "\"first line\nsecond line\"") +
				"2026-03-04 10:15:03,POST,/v1/refunds,403,\"The provided key does not\n" +
				cutRow(5, `""`) +
				"2026-03-04 10:15:06,POST,/v1/refunds,403,\"Having the 'rak_refund_write' permission\nwould allow this request to continue.\"\n" +
				cutRow(8, "")),
			want: []string{"2 GET /v1/r2", "4:42 ErrMalformed", "5 GET /v1/r5", "6 POST /v1/refunds", "8 GET /v1/r8"},
		},
		{
			name:  "a cut row longer than the reader's read-ahead",
			input: []byte(cutHeader + cutRow(2, "") + long + manyRows + cutRow(304, `"ok"`) + cutRow(305, "")),
			want:  append(append([]string{"2 GET /v1/r2", "3:42 ErrMalformed"}, manyWant...), "304 GET /v1/r304", "305 GET /v1/r305"),
		},
		{
			name: "a multi-line cell with a stray quote: its lines are reported, not read as requests",
			input: []byte(cutHeader +
				"2026-03-04 10:15:02,POST,/v1/refunds,403,\"a note over lines\n" +
				"2026-03-04 10:15:04,GET,/v1/x,200\n" +
				"with a \"stray\" quote\n" +
				cutRow(5, "")),
			want: []string{"2:42 ErrMalformed", "3:1 ErrMalformed", "4:8 ErrMalformed", "5 GET /v1/r5"},
		},
		{
			name:  "blank lines before the cut row",
			input: []byte(cutHeader + cutRow(2, "") + "\n\r\n" + "2026-03-04 10:15:03,POST,/v1/refunds,403,\"cut\n" + cutRow(6, "") + cutRow(7, `"ok"`)),
			want:  []string{"2 GET /v1/r2", "5:42 ErrMalformed", "6 GET /v1/r6", "7 GET /v1/r7"},
		},
		{
			name:  "a bare quote breaks its own row only",
			input: []byte(cutHeader + cutRow(2, `say "hi"`) + cutRow(3, "")),
			want:  []string{"2:40 ErrMalformed", "3 GET /v1/r3"},
		},
		{
			name:  "a quote never closed runs past --max-line: reported there, not read to the end",
			input: []byte(cutHeader + "2026-03-04 10:15:03,POST,/v1/refunds,403,\"cut\n" + cutRow(3, "") + limitRows),
			opts:  Options{MaxLine: 512},
			want:  append([]string{"2:42 ErrLineTooLong", "3 GET /v1/r3"}, limitWant...),
		},
		{
			name:  "blank lines longer than the limit between rows",
			input: []byte(cutHeader + cutRow(2, "") + strings.Repeat("\n", 30000) + cutRow(30003, "") + cutRow(30004, "")),
			opts:  Options{MaxLine: 512},
			want:  []string{"2 GET /v1/r2", "30003 GET /v1/r30003", "30004 GET /v1/r30004"},
		},
		{
			name:  "one line longer than the limit, no quote",
			input: []byte(cutHeader + cutRow(2, strings.Repeat("x", 20000)) + cutRow(3, "")),
			opts:  Options{MaxLine: 512},
			want:  []string{"2:1 ErrLineTooLong", "3 GET /v1/r3"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Location = time.UTC
			got, problems := readCutCSV(t, tt.input, tt.opts)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if !bytes.HasPrefix(tt.input, []byte("\x1f\x8b")) {
				// The table reader itself, its input in 7-byte reads (Open
				// reads in large blocks): read boundaries anywhere.
				header, _, _ := bytes.Cut(tt.input, []byte("\n"))
				rd := newCSVReader("cut.csv", &sizedReader{bytes.NewReader(tt.input), 7}, sniffDelimiter(header), tt.opts)
				if small, _ := drainCutCSV(t, cleanReader{rd}); strings.Join(small, "\n") != strings.Join(tt.want, "\n") {
					t.Errorf("read 7 bytes at a time: got\n%s\nwant\n%s", strings.Join(small, "\n"), strings.Join(tt.want, "\n"))
				}
			}
			for _, pe := range problems {
				if msg := pe.Error(); strings.Contains(msg, "quoted field opened") && !strings.Contains(msg, "never closes on this row") && !errors.Is(pe, ErrLineTooLong) {
					t.Errorf("the report does not say the quote never closes on its row: %s", msg)
				}
			}
		})
	}
}

// TestCSVBlankRunPastLimit: blank lines, more bytes of them than a record
// may take, are passed over whatever the read boundaries split ("\r\n"
// too), with no report and the lines after them numbered right.
func TestCSVBlankRunPastLimit(t *testing.T) {
	for _, nl := range []string{"\n", "\r\n"} {
		input := cutHeader + cutRow(2, "") + strings.Repeat(nl, 30000) + cutRow(30003, "") + cutRow(30004, "")
		for _, size := range []int{1, 2, 3, 7, 1000, 4096} {
			// The reader itself, for Open reads its input in large blocks.
			rd := newCSVReader("cut.csv", &sizedReader{strings.NewReader(input), size}, ',', Options{Location: time.UTC, MaxLine: 512})
			got, _ := drainCutCSV(t, rd)
			if want := "2 GET /v1/r2,30003 GET /v1/r30003,30004 GET /v1/r30004"; strings.Join(got, ",") != want {
				t.Errorf("%q, read %d bytes at a time: got %q, want %q", nl, size, got, want)
			}
		}
	}
}

// sizedReader reads at most size bytes at a time.
type sizedReader struct {
	r    io.Reader
	size int
}

func (s *sizedReader) Read(p []byte) (int, error) {
	return s.r.Read(p[:min(len(p), s.size)])
}

// readCutCSV reads a table through Open, one event a record: "line METHOD
// path" for a request, "line:column Kind" for a problem.
func readCutCSV(t *testing.T, input []byte, opts Options) (events []string, problems []*ParseError) {
	t.Helper()
	return readCutCSVFrom(t, bytes.NewReader(input), opts)
}

func readCutCSVFrom(t *testing.T, in io.Reader, opts Options) (events []string, problems []*ParseError) {
	t.Helper()
	rd, format, err := Open("cut.csv", in, opts)
	if err != nil {
		t.Fatal(err)
	}
	if format != FormatCSV {
		t.Fatalf("read as %s", format)
	}
	return drainCutCSV(t, rd)
}

func drainCutCSV(t *testing.T, rd Reader) (events []string, problems []*ParseError) {
	t.Helper()
	for range 100000 {
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return events, problems
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("not a *ParseError: %v", err)
			}
			if pe.File != "cut.csv" {
				t.Errorf("report names %q: %v", pe.File, pe)
			}
			events = append(events, fmt.Sprintf("%d:%d %s", pe.Line, pe.Column, sentinelName(pe)))
			problems = append(problems, pe)
			continue
		}
		events = append(events, fmt.Sprintf("%d %s %s", r.Pos.Line, r.Method, r.Path))
	}
	t.Fatal("reader does not end")
	return nil, nil
}

func sentinelName(err error) string {
	for name, s := range sentinels {
		if errors.Is(err, s) {
			return name
		}
	}
	return "unknown kind: " + err.Error()
}

// TestCSVTapeBounded: what the table reader keeps of its input is the
// current record and a read-ahead, however long the input, and however
// long a quote left open would run.
func TestCSVTapeBounded(t *testing.T) {
	rows, _ := cutRows(2, 30001)
	for name, input := range map[string]string{
		"whole rows":                cutHeader + rows,
		"a quote open from row two": cutHeader + "2026-03-04 10:15:03,POST,/v1/refunds,403,\"cut\n" + rows,
	} {
		t.Run(name, func(t *testing.T) {
			rd, _, err := Open("big.csv", strings.NewReader(input), Options{Location: time.UTC, MaxLine: 4096})
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for {
				_, err := rd.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err == nil {
					n++
				}
			}
			if n != 30000 {
				t.Errorf("%d requests, want 30000", n)
			}
			tape := rd.(cleanReader).Reader.(*csvReader).tape
			if c := cap(tape.buf); c > 64<<10 {
				t.Errorf("kept up to %d bytes of a %d-byte input", c, len(input))
			}
		})
	}
}

func TestOpenQuote(t *testing.T) {
	for line, want := range map[string]int{
		`a,b,"c`:        5,
		`a,b,"c""d`:     5,
		`a,b,"c"`:       0,
		`a,b,"c""`:      5,
		`a,"b",c`:       0,
		`a,"b","c`:      7,
		`"a`:            1,
		`a,"b"c,"d`:     0,
		`a,b"c`:         0,
		``:              0,
		`a,"b,c`:        3,
		`a,"","`:        6,
		"a,\"b\",\"c\r": 7,
	} {
		if got := openQuote([]byte(line), ','); got != want {
			t.Errorf("openQuote(%q) = %d, want %d", line, got, want)
		}
	}
}

// FuzzCSVCutRows builds tables from rows of four kinds, one a byte: a row
// with an empty message (long when the byte's high bit is set), one with
// a quoted message, one with a message over two lines, one cut inside its
// quoted message, and blank lines. The line ending and the delimiter come
// from the first byte. Whatever the order, every whole row is read at its
// own line and every cut row is reported once at its line and the column
// of its quote: a cut row's quote runs over rows with no quote only, and
// the first row with one breaks it.
func FuzzCSVCutRows(f *testing.F) {
	f.Add([]byte{0, 0, 3, 0, 1, 1, 0})
	f.Add([]byte{1, 3, 0x80, 0x80, 2, 3})
	f.Add([]byte{2, 2, 3, 4, 4, 3, 0})
	f.Add([]byte{5, 3, 3, 0x80, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 || len(data) > 200 {
			return
		}
		nl := []string{"\n", "\r\n"}[data[0]&1]
		delim := []string{",", "\t", ";"}[int(data[0]>>1)%3]
		row := func(fields ...string) string { return strings.Join(fields, delim) + nl }
		var b strings.Builder
		b.WriteString(row("method", "path", "status", "message"))
		line := 2
		type cut struct{ line, col int }
		var want []string
		var cuts []cut
		for i, k := range data[1:] {
			path := fmt.Sprintf("/v1/r%d", i)
			switch k & 0x7f % 5 {
			case 0:
				msg := ""
				if k&0x80 != 0 {
					msg = strings.Repeat("x", 3000)
				}
				b.WriteString(row("GET", path, "200", msg))
			case 1:
				b.WriteString(row("GET", path, "200", `"ok"`))
			case 2:
				b.WriteString(row("GET", path, "200", `"first`) + `second"` + nl)
			case 3:
				b.WriteString(row("POST", path, "403", `"The provided key`))
				cuts = append(cuts, cut{line, len("POST"+path+"403") + 3*len(delim) + 1})
				want = append(want, fmt.Sprintf("cut %d", line))
			case 4:
				b.WriteString(nl)
			}
			if k&0x7f%5 < 3 {
				want = append(want, fmt.Sprintf("%d GET %s", line, path))
			}
			line++
			if k&0x7f%5 == 2 {
				line++ // the message's second line
			}
		}
		input := b.String()
		// The last cut row with nothing but blanks after it is truncated.
		for i, c := range cuts {
			kind := "ErrMalformed"
			if i == len(cuts)-1 && strings.TrimSpace(strings.Join(strings.Split(input, nl)[c.line:], "")) == "" {
				kind = "ErrTruncated"
			}
			for j, w := range want {
				if w == fmt.Sprintf("cut %d", c.line) {
					want[j] = fmt.Sprintf("%d:%d %s", c.line, c.col, kind)
				}
			}
		}
		got, _ := readCutCSV(t, []byte(input), Options{Format: FormatCSV, Location: time.UTC})
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("%q:\ngot\n%s\nwant\n%s", input, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	})
}

// BenchmarkCSVCutRows reads a table with a row cut inside its quoted
// message every 100 rows, each quote broken 3 rows on, and the same table
// with those rows whole: what the restarts cost.
func BenchmarkCSVCutRows(b *testing.B) {
	for _, cut := range []bool{false, true} {
		b.Run(map[bool]string{false: "whole", true: "cut"}[cut], func(b *testing.B) {
			var in strings.Builder
			in.WriteString(cutHeader)
			for i := 2; i < 5002; i++ {
				switch {
				case i%100 == 0 && cut:
					in.WriteString("2026-03-04 10:15:03,POST,/v1/refunds,403,\"The provided key does not\n")
				case i%100 == 0:
					in.WriteString("2026-03-04 10:15:03,POST,/v1/refunds,403,\"The provided key does not have it\"\n")
				case i%100 == 3:
					in.WriteString(cutRow(i, `"ok"`))
				default:
					in.WriteString(cutRow(i, ""))
				}
			}
			data := []byte(in.String())
			wantBad := map[bool]int{false: 0, true: 50}[cut]
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				rd, _, err := Open("bench.csv", bytes.NewReader(data), Options{Location: time.UTC})
				if err != nil {
					b.Fatal(err)
				}
				n, bad := 0, 0
				for {
					_, err := rd.Next()
					if errors.Is(err, io.EOF) {
						break
					}
					if err != nil {
						bad++
						continue
					}
					n++
				}
				if n != 5000-wantBad || bad != wantBad {
					b.Fatalf("%d requests, %d reports", n, bad)
				}
			}
		})
	}
}
