package tui

import (
	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
)

// newInput returns the wizard's text field. The cursor does not blink: a
// steady cursor redraws nothing while the user reads, and renders the same
// in every test.
func newInput(limit int) textinput.Model {
	in := textinput.New()
	in.CharLimit = limit
	in.Cursor.SetMode(cursor.CursorStatic)
	return in
}
