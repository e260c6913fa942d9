package tui

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/rakmigrate/rakmigrate/internal/safetext"
	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/migrate"
	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/secrets"
)

// MigrateConfig wires the wizard to package migrate.
type MigrateConfig struct {
	Catalog migrate.Catalog
	Ingest  migrate.IngestOptions // format, zone, max line, strict
	// ParseDenial reads a pasted 403 text (permissions.ParseDenial).
	ParseDenial func(string) permissions.Denial
	Now         func() time.Time
	// ManifestPath is named in the plan's commands.
	ManifestPath string
	// Stdin is the pipe the wizard was started on, nil when none.
	Stdin io.Reader
	// StripeBin runs `stripe logs tail`; "" means "stripe".
	StripeBin string
	// Environ is the environment the Stripe CLI inherits.
	Environ []string
	// DemoDir is where the demo sample is written; "" disables the demo.
	DemoDir string
	// Demo makes the engine's clock follow the demo sample, so its rounds
	// and soak are coherent whatever day the demo runs.
	Demo bool
}

// migrateEngine is the Engine on top of package migrate.
type migrateEngine struct {
	cfg MigrateConfig

	mu     sync.Mutex
	rounds int // rounds recorded in this session (demo clock)
}

// NewMigrateEngine returns the engine the wizard drives in real use.
func NewMigrateEngine(cfg MigrateConfig) Engine {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.StripeBin == "" {
		cfg.StripeBin = "stripe"
	}
	return &migrateEngine{cfg: cfg}
}

// ingestedRun is the engine's own record of one ingest.
type ingestedRun struct {
	usage *migrate.Usage
	args  []string
}

func (e *migrateEngine) Resolve(arg string) ([]Source, error) {
	if arg == "-" {
		if e.cfg.Stdin == nil {
			return nil, errors.New(`"-" reads a pipe, and the wizard was not started on one (try: stripe logs tail --format JSON | rakmigrate)`)
		}
		return []Source{{Kind: SourceStdin, Name: "-"}}, nil
	}
	if strings.HasPrefix(arg, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			arg = filepath.Join(home, arg[2:])
		}
	}
	if strings.ContainsAny(arg, "*?[") {
		names, err := filepath.Glob(arg)
		if err != nil {
			return nil, fmt.Errorf("%s: not a valid glob: %w", arg, err)
		}
		var out []Source
		for _, n := range names {
			if st, err := os.Stat(n); err == nil && !st.IsDir() {
				out = append(out, Source{Kind: SourceFile, Name: n})
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("%s matches no file; check the pattern (quotes are not needed here)", arg)
		}
		return out, nil
	}
	if _, err := os.Stat(arg); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("%s does not exist; check the path (tab completes it)", arg)
		}
		return nil, fmt.Errorf("%s cannot be read: %w", arg, err)
	}
	return []Source{{Kind: SourceFile, Name: arg}}, nil
}

func (e *migrateEngine) Demo() ([]Source, []Source, error) {
	dir := e.cfg.DemoDir
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "rakmigrate-demo-*"); err != nil {
			return nil, nil, fmt.Errorf("demo sample: %w", err)
		}
	}
	d, err := migrate.WriteDemoInputs(dir)
	if err != nil {
		return nil, nil, err
	}
	return []Source{{Kind: SourceDemo, Name: d.Usage}},
		[]Source{{Kind: SourceDemo, Name: d.Denials}, {Kind: SourceDemo, Name: d.Clean}}, nil
}

