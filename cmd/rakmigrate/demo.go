package main

import "github.com/spf13/cobra"

// PLACEHOLDER: replaced by the issue that builds this command.
func newDemoCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "demo",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errNotBuilt("demo") },
	}
}
