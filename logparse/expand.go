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
}

// Expand turns command-line arguments into inputs: files, glob patterns,
// directories (recursively, sorted, hidden entries skipped) and "-" for
// stdin. A pattern that matches nothing or a missing file is an error, so a
// typo never reads as "no usage".
func Expand(args []string) ([]Input, error) {
	var out []Input
	seen := map[string]bool{}
	add := func(in Input) {
		// A name is shown in every message: a file name found in a walk
		// may hold control characters like any outside text.
		in.Name = safetext.Clean(in.Name)
		key := in.Path
		if key == "" {
			key = "-"
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, in)
		}
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
				add(Input{Name: f, Path: f, Walked: true})
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

// walkDir lists the regular files under dir in lexical order.
func walkDir(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("reading directory %s: %w", p, unwrapPathError(err))
		}
		if p != dir && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	return files, err
}
