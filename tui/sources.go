package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/rakmigrate/rakmigrate/internal/plural"
	"github.com/rakmigrate/rakmigrate/migrate"
)

// Row states on the Sources screen.
const (
	stateReading = "reading"
	stateDone    = "done"
	stateFailed  = "failed"
	stateStopped = "stopped"
)

// sourceRow is one source and how far reading it has got.
type sourceRow struct {
	src   Source
	job   int
	state string
	p     Progress
	stat  *SourceStat
	err   string
}

// ingestJob is one background ingest (the sources added together).
type ingestJob struct {
	cancel context.CancelFunc
	live   bool // a tail: runs until stopped
}

// demoMsg carries the bundled sample.
type demoMsg struct {
	usage, denials []Source
	err            error
}

// resolvedMsg carries the sources a typed path named.
type resolvedMsg struct {
	arg     string
	sources []Source
	err     error
}

// sourcesScreen collects logs and reads them in the background.
type sourcesScreen struct {
	s         *Session
	rows      []*sourceRow
	jobs      map[int]*ingestJob
	nextJob   int
	results   []*Ingested
	proposed  int // len(results) when the key was last proposed
	cursor    int
	offset    int
	input     textinput.Model
	inputting bool
	demoAsked bool
	proposing bool
	// confirmReplace is set after a first enter that would replace a
	// manifest holding rounds or choices: the second enter confirms.
	confirmReplace bool
}

func newSourcesScreen(s *Session) *sourcesScreen {
	in := newInput(4096)
	in.Prompt = "log path or glob: "
	in.Placeholder = "logs/*.jsonl"
	in.ShowSuggestions = true
	return &sourcesScreen{s: s, jobs: map[int]*ingestJob{}, input: in}
}

func (m *sourcesScreen) Capturing() bool { return m.inputting }

func (m *sourcesScreen) Enter() tea.Cmd {
	if m.s.Opts.Stdin {
		// Started on a pipe: that is the log the user means.
		m.s.Opts.Stdin = false
		return m.add([]Source{{Kind: SourceStdin, Name: "stdin (pipe)"}})
	}
	if m.s.Opts.Demo && !m.demoAsked {
		m.demoAsked = true
		return m.loadDemo()
	}
	return nil
}

func (m *sourcesScreen) Help() []key.Binding {
	k := m.s.Keys
	if m.inputting {
		return []key.Binding{
			key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete")),
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "add")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		}
	}
	bs := []key.Binding{k.Add, k.Demo, k.Tail}
	if m.running(true) {
		bs = append(bs, key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "stop tail")))
	}
	return append(bs, k.Propose)
}

func (m *sourcesScreen) loadDemo() tea.Cmd {
	e := m.s.Engine
	return func() tea.Msg {
		u, d, err := e.Demo()
		return demoMsg{usage: u, denials: d, err: err}
	}
}

// running reports whether an ingest is still reading (only tails, when
// tailsOnly).
func (m *sourcesScreen) running(tailsOnly bool) bool {
	for _, j := range m.jobs {
		if !tailsOnly || j.live {
			return true
		}
	}
	return false
}

// add starts reading new sources in the background.
func (m *sourcesScreen) add(srcs []Source) tea.Cmd {
	if len(srcs) == 0 {
		return nil
	}
	m.nextJob++
	job := m.nextJob
	ctx, cancel := context.WithCancel(context.Background())
	j := &ingestJob{cancel: cancel}
	for _, src := range srcs {
		m.rows = append(m.rows, &sourceRow{src: src, job: job, state: stateReading})
		j.live = j.live || src.Kind == SourceTail
	}
	m.jobs[job] = j
	return startIngest(ctx, m.s.Engine, job, srcs)
}

