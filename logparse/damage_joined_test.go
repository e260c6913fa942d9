package logparse

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
)

// damageRead is what one damaged file gives: its request ids (in order
// through Scan, sorted through ScanWorkers) and its problems.
type damageRead struct {
	ordered, unordered []string
	problems           []string
}

// readDamaged reads the file at path through Scan and through ScanWorkers.
func readDamaged(t *testing.T, path string) damageRead {
	t.Helper()
	name := filepath.Base(path)
	in := []Input{{Name: name, Path: path}}
	var mu sync.Mutex
	var got damageRead
	opt := ScanOptions{OnProblem: func(pe *ParseError) {
		mu.Lock()
		defer mu.Unlock()
		got.problems = append(got.problems, pe.Error())
	}}
	id := func(r *Request) string { return r.Pos.String() + " " + r.Method + " " + r.Path + " " + r.RequestID }
	if _, err := Scan(context.Background(), in, opt, func(r Request) error {
		got.ordered = append(got.ordered, id(&r))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := ScanWorkers(context.Background(), in, opt, func() func(*Request) error {
		return func(r *Request) error {
			mu.Lock()
			defer mu.Unlock()
			got.unordered = append(got.unordered, strings.Clone(id(r)))
			return nil
		}
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got.unordered)
	return got
}

// checkDamaged reads path at chunk sizes that put boundaries before,
// inside and after the damage, and wants n requests, the same ones through
// Scan and ScanWorkers, and each of problems once per scan.
func checkDamaged(t *testing.T, path string, n int, problems ...string) {
	t.Helper()
	for _, size := range []int{64, 97, 200, 1 << 20} {
		t.Run(fmt.Sprintf("%s/chunks of %d", filepath.Base(path), size), func(t *testing.T) {
			var got damageRead
			withChunkSize(t, size, func() { got = readDamaged(t, path) })
			if len(got.ordered) != n {
				t.Errorf("Scan read %d requests, want %d:\n%s", len(got.ordered), n, strings.Join(got.ordered, "\n"))
			}
			sorted := slices.Sorted(slices.Values(got.ordered))
			if !slices.Equal(sorted, got.unordered) {
				t.Errorf("ScanWorkers read\n%s\nScan read\n%s", strings.Join(got.unordered, "\n"), strings.Join(sorted, "\n"))
			}
			var want []string
			for _, p := range problems {
				want = append(want, p, p)
			}
			slices.Sort(want)
			have := slices.Sorted(slices.Values(got.problems))
			if len(have) != len(want) {
				t.Fatalf("problems\n%s\nwant each of %q once per scan", strings.Join(have, "\n"), problems)
			}
			for i := range want {
				if !strings.Contains(have[i], want[i]) {
					t.Errorf("problem %q, want %q", have[i], want[i])
				}
			}
		})
	}
}

// TestJSONLinesJoined: whole JSON objects on one line, two logs joined with
// cat when the first lacked its final newline ("…}{…") or objects parted
// by a bare CR, are each read. Before, the line was one malformed record
// and every object on it was lost.
func TestJSONLinesJoined(t *testing.T) {
	checkDamaged(t, filepath.Join(fixtureDir, "valid", "tail-json", "cat-joined-no-final-newline.jsonl"), 9)
	checkDamaged(t, filepath.Join(fixtureDir, "valid", "json", "cr-line-ends-mid-file.jsonl"), 3)
	// A whole object, then one cut short on the same line: the whole one
	// is read, the cut one reported where the line is.
	p := writeFile(t, t.TempDir(), "joined-cut.jsonl", []byte(
		`{"method":"GET","url":"/v1/a","status":200,"request_id":"req_1","created_at":1772619301}`+"\n"+
			`{"method":"GET","url":"/v1/b","status":200,"request_id":"req_2","created_at":1772619302}{"method":"POST","url":"/v1/c","sta`+"\n"+
			`{"method":"GET","url":"/v1/d","status":200,"request_id":"req_4","created_at":1772619304}`+"\n"))
	checkDamaged(t, p, 3, "joined-cut.jsonl:2:1: malformed record: the JSON object is cut off inside a string")
}

// TestTailTextCRLines: bare CRs ending lines in the middle of a LF tail
// (a piece of a classic Mac file joined to it) are line ends where a
// request line comes before them: a request line is never redrawn. Before,
// the CRs were read as a terminal's redraws and the two request lines
// before the last of them were lost without a word. A spinner's redraws
// still show only their last drawing (TestValidFixtures' TTY samples).
func TestTailTextCRLines(t *testing.T) {
	checkDamaged(t, filepath.Join(fixtureDir, "valid", "tail-text", "cr-line-ends-mid-file.log"), 8)
}

// TestTailTextCutBeforeID: a request line that lost its "[req_…]" where
// the log was cut (its last line, without a newline; a NUL hole) is
// reported as cut, not read with a path that may be cut too and name
// another endpoint. After a hole, the lines are read: the 403's own
// Message (its permission) is kept as a denial of an unknown operation.
// A line without an id that ends with a newline is still read (the seed
// test TestParseTailTextLine): nothing says it was cut.
func TestTailTextCutBeforeID(t *testing.T) {
	const cut = `:5:1: truncated record at end of input: the request line is cut off before its request id: "2026-03-04 10:15:04 [403] POST /v1/refun"`
	checkDamaged(t, filepath.Join(fixtureDir, "invalid", "tail-text-cut-before-id-at-end.log"), 2,
		"tail-text-cut-before-id-at-end.log"+cut)
	// plain.log's 7 whole requests, and the cut 403's Message as a denial
	checkDamaged(t, filepath.Join(fixtureDir, "invalid", "tail-text-cut-before-id-at-hole.log"), 8,
		"tail-text-cut-before-id-at-hole.log"+cut)
}

// TestTailTextErrorLinesWithoutRequest: a 403's Type and Message lines whose
// request line was lost, right after another failed request's error lines,
// are not read into that request (its error overwritten, the 403's denial
// lost without a word): the 402 keeps its card error, and the 403's
// Message is kept as a denial of an unknown operation (the golden file).
func TestTailTextErrorLinesWithoutRequest(t *testing.T) {
	checkDamaged(t, filepath.Join(fixtureDir, "valid", "tail-text", "error-lines-without-request-line.log"), 8)
}

// TestTailTextCutJoined: a request line cut short with the next record
// going on on the same line is reported (not read with a path that took
// the next line's start, "/v1/paymentType:"), and the next record is read:
// the 403 request line joined to a cut one keeps its denial. Before, the
// cut line was a request to an unmapped path and, joined to a request
// line, took that line's id: the joined request was lost without a word.
func TestTailTextCutJoined(t *testing.T) {
	const cut = ": truncated record at end of input: the request line is cut off where another record starts on it"
	checkDamaged(t, filepath.Join(fixtureDir, "invalid", "tail-text-cut-joined-to-error-line.log"), 7,
		"tail-text-cut-joined-to-error-line.log:9:1"+cut+" (column 43)")
	checkDamaged(t, filepath.Join(fixtureDir, "invalid", "tail-text-cut-joined-to-request-line.log"), 7,
		"tail-text-cut-joined-to-request-line.log:4:1"+cut+" (column 46)")
	got := readDamaged(t, filepath.Join(fixtureDir, "invalid", "tail-text-cut-joined-to-request-line.log"))
	if want := "tail-text-cut-joined-to-request-line.log:4:1 POST /v1/refunds req_CdE345fgh678"; !slices.Contains(got.ordered, want) {
		t.Errorf("read %q, want %q among them", got.ordered, want)
	}
}
