package main

import (
	"bytes"
	"context"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rakmigrate/rakmigrate/internal/stripemock"
)

// The canary sweep: keys planted everywhere a key can reach rakmigrate (the
// environment, a key file, the config file, log lines, 403 texts, URLs,
// arguments) and every command run; no output, error or written file may hold
// one, and no command may print the environment.
//
// The canaries are assembled at run time so this file does not hold them.
var (
	canaryEnvKey  = "rk_" + "test_CANARYsweepenv0000000000000000000000a1"
	canaryRakEnv  = "rk_" + "test_CANARYsweeprak0000000000000000000000a2"
	canaryFileKey = "rk_" + "test_CANARYsweepfile000000000000000000000a3"
	canaryConfig  = "sk_" + "live_CANARYsweepconfig0000000000000000000a4"
	canaryLog     = "sk_" + "test_CANARYsweeplog00000000000000000000000a5"
	canaryURL     = "rk_" + "live_CANARYsweepurl00000000000000000000000a6"
	canaryWebhook = "whsec_" + "CANARYsweepwebhook0000000000000000000a7"
)

// The environment itself is a secret store: no command may print it.
const (
	canaryEnvName  = "RAKMIGRATE_CANARY_ENV"
	canaryEnvValue = "envvalue-XYZZY-7731-do-not-print"
)

// canaryBuffer is safe to read while a command is still writing.
type canaryBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (c *canaryBuffer) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.Write(p)
}

func (c *canaryBuffer) String() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.b.String()
}

func canaryEnv() map[string]string {
	return map[string]string{
		"STRIPE_API_KEY":     canaryEnvKey,
		"RAKMIGRATE_API_KEY": canaryRakEnv,
		canaryEnvName:        canaryEnvValue,
		"HOME":               os.Getenv("HOME"),
		"PATH":               os.Getenv("PATH"),
	}
}

// canaryRun runs one command line with the planted environment; the
// context lets servers (proxy) be stopped.
func canaryRun(ctx context.Context, stdin string, args ...string) (code int, out, errOut string) {
	env := canaryEnv()
	var o, e canaryBuffer
	f := &Factory{
		IO:     NewIOStreams(strings.NewReader(stdin), &o, &e),
		Getenv: func(k string) string { return env[k] },
		Environ: func() []string {
			var kv []string
			for k, v := range env {
				kv = append(kv, k+"="+v)
			}
			return append(kv, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")
		},
		Now:        func() time.Time { return time.Date(2026, 9, 24, 12, 0, 0, 0, time.UTC) },
		HTTPClient: &http.Client{Timeout: 10 * time.Second},
	}
	code = runContext(ctx, args, f)
	return code, o.String(), e.String()
}

// canaryLeaks lists what a text must never hold.
func canaryLeaks(text string) []string {
	var leaks []string
	for _, s := range []string{"CANARY", canaryEnvName, canaryEnvValue} {
		if strings.Contains(text, s) {
			leaks = append(leaks, s)
		}
	}
	return leaks
}

// canaryWorld plants the canaries in a temp dir and chdirs into it.
func canaryWorld(t *testing.T, config string) (dir string) {
	t.Helper()
	for k, v := range canaryEnv() {
		t.Setenv(k, v) // viper and child processes read the real environment
	}
	dir = t.TempDir()
	t.Chdir(dir)
	write := func(name, body string, mode os.FileMode) {
		t.Helper()
		if err := os.WriteFile(name, []byte(body), mode); err != nil {
			t.Fatal(err)
		}
	}
	write("stripe.key", canaryFileKey+"\n", 0o600)
	write("rakmigrate.yaml", config, 0o600)
	// A tail-text log whose 403 names the full key, and whose other lines
	// carry keys in URLs.
	write("canary.log", ""+
		"2026-09-23 14:00:00 [200] GET /v1/customers/cus_Sweep01?api_key="+canaryURL+" [req_Sweep0001]\n"+
		"2026-09-23 14:00:01 [200] POST /v1/payment_intents [req_Sweep0002]\n"+
		"2026-09-23 14:00:02 [403] POST /v1/credit_notes [req_Sweep0003]\n"+
		"Message: The provided key '"+canaryLog+"' does not have the required permissions for this endpoint on account 'acct_1SweepPlatform0'. Having the 'rak_credit_note_write' permission would allow this request to continue.\n", 0o644)
	// The same in tail JSON, with keys in the URL, the error and a field.
	write("canary.jsonl", ""+
		`{"livemode":false,"method":"GET","url":"/v1/charges?key=`+canaryURL+`","status":200,"request_id":"req_Sweep0004","created_at":1790172000,"error":null,"ip_address":"192.0.2.7"}`+"\n"+
		`{"livemode":false,"method":"POST","url":"/v1/refunds","status":403,"request_id":"req_Sweep0005","created_at":1790172001,"error":{"type":"invalid_request_error","message":"The provided key '`+canaryLog+`' does not have the required permissions for this endpoint on account 'acct_1SweepPlatform0'. Having the 'rak_charge_write' permission would allow this request to continue."},"ip_address":"192.0.2.7","webhook":"`+canaryWebhook+`"}`+"\n", 0o644)
	return dir
}

// canaryFiles returns every file under dir that a command wrote and that
// holds something it must not.
func canaryFiles(t *testing.T, dir string, planted map[string]bool) []string {
	t.Helper()
	var bad []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		if planted[rel] {
			return nil
		}
		b, err := os.ReadFile(p)
		if err == nil && len(canaryLeaks(string(b))) > 0 {
			bad = append(bad, rel+": "+strings.Join(canaryLeaks(string(b)), ", "))
		}
		return nil
	})
	return bad
}

