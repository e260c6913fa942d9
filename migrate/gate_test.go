package migrate

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// readyManifest is the scenario after a 403 round and four clean days.
func readyManifest(t *testing.T) *Manifest {
	t.Helper()
	m := proposeScenario(t)
	after := proposeAt.Add(time.Hour)
	if _, _, err := m.Iterate(testRun(after, time.Hour, denial("POST", "/v1/refunds", msgOldRefund, after, 1)), after.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	clean := testRun(after.Add(3*time.Hour), 4*24*time.Hour)
	// The unmapped calls succeed with the key: confirmed.
	clean.Add(req("GET", "/v1/mystery", 200, 0))
	clean.Add(req("POST", "/v1/forbidden_thing", 200, 0))
	if _, _, err := m.Iterate(clean, after.Add(5*24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	return m
}

var planNow = proposeAt.Add(6 * 24 * time.Hour)

func TestGateOpen(t *testing.T) {
	m := readyManifest(t)
	for _, enc := range []Encoding{YAML, JSON} {
		b, err := m.Marshal(enc)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "manifest-after-rounds."+string(enc), b)
	}
	p, err := PlanLive(m, PlanOptions{Soak: DefaultSoak, ManifestPath: "rak-manifest.yaml", Now: planNow})
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "plan.md", []byte(p.Markdown()))
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "plan.json", append(b, '\n'))
	md := p.Markdown()
	for _, want := range []string{"secrets manager", "Roll the old secret key", "grace period", "Rollback", "If a key is exposed", "Review its request logs",
		"| production | live |", "| staging | test |", "https://dashboard.stripe.com/apikeys/create?name=checkout-production", "charge_write"} {
		if !strings.Contains(md, want) {
			t.Errorf("plan lacks %q", want)
		}
	}
}

func TestGateRefusals(t *testing.T) {
	after := proposeAt.Add(time.Hour)
	tests := []struct {
		name  string
		setup func(t *testing.T) *Manifest
		opt   PlanOptions
		want  []string
	}{
		{"never tested", proposeScenario, PlanOptions{Soak: DefaultSoak}, []string{GateUnmapped, GateNoRounds}},
		{"unresolved 403s", func(t *testing.T) *Manifest {
			m := readyManifest(t)
			m.Iterate(testRun(planNow, time.Hour, denial("POST", "/v1/forbidden_thing", msgNotGrantable, planNow, 1)), planNow.Add(2*time.Hour))
			return m
		}, PlanOptions{Soak: DefaultSoak}, []string{GateUnresolved, GateNotTested}},
		{"soak too short", func(t *testing.T) *Manifest {
			m := readyManifest(t)
			m.Rounds = m.Rounds[:1]
			m.Iterate(testRun(after.Add(3*time.Hour), 24*time.Hour, req("GET", "/v1/mystery", 200, 0), req("POST", "/v1/forbidden_thing", 200, 0)), after.Add(2*24*time.Hour))
			return m
		}, PlanOptions{Soak: DefaultSoak}, []string{GateSoak}},
		{"soak passes when shortened", func(t *testing.T) *Manifest {
			m := readyManifest(t)
			m.Rounds = m.Rounds[:1]
			m.Iterate(testRun(after.Add(3*time.Hour), 24*time.Hour, req("GET", "/v1/mystery", 200, 0), req("POST", "/v1/forbidden_thing", 200, 0)), after.Add(2*24*time.Hour))
			return m
		}, PlanOptions{Soak: 12 * time.Hour}, nil},
		{"not tested since the last change", func(t *testing.T) *Manifest {
			m := readyManifest(t)
			p, _ := parsePerm("invoice_read")
			m.Grant(toPerms(p), "by hand", planNow)
			return m
		}, PlanOptions{Soak: DefaultSoak}, []string{GateNotTested}},
		{"test logs without times", func(t *testing.T) *Manifest {
			m := readyManifest(t)
			for i := range m.Rounds[1:] {
				m.Rounds[i+1].ObservedFrom, m.Rounds[i+1].ObservedTo = time.Time{}, time.Time{}
			}
			return m
		}, PlanOptions{Soak: DefaultSoak}, []string{GateNoTimes}},
		{"unmapped never confirmed", func(t *testing.T) *Manifest {
			m := readyManifest(t)
			m.Unmapped[0].Confirmed = ""
			return m
		}, PlanOptions{Soak: DefaultSoak}, []string{GateUnmapped}},
		{"unmapped accepted", func(t *testing.T) *Manifest {
			m := readyManifest(t)
			m.Unmapped[0].Confirmed = ""
			return m
		}, PlanOptions{Soak: DefaultSoak, AcceptUnmapped: true}, nil},
		{"unknown names", func(t *testing.T) *Manifest {
			m := readyManifest(t)
			m.Permissions[0].Known = false
			return m
		}, PlanOptions{Soak: DefaultSoak}, []string{GateUnknownNames}},
		{"empty key", func(t *testing.T) *Manifest {
			m := readyManifest(t)
			m.Permissions = nil
			return m
		}, PlanOptions{Soak: DefaultSoak}, []string{GateNoPermissions}},
		{"already live", func(t *testing.T) *Manifest {
			m := readyManifest(t)
			m.Mode = ModeLive
			return m
		}, PlanOptions{Soak: DefaultSoak}, []string{GateLiveMode}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.opt.Now = planNow
			_, err := PlanLive(tc.setup(t), tc.opt)
			if tc.want == nil {
				if err != nil {
					t.Fatalf("gate closed: %v", err)
				}
				return
			}
			var g *GateError
			if !errors.As(err, &g) {
				t.Fatalf("err = %v, want a *GateError", err)
			}
			var got []string
			for _, r := range g.Reasons {
				got = append(got, r.Code)
				if r.Message == "" || r.Fix == "" {
					t.Errorf("reason %s must say what is missing and what to do", r.Code)
				}
			}
			if !equalStrings(got, tc.want) {
				t.Errorf("reasons = %v, want %v\n%v", got, tc.want, err)
			}
		})
	}
}

