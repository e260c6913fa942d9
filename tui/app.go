package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"

	"github.com/rakmigrate/rakmigrate/secrets"
)

// screenID names the wizard's screens, in the order a migration takes.
type screenID int

const (
	screenSources screenID = iota
	screenReview
	screenKey
	screenIterate
	screenPlan
	screenCount
)

var screenTitles = [screenCount]string{"Sources", "Review", "Key", "Iterate", "Plan"}

func (s screenID) String() string { return screenTitles[s] }

// screen is what every screen model implements. Screens are pointers that
// update in place; the router owns them.
type screen interface {
	// Update handles a message; keys arrive only while the screen is shown.
	Update(msg tea.Msg) tea.Cmd
	// View renders the screen's body in width×height cells.
	View(width, height int) string
	// Help lists the screen's own keys for the help bar.
	Help() []key.Binding
	// Capturing is true while a text input has focus: then every key,
	// including q and tab, goes to the screen.
	Capturing() bool
	// Enter is called each time the screen is shown.
	Enter() tea.Cmd
}

// Default layout when the terminal has not told its size yet.
const (
	defaultWidth  = 80
	defaultHeight = 24
)

// App is the wizard's root model: it routes to one screen at a time and
// draws the frame (tabs, status, help) around it.
type App struct {
	s       *Session
	screens [screenCount]screen
	current screenID
	width   int
	height  int
	help    help.Model
	full    bool // full help shown
	status  string
	bad     bool
	quiting bool
	// The last frame drawn, before and after redaction.
	lastRaw, lastFrame string
}

// New returns the wizard for opts.
func New(opts Options) *App {
	s := &Session{
		Engine:   opts.Engine,
		Styles:   NewStyles(opts.Color),
		Keys:     DefaultKeyMap(),
		Opts:     opts,
		Manifest: opts.Manifest,
		Path:     opts.ManifestPath,
	}
	a := &App{s: s, width: defaultWidth, height: defaultHeight, help: help.New()}
	a.help.Styles.ShortKey = s.Styles.Title
	a.help.Styles.FullKey = s.Styles.Title
	a.screens = [screenCount]screen{
		newSourcesScreen(s),
		newReviewScreen(s),
		newKeyScreen(s),
		newIterateScreen(s),
		newPlanScreen(s),
	}
	a.current = resumeAt(s)
	return a
}

// resumeAt is the screen a reopened manifest continues on: where the next
// step of the migration is.
func resumeAt(s *Session) screenID {
	m := s.Manifest
	switch {
	case m == nil:
		return screenSources
	case len(m.Rounds) > 0:
		return screenIterate
	default:
		return screenKey
	}
}

// Init starts the first screen.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{a.screens[a.current].Enter()}
	if a.s.Manifest != nil {
		cmds = append(cmds, planCmd(a.s.Engine, a.s.Manifest))
	}
	return tea.Batch(cmds...)
}

// Current reports the screen shown (for tests and the end-to-end check).
func (a *App) Current() string { return a.current.String() }

// Session exposes the shared state (for tests and the command's exit message).
func (a *App) Session() *Session { return a.s }

// Update routes a message.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.help.Width = msg.Width
		return a, nil
	case tea.KeyMsg:
		return a, a.handleKey(msg)
	case gotoMsg:
		return a, a.show(msg.to)
	case statusMsg:
		a.status, a.bad = msg.text, msg.bad
		return a, nil
	case manifestChangedMsg:
		var enter tea.Cmd
		if msg.next != nil {
			enter = a.show(*msg.next)
		}
		a.status, a.bad = msg.what, false
		return a, tea.Batch(enter, saveCmd(a.s.Engine, a.s.Manifest, a.s.Path), planCmd(a.s.Engine, a.s.Manifest))
	case savedMsg:
		if msg.err != nil {
			a.status, a.bad = "not saved: "+msg.err.Error(), true
		} else {
			a.s.Saved = msg.at
		}
		return a, nil
	case planMsg:
		a.s.Plan, a.s.PlanErr = msg.res, msg.err
	case copiedMsg:
		if msg.err != nil {
			a.status, a.bad = "could not copy "+msg.what+": "+msg.err.Error(), true
		} else {
			a.status, a.bad = "copied "+msg.what+" to the clipboard", false
		}
		return a, nil
	case exportedMsg:
		if msg.err != nil {
			a.status, a.bad = msg.err.Error(), true
		} else {
			a.status, a.bad = "wrote "+msg.path, false
		}
		return a, nil
	}
	// Everything else (progress, results) goes to every screen: each
	// picks out what it started.
	var cmds []tea.Cmd
	for _, sc := range a.screens {
		cmds = append(cmds, sc.Update(msg))
	}
	return a, tea.Batch(cmds...)
}