var canaryPlanted = map[string]bool{"stripe.key": true, "rakmigrate.yaml": true, "canary.log": true, "canary.jsonl": true}

// canaryCommand is one row of the sweep.
type canaryCommand struct {
	name  string
	args  []string
	stdin string
	// serve: the command runs until cancelled; poke, when set, talks to it.
	serve bool
}

func canaryCommands(t *testing.T, mockURL, fakeStripe string) []canaryCommand {
	tailJSON, _ := os.ReadFile("canary.jsonl")
	cmds := []canaryCommand{
		{name: "root without a terminal (wizard)", args: []string{}},
		{name: "root --help", args: []string{"--help"}},
		{name: "import", args: []string{"import", "--tz", "UTC", "canary.log", "canary.jsonl"}},
		{name: "import json", args: []string{"import", "--tz", "UTC", "--format", "json", "canary.log", "canary.jsonl"}},
		{name: "import stdin", args: []string{"import", "--tz", "UTC", "-"}, stdin: string(tailJSON)},
		{name: "lookup with a key in the argument", args: []string{"lookup", "GET /v1/customers?api_key=" + canaryURL}},
		{name: "catalog", args: []string{"catalog", "--format", "json"}},
		{name: "propose", args: []string{"propose", "--tz", "UTC", "canary.log", "canary.jsonl", "-o", "rak-manifest.yaml"}},
		{name: "iterate", args: []string{"iterate", "-m", "rak-manifest.yaml", "--tz", "UTC", "canary.log"}},
		{name: "iterate json", args: []string{"iterate", "-m", "rak-manifest.yaml", "--tz", "UTC", "--format", "json", "canary.jsonl"}},
		{name: "check", args: []string{"check", "-m", "rak-manifest.yaml", "--tz", "UTC", "canary.log", "canary.jsonl"}},
		{name: "report", args: []string{"report", "-m", "rak-manifest.yaml"}},
		{name: "report json", args: []string{"report", "-m", "rak-manifest.yaml", "--format", "json"}},
		{name: "plan", args: []string{"plan", "-m", "rak-manifest.yaml", "-o", "plan.md"}},
		{name: "plan json", args: []string{"plan", "-m", "rak-manifest.yaml", "--format", "json"}},
		{name: "demo", args: []string{"demo", "--plain", "--dir", "demo-out"}},
		{name: "verify (env key)", args: []string{"verify", "-m", "rak-manifest.yaml", "--api-base", mockURL}},
		{name: "verify (key file)", args: []string{"verify", "-m", "rak-manifest.yaml", "--api-base", mockURL, "--key-file", "stripe.key", "--format", "json"}},
		{name: "verify (key command)", args: []string{"verify", "-m", "rak-manifest.yaml", "--api-base", mockURL, "--key-command", "cat stripe.key"}},
		{name: "verify (unreachable)", args: []string{"verify", "-m", "rak-manifest.yaml", "--api-base", "http://127.0.0.1:1"}},
		{name: "verify (key refused as flag)", args: []string{"verify", "-m", "rak-manifest.yaml", "--api-key", canaryConfig}},
		{name: "proxy", args: []string{"proxy", "--listen", "127.0.0.1:0", "--upstream", mockURL, "-m", "rak-manifest.yaml", "--enforce", "--record", "proxy.jsonl"}, serve: true},
		{name: "proxy bad flags", args: []string{"proxy", "--enforce"}},
		{name: "tail from the Stripe CLI", args: []string{"tail", "-m", "rak-manifest.yaml", "--stripe-bin", fakeStripe}},
		{name: "tail from stdin", args: []string{"tail", "-m", "rak-manifest.yaml", "-", "--format", "json"}, stdin: string(tailJSON)},
		{name: "scan", args: []string{"scan", "--all"}},
		{name: "scan json", args: []string{"scan", "--all", "--format", "json"}},
		{name: "scan sarif", args: []string{"scan", "--all", "--format", "sarif", "canary.log"}},
		{name: "hook outside git", args: []string{"hook", "install"}},
		{name: "root -m without a terminal (wizard on the manifest)", args: []string{"-m", "rak-manifest.yaml"}},
		{name: "version", args: []string{"--version"}},
	}
	return cmds
}

