package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/rakmigrate/rakmigrate/internal/plural"
)

// iterateScreen folds the 403s of a test run into the key, round by round.
type iterateScreen struct {
	s       *Session
	pending []Denial    // every denial waiting, for display
	pasted  []Denial    // the pasted ones among them
	runs    []*Ingested // test-run logs read since the last round
	cursor  int
	offset  int
	input   textinput.Model
	prompt  string // "paste" | "load" | ""
	jobs    map[int]context.CancelFunc
	nextJob int
	reading string
	// watching stops the live tail; nil when none runs.
	watching context.CancelFunc
	watched  int // requests seen by the live tail so far
}

// Live-tail messages: a window of requests read, and the end of the tail.
type (
	watchWindowMsg struct {
		in *Ingested
		ch <-chan tea.Msg
	}
	watchEndMsg struct{ err error }
)

// watchEvery is how often the live tail hands over what it read.
const watchEvery = 2 * time.Second

// watch follows `stripe logs tail` in the background: each window's 403s
// join the pending list as they happen.
func (m *iterateScreen) watch() tea.Cmd {
	ctx, cancel := context.WithCancel(context.Background())
	m.watching, m.watched = cancel, 0
	e := m.s.Engine
	return func() tea.Msg {
		ch := make(chan tea.Msg, 16)
		go func() {
			err := e.Watch(ctx, watchEvery, func(in *Ingested) { ch <- watchWindowMsg{in: in, ch: ch} })
			if errors.Is(err, context.Canceled) {
				err = nil
			}
			ch <- watchEndMsg{err: err}
			close(ch)
		}()
		return waitFor(ch)()
	}
}

func newIterateScreen(s *Session) *iterateScreen {
	in := newInput(8192)
	return &iterateScreen{s: s, input: in, jobs: map[int]context.CancelFunc{}}
}

func (m *iterateScreen) Capturing() bool { return m.prompt != "" }
func (m *iterateScreen) Enter() tea.Cmd  { return planCmd(m.s.Engine, m.s.Manifest) }

func (m *iterateScreen) Help() []key.Binding {
	k := m.s.Keys
	if m.prompt != "" {
		return []key.Binding{
			key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "ok")),
			key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),
		}
	}
	bs := []key.Binding{k.Paste, k.Load}
	if len(m.s.DemoDenials) > 0 {
		bs = append(bs, key.NewBinding(key.WithKeys("d"), key.WithHelp("d", "demo test run")))
	}
	bs = append(bs, k.Tail)
	if m.watching != nil {
		bs = append(bs, key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "stop tail")))
	}
	if len(m.pending) > 0 || len(m.runs) > 0 {
		bs = append(bs, k.Accept)
	} else {
		bs = append(bs, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "plan")))
	}
	return bs
}

// ingest reads a test run's logs in the background for their 403s. Job
// ids are negative so they never collide with the Sources screen's.
func (m *iterateScreen) ingest(srcs []Source) tea.Cmd {
	m.nextJob--
	ctx, cancel := context.WithCancel(context.Background())
	m.jobs[m.nextJob] = cancel
	names := make([]string, 0, len(srcs))
	for _, s := range srcs {
		names = append(names, s.Name)
	}
	m.reading = strings.Join(names, ", ")
	return startIngest(ctx, m.s.Engine, m.nextJob, srcs)
}

// iterResolvedMsg carries the logs typed on the Iterate screen.
type iterResolvedMsg struct {
	arg     string
	sources []Source
	err     error
}

func (m *iterateScreen) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		if m.prompt != "" {
			return m.updatePrompt(msg)
		}
		return m.updateKey(msg)
	case iterResolvedMsg:
		if msg.err != nil {
			return failure(msg.err.Error())
		}
		if len(msg.sources) == 0 {
			return failure(msg.arg + ": no files match; check the path or the glob")
		}
		return m.ingest(msg.sources)
	case watchWindowMsg:
		ds := m.s.Engine.Denials(msg.in)
		m.pending = append(m.pending, ds...)
		m.runs = append(m.runs, msg.in)
		m.watched += totalRequests(msg.in)
		return waitFor(msg.ch)
	case watchEndMsg:
		m.watching = nil
		if msg.err != nil {
			return failure(msg.err.Error())
		}
		return status("tail stopped after " + plural.Count(m.watched, "request") + "; enter records what it saw as a round")
	case ingestProgressMsg:
		if _, ok := m.jobs[msg.job]; !ok {
			return nil
		}
		m.reading = msg.p.Source + ": " + plural.Count(msg.p.Requests, "request")
		return waitFor(msg.ch)
	case ingestDoneMsg:
		cancel, ok := m.jobs[msg.job]
		if !ok {
			return nil
		}
		cancel()
		delete(m.jobs, msg.job)
		m.reading = ""
		if msg.err != nil {
			return failure(msg.err.Error())
		}
		ds := m.s.Engine.Denials(msg.in)
		m.pending = append(m.pending, ds...)
		m.runs = append(m.runs, msg.in)
		if len(ds) == 0 {
			return status("no 403s in " + plural.Count(totalRequests(msg.in), "request") + ": the key covered that run; enter records it as a clean round")
		}
		return status(fmt.Sprintf("%d denials found; enter accepts their fixes as a round", len(ds)))
	}
	return nil
}

