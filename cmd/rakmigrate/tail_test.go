package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rakmigrate/rakmigrate/migrate"
)

// fakeStripe is the fake Stripe CLI of testdata/fake-stripe.
func fakeStripe(t *testing.T) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("..", "..", "testdata", "fake-stripe", "stripe"))
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// tailEnv is what the child inherits: PATH for the script's tools, the
// scenario, and a canary key the CLI might use (never printed).
func tailEnv(t *testing.T, scenario string) (map[string]string, string) {
	args := filepath.Join(t.TempDir(), "args")
	return map[string]string{
		"PATH":                 os.Getenv("PATH"),
		"FAKE_STRIPE_SCENARIO": scenario,
		"FAKE_STRIPE_ARGS":     args,
		"STRIPE_API_KEY":       h5CanaryRAK,
	}, args
}

func tailGranted(t *testing.T, path string) string {
	t.Helper()
	m, err := migrate.LoadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range m.Granted().List() {
		names = append(names, p.String())
	}
	return strings.Join(names, ",")
}

func TestTailFoldsEachDenialAsItArrives(t *testing.T) {
	env, argsFile := tailEnv(t, "stream")
	f, out, errOut := h5Factory("", env)
	path := h5Manifest(t, "customer_read", "payment_intent_write")
	code := h5Run(context.Background(), f, "tail", "-m", path, "--stripe-bin", fakeStripe(t), "--", "--filter-status-code", "403")
	if code != ExitOK {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out, errOut)
	}
	assertGolden(t, "tail/stream.golden", out.String())
	if got := tailGranted(t, path); got != "charge_write,customer_read,payment_intent_write,plan_read" {
		t.Errorf("manifest grants %s", got)
	}
	args, _ := os.ReadFile(argsFile)
	if want := "logs tail --format JSON --filter-status-code 403\nSTRIPE_API_KEY inherited\n"; string(args) != want {
		t.Errorf("the CLI got %q, want %q", args, want)
	}
	if !strings.Contains(errOut.String(), "stripe: Session expired, reconnecting") {
		t.Errorf("CLI chatter not relayed:\n%s", errOut)
	}
	if !strings.Contains(errOut.String(), "5 requests, 3 403s (2 distinct); added charge_write, plan_read") {
		t.Errorf("summary:\n%s", errOut)
	}
	h5NoCanary(t, out.String(), errOut.String())

	// The same stream again changes nothing.
	f2, out2, errOut2 := h5Factory("", env)
	before, _ := os.ReadFile(path)
	if code := h5Run(context.Background(), f2, "tail", "-m", path, "--stripe-bin", fakeStripe(t)); code != ExitOK {
		t.Fatalf("rerun exit %d\n%s", code, errOut2)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) || !strings.Contains(out2.String(), "already folded in round 1") {
		t.Errorf("rerun changed the manifest or did not say so:\n%s", out2)
	}
}

func TestTailFromStdinAsJSON(t *testing.T) {
	stream, err := os.ReadFile(filepath.Join("..", "..", "testdata", "fake-stripe", "tail.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	generic := `{"created_at":1767225609,"livemode":false,"method":"GET","url":"/v1/tax/registrations","status":403,"request_id":"req_Gen0000000001","error":{"type":"invalid_request_error","message":"The provided key 'rk_test_*****11abcd' does not have the required permissions for this endpoint on account 'acct_1Fake00000000000'. Having more permissions would allow this request to continue."}}` + "\n"
	f, out, errOut := h5Factory(string(stream)+generic, nil)
	path := h5Manifest(t, "customer_read")
	code := h5Run(context.Background(), f, "tail", "-m", path, "-", "--format", "json")
	if code != ExitUnresolved {
		t.Fatalf("exit %d, want %d (a generic 403 stays unresolved)\n%s", code, ExitUnresolved, errOut)
	}
	var events []tailEvent
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var ev tailEvent
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("%v: %q", err, line)
		}
		events = append(events, ev)
	}
	if len(events) != 3 || events[0].Added[0].Name != "charge_write" || events[1].Added[0].Name != "plan_read" ||
		len(events[2].Unresolved) != 1 || events[2].Unresolved[0].Kind != migrate.UnresolvedGeneric || !events[2].Saved {
		t.Fatalf("events: %+v", events)
	}
}

