package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestWizardEndToEndInTmux builds the real binary and drives `rakmigrate
// demo` in a detached tmux session at 100×30, as a person would: keys in
// with send-keys, what is on screen read back with capture-pane, from the
// demo sample to the live plan.
func TestWizardEndToEndInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: skipped with -short")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed: the end-to-end wizard test needs it (apt-get install -y tmux; .ci/run installs it)")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "rakmigrate")
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("the go command is not on PATH: cannot build the binary to drive")
	}
	build := exec.Command(goBin, "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	sock := fmt.Sprintf("rakmigrate-e2e-%d", os.Getpid())
	tm := func(args ...string) string {
		t.Helper()
		out, err := exec.Command(tmux, append([]string{"-L", sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	// The shell keeps the pane after the wizard exits, to read its last words.
	script := fmt.Sprintf("cd %s && env -i PATH=/usr/bin:/bin HOME=%s TMPDIR=%s TERM=xterm-256color NO_COLOR=1 %s demo; echo EXIT=$?; sleep 60",
		dir, dir, tmp, bin)
	tm("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "sh", "-c", script)
	t.Cleanup(func() { _ = exec.Command(tmux, "-L", sock, "kill-server").Run() })

	screen := func() string { return tm("capture-pane", "-p", "-t", "e2e") }
	waitFor := func(what ...string) string {
		t.Helper()
		deadline := time.Now().Add(45 * time.Second) // generous: CI machines are busy
		for {
			s := screen()
			ok := true
			for _, w := range what {
				ok = ok && strings.Contains(s, w)
			}
			if ok {
				return s
			}
			if time.Now().After(deadline) {
				t.Fatalf("waited for %q; the screen shows:\n%s", what, s)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	waitGone := func(what string) {
		t.Helper()
		deadline := time.Now().Add(45 * time.Second)
		for strings.Contains(screen(), what) {
			if time.Now().After(deadline) {
				t.Fatalf("%q is still on the screen:\n%s", what, screen())
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	keys := func(k ...string) { tm(append([]string{"send-keys", "-t", "e2e"}, k...)...) }

	// The demo reads its sample and proposes the key on its own.
	s := waitFor("[2 Review]", "What the logs asked for", "OPERATION", "PERMISSION")
	if !strings.Contains(s, "/v1/") {
		t.Fatalf("Review shows no operation:\n%s", s)
	}
	keys("?")
	waitFor("previous screen", "page down")
	keys("Escape")
	// Wait for the help to close: an Escape followed at once by Enter can
	// reach the terminal as one alt+enter.
	waitGone("page down")
	keys("Enter")
	waitFor("[3 Key]", "None  Read  Write", "https://dashboard.stripe.com/test/apikeys/create?name=demo-checkout")
	keys("Enter")
	waitFor("[4 Iterate]", "d demo test run")
	keys("d")
	waitFor("2 denials waiting", "403 ")
	keys("Enter")
	waitFor("round 1:", "Rounds")
	keys("d") // the clean run that makes the soak
	waitFor("enter records a clean round")
	keys("Enter")
	waitFor("round 2:")
	keys("Enter")
	// The demo's test runs open the gate: the plan itself is on screen.
	waitFor("[5 Plan]", "Live-mode rollout plan", "Live-mode plan: demo-checkout", "The live key")
	keys("m")
	waitFor("wrote ", "rak-plan.md")
	keys("q")
	s = waitFor("EXIT=0", "Manifest saved:")
	if strings.Contains(s, "CANARY") {
		t.Fatalf("a canary key reached the screen:\n%s", s)
	}
	manifests, _ := filepath.Glob(filepath.Join(tmp, "rakmigrate-demo-*", "rak-manifest.yaml"))
	if len(manifests) != 1 {
		t.Fatalf("demo manifest: %v", manifests)
	}
	b, err := os.ReadFile(manifests[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"schema: rakmigrate.dev/manifest/v1", "name: demo-checkout", "rounds:", "n: 2"} {
		if !strings.Contains(string(b), want) {
			t.Errorf("saved manifest lacks %q", want)
		}
	}
}