func (a *App) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := a.s.Keys
	cur := a.screens[a.current]
	if key.Matches(msg, k.ForceQuit) {
		return a.quit()
	}
	if cur.Capturing() {
		return cur.Update(msg)
	}
	switch {
	case key.Matches(msg, k.Quit):
		return a.quit()
	case key.Matches(msg, k.Help):
		a.full = !a.full
		return nil
	case a.full && key.Matches(msg, k.Back):
		a.full = false
		return nil
	case key.Matches(msg, k.Next):
		return a.show(a.current + 1)
	case key.Matches(msg, k.Prev), key.Matches(msg, k.Back):
		if a.current > 0 {
			return a.show(a.current - 1)
		}
		return nil
	}
	return cur.Update(msg)
}

// show moves to a screen when it can be reached: every screen after
// Sources needs a proposed key.
func (a *App) show(to screenID) tea.Cmd {
	if to < 0 || to >= screenCount || to == a.current {
		return nil
	}
	if to > screenSources && a.s.Manifest == nil {
		a.status, a.bad = "add a log and press enter to propose the key first", true
		return nil
	}
	a.current = to
	a.status, a.bad = "", false
	return a.screens[to].Enter()
}

// quit saves the manifest (a last, synchronous write: the program is
// ending) and stops.
func (a *App) quit() tea.Cmd {
	a.quiting = true
	if a.s.Manifest != nil && a.s.Path != "" {
		if err := a.s.Engine.Save(a.s.Manifest, a.s.Path); err != nil {
			a.status, a.bad = "not saved: "+err.Error(), true
		}
	}
	return tea.Quit
}

// View draws the frame. Everything drawn goes through the redactor: a key
// pasted into a 403 or read from a log never reaches the terminal.
func (a *App) View() string {
	if a.quiting {
		return ""
	}
	raw := a.render()
	// bubbletea asks for a frame after every message, and most frames are
	// unchanged: redacting (a regexp pass) only what is new keeps it cheap.
	if raw != a.lastRaw {
		a.lastRaw, a.lastFrame = raw, secrets.Redact(raw)
	}
	return a.lastFrame
}

func (a *App) render() string {
	st := a.s.Styles
	w, h := a.width, a.height
	inner := max(w-2, 20)
	header := a.tabs()
	footer := a.footer(inner)
	bodyH := h - lipgloss.Height(header) - lipgloss.Height(footer)
	var body string
	if a.full {
		body = a.help.FullHelpView(a.fullHelp())
	} else {
		body = a.screens[a.current].View(inner, max(bodyH, 3))
	}
	body = fit(body, inner, max(bodyH, 3))
	frame := st.App.Render(lipgloss.JoinVertical(lipgloss.Left, header, body, footer))
	return fit(frame, w, h)
}

func (a *App) tabs() string {
	st := a.s.Styles
	parts := []string{st.Title.Render("rakmigrate")}
	for i := screenID(0); i < screenCount; i++ {
		label := fmt.Sprintf("%d %s", i+1, i)
		switch {
		case i == a.current:
			parts = append(parts, st.ActiveTab.Render("["+label+"]"))
		case i < a.current:
			parts = append(parts, st.DoneTab.Render(label))
		default:
			parts = append(parts, st.Tab.Render(label))
		}
	}
	return strings.Join(parts, " ") + "\n"
}

func (a *App) footer(width int) string {
	st := a.s.Styles
	var line string
	if a.status != "" {
		line = a.status
		if a.bad {
			line = st.Bad.Render(line)
		}
	} else {
		line = st.Status.Render(a.saveState())
	}
	bindings := append(a.screens[a.current].Help(), a.s.Keys.globalHelp()...)
	a.help.Width = width
	return truncate(line, width) + "\n" + truncate(a.help.ShortHelpView(bindings), width)
}

func (a *App) saveState() string {
	switch {
	case a.s.Manifest == nil:
		return "nothing to save yet"
	case a.s.Path == "":
		return "manifest not saved (no path)"
	case a.s.Saved.IsZero():
		return "manifest: " + a.s.Path
	default:
		return "saved " + a.s.Path
	}
}

func (a *App) fullHelp() [][]key.Binding {
	k := a.s.Keys
	return [][]key.Binding{
		a.screens[a.current].Help(),
		{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
		{k.Next, k.Prev, k.Enter, k.Back, k.Help, k.Quit, k.ForceQuit},
	}
}
