package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/kballard/go-shellquote"
	"github.com/spf13/cobra"
)

// The pre-commit hook rakmigrate installs. It chains a hook that was there
// before (renamed to chainedHookName) instead of replacing it, and records
// what it changed so --uninstall restores exactly the previous state.
const (
	hookName        = "pre-commit"
	chainedHookName = "pre-commit.rakmigrate-chained"
	hookMarker      = "# rakmigrate pre-commit hook"
	// State lines in the hook: what uninstall must undo.
	stateChained    = "# rakmigrate-state: chained"
	stateCreatedDir = "# rakmigrate-state: created-dir"
)

// hookScript renders the hook. bin is the rakmigrate to run, already quoted
// for sh.
func hookScript(bin string, chained, createdDir bool) string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	b.WriteString(hookMarker + ": blocks commits that add Stripe keys.\n")
	b.WriteString("# Installed by `rakmigrate hook install`; remove it with `rakmigrate hook install --uninstall`.\n")
	b.WriteString("# Bypass once, knowingly: git commit --no-verify\n")
	if chained {
		b.WriteString(stateChained + "\n")
	}
	if createdDir {
		b.WriteString(stateCreatedDir + "\n")
	}
	b.WriteString(`rakmigrate_bin=` + bin + `
if ! command -v "$rakmigrate_bin" >/dev/null 2>&1; then
	echo "rakmigrate pre-commit hook: $rakmigrate_bin not found; install rakmigrate or run 'rakmigrate hook install' again" >&2
	exit 1
fi
"$rakmigrate_bin" scan --staged
status=$?
if [ "$status" -ne 0 ]; then
	if [ "$status" -eq 1 ]; then
		echo "rakmigrate: commit blocked: the staged changes hold Stripe secrets (see above)." >&2
	fi
	exit "$status"
fi
chained="$(dirname "$0")/` + chainedHookName + `"
if [ -x "$chained" ]; then
	exec "$chained" "$@"
fi
exit 0
`)
	return b.String()
}

