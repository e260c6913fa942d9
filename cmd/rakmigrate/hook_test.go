package main

import (
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// hookSnapshot records every entry under dir (mode and content) so a test
// can tell that uninstall restored exactly what was there.
func hookSnapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	snap := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && p == dir {
				return filepath.SkipAll
			}
			return err
		}
		fi, err := os.Lstat(p)
		if err != nil {
			return err
		}
		entry := fi.Mode().String()
		switch {
		case fi.Mode()&fs.ModeSymlink != 0:
			target, _ := os.Readlink(p)
			entry += " -> " + target
		case fi.Mode().IsRegular():
			b, _ := os.ReadFile(p)
			entry += " " + string(b)
		}
		rel, _ := filepath.Rel(dir, p)
		snap[rel] = entry
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

func hookRun(t *testing.T, args ...string) (int, string) {
	t.Helper()
	f, out, errOut := scanTestFactory()
	code := run(append([]string{"hook", "install"}, args...), f)
	return code, out.String() + errOut.String()
}

// hookFakeRakmigrate writes a stand-in for the rakmigrate binary: it logs
// its arguments and exits with the code in the file it returns.
func hookFakeRakmigrate(t *testing.T) (bin, codeFile, logFile string) {
	t.Helper()
	dir := t.TempDir()
	bin, codeFile, logFile = filepath.Join(dir, "fake rakmigrate"), filepath.Join(dir, "code"), filepath.Join(dir, "log")
	script := fmt.Sprintf("#!/bin/sh\necho \"rakmigrate $*\" >> '%s'\nexit $(cat '%s')\n", logFile, codeFile)
	if err := os.WriteFile(bin, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(codeFile, []byte("0"), 0o644); err != nil {
		t.Fatal(err)
	}
	return bin, codeFile, logFile
}

// hookCommit tries a commit and reports whether it went through.
func hookCommit(t *testing.T, dir, name string) (bool, string) {
	t.Helper()
	scanWrite(t, filepath.Join(dir, name), name+"\n")
	scanGit(t, dir, "add", name)
	cmd := exec.Command("git", "-C", dir, "commit", "-q", "-m", "add "+name)
	cmd.Env = scanGitEnviron()
	out, err := cmd.CombinedOutput()
	return err == nil, string(out)
}

func TestHookChainsExistingHookAndRestoresIt(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	dir := scanRepo(t, map[string]string{"README": "hi\n"})
	hooks := filepath.Join(dir, ".git", "hooks")
	chainedLog := filepath.Join(t.TempDir(), "chained.log")
	previous := fmt.Sprintf("#!/bin/sh\necho previous-hook-ran >> '%s'\n", chainedLog)
	if err := os.WriteFile(filepath.Join(hooks, "pre-commit"), []byte(previous), 0o750); err != nil {
		t.Fatal(err)
	}
	before := hookSnapshot(t, hooks)
	bin, codeFile, logFile := hookFakeRakmigrate(t)

	if code, out := hookRun(t, "--rakmigrate", bin); code != ExitOK || !strings.Contains(out, "pre-commit.rakmigrate-chained") {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	chained, err := os.Lstat(filepath.Join(hooks, chainedHookName))
	if err != nil || chained.Mode().Perm() != 0o750 {
		t.Fatalf("previous hook not kept as it was: %v %v", chained, err)
	}
	// Installing again refreshes without chaining our own hook.
	if code, out := hookRun(t, "--rakmigrate", bin); code != ExitOK || !strings.Contains(out, "already installed") {
		t.Fatalf("reinstall: exit %d\n%s", code, out)
	}

	// Scan passes: the commit goes through and the previous hook runs.
	if ok, out := hookCommit(t, dir, "a.txt"); !ok {
		t.Fatalf("commit blocked though the scan passed:\n%s", out)
	}
	if b, _ := os.ReadFile(chainedLog); string(b) != "previous-hook-ran\n" {
		t.Fatalf("previous hook did not run once: %q", b)
	}
	if b, _ := os.ReadFile(logFile); string(b) != "rakmigrate scan --staged\n" {
		t.Fatalf("hook ran %q", b)
	}
	// Scan finds a secret (exit 1): the commit is blocked and the previous
	// hook does not run.
	os.WriteFile(codeFile, []byte("1"), 0o644)
	if ok, out := hookCommit(t, dir, "b.txt"); ok || !strings.Contains(out, "commit blocked") {
		t.Fatalf("commit not blocked:\n%s", out)
	}
	if b, _ := os.ReadFile(chainedLog); string(b) != "previous-hook-ran\n" {
		t.Fatalf("previous hook ran after a failed scan: %q", b)
	}

	if code, out := hookRun(t, "--uninstall"); code != ExitOK || !strings.Contains(out, "previous hook is back") {
		t.Fatalf("uninstall: exit %d\n%s", code, out)
	}
	if after := hookSnapshot(t, hooks); !reflect.DeepEqual(before, after) {
		t.Fatalf("uninstall did not restore the hooks dir:\nbefore %v\nafter  %v", before, after)
	}
	if code, out := hookRun(t, "--uninstall"); code != ExitOK || !strings.Contains(out, "not rakmigrate's; nothing to do") {
		t.Fatalf("second uninstall: exit %d\n%s", code, out)
	}
	if after := hookSnapshot(t, hooks); !reflect.DeepEqual(before, after) {
		t.Fatal("second uninstall changed the restored hook")
	}
}

func TestHookFreshInstallAndUninstall(t *testing.T) {
	dir := scanRepo(t, map[string]string{"README": "hi\n"})
	hooks := filepath.Join(dir, ".git", "hooks")
	before := hookSnapshot(t, hooks)
	if code, out := hookRun(t); code != ExitOK {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	fi, err := os.Stat(filepath.Join(hooks, "pre-commit"))
	if err != nil || fi.Mode().Perm()&0o111 == 0 {
		t.Fatalf("hook not executable: %v %v", fi, err)
	}
	b, _ := os.ReadFile(filepath.Join(hooks, "pre-commit"))
	if !strings.Contains(string(b), "rakmigrate_bin=rakmigrate\n") || strings.Contains(string(b), stateChained) {
		t.Fatalf("hook:\n%s", b)
	}
	if code, out := hookRun(t, "--uninstall"); code != ExitOK {
		t.Fatalf("uninstall: exit %d\n%s", code, out)
	}
	if after := hookSnapshot(t, hooks); !reflect.DeepEqual(before, after) {
		t.Fatalf("not restored:\nbefore %v\nafter  %v", before, after)
	}
	if code, out := hookRun(t, "--uninstall"); code != ExitOK || !strings.Contains(out, "No rakmigrate pre-commit hook") {
		t.Fatalf("uninstall with nothing installed: exit %d\n%s", code, out)
	}
}

func TestHookHonoursCoreHooksPath(t *testing.T) {
	dir := scanRepo(t, map[string]string{"README": "hi\n"})
	scanGit(t, dir, "config", "core.hooksPath", ".githooks")
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join(dir, "sub")) // from a subdirectory, the path is still the top's
	if code, out := hookRun(t); code != ExitOK || !strings.Contains(out, filepath.Join(".githooks", "pre-commit")) {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, ".git", "hooks", "pre-commit")); err == nil {
		t.Fatal("hook written to .git/hooks despite core.hooksPath")
	}
	if code, out := hookRun(t, "--uninstall"); code != ExitOK {
		t.Fatalf("uninstall: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, ".githooks")); !os.IsNotExist(err) {
		t.Fatalf(".githooks was created by install and should be gone: %v", err)
	}
}

func TestHookRefusals(t *testing.T) {
	dir := scanRepo(t, map[string]string{"README": "hi\n"})
	hooks := filepath.Join(dir, ".git", "hooks")
	os.WriteFile(filepath.Join(hooks, "pre-commit"), []byte("#!/bin/sh\nexit 0\n"), 0o755)
	os.WriteFile(filepath.Join(hooks, chainedHookName), []byte("old\n"), 0o755)
	before := hookSnapshot(t, hooks)
	if code, out := hookRun(t); code != ExitError || !strings.Contains(out, "already exists") {
		t.Fatalf("install over a leftover chained hook: exit %d\n%s", code, out)
	}
	if code, out := hookRun(t, "--uninstall"); code != ExitError || !strings.Contains(out, "replaced after install") {
		t.Fatalf("uninstall of a foreign hook: exit %d\n%s", code, out)
	}
	if after := hookSnapshot(t, hooks); !reflect.DeepEqual(before, after) {
		t.Fatal("a refused command changed the hooks dir")
	}

	t.Chdir(t.TempDir())
	if code, out := hookRun(t); code != ExitError || !strings.Contains(out, "not inside a git work tree") {
		t.Fatalf("outside git: exit %d\n%s", code, out)
	}
}

func TestHookNotesASharedHooksPath(t *testing.T) {
	dir := scanRepo(t, map[string]string{"README": "hi\n"})
	shared := filepath.Join(t.TempDir(), "global-hooks")
	scanGit(t, dir, "config", "core.hooksPath", shared)
	code, out := hookRun(t)
	if code != ExitOK || !strings.Contains(out, "outside this repository") {
		t.Fatalf("install: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(shared, "pre-commit")); err != nil {
		t.Fatal(err)
	}
	if code, out := hookRun(t, "--uninstall"); code != ExitOK {
		t.Fatalf("uninstall: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(shared); !os.IsNotExist(err) {
		t.Fatalf("created hooks dir left behind: %v", err)
	}
}