func (e *migrateEngine) Ingest(ctx context.Context, sources []Source, progress func(Progress)) (*Ingested, error) {
	opt := e.cfg.Ingest
	for _, s := range sources {
		if s.Kind == SourceDemo {
			opt.Location = migrate.DemoLocation // the sample's times are UTC
		}
	}
	var args []string
	var tail *exec.Cmd
	var tailErr strings.Builder
	for _, s := range sources {
		switch s.Kind {
		case SourceStdin:
			opt.Stdin = e.cfg.Stdin
			args = append(args, "-")
		case SourceTail:
			tail = exec.CommandContext(ctx, e.cfg.StripeBin, "logs", "tail", "--format", "JSON")
			tail.Env = e.cfg.Environ
			tail.Stderr = &limitedWriter{w: &tailErr, n: 4096}
			out, err := tail.StdoutPipe()
			if err != nil {
				return nil, fmt.Errorf("stripe logs tail: %w", err)
			}
			if err := tail.Start(); err != nil {
				return nil, fmt.Errorf("cannot start %s logs tail: %w (install the Stripe CLI or set --stripe-bin)", e.cfg.StripeBin, err)
			}
			opt.Stdin = out
			args = append(args, "-")
		default:
			args = append(args, s.Name)
		}
	}
	names := sourceNamer(sources)
	var mu sync.Mutex // OnProblem and progress may come from the reader's goroutine
	var last Progress
	opt.OnProblem = func(err error) {
		mu.Lock()
		defer mu.Unlock()
		if progress != nil {
			p := last
			p.Problem = secrets.Redact(err.Error())
			progress(p)
		}
	}
	u, err := migrate.Ingest(ctx, args, e.cfg.Catalog, opt, func(p migrate.IngestProgress) {
		mu.Lock()
		defer mu.Unlock()
		last = Progress{Source: names(p.Input), Format: p.Format, Requests: p.Requests, Skipped: p.Skipped,
			Done: p.Bytes, Total: p.Total, Problem: secrets.Redact(p.Problem)}
		if progress != nil {
			progress(last)
		}
	})
	if tail != nil {
		if ctx.Err() == nil {
			_ = tail.Process.Kill() // reading stopped on its own (an error): stop the CLI too
		}
		_ = tail.Wait()
		if err == nil && ctx.Err() == nil && tailErr.Len() > 0 {
			err = errors.New("stripe logs tail: " + safetext.Clean(strings.TrimSpace(tailErr.String())))
		}
		if ctx.Err() != nil && u != nil {
			err = ctx.Err() // stopped by the user: what was read counts
		}
	}
	if u == nil {
		if err == nil {
			err = errors.New("reading the logs gave nothing back")
		}
		return nil, errors.New(secrets.Redact(err.Error()))
	}
	in := &Ingested{Usage: &ingestedRun{usage: u, args: args}, Denied: u.DenialCount()}
	for _, s := range u.Sources {
		in.Stats = append(in.Stats, SourceStat{Name: names(s.Path), Format: s.Format, Requests: s.Requests, Skipped: s.Skipped})
	}
	if err != nil {
		err = errors.New(secrets.Redact(err.Error()))
	}
	return in, err
}

// Watch runs `stripe logs tail --format JSON` and reads it in windows: the
// lines of each window (split at line ends, the tail's own framing) go
// through migrate.Ingest like any log, so 403s show up while tests run.
func (e *migrateEngine) Watch(parent context.Context, every time.Duration, window func(*Ingested)) error {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	tail := exec.CommandContext(ctx, e.cfg.StripeBin, "logs", "tail", "--format", "JSON")
	tail.Env = e.cfg.Environ
	var stderr strings.Builder
	tail.Stderr = &limitedWriter{w: &stderr, n: 4096}
	out, err := tail.StdoutPipe()
	if err != nil {
		return fmt.Errorf("stripe logs tail: %w", err)
	}
	if err := tail.Start(); err != nil {
		return fmt.Errorf("cannot start %s logs tail: %w (install the Stripe CLI or set --stripe-bin)", e.cfg.StripeBin, err)
	}
	lines := make(chan []byte, 256)
	go func() {
		defer close(lines)
		br := bufio.NewReaderSize(out, 64<<10)
		for {
			line, err := br.ReadBytes('\n')
			if len(line) > 0 {
				select {
				case lines <- line:
				case <-ctx.Done():
					return
				}
			}
			if err != nil {
				return
			}
		}
	}()
	for open := true; open && ctx.Err() == nil; {
		open = e.watchWindow(ctx, lines, every, window)
	}
	// Either the user stopped it (not a failure: the CLI is killed) or the
	// tail ended on its own (its exit status says how).
	stopped := parent.Err() != nil
	if stopped {
		cancel()
	}
	waitErr := tail.Wait()
	if stopped {
		return nil
	}
	if msg := safetext.Clean(strings.TrimSpace(stderr.String())); msg != "" && waitErr != nil {
		return errors.New("stripe logs tail: " + secrets.Redact(msg))
	}
	if waitErr != nil {
		return fmt.Errorf("stripe logs tail: %w", waitErr)
	}
	return nil
}

// watchWindow feeds one window of tail lines to an ingest and hands the
// result over. It reports whether the tail is still open.
func (e *migrateEngine) watchWindow(ctx context.Context, lines <-chan []byte, every time.Duration, window func(*Ingested)) bool {
	pr, pw := io.Pipe()
	type result struct {
		u   *migrate.Usage
		err error
	}
	done := make(chan result, 1)
	opt := e.cfg.Ingest
	opt.Stdin, opt.Format = pr, string(logparse.FormatTailJSON)
	go func() {
		u, err := migrate.Ingest(ctx, []string{"-"}, e.cfg.Catalog, opt, nil)
		_ = pr.CloseWithError(io.ErrClosedPipe) // unblock the writer if reading stopped early
		done <- result{u, err}
	}()
	n, open := 0, true
	timer := time.NewTimer(every)
	defer timer.Stop()
feed:
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				open = false
				break feed
			}
			if _, err := pw.Write(l); err != nil {
				break feed
			}
			n++
		case <-timer.C:
			break feed
		case <-ctx.Done():
			break feed
		}
	}
	_ = pw.Close()
	r := <-done
	if n > 0 && r.u != nil && r.u.Requests() > 0 {
		in := &Ingested{Usage: &ingestedRun{usage: r.u}, Denied: r.u.DenialCount()}
		in.Stats = []SourceStat{{Name: "stripe logs tail", Format: string(logparse.FormatTailJSON), Requests: r.u.Requests()}}
		window(in)
	}
	return open
}

