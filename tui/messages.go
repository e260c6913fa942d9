package tui

import (
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/rakmigrate/rakmigrate/migrate"
)

// Messages the wizard's commands send back. Each side effect has one.
type (
	// ingestProgressMsg carries a snapshot of a running ingest.
	ingestProgressMsg struct {
		job int
		p   Progress
		ch  <-chan tea.Msg
	}
	// ingestDoneMsg ends an ingest.
	ingestDoneMsg struct {
		job int
		in  *Ingested
		err error
	}
	proposedMsg struct {
		m   *migrate.Manifest
		err error
	}
	savedMsg struct {
		path string
		at   time.Time
		err  error
	}
	planMsg struct {
		res *PlanResult
		err error
	}
	copiedMsg struct {
		what string
		err  error
	}
	exportedMsg struct {
		path string
		err  error
	}
	// manifestChangedMsg says a screen changed the manifest: save it and
	// refresh the gate.
	manifestChangedMsg struct {
		what string
		next *screenID // a screen to show once the change is recorded
	}
	// gotoMsg asks the router to show a screen.
	gotoMsg struct{ to screenID }
	// statusMsg is a line for the status bar.
	statusMsg struct {
		text string
		bad  bool
	}
)

func status(text string) tea.Cmd  { return func() tea.Msg { return statusMsg{text: text} } }
func failure(text string) tea.Cmd { return func() tea.Msg { return statusMsg{text: text, bad: true} } }
func goTo(to screenID) tea.Cmd    { return func() tea.Msg { return gotoMsg{to: to} } }
func changed(what string) tea.Cmd { return func() tea.Msg { return manifestChangedMsg{what: what} } }
