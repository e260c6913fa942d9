package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// renderMarkdownLine shows one line of the plan's Markdown for reading:
// headings stand out, long lines wrap. It is deliberately small: the plan
// is plain Markdown made by the engine, not arbitrary documents.
func renderMarkdownLine(line string, width int, st Styles) string {
	trimmed := strings.TrimLeft(line, "#")
	if level := len(line) - len(trimmed); level > 0 && strings.HasPrefix(trimmed, " ") {
		return st.Title.Render(strings.TrimSpace(trimmed))
	}
	indent := ""
	for _, p := range []string{"- [ ] ", "- ", "* ", "  "} {
		if strings.HasPrefix(strings.TrimLeft(line, " "), p) {
			indent = strings.Repeat(" ", len(line)-len(strings.TrimLeft(line, " "))+2)
			break
		}
	}
	return wordWrap(line, width, indent)
}

// wordWrap wraps s at width on spaces (hard-wrapping words longer than a
// line, such as URLs), indenting continuation lines.
func wordWrap(s string, width int, indent string) string {
	if width <= len(indent)+10 {
		return s
	}
	lines := strings.Split(wrapWithin(s, width), "\n")
	if indent == "" || len(lines) <= 1 {
		return strings.Join(lines, "\n")
	}
	rest := wrapWithin(strings.Join(lines[1:], " "), width-len(indent))
	out := []string{lines[0]}
	for _, l := range strings.Split(rest, "\n") {
		out = append(out, indent+l)
	}
	return strings.Join(out, "\n")
}

// wrapWithin wraps on spaces, then hard-wraps whatever is still too wide
// (ansi.Wrap keeps a leading space in front of a word that fills the line).
func wrapWithin(s string, width int) string {
	return ansi.Hardwrap(ansi.Wrap(s, width, ""), width, true)
}
