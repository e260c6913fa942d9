package main

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/internal/plural"
	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/migrate"
	"github.com/rakmigrate/rakmigrate/permissions"
)

type proposeOptions struct {
	Inputs  []string
	Output  string
	Name    string
	SplitBy migrate.SplitBy
	Format  string // yaml | json: the manifest's encoding
	JSONOut bool   // --format json: stdout is JSON too
	Window  time.Duration
	Add     []permissions.Permission
	Exclude []permissions.Permission
	Force   bool
}

func newProposeCmd(f *Factory) *cobra.Command {
	var (
		opts           proposeOptions
		split, window  string
		adds, excludes []string
	)
	cmd := &cobra.Command{
		Use:   "propose LOG... [-o rak-manifest.yaml]",
		Short: "Propose the minimal test-mode restricted key from request logs",
		Long: `propose reads the request logs of the key you want to replace and writes the
minimal test-mode restricted key as a manifest: every permission with its reason
and evidence, the calls nobody could map (the proposal says it is incomplete),
the IP allowlist judgement, and the window the logs cover.

LOG is a file, a glob, a directory, a .gz file, or - for stdin.`,
		Example: `  rakmigrate propose usage.jsonl -o rak-manifest.yaml
  stripe logs tail --format JSON | rakmigrate propose - --name checkout
  rakmigrate propose logs/ --split-by source --window 30d`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Inputs = args
			if err := migrateStdinCheck(f, args); err != nil {
				return err
			}
			var err error
			if opts.SplitBy, err = migrate.ParseSplitBy(split); err != nil {
				return withExit(ExitUsage, err)
			}
			opts.JSONOut = strings.EqualFold(opts.Format, "json")
			if opts.Format, err = manifestFormat(opts.Format, opts.Output); err != nil {
				return withExit(ExitUsage, err)
			}
			if window != "" {
				if opts.Window, err = parseSpan(window); err != nil {
					return usageError("--window: %v", err)
				}
			}
			if opts.Add, err = parsePermissionFlags("--add", adds); err != nil {
				return withExit(ExitUsage, err)
			}
			if opts.Exclude, err = parsePermissionFlags("--exclude", excludes); err != nil {
				return withExit(ExitUsage, err)
			}
			return runPropose(cmd, f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVarP(&opts.Output, "output", "o", "rak-manifest.yaml", "manifest to write (.json for JSON)")
	fl.StringVar(&opts.Name, "name", "", "the key's name (default: the manifest's base name)")
	fl.StringVar(&split, "split-by", "none", "one key per group: none, ip, user-agent, source (input file)")
	fl.StringVar(&opts.Format, "format", "", "yaml or json (default: from the -o extension); json also prints JSON")
	fl.StringVar(&window, "window", "", "how much time the logs should cover, e.g. 30d, 2w, 72h (warns when shorter; default 30d)")
	fl.StringSliceVar(&adds, "add", nil, "force a permission in (reason override), e.g. --add invoice_read")
	fl.StringSliceVar(&excludes, "exclude", nil, "leave a permission out (it stays listed as excluded)")
	fl.BoolVar(&opts.Force, "force", false, "replace a manifest that already records 403 rounds")
	addLogFlags(cmd)
	return cmd
}

func runPropose(cmd *cobra.Command, f *Factory, opts proposeOptions) error {
	out, errOut := f.IO.Out, f.IO.ErrOut
	if !opts.Force {
		if err := refuseToLoseRounds(opts.Output); err != nil {
			return err
		}
	}
	u, _, err := ingestLogs(cmd.Context(), f, opts.Inputs, func(in *migrate.IngestOptions) { in.SplitBy = opts.SplitBy })
	if err != nil {
		return err
	}
	printSourcesSummary(errOut, u)
	name := opts.Name
	if name == "" {
		name = strings.TrimSuffix(filepath.Base(opts.Output), filepath.Ext(opts.Output))
		if name == "rak-manifest" {
			name = "rakmigrate"
		}
	}
	ms, err := migrate.ProposeSplit(u, migrate.ProposeOptions{Name: name, Window: opts.Window, Add: opts.Add, Exclude: opts.Exclude, Now: f.Now()})
	if err != nil {
		if errors.Is(err, migrate.ErrNoRequests) {
			return withExit(ExitError, fmt.Errorf("%s: %w", strings.Join(opts.Inputs, ", "), err))
		}
		return err
	}
	enc := migrate.Encoding(opts.Format)
	var written []proposalSummary
	for _, m := range ms {
		path := opts.Output
		if m.Group != nil {
			path = splitPath(opts.Output, strings.TrimPrefix(m.Name, name+"-"))
		}
		if err := m.SaveAs(path, enc); err != nil {
			return err
		}
		written = append(written, summarize(m, path))
	}
	if opts.JSONOut {
		return writeJSON(out, map[string]any{"manifests": written})
	}
	for i, s := range written {
		if i > 0 {
			fmt.Fprintln(out)
		}
		printProposal(out, newMigratePaint(f), ms[i], s)
	}
	for _, m := range ms {
		if m.Window.Warning != "" {
			fmt.Fprintf(errOut, "warning: %s\n", m.Window.Warning)
			break
		}
	}
	return nil
}

// refuseToLoseRounds stops propose from overwriting a manifest's 403 history.
func refuseToLoseRounds(path string) error {
	ok, err := fileExists(path)
	if err != nil || !ok {
		return err
	}
	m, err := migrate.LoadManifest(path)
	if err != nil {
		return withExit(ExitError, fmt.Errorf("%w (pass --force to replace it)", err))
	}
	if len(m.Rounds) > 0 {
		return withExit(ExitError, fmt.Errorf("%s records %d round(s) of 403s that a new proposal would drop: write elsewhere with -o, or pass --force", path, len(m.Rounds)))
	}
	return nil
}

// splitPath turns rak-manifest.yaml into rak-manifest-<group>.yaml.
func splitPath(base, group string) string {
	ext := filepath.Ext(base)
	return strings.TrimSuffix(base, ext) + "-" + group + ext
}

// manifestFormat decides the manifest encoding from --format and -o.
func manifestFormat(flag, output string) (string, error) {
	switch strings.ToLower(flag) {
	case "":
		return string(migrate.EncodingFor(output)), nil
	case "yaml", "yml":
		return string(migrate.YAML), nil
	case "json":
		return string(migrate.JSON), nil
	}
	return "", fmt.Errorf("--format %q: want yaml or json", flag)
}

// parseSpan reads 30d, 2w, 36h, 90m.
func parseSpan(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	for suffix, unit := range map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour} {
		if n, ok := strings.CutSuffix(s, suffix); ok {
			v, err := strconv.ParseFloat(n, 64)
			if err != nil || v < 0 {
				return 0, fmt.Errorf("%q: want e.g. 30d, 2w, 72h", s)
			}
			return time.Duration(v * float64(unit)), nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%q: want e.g. 30d, 2w, 72h", s)
	}
	return d, nil
}

func parsePermissionFlags(flag string, vs []string) ([]permissions.Permission, error) {
	var out []permissions.Permission
	for _, v := range vs {
		p, err := permissions.ParsePermission(v)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", flag, err)
		}
		out = append(out, p)
	}
	return out, nil
}

func printSourcesSummary(w io.Writer, u *migrate.Usage) {
	windows := make([]logparse.Window, len(u.Sources))
	for i, s := range u.Sources {
		windows[i] = logparse.Window{Requests: s.Requests, First: s.First, Last: s.Last, Test: s.Test, Live: s.Live}
	}
	copyOf := map[int]string{}
	for _, c := range logparse.Copies(windows) {
		copyOf[c[0]] = u.Sources[c[1]].Path
	}
	for i, s := range u.Sources {
		fmt.Fprintf(w, "read %s (%s): %s", s.Path, s.Format, plural.Count(s.Requests, "request"))
		if s.Skipped > 0 {
			fmt.Fprintf(w, ", %s skipped", plural.Count(s.Skipped, "malformed record"))
		}
		if s.ClientKey > 0 {
			fmt.Fprintf(w, "; left out %d made with a publishable or ephemeral key (Stripe.js, a mobile SDK)", s.ClientKey)
		}
		if s.Dashboard > 0 {
			fmt.Fprintf(w, "; left out %d made in the Dashboard (by a person, not a key)", s.Dashboard)
		}
		if of, ok := copyOf[i]; ok {
			fmt.Fprintf(w, "; the same requests over the same span as %s, likely a copy (counted twice)", of)
		}
		fmt.Fprintln(w)
	}
}

// proposalSummary is what propose prints (and --format json emits) per manifest.
type proposalSummary struct {
	Path        string                   `json:"path"`
	Name        string                   `json:"name"`
	Group       *migrate.GroupInfo       `json:"group,omitempty"`
	Permissions []string                 `json:"permissions"`
	Unmapped    []migrate.UnmappedEntry  `json:"unmapped"`
	Incomplete  []string                 `json:"incomplete"`
	Warnings    []string                 `json:"warnings"`
	TestLink    string                   `json:"prefill_link_test"`
	LiveLink    string                   `json:"prefill_link_live"`
	Checklist   []migrate.ChecklistGroup `json:"checklist"`
	IPAllowlist migrate.IPJudgement      `json:"ip_allowlist"`
}

func summarize(m *migrate.Manifest, path string) proposalSummary {
	set := m.Granted()
	s := proposalSummary{Path: path, Name: m.Name, Group: m.Group, Unmapped: m.Unmapped, Incomplete: m.Incomplete,
		TestLink: migrate.PrefillLink(set, m.Name, false), LiveLink: migrate.PrefillLink(set, m.Name, true),
		Checklist: migrate.Checklist(set), IPAllowlist: m.IPAllowlist, Permissions: []string{}}
	for _, p := range m.Permissions {
		s.Permissions = append(s.Permissions, p.Name)
	}
	if m.Window.Warning != "" {
		s.Warnings = append(s.Warnings, m.Window.Warning)
	}
	if m.Connect != nil {
		s.Warnings = append(s.Warnings, m.Connect.Advice)
		s.Warnings = append(s.Warnings, m.Connect.Problems...)
	}
	return s
}

func printProposal(w io.Writer, paint migratePaint, m *migrate.Manifest, s proposalSummary) {
	requests := 0
	for _, src := range m.Sources {
		requests += src.Requests
	}
	fmt.Fprint(w, paint.bold(fmt.Sprintf("Proposed key %q (test mode): %s", m.Name, plural.Count(len(m.Permissions), "permission"))))
	if m.Group != nil {
		fmt.Fprintf(w, " for %s %s", m.Group.SplitBy, m.Group.Value)
	}
	fmt.Fprintf(w, ". Wrote %s\n\n", s.Path)
	fmt.Fprintf(w, "  %-36s %-9s %9s  %s\n", "PERMISSION", "REASON", "REQUESTS", "OPERATIONS")
	for _, p := range m.Permissions {
		n, ops := 0, []string{}
		for _, e := range p.Evidence {
			n += e.Count
			ops = append(ops, e.Operation)
		}
		name := p.Name
		if p.Connect {
			name += " (+Connect)"
		}
		fmt.Fprintf(w, "  %-36s %-9s %9d  %s\n", name, p.Reason, n, strings.Join(ops, ", "))
	}
	if len(m.Excluded) > 0 {
		fmt.Fprintln(w, "\nExcluded by hand (these calls will get 403s):")
		for _, p := range m.Excluded {
			fmt.Fprintf(w, "  %s\n", p.Name)
		}
	}
	if len(m.Unmapped) > 0 {
		fmt.Fprintln(w, "\n"+paint.red("Unmapped calls")+" (the proposal is incomplete until a test run covers them):")
		for _, u := range m.Unmapped {
			extra := u.Reason
			if u.Nearest != "" {
				extra += "; nearest known: " + u.Nearest
			}
			fmt.Fprintf(w, "  %-40s %6d×  %s\n", u.Request, u.Count, extra)
		}
	}
	for _, r := range m.Incomplete {
		fmt.Fprintf(w, "\nIncomplete: %s", r)
	}
	if len(m.Incomplete) > 0 {
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "\nIP allowlist: %s\n", m.IPAllowlist.Advice)
	if m.Connect != nil {
		fmt.Fprintf(w, "Connect: %s on %s: %s\n", plural.Count(m.Connect.Requests, "request"), plural.Count(m.Connect.Accounts, "connected account"), m.Connect.Advice)
	}
	fmt.Fprintf(w, "\nCreate the test key (then compare the form with the checklist; it drops names it does not know):\n  %s\n", s.TestLink)
	printChecklist(w, s.Checklist)
}

// migratePaint colours the migrate commands' text output, only when the
// factory says colour is on (a terminal, NO_COLOR unset).
type migratePaint struct{ on bool }

func newMigratePaint(f *Factory) migratePaint { return migratePaint{on: f.ColorEnabled()} }

func (p migratePaint) wrap(code, s string) string {
	if !p.on {
		return s
	}
	return "\x1b[" + code + "m" + s + "\x1b[0m"
}

func (p migratePaint) bold(s string) string  { return p.wrap("1", s) }
func (p migratePaint) green(s string) string { return p.wrap("32", s) }
func (p migratePaint) red(s string) string   { return p.wrap("31", s) }
func (p migratePaint) faint(s string) string { return p.wrap("2", s) }

func printChecklist(w io.Writer, groups []migrate.ChecklistGroup) {
	fmt.Fprintln(w, "\nChecklist:")
	for _, g := range groups {
		fmt.Fprintf(w, "  %s\n", g.Name)
		for _, r := range g.Rows {
			note := ""
			if r.Note != "" {
				note = "  (" + r.Note + ")"
			}
			fmt.Fprintf(w, "    [ ] %-32s %-5s  %s%s\n", r.Row, r.Access, r.Permission, note)
		}
	}
}

// migrateAllPermissions is every permission name Stripe knows (what a secret
// key grants), for the report; nil lets migrate use the Dashboard form's rows.
func migrateAllPermissions() []permissions.Permission {
	var out []permissions.Permission
	for _, name := range permissions.AcceptedNames() {
		if p, err := permissions.ParsePermission(name); err == nil {
			out = append(out, p)
		}
	}
	return out
}
