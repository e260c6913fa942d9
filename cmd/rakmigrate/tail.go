package main

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

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/internal/safetext"
	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/migrate"
	"github.com/rakmigrate/rakmigrate/secrets"
)

func newTailCmd(f *Factory) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "tail -m rak-manifest.yaml [-] [-- stripe logs tail flags…]",
		Short: "Follow `stripe logs tail` and fold each 403 into the manifest as it arrives",
		Long: `tail runs 'stripe logs tail --format JSON' (the Stripe CLI from --stripe-bin or
PATH; flags after -- are passed to it, e.g. --filter-status-code 403), or reads the
same stream from stdin with "-", while you run your integration with the test
restricted key. Each new 403 and its fix are printed at once and folded into the
manifest as a round; the manifest is saved atomically after each change, so Ctrl-C
leaves everything saved.

Exit codes: 0 every 403 seen was fixed by a permission; 4 some 403s remain
unresolved; 2 error (no Stripe CLI, not logged in, the CLI failed).`,
		Example: `  rakmigrate tail -m rak-manifest.yaml
  rakmigrate tail -m rak-manifest.yaml -- --filter-status-code 403
  stripe logs tail --format JSON | rakmigrate tail -m rak-manifest.yaml -`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.Config.Manifest == "" {
				return usageError("tail needs the manifest: -m rak-manifest.yaml")
			}
			if format != "text" && format != "json" {
				return usageError("--format %q: want text or json", format)
			}
			own, extra := args, []string(nil)
			if dash := cmd.ArgsLenAtDash(); dash >= 0 {
				own, extra = args[:dash], args[dash:]
			}
			stdin := false
			switch {
			case len(own) == 1 && own[0] == "-":
				stdin = true
			case len(own) > 0:
				return usageError("tail takes \"-\" (read stdin) or nothing (run the Stripe CLI), not %q; pass Stripe CLI flags after --", own)
			}
			if stdin && len(extra) > 0 {
				return usageError("flags after -- go to the Stripe CLI, which tail does not run when reading stdin")
			}
			return runTail(cmd.Context(), f, stdin, extra, format)
		},
	}
	cmd.Flags().StringP("manifest", "m", "", "the manifest to update")
	cmd.Flags().String("stripe-bin", "", "the Stripe CLI to run (default: stripe on PATH)")
	cmd.Flags().StringVar(&format, "format", "text", "text or json (one event per line)")
	addLogFlags(cmd)
	return cmd
}

// tailEvent is one 403 folded into the manifest; --format json prints one per line.
type tailEvent struct {
	Request    string                     `json:"request"` // "POST /v1/refunds"
	RequestID  string                     `json:"request_id,omitempty"`
	At         string                     `json:"at,omitempty"` // position in the stream
	Round      int                        `json:"round"`
	Added      []migrate.Addition         `json:"added,omitempty"`
	Unresolved []migrate.UnresolvedDenial `json:"unresolved,omitempty"`
	Stale      int                        `json:"stale,omitempty"`
	Saved      bool                       `json:"saved"`
	Already    bool                       `json:"already_folded,omitempty"` // an earlier run folded this 403
}

// tailSession folds a stream of requests into one manifest.
type tailSession struct {
	f      *Factory
	path   string
	m      *migrate.Manifest
	cat    migrate.Catalog
	format string
	// inputFormat is forced for the CLI's JSON stream; stdin is sniffed.
	inputFormat logparse.Format
	loc         *time.Location  // of tail-text times read from stdin; nil = local
	seen        map[string]bool // distinct 403s already folded this session
	requests    int
	denials     int
	added       []string
	unresolv    int
}

func runTail(ctx context.Context, f *Factory, stdin bool, extra []string, format string) error {
	path := f.Config.Manifest
	m, err := migrate.LoadManifest(path)
	if err != nil {
		return err
	}
	if m.Mode != migrate.ModeTest {
		return fmt.Errorf("%s is a %s-mode manifest: tail folds the 403s of the test key into a test-mode manifest", path, m.Mode)
	}
	cat, err := loadCatalog(f)
	if err != nil {
		return err
	}
	s := &tailSession{f: f, path: path, m: m, cat: cat, format: format, seen: map[string]bool{},
		inputFormat: logparse.FormatTailJSON}
	if stdin {
		// A pipe may carry either tail format (with or without --format
		// JSON): detect it unless the user forced one.
		if s.inputFormat, err = logparse.ParseFormat(f.Config.InputFormat); err != nil {
			return withExit(ExitUsage, err)
		}
	}
	if f.Config.TZ != "" {
		if s.loc, err = time.LoadLocation(f.Config.TZ); err != nil {
			return usageError("--tz %q: %v (want an IANA zone such as Europe/Paris, or UTC)", f.Config.TZ, err)
		}
	}

	var (
		src   io.Reader
		name  = "-"
		child *tailChild
	)
	if stdin {
		src = f.IO.In
		fmt.Fprintf(f.IO.ErrOut, "tail: reading stdin into %s (Ctrl-C stops; every change is saved at once)\n", path)
	} else {
		child, err = startStripeTail(ctx, f, extra)
		if err != nil {
			return err
		}
		src, name = child.stdout, "stripe logs tail"
		fmt.Fprintf(f.IO.ErrOut, "tail: following %s into %s (Ctrl-C stops; every change is saved at once)\n", child.describe, path)
	}

	done := make(chan error, 1)
	go func() { done <- s.follow(ctx, name, src) }()
	var loopErr error
	select {
	case loopErr = <-done:
	case <-ctx.Done():
		if child != nil {
			loopErr = <-done // the child is interrupted: its stdout ends soon
		}
		// stdin cannot be interrupted; follow stops saving once ctx is done.
	}
	var childErr error
	if child != nil {
		childErr = child.wait(ctx)
	}
	s.summary()
	switch {
	case childErr != nil:
		// The CLI's own failure explains a cut-off stream better.
		return childErr
	case loopErr != nil && !errors.Is(loopErr, context.Canceled):
		return loopErr
	case s.unresolv > 0:
		return silentExit(ExitUnresolved)
	}
	return nil
}

