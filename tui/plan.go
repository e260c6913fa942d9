package tui

import (
	"path/filepath"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
)

// planScreen shows the live-mode plan for reading and exports it.
type planScreen struct {
	s    *Session
	vp   viewport.Model
	w, h int
}

func newPlanScreen(s *Session) *planScreen {
	return &planScreen{s: s, vp: viewport.New(defaultWidth, 10)}
}

func (m *planScreen) Capturing() bool { return false }

func (m *planScreen) Enter() tea.Cmd { return planCmd(m.s.Engine, m.s.Manifest) }

func (m *planScreen) Help() []key.Binding {
	k := m.s.Keys
	return []key.Binding{k.Up, k.Down, k.Markdown, k.JSON}
}

func (m *planScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case planMsg:
		m.w = 0 // new plan: re-render
	case tea.KeyMsg:
		k := m.s.Keys
		switch {
		case key.Matches(msg, k.Markdown):
			return m.export("rak-plan.md", func(p *PlanResult) []byte { return []byte(p.Markdown) })
		case key.Matches(msg, k.JSON):
			return m.export("rak-plan.json", func(p *PlanResult) []byte { return p.JSON })
		default:
			return scrollKeys(&m.vp, k, msg)
		}
	}
	return nil
}

func (m *planScreen) export(name string, body func(*PlanResult) []byte) tea.Cmd {
	p := m.s.Plan
	switch {
	case m.s.PlanErr != nil:
		return failure("no plan to export: " + m.s.PlanErr.Error())
	case p == nil:
		return failure("the plan is still being written; try again in a moment")
	case len(p.Gate) > 0:
		return failure("the live plan is refused until its blockers are fixed (see above)")
	}
	dir := m.s.Opts.ExportDir
	if dir == "" && m.s.Path != "" {
		dir = filepath.Dir(m.s.Path)
	}
	if dir == "" {
		dir = "."
	}
	return exportCmd(filepath.Join(dir, name), body(p))
}

func (m *planScreen) View(width, height int) string {
	if width != m.w || height != m.h {
		m.w, m.h = width, height
		m.vp.Width, m.vp.Height = width, max(1, height-1)
		m.vp.SetContent(m.render(width))
	}
	return scrollPage(m.s.Styles, "Live-mode rollout plan", m.vp)
}

func (m *planScreen) render(width int) string {
	st := m.s.Styles
	p := m.s.Plan
	switch {
	case m.s.PlanErr != nil:
		return st.Bad.Render("The plan could not be written: " + m.s.PlanErr.Error())
	case p == nil:
		return "Writing the plan…"
	case len(p.Gate) > 0:
		var b strings.Builder
		b.WriteString(st.Warn.Render("The live-mode gate is closed. Before going live:") + "\n")
		for _, g := range p.Gate {
			b.WriteString(wordWrap("• "+g, width, "  ") + "\n")
		}
		b.WriteString("\nFix these on the Iterate screen (shift+tab), then come back.\n")
		return b.String()
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(p.Markdown, "\n"), "\n") {
		b.WriteString(renderMarkdownLine(line, width, st) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render("m writes rak-plan.md, J writes rak-plan.json (next to the manifest)") + "\n")
	return b.String()
}
