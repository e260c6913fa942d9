package main

import "github.com/spf13/cobra"

// PLACEHOLDER: replaced by the issue that builds this command.
func newProposeCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "propose",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errNotBuilt("propose") },
	}
}