func totalRequests(in *Ingested) int {
	n := 0
	if in != nil {
		for _, s := range in.Stats {
			n += s.Requests
		}
	}
	return n
}

func (m *iterateScreen) updateKey(km tea.KeyMsg) tea.Cmd {
	k := m.s.Keys
	switch {
	case key.Matches(km, k.Paste):
		m.prompt = "paste"
		m.input.Prompt = "403 message: "
		m.input.Placeholder = "paste the error text (ctrl+v / shift+insert)"
		m.input.SetValue("")
		return m.input.Focus()
	case key.Matches(km, k.Load):
		m.prompt = "load"
		m.input.Prompt = "test-run log: "
		m.input.Placeholder = "logs/test-run.log"
		m.input.SetValue("")
		return m.input.Focus()
	case km.String() == "d" && len(m.s.DemoDenials) > 0:
		// The demo's test runs, one per press: the 403s, then the clean run.
		next := m.s.DemoDenials[0]
		m.s.DemoDenials = m.s.DemoDenials[1:]
		return m.ingest([]Source{next})
	case key.Matches(km, k.Tail):
		if m.watching != nil {
			return failure("already watching the tail; s stops it")
		}
		return m.watch()
	case km.String() == "s" && m.watching != nil:
		m.watching()
		return nil
	case key.Matches(km, k.Up):
		m.cursor = max(0, m.cursor-1)
	case key.Matches(km, k.Down):
		m.cursor = max(0, min(len(m.pending)-1, m.cursor+1))
	case key.Matches(km, k.Enter):
		if len(m.jobs) > 0 {
			// A test run is still being read: moving on now would skip
			// its denials without a word.
			return status("still reading the test run; enter records the round once it is read")
		}
		if len(m.pending) == 0 && len(m.runs) == 0 {
			return goTo(screenPlan)
		}
		return m.accept()
	}
	return nil
}

// accept folds every pending denial into the manifest as one round.
func (m *iterateScreen) accept() tea.Cmd {
	round, err := m.s.Engine.Apply(m.s.Manifest, m.runs, m.pasted)
	if err != nil {
		return failure("round not recorded: " + err.Error())
	}
	m.pending, m.pasted, m.runs, m.cursor = nil, nil, nil, 0
	added := make([]string, 0, len(round.Added))
	for _, a := range round.Added {
		added = append(added, a.Name)
	}
	what := fmt.Sprintf("round %d: no permission added", round.N)
	if len(added) > 0 {
		what = fmt.Sprintf("round %d: added %s", round.N, strings.Join(added, ", "))
	}
	if len(round.Unresolved) > 0 {
		what += fmt.Sprintf("; %d unresolved", len(round.Unresolved))
	}
	return changed(what)
}

func (m *iterateScreen) updatePrompt(km tea.KeyMsg) tea.Cmd {
	switch km.Type {
	case tea.KeyEsc:
		m.prompt = ""
		m.input.Blur()
		return nil
	case tea.KeyEnter:
		v := strings.TrimSpace(m.input.Value())
		p := m.prompt
		m.prompt = ""
		m.input.Blur()
		if v == "" {
			return nil
		}
		if p == "paste" {
			d := m.s.Engine.ParseDenial(v)
			if d.Kind == "" || d.Kind == "unknown" {
				return failure("not a permission 403: " + d.Advice)
			}
			m.pending = append(m.pending, d)
			m.pasted = append(m.pasted, d)
			return nil
		}
		e := m.s.Engine
		return func() tea.Msg {
			srcs, err := e.Resolve(v)
			return iterResolvedMsg{arg: v, sources: srcs, err: err}
		}
	}
	var cmd tea.Cmd
	m.input, cmd = m.input.Update(km)
	return cmd
}

