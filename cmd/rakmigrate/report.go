package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/migrate"
)

func newReportCmd(f *Factory) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "report -m rak-manifest.yaml",
		Short: "Used / unused / can't-know per permission, against the secret key being replaced",
		Long: `report sets the proposed key against the secret key it replaces (which grants
everything): each permission is used (kept, with evidence), unused (dropped), or
can't-know (kept without evidence, or a call nobody can map), with the reduction in
plain numbers, the prefill links and the checklist to compare the Dashboard form with.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.Config.Manifest == "" {
				return usageError("report needs the manifest: -m rak-manifest.yaml")
			}
			if format != "text" && format != "json" {
				return usageError("--format %q: want text or json", format)
			}
			m, err := migrate.LoadManifest(f.Config.Manifest)
			if err != nil {
				return err
			}
			r := migrate.BuildReport(m, migrateAllPermissions())
			set := m.Granted()
			test, live := migrate.PrefillLink(set, m.Name, false), migrate.PrefillLink(set, m.Name, true)
			checklist := migrate.Checklist(set)
			if format == "json" {
				return writeJSON(f.IO.Out, map[string]any{"report": r, "prefill_link_test": test, "prefill_link_live": live, "checklist": checklist})
			}
			w := f.IO.Out
			fmt.Fprintf(w, "Key %q against the secret key it replaces: %s\n\n", m.Name, r.Sum.Summary)
			fmt.Fprintf(w, "  %-10s %-36s %s\n", "VERDICT", "PERMISSION", "WHY")
			for _, row := range r.Rows {
				if row.Verdict == migrate.VerdictUnused {
					continue
				}
				name := row.Permission
				if name == "?" {
					name = "? " + row.Label
				}
				fmt.Fprintf(w, "  %-10s %-36s %s\n", verdictText[row.Verdict], name, row.Why)
			}
			fmt.Fprintf(w, "\n%d used, %d can't know, %d unused (dropped; `--format json` lists them)\n", r.Sum.Used, r.Sum.CantKnow, r.Sum.Unused)
			fmt.Fprintf(w, "\nTest-mode key:\n  %s\nLive-mode key (after `rakmigrate plan`):\n  %s\n", test, live)
			printChecklist(w, checklist)
			return nil
		},
	}
	cmd.Flags().StringP("manifest", "m", "", "the manifest to report on")
	cmd.Flags().StringVar(&format, "format", "text", "text or json")
	return cmd
}

var verdictText = map[string]string{migrate.VerdictUsed: "used", migrate.VerdictUnused: "unused", migrate.VerdictCantKnow: "can't know"}
