package tui

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/rakmigrate/rakmigrate/internal/plural"
	"github.com/rakmigrate/rakmigrate/migrate"
)

// rowKind says what a Review row is.
type rowKind int

const (
	rowUnmapped rowKind = iota // no permission known: needs a person
	rowGranted
	rowExcluded
)

// reviewRow is one operation and the permission it needs.
type reviewRow struct {
	kind       rowKind
	operation  string
	permission string
	label      string
	reason     string
	count      int
	lastSeen   time.Time
	provenance string
	hint       string // nearest template or note
	search     string // lower-cased text the filter matches
}

// prompt is what the Review screen's text field is asking for.
type prompt int

const (
	promptNone prompt = iota
	promptFilter
	promptPermission // which permission an unmapped row needs
	promptReason     // why a row is excluded or forced in
)

// reviewScreen lists operations → permissions with their evidence.
type reviewScreen struct {
	s        *Session
	rows     []reviewRow
	visible  []int // indices into rows after the filter
	maxCount int
	cursor   int
	offset   int
	filter   string
	input    textinput.Model
	prompt   prompt
	// pending action while a reason is asked for.
	action     string // "exclude" | "include"
	actionPerm string
}

func newReviewScreen(s *Session) *reviewScreen {
	in := newInput(500)
	return &reviewScreen{s: s, input: in}
}

func (m *reviewScreen) Capturing() bool { return m.prompt != promptNone }

func (m *reviewScreen) Enter() tea.Cmd {
	m.rebuild()
	return nil
}

func (m *reviewScreen) Help() []key.Binding {
	k := m.s.Keys
	if m.prompt != promptNone {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		}
	}
	return []key.Binding{k.Up, k.Down, k.Filter, k.Exclude, k.Include, k.Enter}
}

// rebuild derives the rows from the manifest: unmapped first (they need a
// decision), then the key's permissions by traffic, then exclusions.
func (m *reviewScreen) rebuild() {
	man := m.s.Manifest
	m.rows = m.rows[:0]
	if man == nil {
		m.applyFilter()
		return
	}
	for _, u := range man.Unmapped {
		hint := u.Note
		if u.Nearest != "" {
			hint = "nearest: " + u.Nearest
		}
		if u.Reason != "" && u.Reason != "unknown" {
			hint = strings.TrimSpace(u.Reason + "  " + hint)
		}
		m.rows = append(m.rows, reviewRow{kind: rowUnmapped, operation: u.Request, permission: "unknown",
			count: u.Count, lastSeen: u.LastSeen, hint: hint})
	}
	granted := len(m.rows)
	add := func(kind rowKind, name, label, reason, note string, ev []evidenceView) {
		if len(ev) == 0 {
			m.rows = append(m.rows, reviewRow{kind: kind, operation: "(" + reason + ")", permission: name, label: label, reason: reason, hint: note})
		}
		for _, e := range ev {
			m.rows = append(m.rows, reviewRow{kind: kind, operation: e.op, permission: name, label: label, reason: reason,
				count: e.count, lastSeen: e.last, provenance: e.prov, hint: note})
		}
	}
	for _, p := range man.Permissions {
		add(rowGranted, p.Name, p.Label, p.Reason, p.Note, evidenceOf(p.Evidence))
	}
	sort.SliceStable(m.rows[granted:], func(i, j int) bool { return m.rows[granted+i].count > m.rows[granted+j].count })
	for _, p := range man.Excluded {
		add(rowExcluded, p.Name, p.Label, p.Reason, p.Note, evidenceOf(p.Evidence))
	}
	m.maxCount = 0
	for i := range m.rows {
		r := &m.rows[i]
		m.maxCount = max(m.maxCount, r.count)
		r.search = strings.ToLower(r.operation + " " + r.permission + " " + r.label + " " + r.hint + " " + r.provenance)
	}
	m.applyFilter()
}

func (m *reviewScreen) applyFilter() {
	m.visible = m.visible[:0]
	f := strings.ToLower(strings.TrimSpace(m.filter))
	for i := range m.rows {
		if f == "" || strings.Contains(m.rows[i].search, f) {
			m.visible = append(m.visible, i)
		}
	}
	m.cursor = max(0, min(m.cursor, len(m.visible)-1))
}

