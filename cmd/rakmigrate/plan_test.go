package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// flowToClean runs the billing flow up to a clean soak round.
func flowToClean(t *testing.T) {
	t.Helper()
	flowPropose(t)
	if code, out, errOut := flowRun(t, flowRound1At, "iterate", "-m", "rak-manifest.yaml", "--tz", "UTC", flowPath("billing", "test-run.log"), flowPath("billing", "app.log")); code != ExitOK {
		t.Fatalf("round 1: exit %d\n%s\n%s", code, out, errOut)
	}
	if code, out, errOut := flowRun(t, flowRound2At, "iterate", "-m", "rak-manifest.yaml", flowPath("billing", "clean.jsonl")); code != ExitOK {
		t.Fatalf("round 2: exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestPlanGateClosed(t *testing.T) {
	t.Chdir(t.TempDir())
	flowPropose(t)
	code, out, errOut := flowRun(t, flowRound1At, "plan", "-m", "rak-manifest.yaml")
	if code != ExitNotReady {
		t.Fatalf("exit %d, want %d", code, ExitNotReady)
	}
	if out != "" || !strings.Contains(errOut, "no round of 403s") || !strings.Contains(errOut, "rakmigrate iterate") {
		t.Errorf("stdout %q; stderr should say what is missing and what to do:\n%s", out, errOut)
	}
	code, out, _ = flowRun(t, flowRound1At, "plan", "-m", "rak-manifest.yaml", "--format", "json")
	var got struct {
		Ready   bool `json:"ready"`
		Reasons []struct{ Code string }
	}
	if code != ExitNotReady || json.Unmarshal([]byte(out), &got) != nil || got.Ready || len(got.Reasons) == 0 {
		t.Errorf("--format json refusal: exit %d\n%s", code, out)
	}
}

func TestPlanAfterSoak(t *testing.T) {
	t.Chdir(t.TempDir())
	flowToClean(t)
	code, out, errOut := flowRun(t, flowRound2At, "plan", "-m", "rak-manifest.yaml", "--accept-unmapped")
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	for _, want := range []string{"# Live-mode plan: billing", "credit_note_write", "https://dashboard.stripe.com/apikeys/create?name=billing-production", "## Rollback", "## If a key is exposed"} {
		if !strings.Contains(out, want) {
			t.Errorf("plan lacks %q", want)
		}
	}
	code, _, errOut = flowRun(t, flowRound2At, "plan", "-m", "rak-manifest.yaml", "--accept-unmapped", "--format", "json", "-o", "plan.json")
	b, _ := os.ReadFile("plan.json")
	var p struct {
		LiveKeyName string `json:"live_key_name"`
	}
	if code != ExitOK || json.Unmarshal(b, &p) != nil || p.LiveKeyName != "billing-production" {
		t.Errorf("plan.json: exit %d %s\n%s", code, errOut, b)
	}
	// A soak longer than the clean run closes the gate again.
	if code, _, errOut := flowRun(t, flowRound2At, "plan", "-m", "rak-manifest.yaml", "--accept-unmapped", "--soak", "10d"); code != ExitNotReady || !strings.Contains(errOut, "soak") {
		t.Errorf("--soak 10d: exit %d %s", code, errOut)
	}
}

func TestCheckDriftFlow(t *testing.T) {
	t.Chdir(t.TempDir())
	flowPropose(t)
	code, out, errOut := flowRun(t, flowProposeAt, "check", "-m", "rak-manifest.yaml", flowPath("billing", "usage.jsonl"))
	if code != ExitOK || !strings.Contains(out, "no drift") {
		t.Errorf("usage logs against their own manifest: exit %d\n%s\n%s", code, out, errOut)
	}
	code, out, _ = flowRun(t, flowProposeAt, "check", "-m", "rak-manifest.yaml", "--tz", "UTC", flowPath("billing", "test-run.log"))
	if code != ExitFindings || !strings.Contains(out, "credit_note_write") || !strings.Contains(out, "Unused in this window") {
		t.Errorf("test-run 403s are drift: exit %d\n%s", code, out)
	}
	code, out, _ = flowRun(t, flowProposeAt, "check", "-m", "rak-manifest.yaml", "--format", "json", "--tz", "UTC", flowPath("billing", "test-run.log"))
	var got struct{ Drift bool }
	if code != ExitFindings || json.Unmarshal([]byte(out), &got) != nil || !got.Drift {
		t.Errorf("check --format json: exit %d\n%s", code, out)
	}
}

func TestReportFlow(t *testing.T) {
	t.Chdir(t.TempDir())
	flowPropose(t)
	code, out, errOut := flowRun(t, flowProposeAt, "report", "-m", "rak-manifest.yaml")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"the secret key grants all", "used", "subscription_write", "Checklist:", "fewer"} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	code, out, _ = flowRun(t, flowProposeAt, "report", "-m", "rak-manifest.yaml", "--format", "json")
	var got struct {
		Report struct {
			Totals struct {
				Unused int `json:"unused"`
			} `json:"totals"`
		} `json:"report"`
	}
	if code != ExitOK || json.Unmarshal([]byte(out), &got) != nil || got.Report.Totals.Unused < 50 {
		t.Errorf("report json: exit %d, unused %d", code, got.Report.Totals.Unused)
	}
}
