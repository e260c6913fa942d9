package main

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/internal/plural"
	"github.com/rakmigrate/rakmigrate/migrate"
	"github.com/rakmigrate/rakmigrate/permissions"
)

func newIterateCmd(f *Factory) *cobra.Command {
	var (
		format string
		adds   []string
	)
	cmd := &cobra.Command{
		Use:   "iterate -m rak-manifest.yaml LOG...|-",
		Short: "Fold the 403s of a test run into the manifest as a new round",
		Long: `iterate reads the logs of a test run with the restricted key (stripe logs tail
output, application or SDK logs with 403 texts, HAR files, "-" for stdin), turns each
403 into the permission that fixes it, and records a new round in the manifest: what
was added, from which request, when. 403s no permission fixes are listed with what
to do. Re-running on the same input changes nothing.

Exit codes: 0 the round left nothing unresolved; 4 some 403s remain unresolved;
2 error.`,
		Example: `  rakmigrate iterate -m rak-manifest.yaml test-run.log
  stripe logs tail | rakmigrate iterate -m rak-manifest.yaml -
  rakmigrate iterate -m rak-manifest.yaml --add invoice_read   # answer a generic 403 by hand`,
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.Config.Manifest == "" {
				return usageError("iterate needs the manifest: -m rak-manifest.yaml")
			}
			if len(args) == 0 && len(adds) == 0 {
				return usageError("iterate needs the logs of a test run (or - for stdin), or --add NAME")
			}
			if format != "text" && format != "json" {
				return usageError("--format %q: want text or json", format)
			}
			if err := migrateStdinCheck(f, args); err != nil {
				return err
			}
			add, err := parsePermissionFlags("--add", adds)
			if err != nil {
				return withExit(ExitUsage, err)
			}
			return runIterate(cmd, f, args, add, format)
		},
	}
	cmd.Flags().StringP("manifest", "m", "", "the manifest to update")
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	cmd.Flags().StringSliceVar(&adds, "add", nil, "grant a permission by hand in this round (e.g. after a generic 403)")
	addLogFlags(cmd)
	return cmd
}

func runIterate(cmd *cobra.Command, f *Factory, args []string, add []permissions.Permission, format string) error {
	path := f.Config.Manifest
	m, err := migrate.LoadManifest(path)
	if err != nil {
		return err
	}
	var rounds []migrate.Round
	changed := false
	if len(add) > 0 {
		r, ch, err := m.Grant(add, "rakmigrate iterate --add", f.Now())
		if err != nil {
			return err
		}
		if ch {
			rounds, changed = append(rounds, r), true
		}
	}
	var round migrate.Round
	if len(args) > 0 {
		u, _, err := ingestLogs(cmd.Context(), f, args, nil)
		if err != nil {
			// Ctrl-C on `stripe logs tail | rakmigrate iterate -`: what was read
			// still makes a round.
			if !errors.Is(err, context.Canceled) || u == nil || u.Requests() == 0 {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, "interrupted: folding in the %s read so far\n", plural.Count(u.Requests(), "request"))
		}
		printSourcesSummary(f.IO.ErrOut, u)
		r, ch, err := m.Iterate(u, f.Now())
		if err != nil {
			return err
		}
		round = r
		if ch {
			changed = true
			rounds = append(rounds, r)
		} else {
			fmt.Fprintf(f.IO.ErrOut, "nothing new: round %d already holds this input; %s is unchanged\n", r.N, path)
		}
	}
	if changed {
		if err := m.Save(path); err != nil {
			return err
		}
	}
	if len(rounds) == 0 && len(args) > 0 {
		rounds = []migrate.Round{round}
	}
	if format == "json" {
		if err := writeJSON(f.IO.Out, map[string]any{"manifest": path, "changed": changed, "rounds": rounds}); err != nil {
			return err
		}
	} else {
		for _, r := range rounds {
			printRound(f.IO.Out, newMigratePaint(f), r)
		}
		added := 0
		for _, r := range rounds {
			added += len(r.Added)
		}
		switch {
		case changed && added > 0:
			fmt.Fprintf(f.IO.Out, "\nUpdated %s. Add the permissions to the test key in the Dashboard (checklist: rakmigrate report -m %s), run your tests again, then iterate on the new logs.\n", path, path)
		case changed:
			fmt.Fprintf(f.IO.Out, "\nRecorded in %s.\n", path)
		}
	}
	if len(args) > 0 && len(round.Unresolved) > 0 {
		return silentExit(ExitUnresolved)
	}
	return nil
}

func printRound(w io.Writer, paint migratePaint, r migrate.Round) {
	fmt.Fprint(w, paint.bold(fmt.Sprintf("Round %d: %s, %s", r.N, plural.Count(r.Requests, "request"), plural.Count(r.Denials, "403"))))
	if r.Stale > 0 {
		fmt.Fprintf(w, " (%d from before the last change, already fixed)", r.Stale)
	}
	fmt.Fprintln(w)
	if len(r.Added) == 0 && len(r.Unresolved) == 0 {
		fmt.Fprintln(w, "  "+paint.green("clean")+": no permission missing")
	}
	for _, a := range r.Added {
		fmt.Fprintf(w, "  %s %-32s %s\n", paint.green("+"), a.Name, paint.faint(a.From))
	}
	if len(r.Unresolved) > 0 {
		fmt.Fprintln(w, paint.red(fmt.Sprintf("Unresolved (%d):", len(r.Unresolved))))
		for _, u := range r.Unresolved {
			fmt.Fprintf(w, "  %s %s on %s (%d×", paint.red("!"), u.Kind, u.Request, u.Count)
			if u.Example != "" {
				fmt.Fprintf(w, ", e.g. %s", u.Example)
			}
			fmt.Fprintf(w, ")\n    → %s\n", u.Todo)
		}
	}
}
