package logparse

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestForcedFormatReadingNothingSaysWhatTheInputIs: a log forced into a
// format it is not written in reads nothing. The error must say what the
// input looks like and how to read it, not list "formats tried" (only the
// forced one was) nor advise passing --input-format (which led here).
func TestForcedFormatReadingNothingSaysWhatTheInputIs(t *testing.T) {
	valid := filepath.Join("..", "testdata", "logs", "valid")
	tests := []struct {
		file   string
		forced Format
		want   string
	}{
		{"sdk/python.log", FormatTailText, "this looks like sdk, not tail-text (drop --input-format to detect it, or pass --input-format sdk)"},
		{"sdk/python.log", FormatTailJSON, "this looks like sdk, not tail-json (drop --input-format to detect it, or pass --input-format sdk)"},
		{"sdk/python.log", FormatJSON, "this looks like sdk, not json (drop --input-format to detect it, or pass --input-format sdk)"},
		{"sdk/python.log", FormatHAR, "this looks like sdk, not har (drop --input-format to detect it, or pass --input-format sdk)"},
		// Detected as what was forced, and still nothing in it.
		{"../invalid/sdk-no-requests.log", FormatSDK, "nothing in it reads as sdk: drop --input-format to detect its format"},
	}
	for _, tt := range tests {
		t.Run(tt.file+" as "+string(tt.forced), func(t *testing.T) {
			path := filepath.Join(valid, tt.file)
			opt := ScanOptions{Options: Options{Format: tt.forced}}
			_, err := Scan(context.Background(), []Input{{Name: path, Path: path}}, opt, func(Request) error { return nil })
			if err == nil {
				t.Fatal("read requests; want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, tt.want) {
				t.Errorf("error does not say %q:\n%s", tt.want, msg)
			}
			for _, bad := range []string{"formats tried", "pass --input-format NAME"} {
				if strings.Contains(msg, bad) {
					t.Errorf("error says %q, but only the forced format was tried:\n%s", bad, msg)
				}
			}
		})
	}
}

// castScan reads one file through Scan, as import and propose do.
func castScan(t *testing.T, path string) ([]Request, Stats) {
	t.Helper()
	opt := ScanOptions{Options: Options{Location: time.UTC, Now: fixtureNow}}
	var reqs []Request
	stats, err := Scan(context.Background(), []Input{{Name: path, Path: path}}, opt, func(r Request) error {
		reqs = append(reqs, r)
		return nil
	})
	if err != nil {
		t.Fatalf("Scan %s: %v", path, err)
	}
	return reqs, stats[0]
}

// TestAsciinemaRecordingReadsAsTheTailItPlays: `asciinema rec` of a
// `stripe logs tail` session (asciicast v2 of asciinema 2.x, v3 of 3.x:
// https://docs.asciinema.org/manual/asciicast/v2/, …/v3/) holds the
// terminal's output as JSON events, cut wherever the pty read ended (mid-line,
// inside an escape). Read as lines, it was taken for an SDK log: 4
// requests where the tail holds 4, but the 403's message came apart from
// its request (a 403 without a path, and a GET counted without its
// denial). Played out, it is the tail captured by script(1): the same
// requests, each placed at the line of the event where its line starts.
func TestAsciinemaRecordingReadsAsTheTailItPlays(t *testing.T) {
	dir := filepath.Join("..", "testdata", "logs")
	plain, _ := castScan(t, filepath.Join(dir, "valid", "tail-text", "tty-script.log"))
	tests := []struct {
		cast  string
		lines []int // the recording's line of each request
	}{
		{"asciinema-v2.cast", []int{10, 12, 17, 17}},
		{"asciinema-v3.cast", []int{13, 16, 21, 21}},
	}
	for _, tt := range tests {
		t.Run(tt.cast, func(t *testing.T) {
			path := filepath.Join(dir, "recordings", tt.cast)
			got, st := castScan(t, path)
			if st.Format != FormatTailText || st.Skipped != 0 {
				t.Errorf("read as %s with %d skipped; want tail-text, 0 skipped (%v)", st.Format, st.Skipped, st.Problems)
			}
			if len(got) != len(plain) {
				t.Fatalf("%d requests, want %d (those of the tail it recorded)", len(got), len(plain))
			}
			for i := range got {
				g, w := got[i], plain[i]
				if g.Pos.File != path || g.Pos.Line != tt.lines[i] || g.Pos.Column != 0 {
					t.Errorf("request %d at %v, want %s:%d (its event's line, no column)", i, g.Pos, path, tt.lines[i])
				}
				g.Pos, w.Pos = Position{}, Position{}
				if render(g) != render(w) {
					t.Errorf("request %d:\n got %s\nwant %s", i, render(g), render(w))
				}
			}
		})
	}
}

// TestAsciinemaRecordingProblemsAtTheirLine: a recording's line that is no
// event is reported at that line and passed over; the tail around it is read.
func TestAsciinemaRecordingProblemsAtTheirLine(t *testing.T) {
	cast := `{"version": 2, "width": 80, "height": 24}
[0.1, "o", "2026-03-04 10:15:02 [200] POST /v1/customers [req_A1aaaaaaaaaaaa]\r\n"]
[0.2, "o", "2026-03-04 10:15:03 [403] POST /v1/ref
[0.3, "o", 42]
[0.4, "o", "2026-03-04 10:15:04 [200] GET /v1/prices [req_A3cccccccccccc]\r\n"]
`
	path := filepath.Join(t.TempDir(), "cut.cast")
	if err := os.WriteFile(path, []byte(cast), 0o644); err != nil {
		t.Fatal(err)
	}
	got, st := castScan(t, path)
	var paths []string
	for _, r := range got {
		paths = append(paths, r.Method+" "+r.Path+" @"+strconv.Itoa(r.Pos.Line))
	}
	if want := []string{"POST /v1/customers @2", "GET /v1/prices @5"}; strings.Join(paths, ", ") != strings.Join(want, ", ") {
		t.Errorf("read %v, want %v", paths, want)
	}
	var where []string
	for _, p := range st.Problems {
		where = append(where, strconv.Itoa(p.Line)+": "+p.Err.Error())
	}
	want := []string{"3: malformed record: not an asciicast event (expected [time, code, data])",
		"4: malformed record: an output event whose data is not a string"}
	if strings.Join(where, "; ") != strings.Join(want, "; ") {
		t.Errorf("problems %q, want %q", where, want)
	}
}

// TestIsCastHeader: only a recording's header opens one; a tail-json or
// JSON record with a "version" key is no recording.
func TestIsCastHeader(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{"{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.1, \"o\", \"x\"]\n", true},
		{"{\"version\": 2, \"width\": 80, \"height\": 24}\n", true},
		{"{\"version\":3,\"term\":{\"cols\":80,\"rows\":24}}\n# comment\n[0.1, \"o\", \"x\"]\n", true},
		{"{\"version\": 2, \"width\": 80, \"height\": 24}\n{\"method\":\"GET\"}\n", false},
		{"{\"version\": 1, \"width\": 80, \"height\": 24, \"stdout\": []}\n", false},
		{"{\"version\":2,\"method\":\"GET\",\"url\":\"/v1/prices\",\"status\":200}\n", false},
		{"{\"version\":3,\"term\":{}}\n", false},
		{"{\"version\": 2, \"width\": 80, \"height\": 24}", false}, // no whole line
		{"2026-03-04 10:15:02 [200] GET /v1/prices [req_1]\n", false},
	}
	for _, tt := range tests {
		if got := isCastHeader([]byte(tt.head)); got != tt.want {
			t.Errorf("isCastHeader(%q) = %v, want %v", tt.head, got, tt.want)
		}
	}
}