func (m *iterateScreen) View(width, height int) string {
	st := m.s.Styles
	var b strings.Builder
	b.WriteString(st.Title.Render("Test the key, fold in its 403s") + "  " + m.gateLine() + "\n")
	switch {
	case m.prompt != "":
		b.WriteString(m.input.View() + "\n")
	case m.watching != nil:
		b.WriteString(st.Good.Render("watching stripe logs tail: "+plural.Count(m.watched, "request")+" so far (s stops)") + "\n")
	case m.reading != "":
		b.WriteString(st.Muted.Render("reading "+m.reading+" …") + "\n")
	default:
		b.WriteString(st.Muted.Render("Run your test suite with the new key, then: p paste a 403 · l load its log · t live tail") + "\n")
	}
	b.WriteString("\n")
	rounds := append(m.timeline(width), m.blockers(width)...)
	pendH := max(3, height-4-len(rounds))
	switch {
	case len(m.pending) == 0 && len(m.runs) > 0:
		b.WriteString(st.Good.Render(fmt.Sprintf("%d test-run log(s) read without a 403: enter records a clean round", len(m.runs))) + "\n")
	case len(m.pending) == 0:
		b.WriteString("No denials waiting.\n")
	default:
		b.WriteString(st.Header.Render(fmt.Sprintf("%d denials waiting (enter accepts all as one round)", len(m.pending))) + "\n")
		per := 2
		m.offset = window(m.cursor, m.offset, max(1, (pendH-1)/per), len(m.pending))
		for i := m.offset; i < len(m.pending) && (i-m.offset)*per < pendH-1; i++ {
			d := m.pending[i]
			what := d.Request
			if what == "" {
				what = d.Message
			}
			fix := "→ grant " + strings.Join(d.Fix, " or ")
			style := st.Good
			if len(d.Fix) == 0 {
				fix, style = "→ "+d.Advice, st.Warn
			}
			line := truncate(fmt.Sprintf("403 %s  [%s]", what, d.Kind), width-2)
			if i == m.cursor {
				line = st.Selected.Render("> " + line)
			} else {
				line = "  " + line
			}
			b.WriteString(line + "\n    " + style.Render(truncate(fix, width-4)) + "\n")
		}
	}
	b.WriteString("\n" + strings.Join(rounds, "\n") + "\n")
	return b.String()
}

// gateLine is the live plan's status in a few words.
func (m *iterateScreen) gateLine() string {
	st := m.s.Styles
	switch {
	case m.s.PlanErr != nil:
		return st.Bad.Render("plan: " + m.s.PlanErr.Error())
	case m.s.Plan == nil:
		return st.Muted.Render("live plan: not checked yet")
	case len(m.s.Plan.Gate) == 0:
		return st.Good.Render("live plan: ready")
	default:
		return st.Warn.Render("live plan: " + plural.Count(len(m.s.Plan.Gate), "blocker") + " — " + m.s.Plan.Gate[0])
	}
}

// blockers lists every reason the live plan is refused, a line each.
func (m *iterateScreen) blockers(width int) []string {
	p := m.s.Plan
	if p == nil || len(p.Gate) == 0 {
		return nil
	}
	lines := []string{"", m.s.Styles.Header.Render("Before the live plan")}
	for _, g := range p.Gate {
		lines = append(lines, truncate("  • "+g, width))
	}
	return lines
}

// timeline lists the rounds so far, newest last, a line each.
func (m *iterateScreen) timeline(width int) []string {
	st := m.s.Styles
	man := m.s.Manifest
	if man == nil || len(man.Rounds) == 0 {
		return []string{st.Muted.Render("No rounds yet.")}
	}
	lines := []string{st.Header.Render("Rounds")}
	rs := man.Rounds
	if len(rs) > 5 {
		lines = append(lines, st.Muted.Render(fmt.Sprintf("  … %d earlier", len(rs)-5)))
		rs = rs[len(rs)-5:]
	}
	for _, r := range rs {
		names := make([]string, 0, len(r.Added))
		for _, a := range r.Added {
			names = append(names, "+"+a.Name)
		}
		added := strings.Join(names, " ")
		if added == "" {
			added = "nothing added"
		}
		line := fmt.Sprintf("  %d  %s  %d denials  %s", r.N, r.At.UTC().Format("2006-01-02 15:04"), r.Denials, added)
		if len(r.Unresolved) > 0 {
			line += st.Warn.Render(fmt.Sprintf("  %d unresolved", len(r.Unresolved)))
		}
		lines = append(lines, truncate(line, width))
	}
	return lines
}