func (m *sourcesScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if m.inputting {
			return m.updateInput(msg)
		}
		return m.updateKey(msg)
	case completionsMsg:
		if msg.input == m.input.Value() {
			m.input.SetSuggestions(msg.paths)
		}
	case demoMsg:
		if msg.err != nil {
			return failure("demo sample: " + msg.err.Error())
		}
		m.s.DemoDenials = msg.denials
		// No "reading…" status: the table shows the reading, and a status
		// message batched with the ingest could land after the proposal's
		// and stay on screen once the reading was done.
		return m.add(msg.usage)
	case resolvedMsg:
		if msg.err != nil {
			return failure(msg.err.Error())
		}
		if len(msg.sources) == 0 {
			return failure(fmt.Sprintf("%s: no files match; check the path or the glob", msg.arg))
		}
		return m.add(msg.sources)
	case ingestProgressMsg:
		if _, ok := m.jobs[msg.job]; !ok {
			return nil // not ours (the Iterate screen's) or already finished
		}
		for _, r := range m.rows {
			if r.job == msg.job {
				r.p = msg.p // the batch's progress: shown once, on its first row
			}
		}
		return waitFor(msg.ch)
	case ingestDoneMsg:
		return m.finish(msg)
	case proposedMsg:
		m.proposing = false
		if msg.err != nil {
			return failure("cannot propose the key: " + msg.err.Error())
		}
		m.s.Manifest = msg.m
		next := screenReview
		what := "proposed " + plural.Count(len(msg.m.Permissions), "permission")
		return func() tea.Msg { return manifestChangedMsg{what: what, next: &next} }
	}
	return nil
}

func (m *sourcesScreen) finish(msg ingestDoneMsg) tea.Cmd {
	j, ok := m.jobs[msg.job]
	if !ok {
		return nil
	}
	delete(m.jobs, msg.job)
	j.cancel()
	stats := map[string]SourceStat{}
	if msg.in != nil {
		for _, st := range msg.in.Stats {
			stats[st.Name] = st
		}
	}
	for _, r := range m.rows {
		if r.job != msg.job {
			continue
		}
		if st, ok := stats[r.src.Name]; ok {
			r.stat = &st
		}
		switch {
		case msg.err != nil && r.src.Kind == SourceTail && msg.in != nil:
			r.state = stateStopped
		case msg.err != nil:
			r.state, r.err = stateFailed, msg.err.Error()
		default:
			r.state = stateDone
		}
	}
	if msg.in != nil && (msg.err == nil || j.live) {
		m.results = append(m.results, msg.in)
	}
	if msg.err != nil && (!j.live || msg.in == nil) {
		return failure(msg.err.Error())
	}
	if m.s.Opts.Demo && m.s.Manifest == nil && !m.running(false) {
		// The demo goes straight on to the proposal.
		return m.propose()
	}
	return status("done reading; press enter to propose the key")
}

func (m *sourcesScreen) propose() tea.Cmd {
	m.proposing = true
	m.proposed = len(m.results)
	e, results, name := m.s.Engine, append([]*Ingested(nil), m.results...), m.s.Opts.Name
	return func() tea.Msg {
		man, err := e.Propose(results, name)
		return proposedMsg{m: man, err: err}
	}
}

