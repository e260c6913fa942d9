package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoPlain(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "demo")
	code, out, errOut := flowRun(t, flowProposeAt, "demo", "--dir", dir)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"1. Import", "2. Propose", "3. Test run", "Round 1", "+ charge_write", "+ invoice_read", "The gate is open", "Wrote into " + dir} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
	for _, name := range []string{"rak-manifest.yaml", "plan.md", "plan.json", "usage.jsonl"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("demo did not write %s: %v", name, err)
		}
	}
	// A fresh directory only.
	if code, _, _ := flowRun(t, flowProposeAt, "demo", "--dir", dir); code != ExitUsage {
		t.Errorf("demo into a non-empty dir: exit %d, want %d", code, ExitUsage)
	}
}

func TestDemoTempDir(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	code, out, _ := flowRun(t, flowProposeAt, "demo")
	if code != ExitOK || !strings.Contains(out, "Wrote into "+tmp) {
		t.Fatalf("exit %d, output should name the temp dir under %s", code, tmp)
	}
}

// No key ever leaves the tool: a canary in the environment and in a 403 text
// must not reach stdout, stderr or the manifest.
func TestMigrateCommandsNeverPrintKeys(t *testing.T) {
	t.Chdir(t.TempDir())
	const canary = "rk_test_CANARY51Hx9ZZZZZZZZZZZZZZZZZZZZZZZZZZ0001"
	log := "2026-09-23 14:00:00 [403] POST /v1/credit_notes [req_FlowCanary01]\n" +
		"Message: The provided key '" + canary + "' does not have the required permissions for this endpoint on account 'acct_1FlowPlatform0'. Having the 'rak_credit_note_write' permission would allow this request to continue.\n"
	if err := os.WriteFile("canary.log", []byte(log), 0o644); err != nil {
		t.Fatal(err)
	}
	env := map[string]string{"STRIPE_API_KEY": canary}
	var all strings.Builder
	for _, args := range [][]string{
		{"propose", flowPath("billing", "usage.jsonl"), "canary.log", "--tz", "UTC", "-o", "rak-manifest.yaml"},
		{"iterate", "-m", "rak-manifest.yaml", "--tz", "UTC", "canary.log"},
		{"check", "-m", "rak-manifest.yaml", "--tz", "UTC", "canary.log"},
		{"report", "-m", "rak-manifest.yaml"},
		{"plan", "-m", "rak-manifest.yaml"},
	} {
		f, out, errOut := testFactory("", env, flowRound1At)
		run(args, f)
		all.WriteString(out.String() + errOut.String())
	}
	b, _ := os.ReadFile("rak-manifest.yaml")
	all.Write(b)
	if strings.Contains(all.String(), "CANARY") {
		t.Fatalf("a key reached the output or the manifest:\n%s", all.String())
	}
}

// Colour only on a terminal, and never with NO_COLOR.
func TestMigrateColourOnlyOnTTY(t *testing.T) {
	for _, tc := range []struct {
		tty     bool
		noColor string
		want    bool
	}{{false, "", false}, {true, "", true}, {true, "1", false}} {
		f, out, _ := testFactory("", map[string]string{"NO_COLOR": tc.noColor}, flowProposeAt)
		f.IO.OutTTY = tc.tty
		if code := run([]string{"demo", "--plain", "--dir", filepath.Join(t.TempDir(), "d")}, f); code != ExitOK {
			t.Fatalf("exit %d", code)
		}
		if got := strings.Contains(out.String(), "\x1b["); got != tc.want {
			t.Errorf("tty=%v NO_COLOR=%q: colour=%v", tc.tty, tc.noColor, got)
		}
	}
}
