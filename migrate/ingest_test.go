package migrate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/permissions"
)

// writeTailJSON writes n requests as `stripe logs tail --format JSON` lines.
func writeTailJSON(t testing.TB, n int, extra string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "usage.jsonl")
	var buf bytes.Buffer
	for i, r := range benchRequests(n) {
		fmt.Fprintf(&buf, `{"livemode":false,"method":%q,"url":%q,"status":%d,"request_id":"req_%d","created_at":%d,"error":null}`+"\n",
			r.Method, r.Path, r.Status, i, r.Time.Unix())
	}
	buf.WriteString(extra)
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// Large inputs are decoded in parallel; progress and requests must agree
// (run with -race).
func TestIngestLargeWithProgress(t *testing.T) {
	path := writeTailJSON(t, 60000, "")
	var calls atomic.Int64
	var last IngestProgress
	u, err := Ingest(context.Background(), []string{path}, permissions.Default(), IngestOptions{}, func(p IngestProgress) {
		calls.Add(1)
		last = p
	})
	if err != nil {
		t.Fatal(err)
	}
	if u.Requests() != 60000 || !last.Done || last.Requests != 60000 || last.Format != "tail-json" || calls.Load() < 2 {
		t.Errorf("requests %d, last progress %+v after %d calls", u.Requests(), last, calls.Load())
	}
	if len(u.Sources) != 1 || u.Sources[0].Requests != 60000 || u.Sources[0].Format != "tail-json" {
		t.Errorf("sources = %+v", u.Sources)
	}
}

func TestIngestProblems(t *testing.T) {
	path := writeTailJSON(t, 10, "{\"method\": \n")
	var problems []string
	u, err := Ingest(context.Background(), []string{path}, permissions.Default(), IngestOptions{OnProblem: func(err error) { problems = append(problems, err.Error()) }}, nil)
	if err != nil || u.Requests() != 10 || len(problems) != 1 || !strings.Contains(problems[0], "usage.jsonl:11") {
		t.Errorf("requests %v, problems %q, err %v", u, problems, err)
	}
	if _, err := Ingest(context.Background(), []string{path}, permissions.Default(), IngestOptions{Strict: true}, nil); err == nil || !strings.Contains(err.Error(), "usage.jsonl:11") {
		t.Errorf("strict: %v", err)
	}
	if _, err := Ingest(context.Background(), []string{filepath.Join(t.TempDir(), "nope-*.log")}, permissions.Default(), IngestOptions{}, nil); err == nil {
		t.Error("a glob matching nothing must fail")
	}
	if _, err := Ingest(context.Background(), []string{path}, permissions.Default(), IngestOptions{Format: "klingon"}, nil); err == nil {
		t.Error("an unknown --input-format must fail")
	}
}

// TestIngestProblemsRedactedAndWrapped: a problem reaches OnProblem with a
// key in its text redacted, and still is the logparse.ParseError it was.
func TestIngestProblemsRedactedAndWrapped(t *testing.T) {
	const canary = "sk_test_CANARY0123456789abcdefWXYZ"
	path := writeTailJSON(t, 3, `{"method":"GET","url":"/v1/customers","status":200,"created_at":"`+canary+`"}`+"\n")
	var got []error
	if _, err := Ingest(context.Background(), []string{path}, permissions.Default(), IngestOptions{OnProblem: func(err error) { got = append(got, err) }}, nil); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 {
		t.Fatalf("problems %v", got)
	}
	var pe *logparse.ParseError
	if !errors.As(got[0], &pe) || pe.Line != 4 {
		t.Errorf("%v: not the ParseError of line 4 (%+v)", got[0], pe)
	}
	if msg := got[0].Error(); strings.Contains(msg, "CANARY") || !strings.Contains(msg, "usage.jsonl:4") {
		t.Errorf("problem text %q: want it redacted and placed", msg)
	}
}

// TestIngestRecordsClientKeyRequests: requests a HAR leaves out for their
// client-side key are counted in the source, so the manifest says so.
func TestIngestRecordsClientKeyRequests(t *testing.T) {
	u, err := Ingest(context.Background(), []string{"../testdata/logs/valid/har/capture.har"}, permissions.Default(), IngestOptions{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(u.Sources) != 1 || u.Sources[0].Requests != 2 || u.Sources[0].ClientKey != 2 {
		t.Fatalf("sources = %+v", u.Sources)
	}
	m, err := Propose(u, ProposeOptions{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := m.Marshal(YAML)
	if err != nil || !bytes.Contains(b, []byte("client_key_left_out: 2")) {
		t.Fatalf("manifest (%v):\n%s", err, b)
	}
}
