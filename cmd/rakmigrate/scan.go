package main

import (
	"fmt"
	"io"
	"slices"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/secrets"
)

// scanOptions are scan's flags after validation.
type scanOptions struct {
	paths      []string
	mode       secrets.TreeMode
	format     string
	ignoreFile string
}

var scanFormats = []string{"text", "json", "sarif"}

func newScanCmd(f *Factory) *cobra.Command {
	var all, staged bool
	var o scanOptions
	cmd := &cobra.Command{
		Use:   "scan [PATH...]",
		Short: "Find Stripe keys and webhook secrets in files (exit 1 when any is found)",
		Long: `scan looks for Stripe secret keys (sk_), restricted keys (rk_), webhook signing
secrets (whsec_) and newer credential prefixes, and reports each with file:line
and a redacted preview. Publishable keys (pk_) are listed as info only.

By default it reads the files git tracks; --all reads every file, --staged reads
what the next commit holds (the pre-commit hook runs this). Paths listed in
.rakmigrate-ignore at the repository root are skipped, and so is any line that
carries a rakmigrate:allow comment. Binary files are skipped.

Exit status: 0 clean, 1 secrets found, 2 the scan could not finish.`,
		Example: `  rakmigrate scan
  rakmigrate scan --all ./deploy
  rakmigrate scan --staged
  rakmigrate scan --format sarif > rakmigrate.sarif`,
		RunE: func(cmd *cobra.Command, args []string) error {
			switch {
			case all && staged:
				return usageError("--all and --staged cannot be combined: --staged reads git's index, --all the file system")
			case all:
				o.mode = secrets.All
			case staged:
				o.mode = secrets.Staged
			}
			if !slices.Contains(scanFormats, o.format) {
				return usageError("--format %q: use one of text, json, sarif", o.format)
			}
			o.paths = args
			return runScan(cmd, f, o)
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "scan every file, not only those git tracks")
	cmd.Flags().BoolVar(&staged, "staged", false, "scan the staged version of files about to be committed")
	cmd.Flags().StringVar(&o.format, "format", "text", "output format: text, json or sarif")
	cmd.Flags().StringVar(&o.ignoreFile, "ignore-file", "", "path allowlist to use instead of <root>/.rakmigrate-ignore")
	return cmd
}

// scanSummary is the tail of the JSON output and the stderr summary.
type scanSummary struct {
	Files    int      `json:"files"`
	Bytes    int64    `json:"bytes"`
	Secrets  int      `json:"secrets"`
	Info     int      `json:"info"`
	Allowed  int      `json:"allowed"`
	Ignored  int      `json:"ignored"`
	Binary   int      `json:"binary"`
	Problems []string `json:"problems"`
}

func runScan(cmd *cobra.Command, f *Factory, o scanOptions) error {
	var findings []secrets.Finding
	sum := scanSummary{Problems: []string{}}
	emit := func(fd secrets.Finding) {
		if fd.Severity == secrets.SeverityError {
			sum.Secrets++
		} else {
			sum.Info++
		}
		if o.format == "text" {
			writeScanText(f.IO.Out, fd, f.ColorEnabled())
			return
		}
		findings = append(findings, fd)
	}
	var environ []string
	if f.Environ != nil {
		environ = f.Environ()
	}
	st, err := secrets.ScanTree(cmd.Context(), secrets.TreeOptions{
		Paths: o.paths, Mode: o.mode, Environ: environ, IgnoreFile: o.ignoreFile,
	}, emit)
	if err != nil {
		return withExit(ExitError, secrets.RedactError(err))
	}
	sum.Files, sum.Bytes, sum.Allowed, sum.Ignored, sum.Binary = st.Files, st.Bytes, st.Allowed, st.Ignored, st.Binary
	for _, p := range st.Problems {
		sum.Problems = append(sum.Problems, p.Error())
		fmt.Fprintln(f.IO.ErrOut, "rakmigrate: scan: "+p.Error())
	}

	switch o.format {
	case "json":
		if findings == nil {
			findings = []secrets.Finding{}
		}
		if err := writeJSON(f.IO.Out, struct {
			Findings []secrets.Finding `json:"findings"`
			Summary  scanSummary       `json:"summary"`
		}{findings, sum}); err != nil {
			return err
		}
	case "sarif":
		if err := writeJSON(f.IO.Out, secrets.SARIF(findings, version)); err != nil {
			return err
		}
	}
	writeScanSummary(f.IO.ErrOut, sum, o.mode, st.Git)

	switch {
	case sum.Secrets > 0:
		return silentExit(ExitFindings)
	case len(sum.Problems) > 0:
		return withExit(ExitError, fmt.Errorf("scan: %d file(s) could not be read, so the tree is not known to be clean", len(sum.Problems)))
	}
	return nil
}

// severityColour is the ANSI colour of each severity on a terminal.
var severityColour = map[secrets.Severity]string{secrets.SeverityError: "\x1b[31m", secrets.SeverityInfo: "\x1b[36m"}

func writeScanText(w io.Writer, fd secrets.Finding, colour bool) {
	sev := string(fd.Severity)
	if colour {
		sev = severityColour[fd.Severity] + sev + "\x1b[0m"
	}
	fmt.Fprintf(w, "%s:%d:%d: %s %s: %s\n    %s\n", fd.Path, fd.Line, fd.Column, sev, fd.Rule, secrets.Describe(fd), fd.Preview)
}

func writeScanSummary(w io.Writer, s scanSummary, mode secrets.TreeMode, git bool) {
	what := map[secrets.TreeMode]string{secrets.Tracked: "tracked files", secrets.All: "files", secrets.Staged: "staged files"}[mode]
	if mode == secrets.Tracked && !git {
		what = "files (not a git repository: scanned everything)"
	}
	skipped := ""
	if s.Allowed+s.Ignored+s.Binary > 0 {
		skipped = fmt.Sprintf("; skipped: %d allowed inline, %d ignored paths, %d binary", s.Allowed, s.Ignored, s.Binary)
	}
	info := ""
	if s.Info > 0 {
		info = fmt.Sprintf(", %d publishable key(s) (info)", s.Info)
	}
	fmt.Fprintf(w, "rakmigrate scan: %d secret(s)%s in %d %s%s\n", s.Secrets, info, s.Files, what, skipped)
	if s.Secrets > 0 {
		fmt.Fprintln(w, "Remove each secret, then roll it in the Dashboard (a committed key is exposed): "+
			"https://dashboard.stripe.com/apikeys. Mark a deliberate fake with a rakmigrate:allow comment.")
	}
}
