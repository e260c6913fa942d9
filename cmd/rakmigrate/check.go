package main

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/migrate"
)

func newCheckCmd(f *Factory) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "check -m rak-manifest.yaml LOG...",
		Short: "CI: exit 1 when the logs need a permission the manifest lacks (drift)",
		Long: `check compares recent logs with the manifest. It exits 1 when the logs need a
permission the manifest does not grant, call something with no known permission
that the manifest does not list, or got a 403 no permission explains (drift); it
also lists permissions the window never
used and write permissions only used for reads. Exit 0 means no drift; 2 an error.`,
		Example: `  rakmigrate check -m rak-manifest.yaml logs/last-week.jsonl`,
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.Config.Manifest == "" {
				return usageError("check needs the manifest: -m rak-manifest.yaml")
			}
			if format != "text" && format != "json" {
				return usageError("--format %q: want text or json", format)
			}
			if err := migrateStdinCheck(f, args); err != nil {
				return err
			}
			m, err := migrate.LoadManifest(f.Config.Manifest)
			if err != nil {
				return err
			}
			u, _, err := ingestLogs(cmd.Context(), f, args, nil)
			if err != nil {
				return err
			}
			d := migrate.CheckDrift(m, u)
			if format == "json" {
				if err := writeJSON(f.IO.Out, map[string]any{"manifest": f.Config.Manifest, "drift": d.Drifted(), "report": d}); err != nil {
					return err
				}
			} else {
				printDrift(f, d)
			}
			if d.Drifted() {
				return silentExit(ExitFindings)
			}
			return nil
		},
	}
	cmd.Flags().StringP("manifest", "m", "", "the manifest the logs must fit")
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	addLogFlags(cmd)
	return cmd
}

func printDrift(f *Factory, d migrate.Drift) {
	w := f.IO.Out
	if !d.Drifted() {
		fmt.Fprintf(w, "no drift: the manifest covers all %d requests\n", d.Requests)
	}
	if len(d.Missing) > 0 {
		fmt.Fprintf(w, "DRIFT: the logs need %d permission(s) the manifest lacks:\n", len(d.Missing))
		for _, it := range d.Missing {
			fmt.Fprintf(w, "  + %-32s %6d×  %s\n", it.Permission, it.Count, strings.Join(it.Operations, ", "))
		}
		fmt.Fprintln(w, "  → add them: rakmigrate iterate -m "+f.Config.Manifest+" --add NAME (and in the Dashboard)")
	}
	if len(d.NewUnmapped) > 0 {
		fmt.Fprintf(w, "DRIFT: %d new call(s) with no known permission:\n", len(d.NewUnmapped))
		for _, u := range d.NewUnmapped {
			fmt.Fprintf(w, "  ? %-40s %6d×\n", u.Request, u.Count)
		}
	}
	for _, s := range d.Denied {
		fmt.Fprintf(w, "DRIFT: 403 no permission explains: %s\n", s)
	}
	if len(d.Unused) > 0 {
		fmt.Fprintf(w, "Unused in this window (%d): %s\n", len(d.Unused), strings.Join(d.Unused, ", "))
	}
	if len(d.Downgradable) > 0 {
		fmt.Fprintf(w, "Only read in this window (write could become read): %s\n", strings.Join(d.Downgradable, ", "))
	}
}