// follow reads requests until the stream ends and folds each new 403.
func (s *tailSession) follow(ctx context.Context, name string, src io.Reader) error {
	rd, _, err := logparse.Open(name, src, logparse.Options{Format: s.inputFormat, MaxLine: s.f.Config.MaxLine, Location: s.loc, Now: s.f.Now})
	if errors.Is(err, logparse.ErrEmpty) {
		return nil // the stream ended before any record: nothing to fold
	}
	if err != nil {
		return fmt.Errorf("reading %s: %w", name, err)
	}
	for {
		req, err := rd.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err != nil {
			var pe *logparse.ParseError
			if errors.As(err, &pe) && !s.f.Config.Strict {
				fmt.Fprintf(s.f.IO.ErrOut, "tail: skipping a malformed record: %v\n", err)
				continue
			}
			return fmt.Errorf("reading %s: %w", name, err)
		}
		s.requests++
		if !req.IsDenial() {
			continue
		}
		s.denials++
		if err := s.fold(req); err != nil {
			return err
		}
	}
}

// fold turns one 403 into a round, unless the same 403 was folded already.
func (s *tailSession) fold(req logparse.Request) error {
	u := migrate.NewUsage(s.cat)
	u.Add(req)
	ds := migrate.DenialsFrom(u)
	if len(ds) == 0 {
		return nil
	}
	d := ds[0]
	key := fmt.Sprint(d.Operation(), "|", d.Denial.Kind, "|", d.Denial.Permissions, "|", req.Account != "")
	if s.seen[key] {
		return nil
	}
	s.seen[key] = true
	round, changed, err := s.m.ApplyDenials(ds, s.f.Now())
	if err != nil {
		return err
	}
	ev := tailEvent{Request: orDash(d.Operation()), RequestID: req.RequestID, At: req.Pos.String(), Round: round.N}
	if !changed {
		// The same 403 was folded by an earlier run: nothing to save.
		ev.Already = true
		s.print(ev)
		return nil
	}
	ev.Added, ev.Unresolved, ev.Stale = round.Added, round.Unresolved, round.Stale
	if err := s.m.Save(s.path); err != nil {
		return fmt.Errorf("saving %s: %w", s.path, err)
	}
	ev.Saved = true
	for _, a := range round.Added {
		s.added = append(s.added, a.Name)
	}
	s.unresolv += len(round.Unresolved)
	s.print(ev)
	return nil
}

func (s *tailSession) print(ev tailEvent) {
	w := s.f.IO.Out
	if s.format == "json" {
		b, _ := json.Marshal(ev)
		fmt.Fprintln(w, secrets.Redact(string(b)))
		return
	}
	id := ""
	if ev.RequestID != "" {
		id = " [" + ev.RequestID + "]"
	}
	fmt.Fprintf(w, "403 %s%s\n", ev.Request, id)
	if ev.Already {
		fmt.Fprintf(w, "  already folded in round %d\n", ev.Round)
		return
	}
	for _, a := range ev.Added {
		fmt.Fprintf(w, "  + %s (round %d, saved)\n", a.Name, ev.Round)
	}
	for _, u := range ev.Unresolved {
		fmt.Fprintf(w, "  ! %s: %s\n", u.Kind, u.Todo)
	}
	if len(ev.Added) == 0 && len(ev.Unresolved) == 0 {
		fmt.Fprintln(w, "  already fixed by an earlier change")
	}
}

func (s *tailSession) summary() {
	added := "nothing added"
	if len(s.added) > 0 {
		added = "added " + strings.Join(s.added, ", ")
	}
	fmt.Fprintf(s.f.IO.ErrOut, "tail: %d requests, %d 403s (%d distinct); %s; %d unresolved; %s is saved\n",
		s.requests, s.denials, len(s.seen), added, s.unresolv, s.path)
}

