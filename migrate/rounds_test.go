package migrate

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/rakmigrate/rakmigrate/logparse"
)

func TestIterateRound(t *testing.T) {
	after := proposeAt.Add(time.Hour)
	tests := []struct {
		name           string
		denials        []logparse.Request
		wantAdded      []string
		wantUnresolved []string
	}{
		{"clean", nil, nil, nil},
		{"old form names the permission",
			[]logparse.Request{denial("POST", "/v1/refunds", msgOldRefund, after, 1)}, []string{"charge_write"}, nil},
		{"new form with a label",
			[]logparse.Request{denial("GET", "/v1/invoices/in_1", msgNewInvoice, after, 1)}, []string{"invoice_read"}, nil},
		{"duplicates collapse",
			[]logparse.Request{denial("POST", "/v1/refunds", msgOldRefund, after, 1), denial("POST", "/v1/refunds", msgOldRefund, after.Add(time.Minute), 2)},
			[]string{"charge_write"}, nil},
		{"no text: the catalog maps the request",
			[]logparse.Request{denial("GET", "/v1/subscriptions/sub_1", "", after, 1)}, []string{"subscription_read"}, nil},
		{"bare message with no request (application log)",
			[]logparse.Request{{Status: 403, Time: after, Error: &logparse.APIError{Message: msgOldRefund}, Pos: logparse.Position{File: "app.log", Line: 9}}},
			[]string{"charge_write"}, nil},
		{"generic on a granted permission", []logparse.Request{denial("POST", "/v1/customers", msgGeneric, after, 1)}, nil, []string{UnresolvedGeneric}},
		{"generic on an unmapped call", []logparse.Request{denial("GET", "/v1/mystery", msgGeneric, after, 1)}, nil, []string{UnresolvedGeneric}},
		{"not grantable", []logparse.Request{denial("POST", "/v1/forbidden_thing", msgNotGrantable, after, 1)}, nil, []string{UnresolvedNotGrantable}},
		{"connect missing", []logparse.Request{func() logparse.Request {
			r := denial("GET", "/v1/prices", msgConnect, after, 1)
			r.Account = "acct_DemoConnected1"
			return r
		}()}, nil, []string{UnresolvedConnectMissing}},
		{"direct permission on a connected account", []logparse.Request{func() logparse.Request {
			r := denial("GET", "/v1/account", "", after, 1)
			r.Account = "acct_DemoConnected1"
			return r
		}()}, nil, []string{UnresolvedDirectConnect}},
		{"unknown endpoint without text", []logparse.Request{denial("GET", "/v1/mystery", "", after, 1)}, nil, []string{UnresolvedUnknownEndpoint}},
		{"refused although granted: the key is outdated", []logparse.Request{denial("POST", "/v1/customers", "", after, 1)}, nil, []string{UnresolvedKeyOutdated}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := proposeScenario(t)
			r, changed, err := m.Iterate(testRun(after, 12*time.Hour, tc.denials...), after.Add(13*time.Hour))
			if err != nil || !changed {
				t.Fatalf("changed=%v err=%v", changed, err)
			}
			var added, unresolved []string
			for _, a := range r.Added {
				added = append(added, a.Name)
				if m.entry(a.Name) == nil {
					t.Errorf("%s added to the round but not to the key", a.Name)
				}
			}
			for _, u := range r.Unresolved {
				unresolved = append(unresolved, u.Kind)
				if u.Todo == "" {
					t.Errorf("unresolved %s has no todo", u.Kind)
				}
			}
			if !equalStrings(added, tc.wantAdded) || !equalStrings(unresolved, tc.wantUnresolved) {
				t.Errorf("added %v unresolved %v; want %v and %v", added, unresolved, tc.wantAdded, tc.wantUnresolved)
			}
			if len(tc.denials) > 0 && r.Denials != len(tc.denials) {
				t.Errorf("denials = %d, want %d", r.Denials, len(tc.denials))
			}
		})
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestIterateIdempotent(t *testing.T) {
	m := proposeScenario(t)
	after := proposeAt.Add(time.Hour)
	run := func() *Usage {
		return testRun(after, 12*time.Hour, denial("POST", "/v1/refunds", msgOldRefund, after, 1), denial("GET", "/v1/mystery", msgGeneric, after, 2))
	}
	r1, changed, err := m.Iterate(run(), after.Add(13*time.Hour))
	if err != nil || !changed {
		t.Fatal(changed, err)
	}
	before, _ := m.Marshal(YAML)
	r2, changed, err := m.Iterate(run(), after.Add(99*time.Hour)) // later clock, same input
	if err != nil || changed {
		t.Fatalf("re-run changed=%v err=%v", changed, err)
	}
	afterBytes, _ := m.Marshal(YAML)
	if !bytes.Equal(before, afterBytes) {
		t.Error("re-running iterate on the same input changed the manifest")
	}
	if r1.N != r2.N || len(r2.Unresolved) != 1 {
		t.Errorf("the re-run should report the recorded round %d: got %+v", r1.N, r2)
	}
}

func TestOlder403sAreStale(t *testing.T) {
	m := proposeScenario(t)
	after := proposeAt.Add(time.Hour)
	old := denial("POST", "/v1/refunds", msgOldRefund, after, 1)
	if _, _, err := m.Iterate(testRun(after, time.Hour, old), after.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// A later log that still holds the old 403 and new clean traffic.
	r, _, err := m.Iterate(testRun(after.Add(3*time.Hour), 24*time.Hour, old), after.Add(30*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Unresolved) != 0 || r.Stale != 1 || len(r.Added) != 0 {
		t.Errorf("round = %+v, want the old 403 counted stale", r)
	}
}

func TestGrantByHand(t *testing.T) {
	m := proposeScenario(t)
	p, _ := parsePerm("invoice_read")
	r, changed, err := m.Grant(nil, "x", proposeAt)
	if err != nil || changed || r.N != 0 {
		t.Fatalf("granting nothing must be a no-op: %v %v", changed, err)
	}
	if _, changed, _ = m.Grant(toPerms(p), "generic 403 on GET /v1/invoices", proposeAt.Add(time.Hour)); !changed {
		t.Fatal("grant did not change the manifest")
	}
	if e := m.entry("invoice_read"); e == nil || e.Reason != ReasonOverride {
		t.Fatalf("entry = %+v", e)
	}
	if _, changed, _ = m.Grant(toPerms(p), "again", proposeAt.Add(2*time.Hour)); changed {
		t.Error("granting twice must be a no-op")
	}
}

func toPerms(ps ...permissionT) []permissionT { return ps }

func TestOther403sAreNotPermissionProblems(t *testing.T) {
	m := proposeScenario(t)
	after := proposeAt.Add(time.Hour)
	r := denial("POST", "/v1/refunds", "Your account cannot currently make live charges.", after, 1)
	round, _, err := m.Iterate(testRun(after, time.Hour, r), after.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if round.Denials != 0 || len(round.Added) != 0 || len(round.Unresolved) != 0 {
		t.Errorf("a 403 that is not about permissions must not become one: %+v", round)
	}
}

func TestStripesOwnNameIsTrusted(t *testing.T) {
	m := proposeScenario(t)
	after := proposeAt.Add(time.Hour)
	msg := "The provided key 'rk_test_****abc123' does not have the required permissions for this endpoint on account 'acct_DemoPlatform1'. Having the 'rak_brand_new_feature_read' permission would allow this request to continue."
	r, _, err := m.Iterate(testRun(after, time.Hour, denial("GET", "/v1/brand_new_feature", msg, after, 1)), after.Add(2*time.Hour))
	if err != nil || len(r.Added) != 1 {
		t.Fatalf("round %+v %v", r, err)
	}
	e := m.entry("brand_new_feature_read")
	if e == nil || !e.Known || !strings.Contains(e.Note, "Stripe's own 403 text") {
		t.Errorf("entry = %+v", e)
	}
}

// Fixtures dated before the proposal (or any wall-clock time) are never
// dismissed as stale: only log times are compared with log times.
func TestOldFixtureDenialsStillCount(t *testing.T) {
	m := proposeScenario(t)
	m.CreatedAt = time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	old := t0.Add(-300 * 24 * time.Hour)
	r, _, err := m.Iterate(testRun(old, time.Hour, denial("POST", "/v1/forbidden_thing", msgNotGrantable, old, 1)), m.CreatedAt)
	if err != nil || len(r.Unresolved) != 1 || r.Stale != 0 {
		t.Fatalf("round = %+v, %v", r, err)
	}
	// The same 403 again in a longer log, after the key changed: old news.
	p, _ := parsePerm("invoice_read")
	m.Grant(toPerms(p), "by hand", m.CreatedAt.Add(time.Hour))
	r, _, _ = m.Iterate(testRun(old, 12*time.Hour, denial("POST", "/v1/forbidden_thing", msgNotGrantable, old, 1)), m.CreatedAt.Add(2*time.Hour))
	if len(r.Unresolved) != 0 || r.Stale != 1 {
		t.Errorf("an unresolved 403 already reported before a change is stale: %+v", r)
	}
}
