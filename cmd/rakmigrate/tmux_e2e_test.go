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

// tmuxSession is a detached tmux session at 100×30 running one shell
// script, on a server of its own, with the real binary built into dir.
type tmuxSession struct {
	t    *testing.T
	tmux string
	sock string
	dir  string // holds the binary
	bin  string
}

// newTmux builds the binary and checks that tmux is there; start runs a
// script in it. It skips with -short and where tmux or go is missing.
func newTmux(t *testing.T) *tmuxSession {
	if testing.Short() {
		t.Skip("end-to-end: skipped with -short")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed: the end-to-end terminal tests need it (apt-get install -y tmux; .ci/run installs it)")
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
	ts := &tmuxSession{t: t, tmux: tmux, sock: fmt.Sprintf("rakmigrate-e2e-%d-%s", os.Getpid(), t.Name()), dir: dir, bin: bin}
	t.Cleanup(func() { _ = exec.Command(tmux, "-L", ts.sock, "kill-server").Run() })
	return ts
}

func (ts *tmuxSession) run(args ...string) string {
	ts.t.Helper()
	out, err := exec.Command(ts.tmux, append([]string{"-L", ts.sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		ts.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// start runs script under sh in the session's one pane.
func (ts *tmuxSession) start(script string) {
	ts.run("new-session", "-d", "-s", "e2e", "-x", "100", "-y", "30", "sh", "-c", script)
}

func (ts *tmuxSession) screen() string { return ts.run("capture-pane", "-p", "-t", "e2e") }

// waitFor waits until the screen shows every one of what, and returns it.
func (ts *tmuxSession) waitFor(what ...string) string {
	ts.t.Helper()
	deadline := time.Now().Add(45 * time.Second) // generous: CI machines are busy
	for {
		s := ts.screen()
		ok := true
		for _, w := range what {
			ok = ok && strings.Contains(s, w)
		}
		if ok {
			return s
		}
		if time.Now().After(deadline) {
			ts.t.Fatalf("waited for %q; the screen shows:\n%s", what, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitGone waits until the screen no longer shows what.
func (ts *tmuxSession) waitGone(what string) {
	ts.t.Helper()
	deadline := time.Now().Add(45 * time.Second)
	for strings.Contains(ts.screen(), what) {
		if time.Now().After(deadline) {
			ts.t.Fatalf("%q is still on the screen:\n%s", what, ts.screen())
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (ts *tmuxSession) keys(k ...string) { ts.run(append([]string{"send-keys", "-t", "e2e"}, k...)...) }

// TestWizardEndToEndInTmux builds the real binary and drives `rakmigrate
// demo` in a detached tmux session at 100×30, as a person would: keys in
// with send-keys, what is on screen read back with capture-pane, from the
// demo sample to the live plan.
func TestWizardEndToEndInTmux(t *testing.T) {
	ts := newTmux(t)
	dir := ts.dir
	tmp := filepath.Join(dir, "tmp")
	if err := os.Mkdir(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	// The shell keeps the pane after the wizard exits, to read its last words.
	ts.start(fmt.Sprintf("cd %s && env -i PATH=/usr/bin:/bin HOME=%s TMPDIR=%s TERM=xterm-256color NO_COLOR=1 %s demo; echo EXIT=$?; sleep 60",
		dir, dir, tmp, ts.bin))
	waitFor, waitGone, keys := ts.waitFor, ts.waitGone, ts.keys

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

// TestImportProgressInTmux: on a real terminal, import draws its progress
// bar while it reads, and clears it before the summary. The log comes
// through a pipe the test holds open, so the bar is on screen for as long
// as the test looks at it.
func TestImportProgressInTmux(t *testing.T) {
	ts := newTmux(t)
	fifo := filepath.Join(ts.dir, "log.fifo")
	if err := exec.Command("mkfifo", fifo).Run(); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	ts.start(fmt.Sprintf("cd %s && env -i PATH=/usr/bin:/bin HOME=%s TERM=xterm-256color %s import - < %s > out.txt; echo EXIT=$?; sleep 60",
		ts.dir, ts.dir, ts.bin, fifo))
	// Read-write: opening does not wait for the reader, so a shell that
	// never starts the import fails the wait below instead of hanging here.
	w, err := os.OpenFile(fifo, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	line := `{"livemode":false,"method":"GET","url":"/v1/prices","status":200,"request_id":"req_1","created_at":1772619302,"error":null}` + "\n"
	written := make(chan error, 1)
	go func() { _, err := w.WriteString(strings.Repeat(line, 20000)); written <- err }()
	ts.waitFor("reading ", " MiB")
	select {
	case err := <-written:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(45 * time.Second):
		t.Fatalf("the import stopped reading; the screen shows:\n%s", ts.screen())
	}
	if err := w.Close(); err != nil { // the import's end of input
		t.Fatal(err)
	}
	s := ts.waitFor("EXIT=0", "read 20000 requests from 1 input: - (tail-json)")
	if strings.Contains(s, "reading ") {
		t.Errorf("the bar is still on screen after the import:\n%s", s)
	}
}
