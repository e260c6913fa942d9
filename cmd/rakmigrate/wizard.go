package main

import (
	"context"
	"fmt"
)

// runWizard starts the interactive wizard, or explains the commands when
// there is no terminal to run it in.
func runWizard(ctx context.Context, f *Factory) error {
	_ = ctx
	if !f.IO.InTTY || !f.IO.OutTTY {
		fmt.Fprint(f.IO.ErrOut, noTerminalHelp)
		return silentExit(ExitUsage)
	}
	return errNotBuilt("wizard")
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
// terminal).
func runDemoWizard(ctx context.Context, f *Factory) error {
	_ = ctx
	return errNotBuilt("wizard")
}
