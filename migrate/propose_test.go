package migrate

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/rakmigrate/rakmigrate/logparse"
)

var t0 = time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)

func req(method, path string, status int, at time.Duration) logparse.Request {
	p, q := path, ""
	for i := 0; i < len(path); i++ {
		if path[i] == '?' {
			p, q = path[:i], path[i+1:]
			break
		}
	}
	return logparse.Request{Method: method, Path: p, Query: q, Status: status, Time: t0.Add(at), RequestID: "req_" + method + p,
		Pos: logparse.Position{File: "usage.jsonl", Line: 1}}
}

func TestProposeRefusesZeroRequests(t *testing.T) {
	_, err := Propose(NewUsage(testCatalog()), ProposeOptions{Name: "x"})
	if !errors.Is(err, ErrNoRequests) {
		t.Fatalf("err = %v, want ErrNoRequests", err)
	}
}

func TestProposeMinimalSetWithEvidence(t *testing.T) {
	u := NewUsage(testCatalog())
	for _, r := range []logparse.Request{
		req("GET", "/v1/customers/cus_1", 200, 0),
		req("POST", "/v1/customers", 200, time.Hour),
		req("POST", "/v1/customers/cus_1", 400, 2*time.Hour), // a 4xx still proves the call
		req("GET", "/v1/prices", 401, 3*time.Hour),           // a 401 proves nothing
		req("GET", "/v1/mystery", 200, 4*time.Hour),
		req("POST", "/v1/forbidden_thing", 200, 5*time.Hour),
		req("GET", "/v1/payment_intents/pi_1?expand[]=customer", 200, 6*time.Hour),
	} {
		u.Add(r)
	}
	m, err := Propose(u, ProposeOptions{Name: "checkout"})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range m.Permissions {
		names = append(names, p.Name+":"+p.Reason)
	}
	want := []string{"customer_write:observed", "payment_intent_read:observed"}
	if len(names) != len(want) || names[0] != want[0] || names[1] != want[1] {
		t.Fatalf("permissions = %v, want %v", names, want)
	}
	cw := m.Permissions[0]
	if len(cw.Evidence) != 4 { // GET, POST, POST item, expand
		t.Errorf("customer_write evidence = %+v", cw.Evidence)
	}
	if len(m.Unmapped) != 2 {
		t.Errorf("unmapped = %+v, want mystery and forbidden_thing", m.Unmapped)
	}
	if len(m.Incomplete) != 3 {
		t.Errorf("incomplete = %v", m.Incomplete)
	}
	if m.Window.Warning == "" {
		t.Error("a 6-hour window should warn")
	}
}

func TestProposeSaysWhatItCannotTell(t *testing.T) {
	u := NewUsage(testCatalog())
	u.Add(req("GET", "/v1/customers/cus_1?expand[]=default_source", 200, 0))
	u.Add(req("GET", "/v1/loyalty/points", 200, time.Hour))
	u.Add(req("GET", "/v1/subscriptions/sub_1", 401, 2*time.Hour))
	m, err := Propose(u, ProposeOptions{Name: "x"})
	if err != nil {
		t.Fatal(err)
	}
	all := strings.Join(m.Incomplete, "\n")
	for _, want := range []string{"expand[]=default_source: polymorphic", "401", "GET /v1/subscriptions/{id}"} {
		if !strings.Contains(all, want) {
			t.Errorf("incomplete should mention %q:\n%s", want, all)
		}
	}
	if e := m.entry("customer_read"); e == nil || e.Reason != ReasonObserved {
		t.Errorf("customer_read = %+v (observed wins over override)", e)
	}
	u2 := NewUsage(testCatalog())
	u2.Add(req("GET", "/v1/loyalty/points", 200, 0))
	m2, _ := Propose(u2, ProposeOptions{Name: "y"})
	if e := m2.entry("customer_read"); e == nil || e.Reason != ReasonOverride {
		t.Errorf("a catalog override mapping gives reason override: %+v", e)
	}
}
