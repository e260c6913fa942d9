package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/signal"
	"strings"

	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// commands lists every subcommand; each lives in its own file.
var commands = []func(*Factory) *cobra.Command{
	newImportCmd,
	newLookupCmd,
	newCatalogCmd,
	newProposeCmd,
	newIterateCmd,
	newPlanCmd,
	newCheckCmd,
	newReportCmd,
	newDemoCmd,
	newVerifyCmd,
	newProxyCmd,
	newTailCmd,
	newScanCmd,
	newHookCmd,
}

func newRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "rakmigrate",
		Short: "Move a Stripe integration from a secret key to a least-privilege restricted key",
		Long: `rakmigrate reads the request logs of the key you want to replace, proposes the
minimal restricted key (RAK), helps you fix each 403 in test mode, and writes the
live-mode rollout plan. Run it without arguments for the interactive wizard.`,
		Version:       version,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			c, err := loadConfig(cmd, f.Getenv)
			if err != nil {
				return withExit(ExitUsage, err)
			}
			f.Config = c
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error { return runWizard(cmd.Context(), f) },
	}
	root.Flags().StringP("manifest", "m", "", "reopen the wizard on this manifest")
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return withExit(ExitUsage, flagError(err)) })
	for _, c := range commands {
		root.AddCommand(c(f))
	}
	return root
}

// run executes the command line and returns the process exit code. Ctrl-C
// cancels the command's context.
func run(args []string, f *Factory) int {
	// Nearly every command maps requests through the catalog, whose first
	// parse takes a millisecond or two in a fresh process: do it on the other
	// core while the command line and the config are read.
	go permissions.Default()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return runContext(ctx, args, f)
}

// runContext is run under a context the caller controls (tests cancel it).
func runContext(ctx context.Context, args []string, f *Factory) int {
	root := newRootCmd(f)
	root.SetArgs(args)
	return execute(ctx, root, f)
}

// execute runs a built command tree and turns its error into an exit code,
// printing the message (redacted, like all output) on stderr.
func execute(ctx context.Context, root *cobra.Command, f *Factory) int {
	defer f.IO.Flush()
	err := root.ExecuteContext(ctx)
	if err != nil && isCobraUsageError(err) {
		err = withExit(ExitUsage, err)
	}
	code, msg := exitCode(err)
	if msg != "" {
		fmt.Fprintln(f.IO.ErrOut, "rakmigrate: "+msg)
		if code == ExitUsage {
			fmt.Fprintln(f.IO.ErrOut, "Run 'rakmigrate --help' for usage.")
		}
	}
	return code
}

// isCobraUsageError recognises cobra's own argument errors (unknown command,
// wrong number of args), which it returns as plain errors.
func isCobraUsageError(err error) bool {
	var ee *exitError
	if errors.As(err, &ee) {
		return false
	}
	msg := err.Error()
	for _, p := range []string{"unknown command", "accepts ", "requires at least", "requires at most", "unknown flag", "unknown shorthand"} {
		if strings.Contains(msg, p) {
			return true
		}
	}
	return false
}

func fileExists(name string) (bool, error) {
	_, err := os.Stat(name)
	if err == nil {
		return true, nil
	}
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return false, err
}

// flagError drops the argument pflag quotes back in its errors ("unknown
// shorthand flag: 'x' in -xVALUE"): the argument may be a key someone typed
// after a flag, and only key-shaped values would be caught by the redactor.
func flagError(err error) error {
	msg := err.Error()
	if i := strings.Index(msg, " in -"); i >= 0 {
		return errors.New(msg[:i])
	}
	return err
}
