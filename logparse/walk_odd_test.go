//go:build unix

package logparse

import (
	"context"
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestWalkListsOddEntries: a directory of logs as people keep them, with a
// link into it, a dangling and a looping link, a link to a directory, a
// named pipe, a socket, editors' backups and a file that cannot be opened.
// Each log is read once, each odd entry is listed with what it is, and none
// fails the run (a pipe, opened, would block it forever).
func TestWalkListsOddEntries(t *testing.T) {
	dir := t.TempDir()
	log := fixture(t, "tail-text/plain.log")
	tail := writeFile(t, dir, "logs/tail.log", log)
	writeFile(t, dir, "logs/tail.log~", log)
	writeFile(t, dir, "logs/#tail.log#", log)
	writeFile(t, dir, "logs/.tail.log.swp", []byte("b0VIM 9.0\x00\x00"))
	writeFile(t, dir, "logs/locked.log", log)
	writeFile(t, dir, "pods/web/0.log", fixture(t, "tail-json/compact.jsonl"))
	logs := filepath.Join(dir, "logs")
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	// kubectl's /var/log/containers/*.log are links into /var/log/pods.
	must(os.Symlink(filepath.Join(dir, "pods/web/0.log"), filepath.Join(logs, "web.log")))
	must(os.Symlink("tail.log", filepath.Join(logs, "current.log"))) // logrotate's dateext users keep one
	must(os.Symlink("gone.log", filepath.Join(logs, "dangling.log")))
	must(os.Symlink("loop-b", filepath.Join(logs, "loop-a")))
	must(os.Symlink("loop-a", filepath.Join(logs, "loop-b")))
	must(os.Symlink(filepath.Join(dir, "pods"), filepath.Join(logs, "pods")))
	must(syscall.Mkfifo(filepath.Join(logs, "fifo.log"), 0o644))
	sock, err := net.Listen("unix", filepath.Join(logs, "agent.sock"))
	must(err)
	defer sock.Close()

	locked := filepath.Join(logs, "locked.log")
	defer func(open func(string) (*os.File, error)) { openFile = open }(openFile)
	openFile = func(p string) (*os.File, error) {
		if p == locked {
			return nil, &fs.PathError{Op: "open", Path: p, Err: fs.ErrPermission}
		}
		return os.Open(p)
	}

	inputs, err := Expand([]string{logs, tail, logs + "/./tail.log"})
	must(err)
	var problems []*ParseError
	requests := 0
	stats, err := Scan(context.Background(), inputs, ScanOptions{OnProblem: func(pe *ParseError) { problems = append(problems, pe) }},
		func(Request) error { requests++; return nil })
	if err != nil {
		t.Fatalf("Scan: %v", err)
	}
	want := countRequests(t, tail) + countRequests(t, filepath.Join(dir, "pods/web/0.log"))
	if requests != want {
		t.Errorf("read %d requests, want %d: tail.log and web.log once each", requests, want)
	}
	skipped := map[string]string{}
	for _, pe := range problems {
		skipped[filepath.Base(pe.File)] = pe.Error()
	}
	for name, says := range map[string]error{
		"tail.log~": ErrNotAFile, "#tail.log#": ErrNotAFile, "dangling.log": ErrNotAFile, "loop-a": ErrNotAFile,
		"loop-b": ErrNotAFile, "pods": ErrNotAFile, "fifo.log": ErrNotAFile, "agent.sock": ErrNotAFile, "locked.log": ErrUnreadable,
	} {
		msg, ok := skipped[name]
		if !ok {
			t.Errorf("%s not listed as skipped; problems: %v", name, problems)
			continue
		}
		if name == "locked.log" && !strings.Contains(msg, "make it readable") {
			t.Errorf("%s: %q does not say what to do", name, msg)
		}
		if !strings.Contains(msg, "skipped") || !strings.Contains(msg, says.Error()) {
			t.Errorf("%s: %q does not say %q and skipped", name, msg, says)
		}
	}
	if len(problems) != 9 {
		t.Errorf("%d problems, want 9: %v", len(problems), problems)
	}
	if len(stats) != len(inputs) || len(inputs) != 11 {
		t.Errorf("%d inputs, %d stats; want 11 listed (2 logs, 9 skipped)", len(inputs), len(stats))
	}

	// Named on its own, an unreadable file stays an error.
	if _, err := Scan(context.Background(), []Input{{Name: locked, Path: locked}}, ScanOptions{}, func(Request) error { return nil }); err == nil ||
		!errors.Is(err, fs.ErrPermission) {
		t.Errorf("unreadable file named on its own: err %v, want permission denied", err)
	}
}

// TestExpandTakesAFileOnce: one file reached by two spellings, a link and a
// directory is read once, under the name it was first given.
func TestExpandTakesAFileOnce(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "d/a.log", fixture(t, "tail-text/plain.log"))
	writeFile(t, dir, "d/b.log", fixture(t, "tail-text/plain.log")) // same bytes, another file
	if err := os.Symlink(a, filepath.Join(dir, "link.log")); err != nil {
		t.Fatal(err)
	}
	in, err := Expand([]string{a, filepath.Join(dir, "d", ".", "a.log"), filepath.Join(dir, "link.log"), filepath.Join(dir, "d"), "-", "-"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, i := range in {
		names = append(names, strings.TrimPrefix(i.Name, dir))
	}
	if got := strings.Join(names, " "); got != "/d/a.log /d/b.log -" {
		t.Errorf("inputs %q, want a.log once, b.log and stdin once", got)
	}
}

func countRequests(t *testing.T, path string) int {
	t.Helper()
	n := 0
	if _, err := Scan(context.Background(), []Input{{Name: path, Path: path}}, ScanOptions{}, func(Request) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}
