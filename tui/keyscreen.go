package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/rakmigrate/rakmigrate/internal/plural"
)

// keyScreen shows the proposed key the way the Dashboard's form lays it
// out, with the link that pre-fills the form and what to check after.
type keyScreen struct {
	s       *Session
	showAll bool // every Dashboard row, not only the granted ones
	vp      viewport.Model
	link    string
	w, h    int
}

func newKeyScreen(s *Session) *keyScreen { return &keyScreen{s: s, vp: viewport.New(defaultWidth, 10)} }

func (m *keyScreen) Capturing() bool { return false }

func (m *keyScreen) Enter() tea.Cmd {
	m.w = 0 // re-render the content on the next View
	return nil
}

func (m *keyScreen) Help() []key.Binding {
	k := m.s.Keys
	return []key.Binding{k.Up, k.Down, k.Copy, key.NewBinding(key.WithKeys("a"), key.WithHelp("a", "all rows")), key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "test the key"))}
}

func (m *keyScreen) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	k := m.s.Keys
	switch {
	case key.Matches(km, k.Copy):
		if m.s.Manifest == nil {
			return nil
		}
		return copyCmd(m.s.Opts.Copy, "the prefill link", m.s.Engine.PrefillLink(m.s.Manifest))
	case key.Matches(km, k.Enter):
		return goTo(screenIterate)
	case km.String() == "a":
		m.showAll = !m.showAll
		m.w = 0
	default:
		return scrollKeys(&m.vp, k, km)
	}
	return nil
}

func (m *keyScreen) View(width, height int) string {
	if width != m.w || height != m.h || m.vp.TotalLineCount() == 0 {
		m.w, m.h = width, height
		m.vp.Width, m.vp.Height = width, max(1, height-1)
		m.vp.SetContent(m.content(width))
	}
	return scrollPage(m.s.Styles, "The restricted key to create", m.vp)
}

func (m *keyScreen) content(width int) string {
	man := m.s.Manifest
	if man == nil {
		return "No key proposed yet."
	}
	st := m.s.Styles
	var b strings.Builder
	name := man.Name
	if name == "" {
		name = "(unnamed)"
	}
	fmt.Fprintf(&b, "Key %s · %s mode · %s", name, man.Mode, plural.Count(len(man.Permissions), "permission"))
	if len(man.Unmapped) > 0 {
		b.WriteString(" · " + st.Bad.Render(plural.Count(len(man.Unmapped), "call")+" unmapped (see Review)"))
	}
	b.WriteString("\n\n")
	labelW := max(20, min(40, width-30))
	for _, g := range m.s.Engine.Matrix(man) {
		var rows []MatrixRow
		for _, r := range g.Rows {
			if m.showAll || r.Access != "none" {
				rows = append(rows, r)
			}
		}
		if len(rows) == 0 {
			continue
		}
		b.WriteString(st.Header.Render(pad(g.Name, labelW)+"  None  Read  Write") + "\n")
		for _, r := range rows {
			label := r.Label
			if !r.Known {
				label += " (unknown to Stripe)"
			}
			line := "  " + pad(label, labelW-2) + "  " + cell(r.Access == "none", true) + cell(r.Access == "read", r.CanRead) + cell(r.Access == "write", r.CanWrite)
			if !r.Known {
				line = st.Bad.Render(line)
			}
			b.WriteString(line + "\n")
		}
	}
	m.link = m.s.Engine.PrefillLink(man)
	if !m.showAll {
		b.WriteString(st.Muted.Render("Only the rows the key grants; a shows every row of the form.") + "\n")
	}
	b.WriteString("\n" + st.Title.Render("Create it in the Dashboard") + " (c copies the link)\n")
	b.WriteString(wrapHard(m.link, width) + "\n")
	b.WriteString(st.Muted.Render("The form ignores names it does not know: compare it with this checklist.") + "\n")
	for _, c := range m.s.Engine.Checklist(man) {
		b.WriteString("  [ ] " + c + "\n")
	}
	ip := man.IPAllowlist
	b.WriteString("\n" + st.Title.Render("IP allowlist") + "\n")
	if len(ip.Observed) > 0 {
		ips := make([]string, 0, len(ip.Observed))
		for _, o := range ip.Observed {
			ips = append(ips, fmt.Sprintf("%s (%d)", o.IP, o.Requests))
		}
		b.WriteString("  seen: " + strings.Join(ips, ", ") + "\n")
	}
	advice := ip.Advice
	if advice == "" {
		advice = "the logs carry no source IPs; an allowlist cannot be judged"
	}
	if ip.Stable {
		b.WriteString("  " + st.Good.Render("stable: ") + advice + "\n")
	} else {
		b.WriteString("  " + advice + "\n")
	}
	if c := man.Connect; c != nil {
		b.WriteString("\n" + st.Title.Render("Connect") + fmt.Sprintf("  %s for %s\n  %s\n", plural.Count(c.Requests, "request"), plural.Count(c.Accounts, "account"), c.Advice))
		for _, p := range c.Problems {
			b.WriteString("  " + st.Warn.Render(p) + "\n")
		}
	}
	for _, w := range man.Incomplete {
		b.WriteString(st.Warn.Render("! "+w) + "\n")
	}
	if man.Window.Warning != "" {
		b.WriteString(st.Warn.Render("! "+man.Window.Warning) + "\n")
	}
	if m.s.Path != "" {
		b.WriteString("\nManifest: " + m.s.Path + "\n")
	}
	return b.String()
}

// cell draws one None/Read/Write cell: (•) granted, ( ) possible, " - " not
// offered for this row.
func cell(on, possible bool) string {
	switch {
	case on:
		return " (•)  "
	case possible:
		return " ( )  "
	default:
		return "  -   "
	}
}

// wrapHard breaks a long unbreakable string (a URL) into width-wide lines.
func wrapHard(s string, width int) string {
	if width <= 0 || len(s) <= width {
		return s
	}
	var b strings.Builder
	for len(s) > width {
		b.WriteString(s[:width] + "\n")
		s = s[width:]
	}
	b.WriteString(s)
	return b.String()
}
