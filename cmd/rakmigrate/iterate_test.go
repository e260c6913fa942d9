package main

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"
)

// flowPropose writes the billing flow's manifest into the current directory.
func flowPropose(t *testing.T) {
	t.Helper()
	code, _, errOut := flowRun(t, flowProposeAt, "propose", flowPath("billing", "usage.jsonl"), flowPath("billing", "usage.csv"), "-o", "rak-manifest.yaml", "--name", "billing")
	if code != ExitOK {
		t.Fatalf("propose: exit %d: %s", code, errOut)
	}
}

func TestIterateFlow(t *testing.T) {
	t.Chdir(t.TempDir())
	flowPropose(t)
	code, out, errOut := flowRun(t, flowRound1At, "iterate", "-m", "rak-manifest.yaml", "--tz", "UTC", flowPath("billing", "test-run.log"), flowPath("billing", "app.log"))
	if code != ExitOK {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"Round 1", "+ credit_note_write", "+ tax_rate_read", "403 on POST /v1/credit_notes"} {
		if !strings.Contains(out, want) {
			t.Errorf("stdout lacks %q:\n%s", want, out)
		}
	}
	first, _ := os.ReadFile("rak-manifest.yaml")

	// Idempotent: the same input again changes nothing, byte for byte.
	code, _, errOut = flowRun(t, flowRound1At.Add(48*time.Hour), "iterate", "-m", "rak-manifest.yaml", "--tz", "UTC", flowPath("billing", "test-run.log"), flowPath("billing", "app.log"))
	again, _ := os.ReadFile("rak-manifest.yaml")
	if code != ExitOK || !bytes.Equal(first, again) || !strings.Contains(errOut, "nothing new") {
		t.Errorf("re-run: exit %d, changed=%v, stderr %q", code, !bytes.Equal(first, again), errOut)
	}
}

func TestIterateUnresolvedExit(t *testing.T) {
	t.Chdir(t.TempDir())
	flowPropose(t)
	log := "2026-09-23 14:00:00 [403] POST /v1/quotes_of_the_day [req_FlowUnres01]\n" +
		"Message: The provided key 'rk_test_****CANARY' does not have the required permissions for this endpoint on account 'acct_1FlowPlatform0'. Having more permissions would allow this request to continue.\n"
	f, out, errOut := testFactory(log, nil, flowRound1At)
	code := run([]string{"iterate", "-m", "rak-manifest.yaml", "--tz", "UTC", "-"}, f)
	if code != ExitUnresolved {
		t.Fatalf("exit %d, want %d\n%s\n%s", code, ExitUnresolved, out, errOut)
	}
	if !strings.Contains(out.String(), "generic on POST /v1/quotes_of_the_day") || !strings.Contains(out.String(), "→") {
		t.Errorf("unresolved denial should be listed with what to do:\n%s", out)
	}
	// Answer it by hand: --add records an override round.
	code, out2, _ := flowRun(t, flowRound1At, "iterate", "-m", "rak-manifest.yaml", "--add", "quote_write")
	if code != ExitOK || !strings.Contains(out2, "+ quote_write") {
		t.Errorf("--add: exit %d\n%s", code, out2)
	}
}

func TestIterateErrors(t *testing.T) {
	t.Chdir(t.TempDir())
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"iterate", "x.log"}, ExitUsage, "-m"},
		{[]string{"iterate", "-m", "missing.yaml", "x.log"}, ExitError, "rakmigrate propose"},
		{[]string{"iterate", "-m", "missing.yaml"}, ExitUsage, "test run"},
	}
	for _, tc := range tests {
		code, _, errOut := flowRun(t, flowRound1At, tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d mentioning %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

func TestIterateJSONAndProgressOnlyOnTTY(t *testing.T) {
	t.Chdir(t.TempDir())
	flowPropose(t)
	for _, tty := range []bool{false, true} {
		f, out, errOut := testFactory("", nil, flowRound1At)
		f.IO.ErrTTY = tty
		code := run([]string{"iterate", "-m", "rak-manifest.yaml", "--tz", "UTC", "--format", "json", flowPath("billing", "test-run.log")}, f)
		var got struct {
			Changed bool `json:"changed"`
			Rounds  []struct {
				N     int `json:"round"`
				Added []struct{ Name string }
			} `json:"rounds"`
		}
		if code != ExitOK || json.Unmarshal(out.Bytes(), &got) != nil || len(got.Rounds) != 1 || len(got.Rounds[0].Added) == 0 {
			t.Fatalf("tty=%v: exit %d\n%s", tty, code, out)
		}
		if got.Changed == tty { // the second run is a no-op
			t.Errorf("tty=%v: changed=%v", tty, got.Changed)
		}
		if hasProgress := strings.Contains(errOut.String(), "\r\033[K"); hasProgress != tty {
			t.Errorf("tty=%v: progress line shown=%v", tty, hasProgress)
		}
	}
}

// 403s captured in a HAR: one fixable, one not grantable, one Connect.
func TestIterateHAR(t *testing.T) {
	t.Chdir(t.TempDir())
	flowPropose(t)
	code, out, errOut := flowRun(t, flowRound1At, "iterate", "-m", "rak-manifest.yaml", flowPath("billing", "test-run.har"))
	if code != ExitUnresolved {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"+ charge_write", "not_grantable on GET /v1/balance_transactions", "connect_missing on GET /v1/customers/{customer}", "Connect column"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
