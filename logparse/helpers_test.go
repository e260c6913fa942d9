package logparse

import (
	"context"
	"io"
	"strings"
	"testing"
)

var errEOF = io.EOF

// readClean opens input as name with opts and reads it whole; a problem
// fails the test.
func readClean(t *testing.T, name, input string, opts Options) []Request {
	t.Helper()
	rd, _, err := Open(name, strings.NewReader(input), opts)
	if err != nil {
		t.Fatal(err)
	}
	reqs, errs := readAll(t, rd)
	if len(errs) > 0 {
		t.Fatalf("problems: %v", errs)
	}
	return reqs
}

// scanDiscarding reads inputs with Scan, or with ScanWorkers when workers
// is set, dropping every record: for tests of what a scan reports.
func scanDiscarding(in []Input, opt ScanOptions, workers bool) error {
	var err error
	if workers {
		_, err = ScanWorkers(context.Background(), in, opt, func() func(*Request) error { return func(*Request) error { return nil } })
	} else {
		_, err = Scan(context.Background(), in, opt, func(Request) error { return nil })
	}
	return err
}

// checkShape opens input as name with opts, wants it read as format without
// a problem, and its records, rendered without their position, to be want.
func checkShape(t *testing.T, name, input string, opts Options, format Format, want []string) {
	t.Helper()
	rd, f, err := Open(name, strings.NewReader(input), opts)
	if err != nil {
		t.Fatal(err)
	}
	if f != format {
		t.Fatalf("format %q, want %q", f, format)
	}
	reqs, errs := readAll(t, rd)
	for _, e := range errs {
		t.Errorf("problem: %v", e)
	}
	var got []string
	for _, r := range reqs {
		_, rest, _ := strings.Cut(render(r), " ")
		got = append(got, rest)
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
