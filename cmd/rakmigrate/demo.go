package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/migrate"
)

func newDemoCmd(f *Factory) *cobra.Command {
	var (
		plain bool
		dir   string
	)
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "Run the whole flow on a bundled sample (the wizard on a terminal)",
		Long: `demo runs rakmigrate on a made-up checkout service: it imports two weeks of its
request logs, proposes the minimal key, folds in one test run's 403s, records four
clean days, and writes the live-mode plan. Everything goes into a fresh temporary
directory, printed at the end. On a terminal it opens the wizard instead (--plain
for the plain flow). No Stripe account is needed.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.IO.InTTY && f.IO.OutTTY && !plain {
				err := runDemoWizard(cmd.Context(), f)
				if err == nil || !strings.Contains(err.Error(), "not built yet") {
					return err
				}
				fmt.Fprintln(f.IO.ErrOut, "(the wizard is not available in this build: running the plain demo)")
			}
			return runDemoPlain(cmd.Context(), f, dir)
		},
	}
	cmd.Flags().BoolVar(&plain, "plain", false, "the plain flow even on a terminal")
	cmd.Flags().StringVar(&dir, "dir", "", "write into this new or empty directory instead of a temporary one")
	return cmd
}

func runDemoPlain(ctx context.Context, f *Factory, dir string) error {
	w := f.IO.Out
	var err error
	if dir == "" {
		if dir, err = os.MkdirTemp("", "rakmigrate-demo-*"); err != nil {
			return fmt.Errorf("demo: %w", err)
		}
	} else if err := requireEmptyDir(dir); err != nil {
		return err
	}
	files, err := migrate.WriteDemoInputs(dir)
	if err != nil {
		return err
	}
	cat, err := loadCatalog(f)
	if err != nil {
		return err
	}
	in := migrate.IngestOptions{Location: migrate.DemoLocation}

	paint := newMigratePaint(f)
	step := func(n int, title string) { fmt.Fprintf(w, "\n%s\n\n", paint.bold(fmt.Sprintf("== %d. %s", n, title))) }
	step(1, "Import: two weeks of the checkout service's request logs")
	u, err := migrate.Ingest(ctx, []string{files.Usage}, cat, in, nil)
	if err != nil {
		return err
	}
	first, last := u.Window()
	fmt.Fprintf(w, "%d requests from %s to %s, %d operations, %d unmapped\n", u.Requests(),
		first.Format("2006-01-02"), last.Format("2006-01-02"), len(u.Operations()), len(u.Unmapped()))
	for i, o := range u.Operations() {
		if i == 6 {
			fmt.Fprintf(w, "  … and %d more\n", len(u.Operations())-6)
			break
		}
		fmt.Fprintf(w, "  %5d×  %-45s → %s\n", o.Count, o.Operation(), o.Match.Operation.Permission)
	}

	step(2, "Propose the minimal test-mode key")
	m, err := migrate.Propose(u, migrate.ProposeOptions{Name: migrate.DemoName, Now: migrate.DemoProposeAt})
	if err != nil {
		return err
	}
	manifest := filepath.Join(dir, "rak-manifest.yaml")
	if err := m.Save(manifest); err != nil {
		return err
	}
	printProposal(w, paint, m, summarize(m, manifest))

	step(3, "Test run with the proposed key: fold in its 403s (round 1)")
	u403, err := migrate.Ingest(ctx, []string{files.Denials}, cat, in, nil)
	if err != nil {
		return err
	}
	r1, _, err := m.Iterate(u403, migrate.DemoRound1At)
	if err != nil {
		return err
	}
	printRound(w, paint, r1)

	step(4, "Four days with the fixed key: no 403 (round 2, the soak)")
	uClean, err := migrate.Ingest(ctx, []string{files.Clean}, cat, in, nil)
	if err != nil {
		return err
	}
	r2, _, err := m.Iterate(uClean, migrate.DemoRound2At)
	if err != nil {
		return err
	}
	printRound(w, paint, r2)
	if err := m.Save(manifest); err != nil {
		return err
	}

	step(5, "The live-mode plan")
	p, err := migrate.PlanLive(m, migrate.PlanOptions{Soak: migrate.DefaultSoak, ManifestPath: manifest, Now: migrate.DemoRound2At})
	var gate *migrate.GateError
	if errors.As(err, &gate) {
		fmt.Fprintln(w, gate.Error())
	} else if err != nil {
		return err
	}
	planMD, planJSON := filepath.Join(dir, "plan.md"), filepath.Join(dir, "plan.json")
	if p != nil {
		if err := migrate.WriteFileAtomic(planMD, []byte(p.Markdown())); err != nil {
			return err
		}
		b, err := json.MarshalIndent(p, "", "  ")
		if err != nil {
			return err
		}
		if err := migrate.WriteFileAtomic(planJSON, append(b, '\n')); err != nil {
			return err
		}
		fmt.Fprintf(w, "The gate is open: clean for %s since the last change (soak %s). Live key %q, %d permissions.\n",
			migrate.FormatDuration(p.Soak.Clean), migrate.FormatDuration(p.Soak.Required), p.LiveKeyName, len(p.Permissions))
	}

	fmt.Fprintf(w, "\nWrote into %s:\n", dir)
	for _, name := range []string{files.Usage, files.Denials, files.Clean, manifest, planMD, planJSON} {
		if ok, _ := fileExists(name); ok {
			fmt.Fprintf(w, "  %s\n", name)
		}
	}
	fmt.Fprintf(w, "\nNext: rakmigrate report -m %s   ·   rakmigrate plan -m %s --soak 72h\n", manifest, manifest)
	return nil
}

func requireEmptyDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	if len(entries) > 0 {
		return usageError("--dir %s is not empty: the demo writes into a fresh directory", dir)
	}
	return nil
}
