package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// fit clips s to width columns and exactly height lines, so a screen can
// never push the frame off the terminal whatever its content.
func fit(s string, width, height int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		lines[i] = truncate(l, width)
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// truncate clips one line to width columns. Invalid UTF-8 (a log line can
// hold anything) becomes U+FFFD first: measured raw, its width is a guess
// that differs between ansi and lipgloss, and the frame could overflow.
func truncate(s string, width int) string {
	if width <= 0 {
		return ""
	}
	return ansi.Truncate(strings.ToValidUTF8(s, "\uFFFD"), width, "…")
}

// pad right-pads (or clips) s to exactly width columns.
func pad(s string, width int) string {
	s = truncate(s, width)
	if w := lipgloss.Width(s); w < width {
		s += strings.Repeat(" ", width-w)
	}
	return s
}

// bar draws n out of total as a bar of width cells.
func bar(n, total, width int) string {
	if total <= 0 || width <= 0 {
		return strings.Repeat(" ", max(width, 0))
	}
	filled := n * width / total
	if n > 0 && filled == 0 {
		filled = 1
	}
	return strings.Repeat("█", filled) + strings.Repeat("·", width-filled)
}

// window returns the first row to show so that cursor stays visible in a
// list of n rows shown height at a time.
func window(cursor, offset, height, n int) int {
	if height <= 0 {
		return 0
	}
	if cursor < offset {
		offset = cursor
	}
	if cursor >= offset+height {
		offset = cursor - height + 1
	}
	return max(0, min(offset, max(n-height, 0)))
}

// scrollPage renders a titled page around a viewport, naming the scroll
// position only when the content overflows.
func scrollPage(st Styles, title string, vp viewport.Model) string {
	pos := ""
	if vp.TotalLineCount() > vp.Height {
		pos = fmt.Sprintf("  (%d%% — ↑/↓ to scroll)", int(vp.ScrollPercent()*100))
	}
	return st.Title.Render(title) + st.Muted.Render(pos) + "\n" + vp.View()
}

// scrollKeys moves a page's viewport: Top and Bottom jump, everything else
// goes to the viewport's own bindings (arrows, page up/down).
func scrollKeys(vp *viewport.Model, k KeyMap, km tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(km, k.Top):
		vp.GotoTop()
	case key.Matches(km, k.Bottom):
		vp.GotoBottom()
	default:
		var cmd tea.Cmd
		*vp, cmd = vp.Update(km)
		return cmd
	}
	return nil
}
