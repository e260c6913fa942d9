package secrets

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
)

// TreeMode chooses which files ScanTree reads.
type TreeMode int

const (
	// Tracked scans the files git tracks (as they are in the work tree);
	// outside a git repository it falls back to All.
	Tracked TreeMode = iota
	// All scans every regular file under the paths, except .git directories.
	All
	// Staged scans the blobs in git's index: what the next commit holds.
	Staged
)

// TreeOptions says what ScanTree scans.
type TreeOptions struct {
	Dir     string   // where paths are relative to; "" is the current directory
	Paths   []string // files or directories; none means Dir itself
	Mode    TreeMode
	Environ []string // for git; nil inherits the process's
	// IgnoreFile overrides <root>/.rakmigrate-ignore; "" uses that default.
	IgnoreFile string
}

// TreeStats summarises a scan.
type TreeStats struct {
	Root     string  // the git work tree, or Dir outside git
	Git      bool    // whether Root is a git work tree
	Files    int     // files read
	Bytes    int64   // bytes read
	Binary   int     // files skipped as binary
	Ignored  int     // files skipped by the ignore file
	Allowed  int     // findings silenced by rakmigrate:allow
	Problems []error // files that could not be read; the scan went on
}

// ErrNotGitRepo is returned for --staged outside a git work tree.
var ErrNotGitRepo = errors.New("not inside a git work tree")

// ScanTree scans files chosen by o, calling emit for each finding with a path
// relative to o.Dir. Unreadable files are recorded in the stats and skipped;
// the error is for what stops the whole scan (git failing, a bad ignore file).
func ScanTree(ctx context.Context, o TreeOptions, emit func(Finding)) (*TreeStats, error) {
	dir := o.Dir
	if dir == "" {
		dir = "."
	}
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	st := &TreeStats{Root: absDir}
	if root, err := gitOutput(ctx, o.Environ, absDir, "rev-parse", "--show-toplevel"); err == nil {
		st.Root, st.Git = strings.TrimSpace(string(root)), true
	}
	if o.Mode == Staged && !st.Git {
		return st, fmt.Errorf("--staged: %s is %w (run it inside the repository, or scan files with --all)", absDir, ErrNotGitRepo)
	}
	ignore, err := loadIgnore(o.IgnoreFile, st.Root, absDir)
	if err != nil {
		return st, err
	}
	t := treeScan{ctx: ctx, o: o, dir: absDir, st: st, ignore: ignore, emit: emit}
	switch {
	case o.Mode == Staged:
		err = t.staged()
	case o.Mode == Tracked && st.Git:
		err = t.tracked()
	default:
		err = t.walk()
	}
	return st, err
}

func loadIgnore(file, root, dir string) (*IgnoreList, error) {
	explicit := file != ""
	if !explicit {
		file = filepath.Join(root, IgnoreFileName)
	} else if !filepath.IsAbs(file) {
		file = filepath.Join(dir, file)
	}
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) && !explicit {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("ignore file: %w", err)
	}
	defer f.Close()
	return ParseIgnore(file, f)
}

type treeScan struct {
	ctx    context.Context
	o      TreeOptions
	dir    string // absolute
	st     *TreeStats
	ignore *IgnoreList
	emit   func(Finding)
}

// display turns an absolute path into what the user sees: relative to Dir.
func (t *treeScan) display(abs string) string {
	if rel, err := filepath.Rel(t.dir, abs); err == nil {
		return rel
	}
	return abs
}

// ignored matches a path against the ignore file, relative to the root.
func (t *treeScan) ignored(abs string) bool {
	rel, err := filepath.Rel(t.st.Root, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = filepath.Base(abs)
	}
	return t.ignore.Match(filepath.ToSlash(rel))
}

// scanReader scans one file's content and records the outcome.
func (t *treeScan) scanReader(display string, r io.Reader) {
	cr := &countingReader{r: r}
	allowed, err := Scan(display, cr, t.emit)
	t.st.Bytes += cr.n
	t.st.Allowed += allowed
	switch {
	case errors.Is(err, ErrBinary):
		t.st.Binary++
	case err != nil:
		t.st.Problems = append(t.st.Problems, RedactError(err))
	default:
		t.st.Files++
	}
}

func (t *treeScan) scanFile(abs string) {
	if t.ignored(abs) {
		t.st.Ignored++
		return
	}
	fi, err := os.Lstat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		return // tracked but deleted in the work tree: nothing to leak
	}
	if err != nil {
		t.st.Problems = append(t.st.Problems, RedactError(err))
		return
	}
	if !fi.Mode().IsRegular() {
		return // symlinks, submodules, devices: not content of this tree
	}
	f, err := os.Open(abs)
	if err != nil {
		t.st.Problems = append(t.st.Problems, RedactError(err))
		return
	}
	defer f.Close()
	t.scanReader(t.display(abs), f)
}

