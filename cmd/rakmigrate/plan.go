package main

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/migrate"
)

type planOptions struct {
	Format         string
	Output         string
	Soak           string
	AcceptUnmapped bool
	Envs           []string
}

func newPlanCmd(f *Factory) *cobra.Command {
	var opts planOptions
	cmd := &cobra.Command{
		Use:   "plan -m rak-manifest.yaml [--format markdown|json] [--soak 72h] [-o plan.md]",
		Short: "Write the live-mode rollout plan once the test key has run clean",
		Long: `plan writes the live-mode plan (live key, checklist and prefill link, IP
allowlist, one key per environment, where to keep it, rollout, rollback, what to do
if it leaks) only when the latest test round left no 403 unresolved and the key has
run clean for the soak window since its last change. Otherwise it exits 5 and lists
every reason.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.Config.Manifest == "" {
				return usageError("plan needs the manifest: -m rak-manifest.yaml")
			}
			if opts.Format != "markdown" && opts.Format != "md" && opts.Format != "json" {
				return usageError("--format %q: want markdown or json", opts.Format)
			}
			return runPlan(f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringP("manifest", "m", "", "the test-mode manifest")
	fl.StringVar(&opts.Format, "format", "markdown", "markdown or json")
	fl.StringVarP(&opts.Output, "output", "o", "", "write the plan to this file (default: stdout)")
	fl.StringVar(&opts.Soak, "soak", "72h", "how long the key must have run clean since its last change (e.g. 72h, 7d, 0)")
	fl.BoolVar(&opts.AcceptUnmapped, "accept-unmapped", false, "plan although calls with no known permission were never seen succeeding")
	fl.StringSliceVar(&opts.Envs, "env", []string{"production", "staging", "qa"}, "environments that each get their own key")
	return cmd
}

func runPlan(f *Factory, opts planOptions) error {
	soak, err := parseSpan(opts.Soak)
	if err != nil {
		return usageError("--soak: %v", err)
	}
	m, err := migrate.LoadManifest(f.Config.Manifest)
	if err != nil {
		return err
	}
	p, err := migrate.PlanLive(m, migrate.PlanOptions{Soak: soak, AcceptUnmapped: opts.AcceptUnmapped, Environments: opts.Envs,
		ManifestPath: f.Config.Manifest, Now: f.Now()})
	var gate *migrate.GateError
	if errors.As(err, &gate) {
		if opts.Format == "json" {
			if err := writeJSON(f.IO.Out, map[string]any{"ready": false, "reasons": gate.Reasons}); err != nil {
				return err
			}
		}
		return withExit(ExitNotReady, gate)
	}
	if err != nil {
		return err
	}
	var data []byte
	if opts.Format == "json" {
		if data, err = json.MarshalIndent(p, "", "  "); err != nil {
			return err
		}
		data = append(data, '\n')
	} else {
		data = []byte(p.Markdown())
	}
	if opts.Output == "" {
		_, err = f.IO.Out.Write(data)
		return err
	}
	if err := migrate.WriteFileAtomic(opts.Output, data); err != nil {
		return err
	}
	fmt.Fprintf(f.IO.ErrOut, "wrote the live-mode plan to %s\n", opts.Output)
	return nil
}
