package tui

import "github.com/charmbracelet/lipgloss"

// Styles is every look the wizard uses, in one place. NewStyles(false)
// returns a colourless set for NO_COLOR and dumb terminals: structure comes
// from text and borders, never from colour alone.
type Styles struct {
	App       lipgloss.Style
	Title     lipgloss.Style
	Tab       lipgloss.Style
	ActiveTab lipgloss.Style
	DoneTab   lipgloss.Style
	Header    lipgloss.Style // table headers
	Selected  lipgloss.Style // the row under the cursor
	Muted     lipgloss.Style
	Good      lipgloss.Style
	Warn      lipgloss.Style
	Bad       lipgloss.Style // errors, unmapped rows, denials
	Bar       lipgloss.Style
	Box       lipgloss.Style
	Status    lipgloss.Style
}

// NewStyles returns the wizard's styles, coloured or not.
func NewStyles(color bool) Styles {
	s := Styles{
		App:       lipgloss.NewStyle().Padding(0, 1),
		Title:     lipgloss.NewStyle().Bold(true),
		Tab:       lipgloss.NewStyle().Padding(0, 1),
		ActiveTab: lipgloss.NewStyle().Padding(0, 1).Bold(true).Underline(true),
		DoneTab:   lipgloss.NewStyle().Padding(0, 1),
		Header:    lipgloss.NewStyle().Bold(true),
		Selected:  lipgloss.NewStyle().Bold(true),
		Muted:     lipgloss.NewStyle(),
		Good:      lipgloss.NewStyle(),
		Warn:      lipgloss.NewStyle(),
		Bad:       lipgloss.NewStyle().Bold(true),
		Bar:       lipgloss.NewStyle(),
		Box:       lipgloss.NewStyle().Border(lipgloss.NormalBorder()).Padding(0, 1),
		Status:    lipgloss.NewStyle(),
	}
	if !color {
		return s
	}
	purple, green, yellow, red, grey := lipgloss.Color("99"), lipgloss.Color("42"), lipgloss.Color("214"), lipgloss.Color("203"), lipgloss.Color("245")
	s.Title = s.Title.Foreground(purple)
	s.ActiveTab = s.ActiveTab.Foreground(lipgloss.Color("231")).Background(purple).Underline(false)
	s.DoneTab = s.DoneTab.Foreground(green)
	s.Tab = s.Tab.Foreground(grey)
	s.Header = s.Header.Foreground(purple)
	s.Selected = s.Selected.Background(lipgloss.Color("237"))
	s.Muted = s.Muted.Foreground(grey)
	s.Good = s.Good.Foreground(green)
	s.Warn = s.Warn.Foreground(yellow)
	s.Bad = s.Bad.Foreground(red)
	s.Bar = s.Bar.Foreground(purple)
	s.Box = s.Box.BorderForeground(purple)
	s.Status = s.Status.Foreground(grey)
	return s
}