func TestCanarySweep(t *testing.T) {
	if testing.Short() {
		t.Skip("starts stripe-mock")
	}
	fakeStripe, err := filepath.Abs(filepath.Join("..", "..", "testdata", "fake-stripe", "stripe"))
	if err != nil {
		t.Fatal(err)
	}
	mock := stripemock.Start(t)
	// The config file holds a canary in a comment and names the key file.
	dir := canaryWorld(t, "# the old key was "+canaryConfig+"; never again\ntz: UTC\n")

	for _, c := range canaryCommands(t, mock.URL, fakeStripe) {
		t.Run(c.name, func(t *testing.T) {
			var code int
			var out, errOut string
			if c.serve {
				code, out, errOut = canaryServe(t, c)
			} else {
				code, out, errOut = canaryRun(context.Background(), c.stdin, c.args...)
			}
			if strings.Contains(out+errOut, "not built yet") {
				t.Logf("%s is still a placeholder: re-run the sweep when it lands", c.args[0])
			}
			if leaks := canaryLeaks(out + errOut); len(leaks) > 0 {
				t.Fatalf("exit %d; output holds %v\nstdout:\n%s\nstderr:\n%s", code, leaks, out, errOut)
			}
			t.Logf("exit %d", code)
			if c.name == "propose" && code != ExitOK {
				t.Fatalf("propose failed (exit %d), so the later commands would not exercise a manifest:\n%s", code, errOut)
			}
		})
	}
	if bad := canaryFiles(t, dir, canaryPlanted); len(bad) > 0 {
		t.Fatalf("written files hold canaries:\n%s", strings.Join(bad, "\n"))
	}
	for _, want := range []string{"rak-manifest.yaml", "proxy.jsonl", filepath.Join("demo-out", "rak-manifest.yaml")} {
		if _, err := os.Stat(filepath.Join(dir, want)); err != nil {
			t.Errorf("the sweep did not exercise %s: %v", want, err)
		}
	}
}

