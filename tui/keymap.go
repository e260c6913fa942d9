package tui

import "github.com/charmbracelet/bubbles/key"

// KeyMap is every key the wizard answers to. Screens read the bindings they
// use from here, so the help view and the behaviour never disagree.
type KeyMap struct {
	Next, Prev, Enter, Back                 key.Binding
	Up, Down, PageUp, PageDown, Top, Bottom key.Binding
	Help, Quit, ForceQuit                   key.Binding

	// Screen actions.
	Add, Demo, Tail, Filter, Exclude, Include key.Binding
	Copy, Paste, Load, Accept, AcceptAll      key.Binding
	Markdown, JSON, Propose                   key.Binding
}

// DefaultKeyMap is the wizard's keys.
func DefaultKeyMap() KeyMap {
	b := func(keys []string, k, h string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, h))
	}
	return KeyMap{
		Next:      b([]string{"tab"}, "tab", "next screen"),
		Prev:      b([]string{"shift+tab"}, "shift+tab", "previous screen"),
		Enter:     b([]string{"enter"}, "enter", "go on"),
		Back:      b([]string{"esc"}, "esc", "back"),
		Up:        b([]string{"up", "k"}, "↑/k", "up"),
		Down:      b([]string{"down", "j"}, "↓/j", "down"),
		PageUp:    b([]string{"pgup", "ctrl+u"}, "pgup", "page up"),
		PageDown:  b([]string{"pgdown", "ctrl+d"}, "pgdn", "page down"),
		Top:       b([]string{"home", "g"}, "g", "top"),
		Bottom:    b([]string{"end", "G"}, "G", "bottom"),
		Help:      b([]string{"?"}, "?", "help"),
		Quit:      b([]string{"q"}, "q", "quit (saved)"),
		ForceQuit: b([]string{"ctrl+c"}, "ctrl+c", "quit"),
		Add:       b([]string{"a"}, "a", "add a log"),
		Demo:      b([]string{"d"}, "d", "demo sample"),
		Tail:      b([]string{"t"}, "t", "live tail"),
		Filter:    b([]string{"/"}, "/", "filter"),
		Exclude:   b([]string{"x"}, "x", "exclude"),
		Include:   b([]string{"i"}, "i", "force in"),
		Copy:      b([]string{"c"}, "c", "copy link"),
		Paste:     b([]string{"p"}, "p", "paste a 403"),
		Load:      b([]string{"l"}, "l", "load a 403 log"),
		Accept:    b([]string{"enter"}, "enter", "accept fixes"),
		AcceptAll: b([]string{"A"}, "A", "accept all"),
		Markdown:  b([]string{"m"}, "m", "export Markdown"),
		JSON:      b([]string{"J"}, "J", "export JSON"),
		Propose:   b([]string{"enter"}, "enter", "propose the key"),
	}
}

// globalHelp lists the keys every screen shares.
func (k KeyMap) globalHelp() []key.Binding {
	return []key.Binding{k.Next, k.Prev, k.Back, k.Help, k.Quit}
}
