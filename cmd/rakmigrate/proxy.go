package main

import "github.com/spf13/cobra"

// PLACEHOLDER: replaced by the issue that builds this command.
func newProxyCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:    "proxy",
		Hidden: true,
		RunE:   func(*cobra.Command, []string) error { return errNotBuilt("proxy") },
	}
}
