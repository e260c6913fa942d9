package tui

import (
	"time"

	"github.com/rakmigrate/rakmigrate/migrate"
)

// Options configure a wizard run.
type Options struct {
	Engine Engine
	// ManifestPath is where the manifest is saved on every accepted change.
	ManifestPath string
	// Manifest is a manifest loaded with -m; the wizard reopens on it.
	Manifest *migrate.Manifest
	// Name names a new key ("checkout-service").
	Name string
	// Color is false for NO_COLOR and terminals without colour.
	Color bool
	// Demo loads the bundled sample on start.
	Demo bool
	// Stdin is true when the wizard was started on a pipe it may read.
	Stdin bool
	// Copy puts text on the user's clipboard (OSC-52); nil disables copying.
	Copy func(string) error
	// ExportDir is where the plan is exported; "" means next to the manifest.
	ExportDir string
}

// Session is the state every screen shares: the engine, the look, the keys
// and the manifest being built.
type Session struct {
	Engine   Engine
	Styles   Styles
	Keys     KeyMap
	Opts     Options
	Manifest *migrate.Manifest
	Path     string
	// Saved is when the manifest was last written, zero before the first save.
	Saved time.Time
	// DemoDenials are the demo's test-run logs, offered one at a time on the
	// Iterate screen.
	DemoDenials []Source
	// Gate is the live plan's status, refreshed after every change.
	Plan    *PlanResult
	PlanErr error
}
