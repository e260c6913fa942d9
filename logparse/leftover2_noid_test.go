package logparse

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// TestTailTextLineWithoutItsID: in a tail whose request lines end with
// their request id, as the CLI prints every one, a request line without
// one that ends in a newline was cut short (a line length limit, a copy
// pieced together), its path perhaps cut too: it is reported at its line
// and not counted, through Scan and ScanWorkers at any chunk size. Before,
// "POST /v1/cus" was read as a request. A log whose request lines carry
// no id at all keeps them.
func TestTailTextLineWithoutItsID(t *testing.T) {
	dir := t.TempDir()
	whole := bytes.Repeat(fixture(t, "tail-text/plain.log"), 30)
	want := countRequests(t, writeFile(t, dir, "whole.log", whole))
	lines := bytes.SplitAfter(whole, []byte("\n"))
	var cut []byte
	var at []int
	for i, l := range lines {
		if bytes.HasPrefix(l, []byte("2026-03-04 10:15:09 [200] DELETE")) && (i/18)%3 == 0 || bytes.HasPrefix(l, []byte("2026-03-04 10:15:02 [200] POST /v1/customers")) && i > 100 && i < 140 {
			l = append(l[:len("2026-03-04 10:15:02 [200] POST /v1/cus"):len("2026-03-04 10:15:02 [200] POST /v1/cus")], '\n')
			at = append(at, i+1)
		}
		cut = append(cut, l...)
	}
	if len(at) != 12 {
		t.Fatalf("the sample cut %d lines", len(at))
	}
	p := writeFile(t, dir, "cut.log", cut)
	for _, workers := range []bool{false, true} {
		n, problems := scanGz(t, p, workers)
		if n != want-len(at) {
			t.Errorf("workers=%v: read %d requests, want %d (the cut lines not counted)", workers, n, want-len(at))
		}
		var got []int
		for _, pe := range problems {
			got = append(got, pe.Line)
			if !errors.Is(pe, ErrMalformed) || !strings.Contains(pe.Error(), "lacks the request id") {
				t.Errorf("workers=%v: problem %v, want a request line cut short", workers, pe)
			}
		}
		if fmt.Sprint(got) != fmt.Sprint(at) {
			t.Errorf("workers=%v: problems at lines %v, want %v", workers, got, at)
		}
	}
	checkChunkedTailText(t, p, DefaultMaxLine, []int{1, 7, 97, 1000, 1 << 20})

	// No ids anywhere: every request line is read.
	noIDs := regexp.MustCompile(` \[req_[A-Za-z0-9]+\]`).ReplaceAll(whole, nil)
	p = writeFile(t, dir, "noids.log", noIDs)
	for _, workers := range []bool{false, true} {
		if n, problems := scanGz(t, p, workers); n != want || len(problems) != 0 {
			t.Errorf("a log without ids, workers=%v: %d requests (want %d), problems %v", workers, n, want, problems)
		}
	}
	checkChunkedTailText(t, p, DefaultMaxLine, []int{1, 97, 1 << 20})
}