// sourceNamer maps the input names migrate reports back to the sources the
// user added ("-" to the tail's label, a file inside a directory to it).
func sourceNamer(sources []Source) func(string) string {
	return func(input string) string {
		for _, s := range sources {
			switch {
			case s.Name == input:
				return s.Name
			case input == "-" && (s.Kind == SourceTail || s.Kind == SourceStdin):
				return s.Name
			case strings.HasPrefix(input, strings.TrimSuffix(s.Name, "/")+"/"):
				return s.Name
			}
		}
		return input
	}
}

func usageOf(in *Ingested) *ingestedRun {
	if in == nil {
		return nil
	}
	r, _ := in.Usage.(*ingestedRun)
	return r
}

func (e *migrateEngine) Propose(ins []*Ingested, name string) (*migrate.Manifest, error) {
	if name == "" && e.cfg.Demo {
		name = migrate.DemoName
	}
	opt := migrate.ProposeOptions{Name: name}
	if e.cfg.Demo {
		opt.Now = migrate.DemoProposeAt
	}
	if len(ins) == 0 {
		return nil, errors.New("no logs were read")
	}
	// One aggregate over every batch the user added, built fresh so that
	// proposing again never counts a batch twice.
	u := migrate.NewUsage(e.cfg.Catalog)
	for _, in := range ins {
		if r := usageOf(in); r != nil {
			u.Merge(r.usage)
		}
	}
	if u == nil {
		return nil, errors.New("no logs were read")
	}
	return migrate.Propose(u, opt)
}

func (e *migrateEngine) Denials(in *Ingested) []Denial {
	r := usageOf(in)
	if r == nil {
		return nil
	}
	var out []Denial
	for _, o := range migrate.DenialsFrom(r.usage) {
		out = append(out, denialOf(o))
	}
	return out
}

// denialOf says what a 403 was and what fixes it.
func denialOf(o migrate.Observed403) Denial {
	d := Denial{Request: o.Operation(), Kind: string(o.Denial.Kind), Opaque: o}
	if o.Request.Error != nil {
		d.Message = secrets.Redact(o.Request.Error.Message)
	}
	if o.Count > 1 {
		d.Request = fmt.Sprintf("%s (%d×)", d.Request, o.Count)
	}
	switch o.Denial.Kind {
	case permissions.DenialSpecific:
		for _, p := range o.Denial.Permissions {
			d.Fix = append(d.Fix, p.String())
		}
	case permissions.DenialGeneric:
		d.Advice = "Stripe did not say which permission: look the call up in Stripe's permissions reference, then force it in on Review (i)"
	case permissions.DenialNotGrantable:
		d.Advice = "restricted keys can never make this call: keep it on a secret key held in a secrets manager, or avoid the call"
	case permissions.DenialConnectMissing:
		d.Advice = "the key has no Connect permissions: grant its Connect column in the Dashboard"
	default:
		d.Kind = "unknown"
		if o.Mapped && o.Match.Operation.Permission.Resource != "" {
			d.Fix = []string{o.Match.Operation.Permission.String()}
		} else {
			d.Advice = "no permission text and the catalog does not know this call: look it up, then force it in on Review (i)"
		}
	}
	return d
}

func (e *migrateEngine) ParseDenial(message string) Denial {
	message = secrets.Redact(message)
	if e.cfg.ParseDenial == nil {
		return Denial{Message: message, Kind: "unknown", Advice: "this build cannot read 403 texts"}
	}
	pd := e.cfg.ParseDenial(message)
	if pd.Kind == permissions.DenialNone {
		return Denial{Message: message, Kind: "unknown", Advice: "paste the whole error message Stripe returned (it says \"does not have the required permissions\")"}
	}
	o := migrate.Observed403{
		Request: logparse.Request{Status: 403, Error: &logparse.APIError{Message: message}, Pos: logparse.Position{File: "pasted"}},
		Denial:  pd, Count: 1,
	}
	d := denialOf(o)
	d.Request = ""
	return d
}

