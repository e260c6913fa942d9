package tui

import (
	"os"
	"path/filepath"
	"sort"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
)

// completionsMsg carries the paths that complete what was typed.
type completionsMsg struct {
	input string
	paths []string
}

// completeCmd lists the directory entries that extend input, so the path
// field can offer them (tab accepts). Directories end in "/" so completion
// continues into them.
func completeCmd(input string) tea.Cmd {
	return func() tea.Msg { return completionsMsg{input: input, paths: completions(input, 50)} }
}

func completions(input string, limit int) []string {
	if strings.ContainsAny(input, "*?[") {
		return nil // a glob: nothing to complete
	}
	dir, prefix := filepath.Split(input)
	readDir := dir
	if readDir == "" {
		readDir = "."
	}
	if strings.HasPrefix(readDir, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			readDir = filepath.Join(home, readDir[2:])
		}
	}
	entries, err := os.ReadDir(readDir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range entries {
		name := e.Name()
		if !strings.HasPrefix(name, prefix) || (strings.HasPrefix(name, ".") && !strings.HasPrefix(prefix, ".")) {
			continue
		}
		if e.IsDir() {
			name += "/"
		}
		out = append(out, dir+name)
		if len(out) == limit {
			break
		}
	}
	sort.Strings(out)
	return out
}
