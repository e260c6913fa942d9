package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/rakmigrate/rakmigrate/migrate"
)

// canaryKey must never reach the screen.
const canaryKey = "rk_test_CANARY0123456789abcdefghijklmnopqrstuvwxyz"

// fakeEngine is an Engine that reads nothing: tests script what it returns
// and check what the wizard asked of it.
type fakeEngine struct {
	files     map[string]int // path → requests it "holds"
	problems  map[string]string
	ingestErr error
	denials   []Denial // what a test-run log yields
	manifest  func() *migrate.Manifest
	plan      *PlanResult

	saves    []string
	proposed int
	applied  []int // denials per round
	excluded []string
	included []string
}

func newFakeEngine() *fakeEngine {
	return &fakeEngine{
		files:    map[string]int{"logs/a.jsonl": 1200, "logs/b.jsonl": 34, "demo/usage.jsonl": 420, "demo/403.log": 12},
		problems: map[string]string{},
		manifest: sampleManifest,
		plan:     &PlanResult{Markdown: "# Live-mode plan\n\n## Permissions\n\n- charge_write\n", JSON: []byte(`{"schema":"x"}` + "\n")},
	}
}

func (e *fakeEngine) Resolve(arg string) ([]Source, error) {
	if strings.Contains(arg, "*") {
		var out []Source
		prefix := strings.TrimSuffix(arg, "*")
		for _, n := range []string{"logs/a.jsonl", "logs/b.jsonl"} {
			if strings.HasPrefix(n, prefix) {
				out = append(out, Source{Kind: SourceFile, Name: n})
			}
		}
		return out, nil
	}
	if _, ok := e.files[arg]; !ok {
		return nil, fmt.Errorf("%s does not exist; check the path (tab completes it)", arg)
	}
	return []Source{{Kind: SourceFile, Name: arg}}, nil
}

func (e *fakeEngine) Demo() ([]Source, []Source, error) {
	return []Source{{Kind: SourceDemo, Name: "demo/usage.jsonl"}}, []Source{{Kind: SourceDemo, Name: "demo/403.log"}}, nil
}

func (e *fakeEngine) Ingest(ctx context.Context, srcs []Source, progress func(Progress)) (*Ingested, error) {
	in := &Ingested{}
	for _, s := range srcs {
		if s.Kind == SourceTail && e.ingestErr != nil {
			return nil, e.ingestErr // the CLI never started
		}
		n := e.files[s.Name]
		progress(Progress{Source: s.Name, Format: "tail-json", Requests: n / 2, Problem: e.problems[s.Name]})
		st := SourceStat{Name: s.Name, Format: "tail-json", Requests: n}
		if p := e.problems[s.Name]; p != "" {
			st.Skipped, st.Problems = 1, []string{p}
		}
		in.Stats = append(in.Stats, st)
	}
	in.Usage = srcs
	return in, e.ingestErr
}

// Watch hands over one window holding the scripted denials, then ends.
func (e *fakeEngine) Watch(ctx context.Context, every time.Duration, window func(*Ingested)) error {
	if e.ingestErr != nil {
		return e.ingestErr
	}
	window(&Ingested{Stats: []SourceStat{{Name: "stripe logs tail", Requests: 40}}, Usage: []Source{{Kind: SourceTail, Name: "tail-403"}}})
	<-ctx.Done()
	return nil
}

func (e *fakeEngine) Propose(ins []*Ingested, name string) (*migrate.Manifest, error) {
	e.proposed++
	if len(ins) == 0 {
		return nil, errors.New("no logs")
	}
	return e.manifest(), nil
}

func (e *fakeEngine) Denials(in *Ingested) []Denial {
	if srcs, _ := in.Usage.([]Source); len(srcs) > 0 && strings.Contains(srcs[0].Name, "403") {
		return e.denials
	}
	return nil
}

func (e *fakeEngine) ParseDenial(msg string) Denial {
	if !strings.Contains(msg, "permission") {
		return Denial{Message: msg, Kind: "unknown", Advice: "paste the whole message"}
	}
	return Denial{Message: msg, Kind: "specific", Fix: []string{"subscription_read"}}
}

func (e *fakeEngine) Apply(m *migrate.Manifest, runs []*Ingested, pasted []Denial) (migrate.Round, error) {
	n := len(pasted)
	r := migrate.Round{N: len(m.Rounds) + 1, At: time.Date(2026, 10, 20, 11, 0, 0, 0, time.UTC), Denials: n}
	for _, in := range runs {
		for _, d := range e.Denials(in) {
			r.Denials++
			if len(d.Fix) > 0 {
				r.Added = append(r.Added, migrate.Addition{Name: d.Fix[0]})
			} else {
				r.Unresolved = append(r.Unresolved, migrate.UnresolvedDenial{Kind: d.Kind, Request: d.Request, Todo: d.Advice})
			}
		}
	}
	for _, d := range pasted {
		r.Added = append(r.Added, migrate.Addition{Name: d.Fix[0]})
	}
	m.Rounds = append(m.Rounds, r)
	e.applied = append(e.applied, r.Denials)
	return r, nil
}

func (e *fakeEngine) Exclude(m *migrate.Manifest, name, reason string) error {
	for i, p := range m.Permissions {
		if p.Name == name {
			p.Note = "excluded: " + reason
			m.Excluded = append(m.Excluded, p)
			m.Permissions = append(m.Permissions[:i], m.Permissions[i+1:]...)
			e.excluded = append(e.excluded, name+": "+reason)
			return nil
		}
	}
	return fmt.Errorf("%s is not in the key", name)
}

func (e *fakeEngine) Include(m *migrate.Manifest, name, reason string) error {
	m.Permissions = append(m.Permissions, migrate.PermissionEntry{Name: name, Reason: migrate.ReasonOverride, Note: reason})
	e.included = append(e.included, name+": "+reason)
	return nil
}