func newHookCmd(f *Factory) *cobra.Command {
	hook := &cobra.Command{
		Use:   "hook",
		Short: "Manage the git pre-commit hook that blocks commits holding Stripe keys",
		Args:  cobra.NoArgs,
		RunE:  func(cmd *cobra.Command, _ []string) error { return cmd.Help() },
	}
	var uninstall bool
	var bin string
	install := &cobra.Command{
		Use:   "install",
		Short: "Install (or with --uninstall remove) the pre-commit hook running `rakmigrate scan --staged`",
		Long: `install writes a git pre-commit hook that runs 'rakmigrate scan --staged' and
stops the commit when the staged changes hold a Stripe secret. It honours
core.hooksPath. A pre-commit hook that is already there keeps working: it is
renamed to ` + chainedHookName + ` and run after the scan passes.
--uninstall removes the hook and puts the previous one back exactly as it was.

With the pre-commit framework, use the rakmigrate-scan hook from
.pre-commit-hooks.yaml instead.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			dir, err := hooksDir(cmd.Context(), f)
			if err != nil {
				return withExit(ExitError, err)
			}
			if uninstall {
				return uninstallHook(f, dir)
			}
			return installHook(f, dir, bin)
		},
	}
	install.Flags().BoolVar(&uninstall, "uninstall", false, "remove the hook and restore the previous one")
	install.Flags().StringVar(&bin, "rakmigrate", "rakmigrate", "the rakmigrate the hook runs (a path, or a name looked up on PATH)")
	hook.AddCommand(install)
	return hook
}

// hooksDir asks git where hooks live: .git/hooks, core.hooksPath (relative
// to the work tree's top), or a worktree's common dir.
func hooksDir(ctx context.Context, f *Factory) (string, error) {
	git := func(args ...string) (string, error) {
		cmd := exec.CommandContext(ctx, "git", args...)
		if f.Environ != nil {
			cmd.Env = f.Environ()
		}
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			return "", fmt.Errorf("hook: not inside a git work tree (git: %s); run it from your repository", strings.TrimSpace(stderr.String()))
		}
		return strings.TrimSpace(string(out)), nil
	}
	top, err := git("rev-parse", "--show-toplevel")
	if err != nil {
		return "", err
	}
	dir, err := git("-C", top, "rev-parse", "--git-path", "hooks")
	if err != nil {
		return "", err
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(top, dir)
	}
	if rel, err := filepath.Rel(top, dir); err == nil && strings.HasPrefix(rel, "..") {
		// A global core.hooksPath: the hook will guard every repository
		// that shares it, which the user should know before it happens.
		fmt.Fprintf(f.IO.ErrOut, "rakmigrate: note: git's hooks directory %s is outside this repository (core.hooksPath); "+
			"the hook applies to every repository that uses it\n", dir)
	}
	return dir, nil
}

func installHook(f *Factory, dir, bin string) error {
	if bin == "" {
		return usageError("--rakmigrate: give the path or name of the rakmigrate binary")
	}
	path := filepath.Join(dir, hookName)
	chainedPath := filepath.Join(dir, chainedHookName)

	existing, err := os.ReadFile(path)
	switch {
	case err == nil && bytes.Contains(existing, []byte(hookMarker)):
		// Ours already: rewrite it (the binary may have changed), keeping
		// its record of what it changed.
		chained := bytes.Contains(existing, []byte(stateChained))
		created := bytes.Contains(existing, []byte(stateCreatedDir))
		if err := writeHookAtomic(path, hookScript(shellquote.Join(bin), chained, created)); err != nil {
			return withExit(ExitError, err)
		}
		fmt.Fprintf(f.IO.ErrOut, "rakmigrate pre-commit hook already installed at %s; refreshed it\n", path)
		return nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		if _, lerr := os.Lstat(path); lerr != nil {
			return withExit(ExitError, fmt.Errorf("hook: %w", err))
		}
		// A dangling symlink or unreadable hook: still chain it as it is.
	}
	_, statErr := os.Lstat(path)
	hadHook := statErr == nil

	createdDir := false
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return withExit(ExitError, fmt.Errorf("hook: creating %s: %w", dir, err))
		}
		createdDir = true
	}
	if hadHook {
		if _, err := os.Lstat(chainedPath); err == nil {
			return withExit(ExitError, fmt.Errorf("hook: %s already exists; move it away (it may be a hook from an earlier install) and run again", chainedPath))
		}
		if err := os.Rename(path, chainedPath); err != nil {
			return withExit(ExitError, fmt.Errorf("hook: keeping your existing hook: %w", err))
		}
	}
	if err := writeHookAtomic(path, hookScript(shellquote.Join(bin), hadHook, createdDir)); err != nil {
		if hadHook {
			_ = os.Rename(chainedPath, path) // put the user's hook back
		}
		return withExit(ExitError, err)
	}
	fmt.Fprintf(f.IO.ErrOut, "Installed the rakmigrate pre-commit hook at %s\n", path)
	if hadHook {
		fmt.Fprintf(f.IO.ErrOut, "Your existing hook now lives at %s and runs after the scan passes.\n", chainedPath)
	}
	return nil
}

func uninstallHook(f *Factory, dir string) error {
	path := filepath.Join(dir, hookName)
	chainedPath := filepath.Join(dir, chainedHookName)
	existing, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(f.IO.ErrOut, "No rakmigrate pre-commit hook at %s; nothing to do\n", path)
		return nil
	}
	if err != nil {
		return withExit(ExitError, fmt.Errorf("hook: %w", err))
	}
	if !bytes.Contains(existing, []byte(hookMarker)) {
		if _, err := os.Lstat(chainedPath); err == nil {
			return withExit(ExitError, fmt.Errorf("hook: %s is not the rakmigrate hook, yet %s exists: the hook was replaced after install; "+
				"left both alone, sort them out by hand", path, chainedPath))
		}
		fmt.Fprintf(f.IO.ErrOut, "The pre-commit hook at %s is not rakmigrate's; nothing to do\n", path)
		return nil
	}
	if err := os.Remove(path); err != nil {
		return withExit(ExitError, fmt.Errorf("hook: %w", err))
	}
	if bytes.Contains(existing, []byte(stateChained)) {
		if err := os.Rename(chainedPath, path); err != nil {
			return withExit(ExitError, fmt.Errorf("hook: restoring your previous hook from %s: %w", chainedPath, err))
		}
		fmt.Fprintf(f.IO.ErrOut, "Removed the rakmigrate pre-commit hook; your previous hook is back at %s\n", path)
		return nil
	}
	if bytes.Contains(existing, []byte(stateCreatedDir)) {
		_ = os.Remove(dir) // only succeeds when empty, as it was created
	}
	fmt.Fprintf(f.IO.ErrOut, "Removed the rakmigrate pre-commit hook from %s\n", path)
	return nil
}

// writeHookAtomic writes an executable hook: temp file in the same
// directory, fsync, rename.
func writeHookAtomic(path, content string) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".rakmigrate-hook-*")
	if err != nil {
		return fmt.Errorf("hook: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.WriteString(content); err == nil {
		err = tmp.Chmod(0o755)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return fmt.Errorf("hook: writing %s: %w", path, err)
	}
	return nil
}
