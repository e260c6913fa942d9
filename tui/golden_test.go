package tui

import (
	"bytes"
	"os"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/muesli/termenv"
)

func TestMain(m *testing.M) {
	// Goldens hold text, not colours: pin the profile whatever the terminal.
	lipgloss.SetColorProfile(termenv.Ascii)
	os.Exit(m.Run())
}

// wizardProgram runs the demo flow in a real bubbletea program at 100×30.
func wizardProgram(t *testing.T) (*teatest.TestModel, *fakeEngine) {
	eng := newFakeEngine()
	eng.denials = []Denial{{Request: "POST /v1/refunds", Kind: "specific", Fix: []string{"charge_write"}},
		{Request: "GET /v1/balance", Kind: "generic", Advice: "Stripe did not say which permission: look the call up"}}
	app := New(Options{Engine: eng, Demo: true, Color: true, ManifestPath: "demo/rak-manifest.yaml"})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(100, 30))
	t.Cleanup(func() { _ = tm.Quit() })
	return tm, eng
}

func waitText(t *testing.T, tm *teatest.TestModel, text string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(text)) },
		teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// finalView stops the program and returns its last frame.
func finalView(t *testing.T, tm *teatest.TestModel) string {
	t.Helper()
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	return tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).View()
}

func TestGoldenReview(t *testing.T) {
	tm, _ := wizardProgram(t)
	waitText(t, tm, "proposed 3 permissions") // Review, settled: its status line comes last
	golden.RequireEqual(t, finalView(t, tm))
}

func TestGoldenKey(t *testing.T) {
	tm, _ := wizardProgram(t)
	waitText(t, tm, "proposed 3 permissions") // Review, settled: its status line comes last
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitText(t, tm, "Create it in the Dashboard")
	golden.RequireEqual(t, finalView(t, tm))
}

func TestGoldenIterate(t *testing.T) {
	tm, _ := wizardProgram(t)
	waitText(t, tm, "proposed 3 permissions") // Review, settled: its status line comes last
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitText(t, tm, "[3 Key]")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitText(t, tm, "[4 Iterate]")
	tm.Type("d")
	waitText(t, tm, "2 denials waiting")
	golden.RequireEqual(t, finalView(t, tm))
}

func TestGoldenPlan(t *testing.T) {
	tm, eng := wizardProgram(t)
	waitText(t, tm, "proposed 3 permissions") // Review, settled: its status line comes last
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	waitText(t, tm, "[3 Key]")
	tm.Send(tea.KeyMsg{Type: tea.KeyTab})
	waitText(t, tm, "[4 Iterate]")
	tm.Type("d")
	waitText(t, tm, "2 denials waiting")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitText(t, tm, "round 1: added")
	tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	waitText(t, tm, "Live-mode plan") // the plan's own heading: the plan has arrived
	view := finalView(t, tm)
	golden.RequireEqual(t, view)
	if len(eng.applied) != 1 {
		t.Fatalf("rounds: %v", eng.applied)
	}
}

func TestGoldenNoColor(t *testing.T) {
	app := New(Options{Engine: newFakeEngine(), Manifest: sampleManifest(), ManifestPath: "rak-manifest.yaml"})
	tm := teatest.NewTestModel(t, app, teatest.WithInitialTermSize(80, 24))
	waitText(t, tm, "[3 Key]")
	golden.RequireEqual(t, finalView(t, tm))
}
