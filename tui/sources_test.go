package tui

import (
	"errors"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestSourcesAddFileReadsAndProposes(t *testing.T) {
	h := newHarness(t, Options{})
	h.mustSee("[1 Sources]", "No sources yet.")
	h.keys("a", "logs/a.jsonl", "enter")
	h.mustSee("logs/a.jsonl", "tail-json", "1200", "done")
	if h.app.Current() != "Sources" {
		t.Fatalf("moved on before enter: %s", h.app.Current())
	}
	h.keys("enter")
	if h.eng.proposed != 1 || h.app.Session().Manifest == nil {
		t.Fatalf("enter did not propose (proposed=%d)", h.eng.proposed)
	}
	if h.app.Current() != "Review" {
		t.Fatalf("after proposing: on %s, want Review", h.app.Current())
	}
	if len(h.eng.saves) == 0 || h.eng.saves[0] != "rak-manifest.yaml" {
		t.Fatalf("the proposal was not saved: %v", h.eng.saves)
	}
}

func TestSourcesGlobAddsEveryMatch(t *testing.T) {
	h := newHarness(t, Options{})
	h.keys("a", "logs/*", "enter")
	h.mustSee("logs/a.jsonl", "logs/b.jsonl", "34")
}

func TestSourcesBadPathSaysWhatToDo(t *testing.T) {
	h := newHarness(t, Options{})
	h.keys("a", "nope.log", "enter")
	h.mustSee("nope.log does not exist; check the path")
	h.keys("enter")
	h.mustSee("add a log first")
	if h.eng.proposed != 0 {
		t.Fatal("proposed from nothing")
	}
}

func TestSourcesEscCancelsInputAndKeysGoToInput(t *testing.T) {
	h := newHarness(t, Options{})
	h.keys("a", "q") // q is typed, not quit
	if !h.app.screens[screenSources].Capturing() {
		t.Fatal("the path field lost focus")
	}
	h.mustSee("log path or glob: q")
	h.keys("esc")
	h.mustNotSee("log path or glob:")
}

func TestSourcesShowsProblemsInPlainWords(t *testing.T) {
	h := newHarness(t, Options{})
	h.eng.problems["logs/a.jsonl"] = "logs/a.jsonl:17: not JSON (skipped)"
	h.keys("a", "logs/a.jsonl", "enter")
	h.mustSee("1 malformed record skipped", "logs/a.jsonl:17: not JSON")
}

func TestSourcesIngestFailure(t *testing.T) {
	h := newHarness(t, Options{})
	h.eng.ingestErr = errors.New("logs/a.jsonl: permission denied")
	h.keys("a", "logs/a.jsonl", "enter")
	h.mustSee("failed", "permission denied")
}

func TestDemoLoadsAndProposesOnItsOwn(t *testing.T) {
	h := newHarness(t, Options{Demo: true})
	if h.app.Current() != "Review" {
		t.Fatalf("demo: on %s, want Review after the automatic proposal", h.app.Current())
	}
	if len(h.app.Session().DemoDenials) != 1 {
		t.Fatal("the demo's 403 log is not offered for Iterate")
	}
}

func TestNavigationNeedsAProposal(t *testing.T) {
	h := newHarness(t, Options{})
	h.keys("tab")
	if h.app.Current() != "Sources" {
		t.Fatalf("tab without a key went to %s", h.app.Current())
	}
	h.mustSee("propose the key first")
}

func TestSourcesProgressBarWhileReading(t *testing.T) {
	h := newHarness(t, Options{})
	src := h.app.screens[screenSources].(*sourcesScreen)
	_ = src.add([]Source{{Kind: SourceFile, Name: "big-1.jsonl"}, {Kind: SourceFile, Name: "big-2.jsonl"}}) // not run: progress is sent by hand
	h.app.Update(ingestProgressMsg{job: src.nextJob, p: Progress{Source: "big-1.jsonl", Requests: 5000, Done: 512 << 10, Total: 1024 << 10}, ch: make(chan tea.Msg)})
	h.mustSee("big-1.jsonl", "big-2.jsonl", "reading", " 50% 5000 requests in 2 files", "█")
	h.keys("enter")
	h.mustSee("still reading")
}

func TestSourcesTailIsStreamingUntilStopped(t *testing.T) {
	h := newHarness(t, Options{})
	src := h.app.screens[screenSources].(*sourcesScreen)
	_ = src.add([]Source{{Kind: SourceTail, Name: "stripe logs tail"}})
	h.app.Update(ingestProgressMsg{job: src.nextJob, p: Progress{Source: "stripe logs tail", Requests: 12}, ch: make(chan tea.Msg)})
	h.mustSee("stripe logs tail", "streaming… 12 requests", "s stop tail")
}

func TestSourcesReadsThePipeItWasStartedOn(t *testing.T) {
	eng := newFakeEngine()
	eng.files["stdin (pipe)"] = 77
	h := newHarness(t, Options{Stdin: true, Engine: eng})
	h.mustSee("stdin (pipe)", "77", "done")
	h.keys("enter")
	if h.app.Current() != "Review" {
		t.Fatalf("on %s after enter", h.app.Current())
	}
}

func TestSourcesTailThatCannotStart(t *testing.T) {
	h := newHarness(t, Options{})
	h.eng.ingestErr = errors.New("cannot start stripe logs tail: executable file not found (install the Stripe CLI or set --stripe-bin)")
	h.keys("t")
	h.mustSee("stripe logs tail", "failed", "install the Stripe CLI")
	h.mustNotSee("done reading")
}

func TestSourcesAsksBeforeReplacingAManifestWithHistory(t *testing.T) {
	m := sampleManifest()
	m.Rounds = append(m.Rounds, roundFixture())
	h := newHarness(t, Options{Manifest: m})
	h.send(gotoMsg{to: screenSources})
	h.keys("a", "logs/b.jsonl", "enter", "enter")
	if h.eng.proposed != 0 {
		t.Fatal("replaced the manifest without asking")
	}
	h.mustSee("proposing again replaces the key in rak-manifest.yaml, with its 1 round")
	h.keys("enter")
	if h.eng.proposed != 1 {
		t.Fatal("the second enter did not propose")
	}
}