// now is the clock rounds are stamped with: the demo's own for the demo.
func (e *migrateEngine) now() time.Time {
	if !e.cfg.Demo {
		return e.cfg.Now()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	e.rounds++
	if e.rounds == 1 {
		return migrate.DemoRound1At
	}
	return migrate.DemoRound2At.Add(time.Duration(e.rounds-2) * time.Hour)
}

func (e *migrateEngine) Apply(m *migrate.Manifest, runs []*Ingested, pasted []Denial) (migrate.Round, error) {
	if len(runs) == 1 && len(pasted) == 0 {
		if r := usageOf(runs[0]); r != nil {
			round, _, err := m.Iterate(r.usage, e.now())
			return round, err
		}
	}
	var ds []migrate.Observed403
	for _, in := range runs {
		if r := usageOf(in); r != nil {
			ds = append(ds, migrate.DenialsFrom(r.usage)...)
		}
	}
	for _, d := range pasted {
		if o, ok := d.Opaque.(migrate.Observed403); ok {
			ds = append(ds, o)
		}
	}
	round, _, err := m.ApplyDenials(ds, e.now())
	return round, err
}

func (e *migrateEngine) Exclude(m *migrate.Manifest, name, reason string) error {
	p, err := permissions.ParsePermission(name)
	if err != nil {
		return err
	}
	return m.Exclude(p, reason)
}

func (e *migrateEngine) Include(m *migrate.Manifest, name, reason string) error {
	p, err := permissions.ParsePermission(name)
	if err != nil {
		return err
	}
	return m.Include(p, reason)
}

func (e *migrateEngine) Matrix(m *migrate.Manifest) []MatrixGroup {
	granted := map[string]permissions.Access{}
	for _, p := range m.Granted().List() {
		granted[p.Resource] = p.Access
	}
	var out []MatrixGroup
	for _, g := range permissions.Groups() {
		mg := MatrixGroup{Name: g.Name}
		for _, r := range g.Rows {
			acc := granted[r.Resource]
			delete(granted, r.Resource)
			mg.Rows = append(mg.Rows, MatrixRow{Label: r.Label, Resource: r.Resource, Access: acc.String(),
				CanRead: r.CanRead, CanWrite: r.CanWrite, Known: true})
		}
		out = append(out, mg)
	}
	// Names the form does not list are shown, never dropped.
	if len(granted) > 0 {
		other := MatrixGroup{Name: "Not in the Dashboard form"}
		for _, p := range m.Granted().List() {
			if _, ok := granted[p.Resource]; ok {
				info := permissions.Describe(p)
				other.Rows = append(other.Rows, MatrixRow{Label: info.Label, Resource: p.Resource, Access: p.Access.String(),
					CanRead: !info.WriteOnly, CanWrite: !info.ReadOnly, Known: info.Known})
			}
		}
		out = append(out, other)
	}
	return out
}

func (e *migrateEngine) PrefillLink(m *migrate.Manifest) string {
	return migrate.PrefillLink(m.Granted(), m.Name, m.Mode == migrate.ModeLive)
}

func (e *migrateEngine) Checklist(m *migrate.Manifest) []string {
	var out []string
	for _, g := range migrate.Checklist(m.Granted()) {
		for _, r := range g.Rows {
			line := fmt.Sprintf("%s › %s: %s", g.Name, r.Row, r.Access)
			if r.Note != "" {
				line += " — " + r.Note
			}
			out = append(out, line)
		}
	}
	return out
}

func (e *migrateEngine) Plan(m *migrate.Manifest) (*PlanResult, error) {
	now := e.cfg.Now()
	if e.cfg.Demo {
		// The demo's clock: the end of its clean run, or the latest round.
		now = migrate.DemoRound2At
		if last := lastRound(m); last.After(now) {
			now = last
		}
	}
	p, err := migrate.PlanLive(m, migrate.PlanOptions{Soak: migrate.DefaultSoak, ManifestPath: e.cfg.ManifestPath, Now: now})
	var gate *migrate.GateError
	if errors.As(err, &gate) {
		res := &PlanResult{}
		for _, r := range gate.Reasons {
			res.Gate = append(res.Gate, r.Message+" → "+r.Fix)
		}
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	js, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("plan as JSON: %w", err)
	}
	return &PlanResult{Markdown: p.Markdown(), JSON: append(js, '\n')}, nil
}

func lastRound(m *migrate.Manifest) time.Time {
	var t time.Time
	for _, r := range m.Rounds {
		if r.At.After(t) {
			t = r.At
		}
	}
	return t
}

func (e *migrateEngine) Save(m *migrate.Manifest, path string) error { return m.Save(path) }

// limitedWriter keeps the first n bytes written (a child's error output).
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if l.n > 0 {
		k := min(len(p), l.n)
		l.n -= k
		_, _ = l.w.Write(p[:k])
	}
	return len(p), nil
}
