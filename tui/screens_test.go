package tui

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

func TestKeyScreenMatrixLinkChecklistIPs(t *testing.T) {
	h := reopened(t, screenKey)
	h.mustSee("[3 Key]", "Key checkout · test mode · 3 permissions", "Core", "None  Read  Write",
		"PaymentIntents Write", "(•)", "https://dashboard.stripe.com/test/apikeys/create?name=checkout")
	h.keys("G")
	h.mustSee("[ ] Core › Charges Write", "IP allowlist", "203.0.113.7 (1000)", "one stable IP")
}

func TestKeyScreenShowsEveryRowOnRequest(t *testing.T) {
	h := reopened(t, screenKey)
	h.mustNotSee("Balance")
	h.keys("a")
	h.mustSee("Balance", "(•)   ( )    -")
	h.keys("a")
	h.mustNotSee("Balance")
}

func TestKeyScreenCopiesTheLink(t *testing.T) {
	var copied string
	h := newHarness(t, Options{Manifest: sampleManifest(), Copy: func(s string) error { copied = s; return nil }})
	h.send(gotoMsg{to: screenKey})
	h.keys("c")
	if !strings.HasPrefix(copied, "https://dashboard.stripe.com/test/apikeys/create?name=checkout&permissions[]=rak_") {
		t.Fatalf("copied %q", copied)
	}
	h.mustSee("copied the prefill link to the clipboard")
}

func TestKeyScreenWithoutClipboard(t *testing.T) {
	h := reopened(t, screenKey)
	h.keys("c")
	h.mustSee("could not copy the prefill link")
}

func TestReopenedManifestResumesWhereItStood(t *testing.T) {
	m := sampleManifest()
	if got := New(Options{Engine: newFakeEngine(), Manifest: m}).Current(); got != "Key" {
		t.Fatalf("proposed, never tested: resumes on %s, want Key", got)
	}
	m.Rounds = append(m.Rounds, roundFixture())
	if got := New(Options{Engine: newFakeEngine(), Manifest: m}).Current(); got != "Iterate" {
		t.Fatalf("with rounds: resumes on %s, want Iterate", got)
	}
	if got := New(Options{Engine: newFakeEngine()}).Current(); got != "Sources" {
		t.Fatalf("fresh: starts on %s", got)
	}
}

func TestIteratePasteAcceptRecordsRound(t *testing.T) {
	h := reopened(t, screenIterate)
	h.mustSee("[4 Iterate]", "live plan: 1 blocker", "No rounds yet.")
	h.keys("p", "Having the 'rak_subscription_read' permission would allow this request to continue.", "enter")
	h.mustSee("1 denials waiting", "→ grant subscription_read")
	saves := len(h.eng.saves)
	h.keys("enter")
	if len(h.eng.applied) != 1 {
		t.Fatalf("rounds applied: %v", h.eng.applied)
	}
	if len(h.eng.saves) <= saves {
		t.Fatal("the round was not saved")
	}
	h.mustSee("round 1: added subscription_read", "Rounds", "+subscription_read", "live plan: ready")
}

func TestIteratePasteThatIsNotA403(t *testing.T) {
	h := reopened(t, screenIterate)
	h.keys("p", "card declined", "enter")
	h.mustSee("not a permission 403: paste the whole message", "No denials waiting.")
}

func TestIterateDemoLogThenPlan(t *testing.T) {
	h := newHarness(t, Options{Demo: true})
	h.eng.denials = []Denial{{Request: "POST /v1/refunds", Kind: "specific", Fix: []string{"charge_write"}},
		{Request: "GET /v1/balance", Kind: "generic", Advice: "Stripe did not say which permission"}}
	h.keys("enter", "enter") // Review → Key → Iterate
	h.mustSee("[4 Iterate]", "d demo test run")
	h.keys("d")
	h.mustSee("2 denials waiting", "403 POST /v1/refunds", "→ grant charge_write", "→ Stripe did not say")
	h.keys("enter")
	h.mustSee("round 1: added charge_write")
	h.keys("enter")
	if h.app.Current() != "Plan" {
		t.Fatalf("on %s, want Plan", h.app.Current())
	}
	h.mustSee("Live-mode plan", "Permissions", "charge_write")
}

func TestIterateEnterWaitsForALoadingRun(t *testing.T) {
	h := newHarness(t, Options{Demo: true})
	h.eng.denials = []Denial{{Request: "POST /v1/refunds", Kind: "specific", Fix: []string{"charge_write"}}}
	h.keys("enter", "enter") // Review → Key → Iterate
	// Start reading the demo's test run but hold its result back: a user
	// who presses enter now must not be carried past its denials.
	_, pending := h.app.Update(keyMsg("d"))
	h.keys("enter")
	if h.app.Current() != "Iterate" {
		t.Fatalf("enter during a load moved to %s", h.app.Current())
	}
	h.mustSee("still reading the test run")
	h.run(pending)
	h.mustSee("1 denials waiting")
	h.keys("enter")
	h.mustSee("round 1: added charge_write")
}