func (m *reviewScreen) selected() *reviewRow {
	if len(m.visible) == 0 {
		return nil
	}
	return &m.rows[m.visible[m.cursor]]
}

func (m *reviewScreen) Update(msg tea.Msg) tea.Cmd {
	km, ok := msg.(tea.KeyMsg)
	if !ok {
		return nil
	}
	if m.prompt != promptNone {
		return m.updatePrompt(km)
	}
	k := m.s.Keys
	page := 10
	switch {
	case key.Matches(km, k.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(km, k.Down):
		m.cursor = max(0, min(len(m.visible)-1, m.cursor+1))
	case key.Matches(km, k.PageUp):
		m.cursor = max(0, m.cursor-page)
	case key.Matches(km, k.PageDown):
		m.cursor = max(0, min(len(m.visible)-1, m.cursor+page))
	case key.Matches(km, k.Top):
		m.cursor = 0
	case key.Matches(km, k.Bottom):
		m.cursor = max(0, len(m.visible)-1)
	case key.Matches(km, k.Filter):
		return m.ask(promptFilter, "filter: ", m.filter)
	case key.Matches(km, k.Exclude):
		r := m.selected()
		if r == nil || r.kind != rowGranted {
			return failure("only a permission of the key can be excluded")
		}
		m.action, m.actionPerm = "exclude", r.permission
		return m.ask(promptReason, "why leave "+r.permission+" out? ", "")
	case key.Matches(km, k.Include):
		r := m.selected()
		switch {
		case r == nil || r.kind == rowGranted:
			return failure("select an excluded or unmapped row to force a permission in")
		case r.kind == rowUnmapped:
			m.action = "include"
			return m.ask(promptPermission, "permission "+r.operation+" needs (e.g. customer_read): ", "")
		default:
			m.action, m.actionPerm = "include", r.permission
			return m.ask(promptReason, "why put "+r.permission+" back? ", "")
		}
	case key.Matches(km, k.Enter):
		return goTo(screenKey)
	}
	return nil
}

func (m *reviewScreen) ask(p prompt, label, value string) tea.Cmd {
	m.prompt = p
	m.input.Prompt = label
	m.input.SetValue(value)
	m.input.CursorEnd()
	return m.input.Focus()
}

func (m *reviewScreen) updatePrompt(km tea.KeyMsg) tea.Cmd {
	switch km.Type {
	case tea.KeyEsc:
		if m.prompt == promptFilter {
			m.filter = ""
			m.applyFilter()
		}
		m.prompt = promptNone
		m.input.Blur()
		return nil
	case tea.KeyEnter:
		return m.submit(strings.TrimSpace(m.input.Value()))
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(km)
	if m.prompt == promptFilter {
		m.filter = m.input.Value()
		m.applyFilter()
	}
	return cmd
}

func (m *reviewScreen) submit(v string) tea.Cmd {
	switch m.prompt {
	case promptFilter:
		m.prompt = promptNone
		m.input.Blur()
		return nil
	case promptPermission:
		if v == "" {
			return failure("type a permission name such as customer_read, or esc")
		}
		m.actionPerm = v
		return m.ask(promptReason, "why does it need "+v+"? ", "")
	}
	// promptReason
	if v == "" {
		return failure("a reason is kept in the manifest; type one, or esc")
	}
	m.prompt = promptNone
	m.input.Blur()
	var err error
	if m.action == "exclude" {
		err = m.s.Engine.Exclude(m.s.Manifest, m.actionPerm, v)
	} else {
		err = m.s.Engine.Include(m.s.Manifest, m.actionPerm, v)
	}
	if err != nil {
		return failure(err.Error())
	}
	m.rebuild()
	return changed(m.action + "d " + m.actionPerm + ": " + v)
}

func (m *reviewScreen) View(width, height int) string {
	st := m.s.Styles
	var b strings.Builder
	nUnmapped := 0
	for _, r := range m.rows {
		if r.kind == rowUnmapped {
			nUnmapped++
		}
	}
	summary := fmt.Sprintf("%d rows", len(m.rows))
	if m.s.Manifest != nil {
		summary = plural.Count(len(m.s.Manifest.Permissions), "permission") + " from " + plural.Count(len(m.rows)-nUnmapped, "operation")
	}
	b.WriteString(st.Title.Render("What the logs asked for") + "  " + summary)
	if nUnmapped > 0 {
		b.WriteString("  " + st.Bad.Render(fmt.Sprintf("%d unmapped", nUnmapped)))
	}
	b.WriteString("\n")
	switch {
	case m.prompt != promptNone:
		b.WriteString(m.input.View() + "\n")
	case m.filter != "":
		b.WriteString(st.Muted.Render(fmt.Sprintf("filter %q: %d of %d rows (/ to change, esc in the filter clears)", m.filter, len(m.visible), len(m.rows))) + "\n")
	default:
		b.WriteString(st.Muted.Render("x excludes a permission, i forces one in; both keep your reason in the manifest") + "\n")
	}
	w := width - 2 // the cursor/marker column
	// The operation gets what the other columns leave: it is what people read.
	permW := max(12, min(30, w*22/100))
	countW, lastW, srcW := 7, 4, 10
	barW := max(3, min(20, w/14))
	opW := max(16, min(56, w-permW-countW-barW-lastW-srcW-5))
	b.WriteString(st.Header.Render("  "+pad("OPERATION", opW)+" "+pad("PERMISSION", permW)+" "+pad("COUNT", countW)+" "+pad("", barW)+" "+pad("LAST", lastW)+" "+pad("SOURCE", srcW)) + "\n")
	rowsH := max(1, height-4)
	m.offset = window(m.cursor, m.offset, rowsH, len(m.visible))
	for i := m.offset; i < len(m.visible) && i < m.offset+rowsH; i++ {
		r := &m.rows[m.visible[i]]
		perm, src := r.permission, r.provenance
		switch r.kind {
		case rowUnmapped:
			src = "unmapped"
		case rowExcluded:
			perm, src = "✗ "+perm, "excluded"
		case rowGranted:
			if r.reason != "" && r.reason != migrate.ReasonObserved {
				src = r.reason
			}
		}
		line := pad(r.operation, opW) + " " + pad(perm, permW) + " " + pad(fmt.Sprint(r.count), countW) + " " +
			st.Bar.Render(bar(r.count, m.maxCount, barW)) + " " + pad(ago(r.lastSeen, m.now()), lastW) + " " + pad(src, srcW)
		switch {
		case i == m.cursor:
			line = st.Selected.Render("> " + line)
		case r.kind == rowUnmapped:
			line = st.Bad.Render("! " + line)
		case r.kind == rowExcluded:
			line = st.Muted.Render("  " + line)
		default:
			line = "  " + line
		}
		b.WriteString(line + "\n")
	}
	if r := m.selected(); r != nil {
		b.WriteString(truncate(m.detail(r), width) + "\n")
	}
	if len(m.visible) == 0 {
		b.WriteString("no rows match\n")
	}
	return b.String()
}

// detail describes the selected row in full: what the columns abbreviate.
func (m *reviewScreen) detail(r *reviewRow) string {
	st := m.s.Styles
	switch r.kind {
	case rowUnmapped:
		d := r.operation + ": no known permission"
		if r.hint != "" {
			d += "; " + r.hint
		}
		return st.Bad.Render(d + " (i forces one in)")
	case rowExcluded:
		return st.Muted.Render(r.permission + " left out: " + r.hint)
	}
	d := r.permission
	if r.label != "" {
		d += " (" + r.label + ")"
	}
	d += ", " + r.reason
	if r.provenance != "" {
		d += ", mapping " + r.provenance
	}
	if r.hint != "" {
		d += "; " + r.hint
	}
	return st.Muted.Render(d)
}

// now is the reference time for "last seen": the end of the logs' window,
// so the screen reads the same whenever it is opened.
func (m *reviewScreen) now() time.Time {
	if man := m.s.Manifest; man != nil && !man.Window.Last.IsZero() {
		return man.Window.Last
	}
	return time.Time{}
}

// ago says how long before ref t was, in one short unit.
func ago(t, ref time.Time) string {
	if t.IsZero() {
		return "-"
	}
	if ref.IsZero() || t.After(ref) {
		return t.Format("01-02")
	}
	d := ref.Sub(t)
	switch {
	case d < time.Hour:
		return "<1h"
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh", int(d.Hours()))
	default:
		return fmt.Sprintf("%dd", int(d.Hours()/24))
	}
}