// FuzzAsciicast: whatever a recording holds, its played-out output has one
// known recording line per output line, each a line of the recording after
// the header.
func FuzzAsciicast(f *testing.F) {
	for _, name := range []string{"asciinema-v2.cast", "asciinema-v3.cast"} {
		b, err := os.ReadFile(filepath.Join("..", "testdata", "logs", "recordings", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("{\"version\": 2, \"width\": 80, \"height\": 24}\n[0.1, \"o\", \"a\\nb\"]\n[0.2, \"o\", \"\\n\\nc\"]\nnot json\n[0.3, \"o\", 1]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		c := newCastReader("f.cast", bytes.NewReader(data), 1<<12)
		out, err := io.ReadAll(c)
		if err != nil {
			t.Fatalf("ReadAll: %v", err)
		}
		lines := bytes.Count(out, []byte{'\n'})
		if len(out) > 0 && out[len(out)-1] != '\n' {
			lines++
		}
		if len(c.starts) != lines {
			t.Fatalf("%d line starts for %d output lines", len(c.starts), lines)
		}
		prev := 0
		for i := 1; i <= lines; i++ {
			l := c.castLine(i)
			if l < 2 || l > c.line || l < prev {
				t.Fatalf("output line %d at recording line %d (previous %d, last read %d)", i, l, prev, c.line)
			}
			prev = l
		}
	})
}

// TestSlashDateOrderedByItsNumbers: a table re-saved by Excel or LibreOffice
// writes times in the locale's order (14/03/2026 10:16 in the UK and
// France, 3/14/2026 10:16 or 3/14/26 1:16 PM in the US). Every slashed
// date was an error, so such a table read nothing; a date whose numbers
// decide the order is read, one that could be either still says so.
func TestSlashDateOrderedByItsNumbers(t *testing.T) {
	at := func(y int, m time.Month, d, h, min, s int) time.Time {
		return time.Date(y, m, d, h, min, s, 0, time.UTC)
	}
	tests := []struct {
		in      string
		want    time.Time
		wantErr string
	}{
		{in: "13/03/2026 10:16", want: at(2026, 3, 13, 10, 16, 0)},
		{in: "14/03/2026 10:16:05", want: at(2026, 3, 14, 10, 16, 5)},
		{in: "25/12/26 08:00", want: at(2026, 12, 25, 8, 0, 0)},
		{in: "31/03/2026", want: at(2026, 3, 31, 0, 0, 0)},
		{in: "3/14/2026 10:16", want: at(2026, 3, 14, 10, 16, 0)},
		{in: "03/14/26 10:16:07", want: at(2026, 3, 14, 10, 16, 7)},
		{in: "3/14/2026 1:16 PM", want: at(2026, 3, 14, 13, 16, 0)},
		{in: "3/14/26 9:05:01 AM", want: at(2026, 3, 14, 9, 5, 1)},
		{in: "04/03/2026 10:15", wantErr: "could be day/month or month/day"},
		{in: "3/4/26 10:15", wantErr: "could be day/month or month/day"},
		{in: "13/13/2026 10:15", wantErr: "could be day/month or month/day"},
		{in: "31/02/2026 10:00", wantErr: "could be day/month or month/day"},
		{in: "14/03/2026 25:00", wantErr: "could be day/month or month/day"},
	}
	for _, tt := range tests {
		got, err := parseTime(tt.in, time.UTC)
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("parseTime(%q) = %v, %v; want an error saying %q", tt.in, got, err, tt.wantErr)
			}
		case err != nil || !got.Equal(tt.want):
			t.Errorf("parseTime(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// TestDirectoryOfNoLogsSaysSo: a directory whose files are none of them a
// log (a README, notes) failed with the first file's error alone, which
// reads as if that file were the only input and a log in an unknown
// format ("pass --input-format NAME"). It must say that none of the files
// found is a log, and still be that kind of error.
func TestDirectoryOfNoLogsSaysSo(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"README.md": "# exports\n", "notes.txt": "ask ops for the March logs\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	inputs, err := Expand([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var problems []string
	opt := ScanOptions{OnProblem: func(pe *ParseError) { problems = append(problems, pe.File) }}
	_, err = Scan(context.Background(), inputs, opt, func(Request) error { return nil })
	if err == nil {
		t.Fatal("no error for a directory without a log")
	}
	if want := "none of the 2 files found in the directories given is a request log"; !strings.Contains(err.Error(), want) {
		t.Errorf("error does not say %q:\n%v", want, err)
	}
	if !errors.Is(err, ErrNoRequests) {
		t.Errorf("error is not ErrNoRequests: %v", err)
	}
	if len(problems) != 2 {
		t.Errorf("%d skipped files reported (%v), want 2", len(problems), problems)
	}
}

// TestFatalProblemSaidOnce: a problem that stops the input (a forced CSV
// whose header names no columns, binary data) is the run's error; it also
// went to OnProblem, so import printed it twice, as a warning and then as
// the error.
func TestFatalProblemSaidOnce(t *testing.T) {
	valid := filepath.Join("..", "testdata", "logs", "valid")
	tests := []struct {
		file   string
		forced Format
		kind   error
	}{
		{"sdk/python.log", FormatCSV, ErrWrongFormat},
		{"csv/dashboard.csv", FormatTailText, ErrWrongFormat},
	}
	for _, tt := range tests {
		path := filepath.Join(valid, tt.file)
		var heard []string
		opt := ScanOptions{Options: Options{Format: tt.forced}, OnProblem: func(pe *ParseError) { heard = append(heard, pe.Error()) }}
		_, err := Scan(context.Background(), []Input{{Name: path, Path: path}}, opt, func(Request) error { return nil })
		if !errors.Is(err, tt.kind) {
			t.Errorf("%s as %s: error %v, want %v", tt.file, tt.forced, err, tt.kind)
		}
		if len(heard) != 0 {
			t.Errorf("%s as %s: OnProblem heard %q too; the error says it", tt.file, tt.forced, heard)
		}
	}
}

// TestCancelWhilePipeSilent: Ctrl-C while a pipe's writer holds it open
// and writes nothing (a named FIFO, `stripe logs tail` still getting
// ready) waited for the writer to quit, and then the run failed as
// "empty input" (exit 2) instead of being cancelled (exit 130).
func TestCancelWhilePipeSilent(t *testing.T) {
	for _, head := range []string{"", "2026-03-04 10:15:02 [200] POST /v1/customers [req_A1aaaaaaaaaaaa]\n"} {
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.WriteString(head); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			_, err := Scan(ctx, []Input{{Name: "-"}}, ScanOptions{Stdin: r}, func(Request) error { return nil })
			done <- err
		}()
		time.Sleep(50 * time.Millisecond)
		cancel()
		select {
		case err := <-done:
			if !errors.Is(err, context.Canceled) {
				t.Errorf("head %q: Scan returned %v, want context.Canceled", head, err)
			}
		case <-time.After(20 * time.Second):
			t.Errorf("head %q: Scan still waits for the pipe's writer after cancel", head)
		}
		w.Close()
		r.Close()
	}
}

// TestDateAndTimeColumns: a table built in a spreadsheet often holds the
// date and the time of day in two columns ("Date", "Time"), both time
// columns. The time of day failed as a time, so every row was malformed
// and the table read nothing. Read left to right, the time of day now
// completes the date, in either order; a full time is kept; a time of day
// with no date leaves the request with its time unknown.
func TestDateAndTimeColumns(t *testing.T) {
	at := func(d, h, m, s int) time.Time { return time.Date(2026, 3, d, h, m, s, 0, time.UTC) }
	tests := []struct {
		cells []string
		want  time.Time
	}{
		{[]string{"2026-03-04", "10:15:02"}, at(4, 10, 15, 2)},
		{[]string{"10:15:02", "2026-03-04"}, at(4, 10, 15, 2)},
		{[]string{"2026-03-04", "1:02:44 PM"}, at(4, 13, 2, 44)},
		{[]string{"2026-03-04", "9:00 AM"}, at(4, 9, 0, 0)},
		{[]string{"2026-03-04", "10:15:02.250"}, at(4, 10, 15, 2).Add(250 * time.Millisecond)},
		{[]string{"14/03/2026", "23:59"}, at(14, 23, 59, 0)},
		{[]string{"2026-03-04 08:00:00", "10:15:02"}, at(4, 8, 0, 0)}, // a full time stays
		{[]string{"1772619302", "11:00"}, at(4, 10, 15, 2)},
		{[]string{"10:15:02"}, time.Time{}}, // no date: time unknown
		{[]string{"2026-03-04"}, at(4, 0, 0, 0)},
	}
	for _, tt := range tests {
		r := Request{Method: "GET", Path: "/v1/balance"}
		for _, c := range tt.cells {
			if err := setField(&r, fTime, c, time.UTC); err != nil {
				t.Fatalf("%q: setField(%q): %v", tt.cells, c, err)
			}
		}
		if err := checkRequest(&r); err != nil {
			t.Fatalf("%q: checkRequest: %v", tt.cells, err)
		}
		if !r.Time.Equal(tt.want) || r.Time.IsZero() != tt.want.IsZero() {
			t.Errorf("%q: time %v, want %v", tt.cells, r.Time, tt.want)
		}
	}
	// Not times of day: still errors.
	for _, bad := range []string{"10:15:99", "25:00", "10h15"} {
		r := Request{}
		if err := setField(&r, fTime, bad, time.UTC); err == nil {
			t.Errorf("setField(%q) read %v; want an error", bad, r.Time)
		}
	}
}

// TestPathWithoutLeadingSlash: "v1/refunds" (a table built by hand, or a
// path split on "/" and joined back) was "not a path or URL", the row
// lost; it is the API path /v1/refunds. Other slashless text still is no
// path.
func TestPathWithoutLeadingSlash(t *testing.T) {
	tests := []struct{ in, path, query, err string }{
		{in: "v1/refunds", path: "/v1/refunds"},
		{in: "v1/customers/cus_1?expand[]=default_source", path: "/v1/customers/cus_1", query: "expand[]=default_source"},
		{in: "v2/core/events", path: "/v2/core/events"},
		{in: "refunds", err: "is not a path or URL"},
		{in: "v3/refunds", err: "is not a path or URL"},
	}
	for _, tt := range tests {
		var r Request
		err := setPath(&r, tt.in)
		switch {
		case tt.err != "":
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("setPath(%q) = %v (path %q); want an error %q", tt.in, err, r.Path, tt.err)
			}
		case err != nil || r.Path != tt.path || r.Query != tt.query:
			t.Errorf("setPath(%q) = %v, path %q query %q; want %q %q", tt.in, err, r.Path, r.Query, tt.path, tt.query)
		}
	}
}

// TestAsciinemaRecordingOnAPipe: `cat session.cast | rakmigrate import -`
// reads the recording as a file does; a tail on a pipe reads as before,
// its first line given back whole.
func TestAsciinemaRecordingOnAPipe(t *testing.T) {
	dir := filepath.Join("..", "testdata", "logs")
	for _, tt := range []struct {
		file   string
		format Format
		n      int
		line3  int // the third request's line
	}{
		{"recordings/asciinema-v2.cast", FormatTailText, 4, 17},
		{"valid/tail-text/plain.log", FormatTailText, 8, 0},
		{"valid/tail-json/compact.jsonl", FormatTailJSON, 6, 3},
	} {
		b, err := os.ReadFile(filepath.Join(dir, tt.file))
		if err != nil {
			t.Fatal(err)
		}
		r, w, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		go func() {
			_, _ = w.Write(b)
			w.Close()
		}()
		var got []Request
		stats, err := Scan(context.Background(), []Input{{Name: "-"}}, ScanOptions{Stdin: r, Options: Options{Location: time.UTC}},
			func(rq Request) error { got = append(got, rq); return nil })
		r.Close()
		if err != nil {
			t.Fatalf("%s: %v", tt.file, err)
		}
		if stats[0].Format != tt.format || len(got) != tt.n || stats[0].Skipped != 0 {
			t.Errorf("%s on a pipe: %d requests as %s, %d skipped; want %d as %s", tt.file, len(got), stats[0].Format, stats[0].Skipped, tt.n, tt.format)
			continue
		}
		if tt.line3 > 0 && got[2].Pos.Line != tt.line3 {
			t.Errorf("%s on a pipe: third request at line %d, want %d", tt.file, got[2].Pos.Line, tt.line3)
		}
	}
}