// Wall-clock times of rounds never meet log times: fixtures dated long
// before the proposal still soak.
func TestGateSoakInLogTime(t *testing.T) {
	m := proposeScenario(t)
	m.CreatedAt = time.Date(2031, 1, 1, 0, 0, 0, 0, time.UTC)
	old := t0.Add(-100 * 24 * time.Hour)
	m.Iterate(testRun(old, time.Hour, denial("POST", "/v1/refunds", msgOldRefund, old, 1)), m.CreatedAt.Add(time.Hour))
	clean := testRun(old.Add(2*time.Hour), 4*24*time.Hour, req("GET", "/v1/mystery", 200, 0), req("POST", "/v1/forbidden_thing", 200, 0))
	m.Iterate(clean, m.CreatedAt.Add(2*time.Hour))
	s, err := CheckGate(m, PlanOptions{Soak: DefaultSoak})
	if err != nil || s.Clean < 4*24*time.Hour-2*time.Hour {
		t.Fatalf("soak %s, err %v", s.CleanFor, err)
	}
}

func TestGateIgnoresLogsOlderThanTheChange(t *testing.T) {
	m := proposeScenario(t)
	after := proposeAt.Add(time.Hour)
	m.Iterate(testRun(after, time.Hour, denial("POST", "/v1/refunds", msgOldRefund, after, 1)), after.Add(10*24*time.Hour))
	// A clean log recorded later whose requests all predate the change's.
	m.Iterate(testRun(after.Add(-6*24*time.Hour), 5*24*time.Hour), after.Add(11*24*time.Hour))
	_, err := CheckGate(m, PlanOptions{Soak: DefaultSoak, AcceptUnmapped: true})
	var g *GateError
	if !errors.As(err, &g) || !g.Has(GateNotTested) || !strings.Contains(err.Error(), "before the requests of that change") {
		t.Fatalf("gate = %v", err)
	}
}
