package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/rakmigrate/rakmigrate/migrate"
	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/secrets"
	"github.com/rakmigrate/rakmigrate/tui"
)

// defaultManifest is where the wizard saves when no -m is given.
const defaultManifest = "rak-manifest.yaml"

// runWizard starts the interactive wizard, or explains the commands when
// there is no terminal to run it in. With -m it reopens that manifest where
// the migration stands; a pipe on stdin is offered as a log source.
func runWizard(ctx context.Context, f *Factory) error {
	if !f.IO.OutTTY {
		fmt.Fprint(f.IO.ErrOut, noTerminalHelp)
		return silentExit(ExitUsage)
	}
	path := f.Config.Manifest
	var m *migrate.Manifest
	if path != "" {
		ok, err := fileExists(path)
		if err != nil {
			return fmt.Errorf("manifest %s: %w", path, err)
		}
		if ok {
			if m, err = migrate.LoadManifest(path); err != nil {
				return err
			}
		}
	} else {
		path = defaultManifest
		if ok, _ := fileExists(path); ok {
			// Never overwrite a manifest the user did not name.
			return usageError("%s already exists here: reopen it with `rakmigrate -m %s`, or run from another directory", path, path)
		}
	}
	return runTUI(ctx, f, wizardRun{path: path, manifest: m})
}

const noTerminalHelp = `rakmigrate: the wizard needs a terminal, and this is not one.

Use the commands instead:
  rakmigrate demo                         the whole flow on a bundled sample
  rakmigrate import LOG...                what the logs show
  rakmigrate propose LOG... -o rak-manifest.yaml
  rakmigrate iterate -m rak-manifest.yaml LOG...   fold in the 403s of a test run
  rakmigrate plan -m rak-manifest.yaml    the live-mode plan
Run 'rakmigrate --help' for every command.
`

// runDemoWizard opens the wizard on the bundled sample (`rakmigrate demo` on a
// terminal), working in a fresh temporary directory.
func runDemoWizard(ctx context.Context, f *Factory) error {
	dir, err := os.MkdirTemp("", "rakmigrate-demo-*")
	if err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	return runTUI(ctx, f, wizardRun{path: filepath.Join(dir, defaultManifest), demoDir: dir})
}

// wizardRun is what differs between `rakmigrate`, `rakmigrate -m` and the demo.
type wizardRun struct {
	path     string
	manifest *migrate.Manifest
	demoDir  string
}

func runTUI(ctx context.Context, f *Factory, run wizardRun) error {
	cat, err := loadCatalog(f)
	if err != nil {
		return err
	}
	opts, err := wizardIngestOptions(f)
	if err != nil {
		return err
	}
	stdinPipe := !f.IO.InTTY && run.demoDir == ""
	cfg := tui.MigrateConfig{
		Catalog:      cat,
		Ingest:       opts,
		ParseDenial:  wizardParseDenial,
		Now:          f.Now,
		ManifestPath: run.path,
		StripeBin:    f.Config.StripeBin,
		Environ:      f.Environ(),
		DemoDir:      run.demoDir,
		Demo:         run.demoDir != "",
	}
	if stdinPipe {
		cfg.Stdin = f.IO.In
	}
	term := wizardTerminal()
	app := tui.New(tui.Options{
		Engine:       tui.NewMigrateEngine(cfg),
		ManifestPath: run.path,
		Manifest:     run.manifest,
		Color:        f.ColorEnabled(),
		Demo:         run.demoDir != "",
		Stdin:        stdinPipe,
		Copy:         osc52Copier(term, f.Getenv),
	})
	progOpts := []tea.ProgramOption{tea.WithAltScreen(), tea.WithContext(ctx), tea.WithOutput(term)}
	if f.IO.InTTY {
		progOpts = append(progOpts, tea.WithInput(f.IO.In))
	} else {
		// Logs arrive on stdin: keys come from the terminal itself.
		progOpts = append(progOpts, tea.WithInputTTY())
	}
	_, err = tea.NewProgram(app, progOpts...).Run()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("wizard: %w", err)
	}
	s := app.Session()
	switch {
	case s.Manifest == nil:
		fmt.Fprintln(f.IO.ErrOut, "Nothing proposed yet; nothing was saved.")
	default:
		fmt.Fprintf(f.IO.ErrOut, "Manifest saved: %s\nReopen with: rakmigrate -m %s\n", run.path, run.path)
	}
	if run.demoDir != "" {
		fmt.Fprintf(f.IO.ErrOut, "Demo files are in %s\n", run.demoDir)
	}
	if err != nil {
		return withExit(ExitCancelled, err)
	}
	return nil
}

// wizardTerminal is where the wizard draws: the terminal itself (not the
// line-buffering redactor on f.IO.Out), so that bubbletea can size it and use
// the alternate screen. Every frame is redacted by the wizard before it is
// written (tui.App.View), and so is what it copies.
func wizardTerminal() io.Writer { return os.Stdout }

// wizardParseDenial reads a pasted 403 text.
var wizardParseDenial = permissions.ParseDenial

// wizardIngestOptions turns the settings into how logs are read.
func wizardIngestOptions(f *Factory) (migrate.IngestOptions, error) { return logReadOptions(f) }

// osc52Copier copies through the terminal (OSC-52), wrapped for tmux or
// screen when the wizard runs inside one; it works over SSH too.
func osc52Copier(w io.Writer, getenv func(string) string) func(string) error {
	return func(text string) error {
		seq := osc52.New(secrets.Redact(text))
		switch {
		case getenv("TMUX") != "":
			seq = seq.Tmux()
		case strings.HasPrefix(getenv("TERM"), "screen"):
			seq = seq.Screen()
		}
		_, err := seq.WriteTo(w)
		return err
	}
}