// canaryServe runs a server command, sends it a request carrying keys, then
// stops it.
func canaryServe(t *testing.T, c canaryCommand) (int, string, string) {
	t.Helper()
	env := canaryEnv()
	var o, e canaryBuffer
	f := &Factory{
		IO:         NewIOStreams(strings.NewReader(""), &o, &e),
		Getenv:     func(k string) string { return env[k] },
		Environ:    func() []string { return nil },
		Now:        func() time.Time { return time.Date(2026, 9, 24, 12, 0, 0, 0, time.UTC) },
		HTTPClient: &http.Client{Timeout: 5 * time.Second},
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan int, 1)
	go func() { done <- runContext(ctx, c.args, f) }()
	addr := regexp.MustCompile(`127\.0\.0\.1:[0-9]+`)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		f.IO.Flush()
		if a := addr.FindString(e.String() + o.String()); a != "" && !strings.HasSuffix(a, ":0") {
			for _, path := range []string{"/v1/customers?key=" + canaryURL, "/v1/refunds"} {
				req, _ := http.NewRequest("POST", "http://"+a+path, strings.NewReader("note="+canaryLog))
				req.Header.Set("Authorization", "Bearer "+canaryEnvKey)
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				if resp, err := http.DefaultClient.Do(req); err == nil {
					var body bytes.Buffer
					body.ReadFrom(resp.Body)
					resp.Body.Close()
					// The 403 the proxy answers with may name the key the
					// caller sent, masked, like Stripe does: never in full.
					if leaks := canaryLeaks(body.String()); len(leaks) > 0 {
						t.Errorf("proxy answer holds %v: %s", leaks, body.String())
					}
				}
			}
			break
		}
		select {
		case code := <-done:
			return code, o.String(), e.String()
		case <-time.After(50 * time.Millisecond):
		}
	}
	cancel()
	select {
	case code := <-done:
		f.IO.Flush()
		return code, o.String(), e.String()
	case <-time.After(10 * time.Second):
		t.Fatal("server did not stop when cancelled")
		return 0, "", ""
	}
}

// With a key written into the config file, every command refuses to start,
// and says so without repeating the key.
func TestCanaryKeyInConfigFile(t *testing.T) {
	canaryWorld(t, "api_key: "+canaryConfig+"\n")
	for _, c := range canaryCommands(t, "http://127.0.0.1:1", "/nonexistent/stripe") {
		if c.serve {
			continue
		}
		code, out, errOut := canaryRun(context.Background(), c.stdin, c.args...)
		if leaks := canaryLeaks(out + errOut); len(leaks) > 0 {
			t.Errorf("%s: output holds %v:\n%s%s", c.name, leaks, out, errOut)
		}
		if len(c.args) > 0 && c.args[0] != "--help" && c.args[0] != "--version" && code != ExitUsage {
			t.Errorf("%s: exit %d with a key in the config file, want %d\n%s", c.name, code, ExitUsage, errOut)
		}
	}
}

// The key command's own errors are shown redacted, never whole.
func TestCanaryKeyCommandOutput(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	dir := canaryWorld(t, "tz: UTC\n")
	script := filepath.Join(dir, "vault.sh")
	os.WriteFile(script, []byte("#!/bin/sh\necho \"vault: token for "+canaryConfig+" expired\" >&2\nexit 1\n"), 0o700)
	code, out, errOut := keysProbe(t, nil, "--key-command", script)
	if code != ExitError || !strings.Contains(errOut, "sk_live_…00a4 expired") {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	if leaks := canaryLeaks(out + errOut); len(leaks) > 0 {
		t.Fatalf("output holds %v:\n%s%s", leaks, out, errOut)
	}
}