func TestIterateCleanRunIsARound(t *testing.T) {
	h := reopened(t, screenIterate)
	h.keys("l", "logs/b.jsonl", "enter")
	h.mustSee("no 403s in 34 requests", "enter records a clean round")
	h.keys("enter")
	if len(h.eng.applied) != 1 || h.eng.applied[0] != 0 {
		t.Fatalf("clean round not recorded: %v", h.eng.applied)
	}
}

func TestPlanGateClosedRefusesExport(t *testing.T) {
	h := reopened(t, screenPlan)
	h.mustSee("The live-mode gate is closed", "the key was never tested")
	h.keys("m")
	h.mustSee("refused until its blockers are fixed")
}

func TestPlanExportsMarkdownAndJSON(t *testing.T) {
	dir := t.TempDir()
	m := sampleManifest()
	m.Rounds = append(m.Rounds, roundFixture())
	h := newHarness(t, Options{Manifest: m, ManifestPath: filepath.Join(dir, "rak-manifest.yaml")})
	h.send(gotoMsg{to: screenPlan})
	h.mustSee("Live-mode plan", "charge_write")
	h.keys("m", "J")
	md, err := os.ReadFile(filepath.Join(dir, "rak-plan.md"))
	if err != nil || !strings.HasPrefix(string(md), "# Live-mode plan") {
		t.Fatalf("rak-plan.md: %q, %v", md, err)
	}
	js, err := os.ReadFile(filepath.Join(dir, "rak-plan.json"))
	if err != nil || string(js) != "{\"schema\":\"x\"}\n" {
		t.Fatalf("rak-plan.json: %q, %v", js, err)
	}
	h.mustSee("wrote " + filepath.Join(dir, "rak-plan.json"))
}

func TestGlobalKeys(t *testing.T) {
	h := reopened(t, screenReview)
	h.keys("tab")
	if h.app.Current() != "Key" {
		t.Fatalf("tab: %s", h.app.Current())
	}
	h.keys("shift+tab", "shift+tab")
	if h.app.Current() != "Sources" {
		t.Fatalf("shift+tab twice: %s", h.app.Current())
	}
	h.keys("?")
	h.mustSee("next screen", "previous screen", "page down")
	h.keys("esc")
	h.mustNotSee("page down")
	saves := len(h.eng.saves)
	_, cmd := h.app.Update(keyMsg("q"))
	if cmd == nil || len(h.eng.saves) != saves+1 {
		t.Fatalf("q must save (saves %d→%d) and quit", saves, len(h.eng.saves))
	}
}

func TestEveryFrameIsRedacted(t *testing.T) {
	h := reopened(t, screenIterate)
	h.keys("p", "The provided key '"+canaryKey+"' does not have the required permissions; Having the 'rak_customer_read' permission would allow this request to continue.", "enter")
	h.mustNotSee("CANARY")
	h.eng.problems["logs/a.jsonl"] = "logs/a.jsonl:3: bad record near " + canaryKey
	h.send(gotoMsg{to: screenSources})
	h.keys("a", "logs/a.jsonl", "enter")
	h.mustSee("logs/a.jsonl:3: bad record")
	h.mustNotSee("CANARY")
}

func TestResizeKeepsTheFrameInside(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {100, 30}, {60, 15}, {200, 50}} {
		h := reopened(t, screenReview)
		h.send(sizeMsg(size[0], size[1]))
		for _, sc := range []screenID{screenReview, screenKey, screenIterate, screenPlan, screenSources} {
			h.send(gotoMsg{to: sc})
			lines := strings.Split(h.view(), "\n")
			if len(lines) != size[1] {
				t.Errorf("%v at %dx%d: %d lines", sc, size[0], size[1], len(lines))
			}
			for _, l := range lines {
				if w := lipglossWidth(l); w > size[0] {
					t.Errorf("%v at %dx%d: line of %d columns: %q", sc, size[0], size[1], w, l)
				}
			}
		}
	}
}

func TestIterateLiveTailShowsDenialsAsTheyCome(t *testing.T) {
	h := reopened(t, screenIterate)
	h.eng.denials = []Denial{{Request: "POST /v1/refunds", Kind: "specific", Fix: []string{"charge_write"}}}
	it := h.app.screens[screenIterate].(*iterateScreen)
	it.watching = func() {} // as if t had started it; windows are sent by hand
	ch := make(chan tea.Msg, 1)
	h.app.Update(watchWindowMsg{in: &Ingested{Stats: []SourceStat{{Requests: 40}}, Usage: []Source{{Name: "tail-403"}}}, ch: ch})
	h.mustSee("watching stripe logs tail: 40 requests so far", "403 POST /v1/refunds", "→ grant charge_write", "s stop tail")
	h.send(watchEndMsg{})
	h.mustSee("tail stopped after 40 requests")
	h.keys("enter")
	if len(h.eng.applied) != 1 || h.eng.applied[0] != 1 {
		t.Fatalf("round from the tail: %v", h.eng.applied)
	}
}

func TestIterateLiveTailThatCannotStart(t *testing.T) {
	h := reopened(t, screenIterate)
	h.eng.ingestErr = errors.New("cannot start stripe logs tail: not found (install the Stripe CLI or set --stripe-bin)")
	h.keys("t")
	h.mustSee("install the Stripe CLI")
	h.mustNotSee("watching")
}
