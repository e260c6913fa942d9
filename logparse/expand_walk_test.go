package logparse

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// A directory of logs usually holds other files too: those are reported and
// skipped, while the same file named on its own stays an error, and a
// directory with no log at all is still an error ("no data" is never "no usage").
func TestScanSkipsWalkedFilesThatAreNotLogs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	readme := write("README.md", "# Logs of the checkout service\n\nExported weekly.\n")
	write("empty.log", "")
	write("tail.jsonl", `{"livemode":false,"method":"GET","url":"/v1/customers","status":200,"request_id":"req_1","created_at":1767225600,"error":null}`+"\n")

	scan := func(args ...string) ([]Stats, []*ParseError, error) {
		inputs, err := Expand(args)
		if err != nil {
			t.Fatal(err)
		}
		var problems []*ParseError
		st, err := Scan(context.Background(), inputs, ScanOptions{OnProblem: func(pe *ParseError) { problems = append(problems, pe) }},
			func(Request) error { return nil })
		return st, problems, err
	}

	st, problems, err := scan(dir)
	if err != nil {
		t.Fatalf("directory with a README and an empty file: %v", err)
	}
	if len(st) != 3 || len(problems) != 2 {
		t.Fatalf("stats %d, problems %v; want 3 inputs listed and 2 skipped", len(st), problems)
	}
	if !errors.Is(problems[0], ErrNoRequests) && !errors.Is(problems[1], ErrNoRequests) {
		t.Errorf("README not reported as holding no requests: %v", problems)
	}

	if _, _, err := scan(readme); !errors.Is(err, ErrNoRequests) {
		t.Errorf("README named on its own: err %v, want ErrNoRequests", err)
	}

	os.Remove(filepath.Join(dir, "tail.jsonl"))
	if _, _, err := scan(dir); !errors.Is(err, ErrNoRequests) && !errors.Is(err, ErrEmpty) {
		t.Errorf("directory without logs: err %v, want an error", err)
	}
}
