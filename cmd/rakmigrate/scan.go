package main

import "github.com/spf13/cobra"

// PLACEHOLDER: replaced by the issue that builds this command.
func newScanCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "scan",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errNotBuilt("scan") },
	}
}
