package logparse

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/rakmigrate/rakmigrate/internal/safetext"
)

// Input is one log to read.
type Input struct {
	Name string // as the user gave it (or as a glob/directory expanded it); "-" = stdin
	Path string // file to open; "" for stdin
	// Walked marks a file found by walking a directory. Directories hold
	// READMEs and other files besides logs: such a file that is not a log
	// is reported and skipped, where a file the user named is an error.
	Walked bool
	// Skip says why a walked entry is not read (a named pipe, a dangling
	// link, an editor's backup…): it is listed, so that the list of what
	// was read is whole, and never opened.
	Skip string
}

// Expand turns command-line arguments into inputs: files, glob patterns,
// directories (recursively, sorted, hidden entries skipped) and "-" for
// stdin. A pattern that matches nothing or a missing file is an error, so a
// typo never reads as "no usage".
func Expand(args []string) ([]Input, error) {
	var out []Input
	seen := sameFiles{}
	add := func(in Input) {
		// A name is shown in every message: a file name found in a walk
		// may hold control characters like any outside text.
		in.Name = safetext.Clean(in.Name)
		if !seen.first(in) {
			return
		}
		out = append(out, in)
	}
	for _, arg := range args {
		if arg == "-" {
			add(Input{Name: "-"})
			continue
		}
		paths := []string{arg}
		if strings.ContainsAny(arg, "*?[") {
			matches, err := filepath.Glob(arg)
			if err != nil {
				return nil, fmt.Errorf("pattern %q: %w", arg, err)
			}
			if len(matches) == 0 {
				return nil, fmt.Errorf("pattern %q matched no files", arg)
			}
			sort.Strings(matches)
			paths = matches
		}
		for _, p := range paths {
			st, err := os.Stat(p)
			if err != nil {
				return nil, fmt.Errorf("input %s: %w", p, unwrapPathError(err))
			}
			if !st.IsDir() {
				add(Input{Name: p, Path: p})
				continue
			}
			files, err := walkDir(p)
			if err != nil {
				return nil, err
			}
			if len(files) == 0 {
				return nil, fmt.Errorf("directory %s holds no log files", p)
			}
			for _, f := range files {
				add(Input{Name: f.path, Path: f.path, Walked: true, Skip: f.skip})
			}
		}
	}
	return out, nil
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*fs.PathError); ok {
		return pe.Err
	}
	return err
}

// walkedFile is an entry a walk found: a file to read, or one to list as
// skipped and why.
type walkedFile struct{ path, skip string }

// walkDir lists the files under dir in lexical order, hidden entries left
// out. A link to a file is read like the file (kubectl's
// /var/log/containers/*.log are links into /var/log/pods); anything that is
// no file to read (a named pipe or socket, which would block or fail, a
// dangling or looping link, a link to a directory, an editor's backup copy,
// a subdirectory that cannot be listed) is listed with the reason, so one
// odd entry never fails the run.
func walkDir(dir string) ([]walkedFile, error) {
	var files []walkedFile
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fmt.Errorf("reading directory %s: %w", p, unwrapPathError(err))
			}
			files = append(files, walkedFile{p, "a directory that cannot be listed (" + unwrapPathError(err).Error() + "): make it readable to include it"})
			if d != nil && d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		files = append(files, walkedFile{p, skipReason(p, d)})
		return nil
	})
	return files, err
}

// editorBackup matches the copies editors leave beside a file: Emacs's and
// vim's "x~" and Emacs's auto-save "#x#". Read, they would count each
// request of the log they copy twice.
func editorBackup(name string) bool {
	return strings.HasSuffix(name, "~") || (len(name) > 2 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"))
}

// skipReason says why a walked entry is not read, or "" to read it.
func skipReason(p string, d fs.DirEntry) string {
	if editorBackup(d.Name()) {
		return "an editor's backup copy"
	}
	mode := d.Type()
	if mode&fs.ModeSymlink != 0 {
		st, err := os.Stat(p)
		switch {
		case err != nil:
			target, _ := os.Readlink(p)
			return "a link to " + target + " that leads nowhere: " + unwrapPathError(err).Error()
		case st.IsDir():
			return "a link to a directory, not followed: name it to read it"
		}
		mode = st.Mode().Type()
	}
	if mode.IsRegular() {
		return ""
	}
	for _, k := range specialFiles {
		if mode&k.mode != 0 {
			return k.what
		}
	}
	return "not a regular file"
}

// specialFiles name what a directory may hold besides files.
var specialFiles = []struct {
	mode fs.FileMode
	what string
}{
	{fs.ModeNamedPipe, "a named pipe, which reading would wait on: name it on its own to read from it"},
	{fs.ModeSocket, "a socket, not a file"},
	{fs.ModeDevice, "a device, not a file"},
	{fs.ModeCharDevice, "a device, not a file"},
	{fs.ModeIrregular, "not a regular file"},
}

// sameFiles remembers the inputs already taken, so that a file given twice
// (by two spellings, a link and its target, a glob and a directory that
// both reach it) is read once: read twice, each of its requests would count
// twice as evidence.
type sameFiles struct {
	names map[string]bool
	sizes map[int64][]os.FileInfo // by size: only files of one size can be one
}

// first reports whether in has not been taken yet, and takes it.
func (s *sameFiles) first(in Input) bool {
	if s.names == nil {
		s.names, s.sizes = map[string]bool{}, map[int64][]os.FileInfo{}
	}
	key := "-"
	if in.Path != "" {
		key = filepath.Clean(in.Path)
	}
	if s.names[key] {
		return false
	}
	s.names[key] = true
	if in.Path == "" || in.Skip != "" {
		return true
	}
	st, err := os.Stat(in.Path)
	if err != nil || !st.Mode().IsRegular() {
		return true
	}
	for _, prev := range s.sizes[st.Size()] {
		if os.SameFile(prev, st) {
			return false
		}
	}
	s.sizes[st.Size()] = append(s.sizes[st.Size()], st)
	return true
}