// tailChild is a running `stripe logs tail`.
type tailChild struct {
	cmd      *exec.Cmd
	stdout   io.Reader
	describe string
	stderrWG sync.WaitGroup
	mu       sync.Mutex
	lastErr  []string // the CLI's last stderr lines, for the error message
}

// stripeCLIProblems maps texts the Stripe CLI prints on failure to advice.
var stripeCLIProblems = []struct{ text, advice string }{
	{"You have not configured API keys yet", "the Stripe CLI is not logged in: run `stripe login` (it stores a test-mode key for the CLI), then rerun"},
	{"stripe login", "the Stripe CLI needs a login: run `stripe login`, then rerun"},
	{"api_key_expired", "the Stripe CLI's key expired: run `stripe login` again"},
	{"Invalid API Key provided", "the Stripe CLI's key was rejected: run `stripe login` again (or check --api-key passed after --)"},
	{"Authorization failed", "the Stripe CLI's key was rejected: run `stripe login` again"},
	{"unknown flag", "the Stripe CLI refused a flag passed after --: check `stripe logs tail --help`"},
	{"unknown shorthand flag", "the Stripe CLI refused a flag passed after --: check `stripe logs tail --help`"},
}

func startStripeTail(ctx context.Context, f *Factory, extra []string) (*tailChild, error) {
	bin, err := findStripeBin(f)
	if err != nil {
		return nil, err
	}
	args := append([]string{"logs", "tail", "--format", "JSON"}, extra...)
	cmd := exec.CommandContext(ctx, bin, args...)
	// The CLI needs its own configuration (login, profile, proxies): it
	// inherits the environment, which rakmigrate never prints.
	cmd.Env = f.Environ()
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 3 * time.Second
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the Stripe CLI %s: %w", bin, err)
	}
	c := &tailChild{cmd: cmd, stdout: stdout, describe: bin + " " + strings.Join(args, " ")}
	c.stderrWG.Add(1)
	go c.relayStderr(f, stderr)
	return c, nil
}

// relayStderr passes the CLI's chatter on (through the redacting stream) and
// keeps its last lines for the error message.
func (c *tailChild) relayStderr(f *Factory, r io.Reader) {
	defer c.stderrWG.Done()
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		line := secrets.Redact(safetext.Clean(strings.TrimSpace(sc.Text())))
		if line == "" {
			continue
		}
		fmt.Fprintln(f.IO.ErrOut, "stripe: "+line)
		c.mu.Lock()
		c.lastErr = append(c.lastErr, line)
		if len(c.lastErr) > 5 {
			c.lastErr = c.lastErr[1:]
		}
		c.mu.Unlock()
	}
}

// wait reaps the CLI and explains a failure.
func (c *tailChild) wait(ctx context.Context) error {
	// Read stderr to its end before Wait closes the pipe, or the CLI's last
	// words (its error) could be lost. A grandchild holding stderr open must
	// not hang us after Ctrl-C, hence the bound.
	relayed := make(chan struct{})
	go func() { c.stderrWG.Wait(); close(relayed) }()
	select {
	case <-relayed:
	case <-ctx.Done():
		select {
		case <-relayed:
		case <-time.After(c.cmd.WaitDelay):
		}
	}
	err := c.cmd.Wait()
	if err == nil || ctx.Err() != nil {
		return nil // ended by itself, or by our Ctrl-C
	}
	c.mu.Lock()
	last := strings.Join(c.lastErr, "\n")
	c.mu.Unlock()
	for _, p := range stripeCLIProblems {
		if strings.Contains(last, p.text) {
			return withExit(ExitError, errors.New(p.advice))
		}
	}
	if last == "" {
		last = err.Error()
	} else {
		last = c.lastErr[len(c.lastErr)-1]
	}
	return withExit(ExitError, fmt.Errorf("stripe logs tail failed (%v): %s\nWhat was folded so far is saved; rerun to continue", err, last))
}

// findStripeBin resolves --stripe-bin, or "stripe" on the PATH rakmigrate was given.
func findStripeBin(f *Factory) (string, error) {
	name := f.Config.StripeBin
	explicit := name != ""
	if !explicit {
		name = "stripe"
	}
	if strings.ContainsRune(name, filepath.Separator) {
		if st, err := os.Stat(name); err != nil || st.IsDir() {
			return "", withExit(ExitError, fmt.Errorf("--stripe-bin %s: not an executable file; install the Stripe CLI (https://docs.stripe.com/stripe-cli) or fix the path", name))
		}
		return name, nil
	}
	for _, dir := range filepath.SplitList(f.Getenv("PATH")) {
		if dir == "" {
			continue
		}
		p := filepath.Join(dir, name)
		if st, err := os.Stat(p); err == nil && !st.IsDir() && st.Mode()&0o111 != 0 {
			return p, nil
		}
	}
	return "", withExit(ExitError, fmt.Errorf("the Stripe CLI (%s) is not on PATH: install it (https://docs.stripe.com/stripe-cli), pass --stripe-bin, or pipe `stripe logs tail --format JSON` into `rakmigrate tail -m … -`", name))
}