func (t *treeScan) pathspecs() []string {
	return append([]string{"--"}, t.o.Paths...)
}

func (t *treeScan) tracked() error {
	out, err := gitOutput(t.ctx, t.o.Environ, t.dir, append([]string{"ls-files", "-z", "--full-name"}, t.pathspecs()...)...)
	if err != nil {
		return err
	}
	for _, name := range splitNUL(out) {
		if err := t.ctx.Err(); err != nil {
			return err
		}
		t.scanFile(filepath.Join(t.st.Root, filepath.FromSlash(name)))
	}
	return nil
}

func (t *treeScan) walk() error {
	paths := t.o.Paths
	if len(paths) == 0 {
		paths = []string{"."}
	}
	for _, p := range paths {
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(t.dir, p)
		}
		err := filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				if path == abs {
					return err
				}
				t.st.Problems = append(t.st.Problems, RedactError(err))
				return nil
			}
			if cerr := t.ctx.Err(); cerr != nil {
				return cerr
			}
			if d.IsDir() {
				if d.Name() == ".git" || (path != abs && t.ignored(path)) {
					if d.Name() != ".git" {
						t.st.Ignored++
					}
					return filepath.SkipDir
				}
				return nil
			}
			t.scanFile(path)
			return nil
		})
		if err != nil {
			return fmt.Errorf("scan %s: %w", p, RedactError(err))
		}
	}
	return nil
}

// staged scans the index's version of every added, copied, modified, retyped or
// renamed file, read through one `git cat-file --batch` (one process for the
// whole commit instead of one `git show :path` per file).
func (t *treeScan) staged() error {
	out, err := gitOutput(t.ctx, t.o.Environ, t.dir, append([]string{"diff", "--cached", "--name-only", "-z", "--diff-filter=ACMRT"}, t.pathspecs()...)...)
	if err != nil {
		return err
	}
	var names []string
	for _, name := range splitNUL(out) {
		abs := filepath.Join(t.st.Root, filepath.FromSlash(name))
		switch {
		case t.ignored(abs):
			t.st.Ignored++
		case strings.ContainsAny(name, "\n\r"):
			t.st.Problems = append(t.st.Problems, fmt.Errorf("%q: a name with a line break cannot be read from the index; scan it with --all", name))
		default:
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return nil
	}
	cmd := exec.CommandContext(t.ctx, "git", "-C", t.st.Root, "cat-file", "--batch")
	cmd.Env = t.o.Environ
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("git cat-file: %w", err)
	}
	go func() {
		w := bufio.NewWriter(stdin)
		for _, n := range names {
			fmt.Fprintf(w, ":%s\n", n)
		}
		_ = w.Flush()
		_ = stdin.Close()
	}()
	br := bufio.NewReaderSize(stdout, 64<<10)
	var readErr error
	for _, name := range names {
		if readErr = t.stagedBlob(br, name); readErr != nil {
			break
		}
	}
	_, _ = io.Copy(io.Discard, br)
	if err := cmd.Wait(); err != nil && readErr == nil {
		readErr = fmt.Errorf("git cat-file: %w: %s", err, Redact(strings.TrimSpace(stderr.String())))
	}
	return readErr
}

// stagedBlob reads one `cat-file --batch` answer and scans it.
func (t *treeScan) stagedBlob(br *bufio.Reader, name string) error {
	header, err := br.ReadString('\n')
	if err != nil {
		return fmt.Errorf("git cat-file: reading %s: %w", name, err)
	}
	fields := strings.Fields(header)
	if len(fields) == 2 && fields[1] == "missing" {
		return nil // e.g. a submodule entry
	}
	if len(fields) != 3 {
		return fmt.Errorf("git cat-file: unexpected answer for %s: %q", name, Redact(header))
	}
	size, err := strconv.ParseInt(fields[2], 10, 64)
	if err != nil {
		return fmt.Errorf("git cat-file: bad size for %s: %w", name, err)
	}
	body := io.LimitReader(br, size)
	if fields[1] == "blob" {
		t.scanReader(t.display(filepath.Join(t.st.Root, filepath.FromSlash(name))), body)
	}
	if _, err := io.Copy(io.Discard, body); err != nil {
		return err
	}
	if _, err := br.ReadByte(); err != nil { // the newline after each object
		return fmt.Errorf("git cat-file: %w", err)
	}
	return nil
}

// gitOutput runs git in dir and returns its stdout; its stderr goes into the
// error, redacted.
func gitOutput(ctx context.Context, environ []string, dir string, args ...string) ([]byte, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	cmd.Env = environ
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %w: %s", args[0], err, Redact(strings.TrimSpace(stderr.String())))
	}
	return out, nil
}

func splitNUL(b []byte) []string {
	var out []string
	for _, p := range bytes.Split(b, []byte{0}) {
		if len(p) > 0 {
			out = append(out, string(p))
		}
	}
	return out
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
