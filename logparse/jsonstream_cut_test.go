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

// TestTailJSONCutRecord: a tail-json line cut short (a full disk, a copy
// taken while the log was written) is reported where it starts, and every
// whole line after it is read, by the ordered reader and by the workers
// alike. Before, the open object swallowed the rest of the file.
func TestTailJSONCutRecord(t *testing.T) {
	want := []string{"req_J1aaaaaaaa", "req_J2bbbbbbbb", "req_J4dddddddd", "req_J5eeeeeeee"}
	for _, name := range []string{
		"tail-json-cut-in-string.jsonl",       // the line ends inside the 403's message
		"tail-json-cut-in-error-object.jsonl", // the line ends inside the error object, between keys
		"tail-json-cut-then-nul-run.jsonl",    // the next record follows a NUL run on the same line
	} {
		for _, size := range []int{64, 97, 200, 1 << 20} { // chunk boundaries before, inside and after the cut
			t.Run(fmt.Sprintf("%s/chunks of %d", name, size), func(t *testing.T) {
				withChunkSize(t, size, func() { checkCutRecord(t, name, want) })
			})
		}
	}
}

func checkCutRecord(t *testing.T, name string, want []string) {
	t.Helper()
	in := []Input{{Name: name, Path: filepath.Join(fixtureDir, "invalid", name)}}
	var mu sync.Mutex
	var problems []string
	opt := ScanOptions{OnProblem: func(pe *ParseError) {
		mu.Lock()
		defer mu.Unlock()
		problems = append(problems, pe.Error())
	}}
	var ordered []string
	if _, err := Scan(context.Background(), in, opt, func(r Request) error {
		ordered = append(ordered, r.RequestID)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ordered, want) {
		t.Errorf("Scan read %v, want %v", ordered, want)
	}
	var unordered []string
	if _, err := ScanWorkers(context.Background(), in, opt, func() func(*Request) error {
		return func(r *Request) error {
			mu.Lock()
			defer mu.Unlock()
			unordered = append(unordered, strings.Clone(r.RequestID))
			return nil
		}
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(unordered)
	if !slices.Equal(unordered, want) {
		t.Errorf("ScanWorkers read %v, want %v", unordered, want)
	}
	if len(problems) != 2 || !strings.Contains(problems[0], name+":3:1:") || problems[0] != problems[1] {
		t.Errorf("problems %q, want the one at line 3, once per scan", problems)
	}
}

// TestPrettyJSONCut: a pretty-printed object (a TTY capture) cut on one of
// its later lines, inside a string or before a NUL run that the next
// record follows, ends there; the next object is read.
func TestPrettyJSONCut(t *testing.T) {
	// The first line decides the format: sniffing calls NULs in the
	// lines it reads binary.
	first := `{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"req_1","created_at":1772619301,"error":null}` + "\n"
	next := "{\n  \"method\": \"GET\",\n  \"url\": \"/v1/prices\",\n  \"status\": 200,\n  \"request_id\": \"req_2\",\n  \"created_at\": 1772619302\n}\n"
	for _, tc := range []struct{ name, in, problem string }{
		{"inside a string", first + "{\n  \"method\": \"POST\",\n  \"url\": \"/v1/refu\n" + next,
			"in:2:1: malformed record: the JSON object is cut off inside a string"},
		{"inside a nested object, the next one at the start of a line", first + "{\n  \"method\": \"POST\",\n  \"error\": {\n    \"type\": \"invalid_request_error\",\n" + next,
			"in:2:1: malformed record: JSON object never closes before the next one starts"},
		{"before a NUL run", first + "{\n  \"method\": \"POST\",\n  \"url\": \"/v1/refunds\"," + strings.Repeat("\x00", 300) + next,
			"in:2:1: malformed record: JSON object never closes before the next one starts"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, _ := openString(t, tc.in, Options{})
			reqs, errs := readAll(t, rd)
			if len(reqs) != 2 || reqs[0].RequestID != "req_1" || reqs[1].RequestID != "req_2" {
				t.Errorf("requests %v, want req_1 and req_2", reqs)
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.problem) {
				t.Errorf("errors %v, want %q", errs, tc.problem)
			}
		})
	}
}