func (e *fakeEngine) Matrix(m *migrate.Manifest) []MatrixGroup {
	g := MatrixGroup{Name: "Core"}
	for _, p := range m.Permissions {
		acc := "read"
		if strings.HasSuffix(p.Name, "_write") {
			acc = "write"
		}
		g.Rows = append(g.Rows, MatrixRow{Label: p.Label, Resource: p.Name, Access: acc, CanRead: true, CanWrite: true, Known: p.Known})
	}
	g.Rows = append(g.Rows, MatrixRow{Label: "Balance", Resource: "balance", Access: "none", CanRead: true, Known: true})
	return []MatrixGroup{g}
}

func (e *fakeEngine) PrefillLink(m *migrate.Manifest) string {
	var b strings.Builder
	b.WriteString("https://dashboard.stripe.com/test/apikeys/create?name=" + m.Name)
	for _, p := range m.Permissions {
		b.WriteString("&permissions[]=rak_" + p.Name)
	}
	return b.String()
}

func (e *fakeEngine) Checklist(m *migrate.Manifest) []string {
	var out []string
	for _, p := range m.Permissions {
		out = append(out, "Core › "+p.Label)
	}
	return out
}

func (e *fakeEngine) Plan(m *migrate.Manifest) (*PlanResult, error) {
	if len(m.Rounds) == 0 {
		return &PlanResult{Gate: []string{"the key was never tested → run your tests with it and load their log"}}, nil
	}
	return e.plan, nil
}

func (e *fakeEngine) Save(m *migrate.Manifest, path string) error {
	e.saves = append(e.saves, path)
	return nil
}

var sampleDay = time.Date(2026, 10, 17, 12, 0, 0, 0, time.UTC)

// sampleManifest is a small proposal: three permissions, one unmapped call.
func sampleManifest() *migrate.Manifest {
	ev := func(op string, n int, daysAgo int) migrate.Evidence {
		return migrate.Evidence{Operation: op, Count: n, LastSeen: sampleDay.Add(-time.Duration(daysAgo) * 24 * time.Hour), Provenance: "documented"}
	}
	return &migrate.Manifest{
		Schema: migrate.SchemaV1, Name: "checkout", Mode: migrate.ModeTest,
		Window: migrate.Window{First: sampleDay.Add(-14 * 24 * time.Hour), Last: sampleDay},
		Permissions: []migrate.PermissionEntry{
			{Name: "payment_intent_write", Label: "PaymentIntents Write", Reason: "observed", Known: true,
				Evidence: []migrate.Evidence{ev("POST /v1/payment_intents", 880, 0), ev("GET /v1/payment_intents/{intent}", 120, 1)}},
			{Name: "customer_read", Label: "Customers Read", Reason: "observed", Known: true,
				Evidence: []migrate.Evidence{ev("GET /v1/customers/search", 44, 3)}},
			{Name: "charge_write", Label: "Charges Write", Reason: "observed", Known: true,
				Evidence: []migrate.Evidence{ev("POST /v1/refunds", 9, 6)}},
		},
		Unmapped: []migrate.UnmappedEntry{{Request: "GET /v1/something_new", Count: 3, LastSeen: sampleDay, Reason: "unknown", Nearest: "GET /v1/something/{id}"}},
		IPAllowlist: migrate.IPJudgement{Observed: []migrate.IPSeen{{IP: "203.0.113.7", Requests: 1000}}, Stable: true,
			Advice: "one stable IP: allowlist it"},
	}
}

// harness runs an App without a terminal: it feeds messages into Update and
// runs the commands that come back, as bubbletea would, until nothing is
// left to do.
type harness struct {
	t   testing.TB
	app *App
	eng *fakeEngine
}

func newHarness(t testing.TB, opts Options) *harness {
	eng := newFakeEngine()
	if opts.Engine == nil {
		opts.Engine = eng
	} else {
		eng, _ = opts.Engine.(*fakeEngine)
	}
	if opts.ManifestPath == "" {
		opts.ManifestPath = "rak-manifest.yaml"
	}
	h := &harness{t: t, app: New(opts), eng: eng}
	h.run(h.app.Init())
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	return h
}

// send delivers msg and everything it causes.
func (h *harness) send(msg tea.Msg) {
	_, cmd := h.app.Update(msg)
	h.run(cmd)
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(2 * time.Second):
		h.t.Fatalf("a command did not return")
	}
	switch msg := msg.(type) {
	case nil:
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case tea.QuitMsg:
	default:
		h.send(msg)
	}
}

// keys types each key in turn ("enter", "tab", "esc" … or text).
func (h *harness) keys(ks ...string) {
	for _, k := range ks {
		h.send(keyMsg(k))
	}
}

func keyMsg(k string) tea.KeyMsg {
	named := map[string]tea.KeyType{"enter": tea.KeyEnter, "tab": tea.KeyTab, "shift+tab": tea.KeyShiftTab,
		"esc": tea.KeyEsc, "up": tea.KeyUp, "down": tea.KeyDown, "ctrl+c": tea.KeyCtrlC, "backspace": tea.KeyBackspace}
	if t, ok := named[k]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

func (h *harness) view() string { return h.app.View() }

func (h *harness) mustSee(subs ...string) {
	h.t.Helper()
	v := h.view()
	for _, s := range subs {
		if !strings.Contains(v, s) {
			h.t.Fatalf("screen lacks %q:\n%s", s, v)
		}
	}
}

func (h *harness) mustNotSee(subs ...string) {
	h.t.Helper()
	v := h.view()
	for _, s := range subs {
		if strings.Contains(v, s) {
			h.t.Fatalf("screen shows %q:\n%s", s, v)
		}
	}
}
