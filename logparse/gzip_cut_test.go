package logparse

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestGzipCutOffEnds: a .gz cut off mid-stream (a logrotate archive copied
// while it was written, a download stopped short) ends its input with one
// ErrTruncated that names the file, whatever the format inside. The gzip
// reader repeats its error on every read, and readers that skip a bad
// record and read on (sdk, csv, tail-text) once looped on it forever.
func TestGzipCutOffEnds(t *testing.T) {
	dir := t.TempDir()
	for _, rel := range []string{
		"tail-text/plain.log", "sdk/python.log", "csv/dashboard.csv", "csv/uniq-c.txt",
		"tail-json/compact.jsonl", "json/array.json", "json/lines.jsonl", "har/capture.har",
	} {
		for _, workers := range []bool{false, true} {
			name := rel + map[bool]string{false: " Scan", true: " ScanWorkers"}[workers]
			t.Run(name, func(t *testing.T) {
				b := gz(t, fixture(t, rel))
				p := writeFile(t, dir, "cut.gz", b[:len(b)*9/10])
				done := make(chan []error, 1)
				go func() {
					var errs []error
					opt := ScanOptions{OnProblem: func(pe *ParseError) { errs = append(errs, pe) }}
					in := []Input{{Name: "cut.gz", Path: p}}
					err := scanDiscarding(in, opt, workers)
					if err != nil {
						errs = append(errs, err)
					}
					done <- errs
				}()
				select {
				case errs := <-done:
					truncated := 0
					for _, err := range errs {
						if errors.Is(err, ErrTruncated) && strings.Contains(err.Error(), "cut.gz") {
							truncated++
						}
					}
					if truncated != 1 {
						t.Errorf("want one ErrTruncated naming cut.gz, got %v", errs)
					}
				case <-time.After(10 * time.Second):
					t.Fatal("Scan never ended on a .gz cut off")
				}
			})
		}
	}
}