func TestTailCLIProblems(t *testing.T) {
	tests := []struct {
		name     string
		scenario string
		bin      func(t *testing.T) string
		path     string
		msg      string
	}{
		{"not logged in", "login", fakeStripe, "", "not logged in: run `stripe login`"},
		{"stream error", "error", fakeStripe, "", "stripe logs tail failed (exit status 1): Error: websocket: close 1006"},
		{"missing --stripe-bin", "stream", func(t *testing.T) string { return filepath.Join(t.TempDir(), "stripe") }, "", "not an executable file"},
		{"not on PATH", "stream", func(*testing.T) string { return "" }, "/nonexistent", "is not on PATH: install it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			env, _ := tailEnv(t, tt.scenario)
			if tt.path != "" {
				env["PATH"] = tt.path
			}
			f, out, errOut := h5Factory("", env)
			path := h5Manifest(t, "customer_read")
			args := []string{"tail", "-m", path}
			if bin := tt.bin(t); bin != "" {
				args = append(args, "--stripe-bin", bin)
			}
			code := h5Run(context.Background(), f, args...)
			if code != ExitError || !strings.Contains(errOut.String(), tt.msg) {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
			h5NoCanary(t, out.String(), errOut.String())
			if tt.scenario == "error" {
				// What arrived before the error is saved.
				if got := tailGranted(t, path); got != "charge_write,customer_read,plan_read" {
					t.Errorf("manifest grants %s", got)
				}
			}
		})
	}
}

func TestTailCtrlCLeavesEverythingSaved(t *testing.T) {
	env, _ := tailEnv(t, "hang")
	f, out, errOut := h5Factory("", env)
	path := h5Manifest(t, "customer_read")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- h5Run(ctx, f, "tail", "-m", path, "--stripe-bin", fakeStripe(t)) }()
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(out.String(), "+ plan_read") {
		if time.Now().After(deadline) {
			t.Fatalf("denials never arrived:\n%s\n%s", out, errOut)
		}
		time.Sleep(20 * time.Millisecond)
	}
	cancel() // what Ctrl-C does
	select {
	case code := <-done:
		if code != ExitOK {
			t.Fatalf("exit %d\n%s", code, errOut)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("tail did not stop on Ctrl-C")
	}
	if got := tailGranted(t, path); got != "charge_write,customer_read,plan_read" {
		t.Errorf("manifest grants %s", got)
	}
}

func TestTailFlags(t *testing.T) {
	path := h5Manifest(t, "customer_read")
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"no manifest", []string{"tail"}, "needs the manifest"},
		{"file argument", []string{"tail", "-m", path, "app.log"}, `not ["app.log"]`},
		{"stdin with CLI flags", []string{"tail", "-m", path, "-", "--", "--filter-status-code", "403"}, "does not run when reading stdin"},
		{"bad format", []string{"tail", "-m", path, "--format", "yaml"}, "want text or json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, errOut := h5Factory("", nil)
			if code := h5Run(context.Background(), f, tt.args...); code != ExitUsage || !strings.Contains(errOut.String(), tt.msg) {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
		})
	}
}

func TestTailFromStdinTextWithZone(t *testing.T) {
	// `stripe logs tail` without --format JSON, piped: the text form, with
	// the error lines of a failed request under it.
	stream := "2026-03-04 10:15:02 [200] GET /v1/customers/cus_1 [req_AbC100]\n" +
		"2026-03-04 10:15:03 [403] POST /v1/refunds [req_AbC123]\n" +
		"Type: invalid_request_error\n" +
		"Message: The provided key 'rk_test_****11abcd' does not have the required permissions for this endpoint on account 'acct_1Fake00000000000'. Having the 'rak_charge_write' permission would allow this request to continue.\n"
	f, out, errOut := h5Factory(stream, nil)
	path := h5Manifest(t, "customer_read")
	if code := h5Run(context.Background(), f, "tail", "-m", path, "-", "--tz", "UTC"); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	if !strings.Contains(out.String(), "403 POST /v1/refunds [req_AbC123]\n  + charge_write (round 1, saved)") {
		t.Fatalf("stdout:\n%s", out)
	}
	f2, _, errOut2 := h5Factory(stream, nil)
	if code := h5Run(context.Background(), f2, "tail", "-m", path, "-", "--tz", "Mars/Olympus"); code != ExitUsage || !strings.Contains(errOut2.String(), "--tz") {
		t.Fatalf("bad zone: exit %d\n%s", code, errOut2)
	}
}
