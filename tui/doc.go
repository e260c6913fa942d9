// Package tui is rakmigrate's interactive wizard: a bubbletea program that
// walks a user from request logs to a live-mode rollout plan.
//
// A root model (App) routes keys and messages to one model per screen
// (Sources, Review, Key, Iterate, Plan); they share one Styles, one KeyMap
// and one Session holding the manifest. Every side effect — reading logs,
// saving the manifest, copying to the clipboard, exporting the plan — runs in
// a tea.Cmd that reports back with a typed message, so the UI never blocks.
//
// The wizard only renders and drives the migration engine through the Engine
// interface (see engine.go); it never parses logs or talks to Stripe itself.
// Every frame it draws passes through secrets.Redact.
package tui