func (m *sourcesScreen) updateKey(msg tea.KeyMsg) tea.Cmd {
	k := m.s.Keys
	switch {
	case key.Matches(msg, k.Add):
		m.inputting = true
		m.input.SetValue("")
		return tea.Batch(m.input.Focus(), completeCmd(""))
	case key.Matches(msg, k.Demo):
		return m.loadDemo()
	case key.Matches(msg, k.Tail):
		return m.add([]Source{{Kind: SourceTail, Name: "stripe logs tail"}})
	case msg.String() == "s":
		for id, j := range m.jobs {
			if j.live {
				j.cancel()
				_ = id
			}
		}
		return nil
	case key.Matches(msg, k.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(msg, k.Down):
		m.cursor = min(len(m.rows)-1, m.cursor+1)
	case key.Matches(msg, k.Enter):
		return m.onEnter()
	}
	return nil
}

func (m *sourcesScreen) onEnter() tea.Cmd {
	switch {
	case m.proposing:
		return nil
	case m.running(false):
		return failure("still reading; wait for the logs to finish (or press s to stop a tail)")
	case len(m.results) == 0:
		return failure("add a log first: a to type a path, d for the demo sample")
	case m.s.Manifest != nil && m.proposed == len(m.results):
		return goTo(screenReview) // nothing new since the proposal
	case m.s.Manifest != nil && !m.confirmReplace && hasHistory(m.s):
		m.confirmReplace = true
		return failure(fmt.Sprintf("proposing again replaces the key in %s, with its %s and exclusions; press enter again to do it, or tab to keep it",
			m.s.Path, plural.Count(len(m.s.Manifest.Rounds), "round")))
	}
	m.confirmReplace = false
	return m.propose()
}

// hasHistory reports whether the manifest holds work a new proposal would
// throw away: test rounds, exclusions, permissions forced in.
func hasHistory(s *Session) bool {
	man := s.Manifest
	if len(man.Rounds) > 0 || len(man.Excluded) > 0 {
		return true
	}
	for _, p := range man.Permissions {
		if p.Reason == migrate.ReasonOverride {
			return true
		}
	}
	return false
}

func (m *sourcesScreen) updateInput(msg tea.KeyMsg) tea.Cmd {
	switch msg.Type {
	case tea.KeyEsc:
		m.inputting = false
		m.input.Blur()
		return nil
	case tea.KeyEnter:
		arg := strings.TrimSpace(m.input.Value())
		m.inputting = false
		m.input.Blur()
		if arg == "" {
			return nil
		}
		e := m.s.Engine
		return func() tea.Msg {
			srcs, err := e.Resolve(arg)
			return resolvedMsg{arg: arg, sources: srcs, err: err}
		}
	}
	var cmd tea.Cmd
	before := m.input.Value()
	m.input, cmd = m.input.Update(msg)
	if v := m.input.Value(); v != before {
		return tea.Batch(cmd, completeCmd(v))
	}
	return cmd
}

func (m *sourcesScreen) View(width, height int) string {
	st := m.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render("Where does the traffic of the key you are replacing show up?") + "\n")
	b.WriteString(st.Muted.Render("a: add a log file or glob   d: the demo sample   t: live `stripe logs tail`") + "\n\n")
	if m.inputting {
		b.WriteString(m.input.View() + "\n\n")
	}
	if len(m.rows) == 0 {
		b.WriteString("No sources yet.\n")
		if m.s.Manifest != nil {
			b.WriteString(fmt.Sprintf("The manifest %s is loaded: press tab to review it.\n", m.s.Path))
		}
		return b.String()
	}
	nameW := min(36, max(12, width/3))
	b.WriteString(st.Header.Render(pad("SOURCE", nameW)+"  "+pad("FORMAT", 10)+"  "+pad("REQUESTS", 9)+"  STATE") + "\n")
	used := strings.Count(b.String(), "\n")
	rowsH := max(1, height-used-1)
	m.offset = window(m.cursor, m.offset, rowsH/2, len(m.rows))
	for i := m.offset; i < len(m.rows) && (i-m.offset)*2 < rowsH; i++ {
		r := m.rows[i]
		line, detail := m.rowView(r, nameW, width)
		if i == m.cursor {
			line = st.Selected.Render(line)
		}
		b.WriteString(line + "\n" + detail + "\n")
	}
	return b.String()
}

// batch returns the rows read in the same ingest as r, and whether r is
// the first of them.
func (m *sourcesScreen) batch(r *sourceRow) (n int, first bool) {
	for _, o := range m.rows {
		if o.job == r.job {
			if n == 0 {
				first = o == r
			}
			n++
		}
	}
	return n, first
}

func (m *sourcesScreen) rowView(r *sourceRow, nameW, width int) (string, string) {
	st := m.s.Styles
	n, first := m.batch(r)
	format, requests, skipped := "…", "…", 0
	if r.state == stateReading && n == 1 {
		requests, skipped = fmt.Sprint(r.p.Requests), r.p.Skipped
	}
	if r.stat != nil {
		format, requests, skipped = r.stat.Format, fmt.Sprint(r.stat.Requests), r.stat.Skipped
	}
	if format == "" {
		format = "?"
	}
	line := pad(r.src.Name, nameW) + "  " + pad(format, 10) + "  " + pad(requests, 9) + "  " + r.state
	var detail string
	switch r.state {
	case stateReading:
		if !first {
			break
		}
		count := " " + plural.Count(r.p.Requests, "request")
		if n > 1 {
			count += " in " + plural.Count(n, "file")
		}
		if r.p.Total > 0 {
			detail = "  " + st.Bar.Render(bar(int(r.p.Done>>10), int(r.p.Total>>10), min(40, width-30))) +
				fmt.Sprintf(" %3d%%", r.p.Done*100/r.p.Total) + count
		} else {
			detail = st.Muted.Render("  streaming…" + count)
		}
	case stateFailed:
		detail = st.Bad.Render("  " + r.err)
	default:
		if skipped > 0 {
			detail = st.Warn.Render("  " + plural.Count(skipped, "malformed record") + " skipped")
		}
	}
	problem := r.p.Problem
	if r.stat != nil && len(r.stat.Problems) > 0 {
		problem = r.stat.Problems[0]
	}
	if problem != "" && r.state != stateFailed {
		detail += st.Warn.Render("  " + problem)
	}
	return line, truncate(detail, width)
}
