package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// flowRun runs one command line at the given time and returns its exit code
// and output.
func flowRun(t *testing.T, now time.Time, args ...string) (int, string, string) {
	t.Helper()
	f, out, errOut := testFactory("", nil, now)
	code := run(args, f)
	return code, out.String(), errOut.String()
}

// flowsDir is absolute: the tests chdir into temp dirs.
var flowsDir, _ = filepath.Abs(filepath.Join("..", "..", "testdata", "flows"))

func flowPath(parts ...string) string {
	return filepath.Join(append([]string{flowsDir}, parts...)...)
}

var (
	flowProposeAt = time.Date(2026, 9, 22, 9, 0, 0, 0, time.UTC)
	flowRound1At  = time.Date(2026, 9, 23, 15, 0, 0, 0, time.UTC)
	flowRound2At  = time.Date(2026, 9, 28, 9, 0, 0, 0, time.UTC)
)

func TestProposeFlow(t *testing.T) {
	t.Chdir(t.TempDir())
	code, out, errOut := flowRun(t, flowProposeAt, "propose", flowPath("billing", "usage.jsonl"), flowPath("billing", "usage.csv"),
		"-o", "rak-manifest.yaml", "--name", "billing")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	b, err := os.ReadFile("rak-manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"schema: rakmigrate.dev/manifest/v1", "name: subscription_write", "name: invoice_write", "name: plan_read",
		"reason: observed", "POST /v1/subscriptions/{", "192.0.2.30"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("manifest lacks %q", want)
		}
	}
	for _, want := range []string{"Proposed key \"billing\"", "https://dashboard.stripe.com/test/apikeys/create?name=billing", "Checklist:"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "warning: the logs cover") {
		t.Errorf("a three-week window should warn (default 30d):\n%s", errOut)
	}
	// --window 14d: no warning.
	_, _, errOut = flowRun(t, flowProposeAt, "propose", flowPath("billing", "usage.jsonl"), "-o", "other.yaml", "--window", "14d")
	if strings.Contains(errOut, "warning: the logs cover") {
		t.Errorf("--window 14d should not warn:\n%s", errOut)
	}
}

func TestProposeJSON(t *testing.T) {
	t.Chdir(t.TempDir())
	code, out, errOut := flowRun(t, flowProposeAt, "propose", flowPath("billing", "usage.jsonl"), "-o", "m.json")
	if code != ExitOK || !strings.Contains(out, "Wrote m.json") {
		t.Fatalf("exit %d: %s\n%s", code, out, errOut)
	}
	b, _ := os.ReadFile("m.json")
	if !bytes.Contains(b, []byte(`"permissions": [`)) || !bytes.Contains(b, []byte(`"name": "subscription_write"`)) {
		t.Errorf("JSON manifest:\n%s", b)
	}
	code, out, _ = flowRun(t, flowProposeAt, "propose", flowPath("billing", "usage.jsonl"), "-o", "m2.yaml", "--format", "json")
	if code != ExitOK || !strings.HasPrefix(out, "{") || !strings.Contains(out, `"manifests"`) {
		t.Errorf("--format json stdout:\n%s", out)
	}
	if b, _ := os.ReadFile("m2.yaml"); !bytes.HasPrefix(b, []byte("{")) {
		t.Error("--format json writes the manifest as JSON")
	}
}

func TestProposeSplitBy(t *testing.T) {
	t.Chdir(t.TempDir())
	code, _, errOut := flowRun(t, flowProposeAt, "propose", flowPath("billing", "usage.jsonl"), flowPath("billing", "usage.csv"),
		"-o", "rak.yaml", "--name", "billing", "--split-by", "source")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	matches, _ := filepath.Glob("rak-*.yaml")
	if len(matches) != 2 {
		t.Fatalf("want one manifest per source, got %v", matches)
	}
	for _, m := range matches {
		b, _ := os.ReadFile(m)
		if !bytes.Contains(b, []byte("split_by: source")) {
			t.Errorf("%s lacks its group", m)
		}
	}
}

func TestProposeRefusals(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("empty.jsonl", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile("chatter.log", []byte("Getting ready...\nReady! You're now waiting to receive API request logs (^C to quit)\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"empty file", []string{"propose", "empty.jsonl"}, ExitError, "empty.jsonl"},
		{"zero requests", []string{"propose", "chatter.log"}, ExitError, "chatter.log"},
		{"bad split", []string{"propose", "empty.jsonl", "--split-by", "planet"}, ExitUsage, "--split-by"},
		{"bad window", []string{"propose", "empty.jsonl", "--window", "soon"}, ExitUsage, "--window"},
		{"bad permission", []string{"propose", "empty.jsonl", "--add", "everything"}, ExitUsage, "--add"},
		{"no logs", []string{"propose"}, ExitUsage, ""},
		{"missing file", []string{"propose", "nope.jsonl"}, ExitError, "nope.jsonl"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errOut := flowRun(t, flowProposeAt, tc.args...)
			if code != tc.code || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, want %d; stderr %q should mention %q", code, tc.code, errOut, tc.want)
			}
		})
	}
}

func TestStdinTerminalRefused(t *testing.T) {
	t.Chdir(t.TempDir())
	for _, args := range [][]string{{"propose", "-"}, {"iterate", "-m", "x.yaml", "-"}, {"check", "-m", "x.yaml", "-"}} {
		f, _, errOut := testFactory("", nil, flowProposeAt)
		f.IO.InTTY = true
		if code := run(args, f); code != ExitUsage || !strings.Contains(errOut.String(), "stdin is a terminal") {
			t.Errorf("%v: exit %d, %s", args, code, errOut)
		}
	}
}
