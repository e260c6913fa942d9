package logparse

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestGzippedAsciinemaRecording: `gzip -c rec.cast > rec.cast.gz;
// rakmigrate import rec.cast.gz` reads the requests the plain recording
// holds, at the same lines of the recording, as a file and from a pipe
// (`cat rec.cast.gz | rakmigrate import -`), with the recording's own
// problems (a line that is no event) in place. Before, the gzipped
// recording was decompressed by Open and read as JSON lines: its header
// and events were records, not the tail they play.
func TestGzippedAsciinemaRecording(t *testing.T) {
	dir := t.TempDir()
	broken := []byte(`{"version": 2, "width": 80, "height": 24}
[0.1, "o", "2026-03-04 10:15:02 [200] GET /v1/customers [req_1]\r\n"]
not an event
[0.2, "o", "2026-03-04 10:15:03 [403] POST /v1/refunds [req_2]\r\nMessage: denied\r\n"]
`)
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"asciinema-v2.cast", readRecording(t, "asciinema-v2.cast")},
		{"asciinema-v3.cast", readRecording(t, "asciinema-v3.cast")},
		{"broken.cast", broken},
		// Two members (gzip >> rec.cast.gz, pigz): read as one text.
		{"two-members.cast", readRecording(t, "asciinema-v2.cast")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			plain := writeFile(t, dir, tc.name, tc.data)
			packed := gz(t, tc.data)
			if tc.name == "two-members.cast" {
				half := bytes.IndexByte(tc.data[len(tc.data)/2:], '\n') + len(tc.data)/2 + 1
				packed = append(gz(t, tc.data[:half]), gz(t, tc.data[half:])...)
			}
			file := writeFile(t, dir, tc.name+".gz", packed)
			want, wantProblems, wantFormat := castRendered(t, []Input{{Name: "rec", Path: plain}}, nil)
			if wantFormat != FormatTailText || len(want) == 0 {
				t.Fatalf("the plain recording reads %d requests as %s", len(want), wantFormat)
			}
			got, problems, format := castRendered(t, []Input{{Name: "rec", Path: file}}, nil)
			if format != wantFormat || got != want || problems != wantProblems {
				t.Errorf("rec.cast.gz reads as %s:\n%s%s\nwant as %s:\n%s%s", format, got, problems, wantFormat, want, wantProblems)
			}
			r, w, err := os.Pipe()
			if err != nil {
				t.Fatal(err)
			}
			go func() {
				_, _ = w.Write(packed)
				w.Close()
			}()
			got, problems, format = castRendered(t, []Input{{Name: "rec"}}, r)
			r.Close()
			if format != wantFormat || got != want || problems != wantProblems {
				t.Errorf("rec.cast.gz on a pipe reads as %s:\n%s%s\nwant as %s:\n%s%s", format, got, problems, wantFormat, want, wantProblems)
			}
		})
	}
}

// TestGzippedNonRecordingUnchanged: a gzipped log that is no recording
// (its first line is JSON, but no asciicast header) still reads as what
// it is, from a file and from a pipe.
func TestGzippedNonRecordingUnchanged(t *testing.T) {
	dir := t.TempDir()
	for _, rel := range []string{"tail-json/compact.jsonl", "tail-text/plain.log", "json/lines.jsonl"} {
		data := fixture(t, rel)
		want, wantProblems, wantFormat := castRendered(t, []Input{{Name: "x", Path: writeFile(t, dir, "plain", data)}}, nil)
		got, problems, format := castRendered(t, []Input{{Name: "x", Path: writeFile(t, dir, "x.gz", gz(t, data))}}, nil)
		if format != wantFormat || got != want || problems != wantProblems {
			t.Errorf("%s gzipped reads as %s, want as %s", rel, format, wantFormat)
		}
	}
}

func readRecording(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", "logs", "recordings", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// castRendered scans inputs (stdin for one without a path) and renders
// the records and problems, one a line.
func castRendered(t *testing.T, inputs []Input, stdin *os.File) (records, problems string, format Format) {
	t.Helper()
	var rec, prob strings.Builder
	opt := ScanOptions{Options: Options{Location: time.UTC}, OnProblem: func(pe *ParseError) { fmt.Fprintln(&prob, pe.Error()) }}
	if stdin != nil {
		opt.Stdin = stdin
	}
	st, err := Scan(context.Background(), inputs, opt, func(r Request) error {
		fmt.Fprintln(&rec, render(r))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return rec.String(), prob.String(), st[0].Format
}
