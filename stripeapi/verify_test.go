package stripeapi

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/rakmigrate/rakmigrate/internal/stripemock"
	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/proxy"
)

const canaryRAK = "rk_test_CANARY1111111111111111111111111111111111111111111abcd"

// The tests use the real catalog and 403 parser: a probe checks the
// permission the catalog says its call needs, and a denial is read back the
// way Stripe's texts are.
var (
	testCatalog     = permissions.Default()
	testParseDenial = permissions.ParseDenial
)

func perms(names ...string) []permissions.Permission {
	var out []permissions.Permission
	for _, n := range names {
		p, err := permissions.ParsePermission(n)
		if err != nil {
			panic(err)
		}
		out = append(out, p)
	}
	return out
}

// enforcingMock is stripe-mock behind rakmigrate's enforcing proxy granting keyPerms.
func enforcingMock(t *testing.T, keyPerms ...string) string {
	t.Helper()
	return enforcingMockPolicy(t, &proxy.Policy{Granted: permissions.NewSet(perms(keyPerms...)...)})
}

func enforcingMockPolicy(t *testing.T, pol *proxy.Policy) string {
	t.Helper()
	mock := stripemock.Start(t)
	up, _ := url.Parse(mock.URL)
	p, err := proxy.New(proxy.Options{Upstream: up, Mode: proxy.Enforce, Catalog: testCatalog,
		Label:  func(p permissions.Permission) string { return permissions.Describe(p).Label },
		Policy: pol})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestVerifyAgainstStripeMockBehindProxy(t *testing.T) {
	base := enforcingMock(t, "customer_write", "charge_read")
	var log bytes.Buffer
	sc := NewClient(canaryRAK, base, nil, &log)
	manifest := perms("customer_write", "plan_read", "account_link_write")
	got, err := Verify(context.Background(), sc, manifest, Options{Catalog: testCatalog, ParseDenial: testParseDenial, Outside: 2})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		perm   string
		in     bool
		status Status
		ok     bool
	}
	want := []row{
		{"account_link_write", true, CantTell, true},
		{"customer_write", true, Granted, true},
		{"plan_read", true, Denied, false},
		{"charge_read", false, Granted, false}, // the key is broader than the manifest
		{"payment_intent_read", false, Denied, true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %d results: %+v", len(got), got)
	}
	for i, w := range want {
		g := got[i]
		if g.Permission != w.perm || g.InManifest != w.in || g.Status != w.status || g.OK != w.ok {
			t.Errorf("result %d = %+v, want %+v", i, g, w)
		}
	}
	if d := got[2]; len(d.Named) != 1 || d.Named[0] != "plan_read" || d.Probe != "GET /v1/prices" || !strings.HasPrefix(d.RequestID, "req_") {
		t.Errorf("denial detail: %+v", d)
	}
	if !strings.Contains(got[1].Note, "write side is never exercised") {
		t.Errorf("write note: %q", got[1].Note)
	}
	b, _ := json.Marshal(got)
	if bytes.Contains(b, []byte("CANARY")) || bytes.Contains(log.Bytes(), []byte("CANARY")) {
		t.Fatal("key leaked into results or the stripe-go log")
	}
}

func TestVerifyStopsOnRejectedKey(t *testing.T) {
	mock := stripemock.Start(t)
	// stripe-mock rejects every live key with a 401, as Stripe does a bad key.
	sc := NewClient("rk_live_CANARY2222222222222222222222222222222222222222222wxyz", mock.URL, nil, nil)
	_, err := Verify(context.Background(), sc, perms("customer_read"), Options{Catalog: testCatalog, ParseDenial: testParseDenial})
	if !errors.Is(err, ErrKeyRejected) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(err.Error(), "CANARY") {
		t.Fatalf("key in error: %v", err)
	}
}

func TestVerifyNeedsCatalogAndParser(t *testing.T) {
	if _, err := Verify(context.Background(), nil, nil, Options{}); err == nil {
		t.Fatal("accepted missing options")
	}
}

func TestProbesAreReadOnlyGETsOfDistinctPaths(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Probes {
		if !strings.HasPrefix(p.Path, "/v1/") || strings.Contains(p.Path, "?") {
			t.Errorf("probe path %q", p.Path)
		}
		if seen[p.Path] {
			t.Errorf("duplicate probe %s", p.Path)
		}
		seen[p.Path] = true
	}
}

// TestEveryProbeRunsAgainstStripeMock proves each call is one stripe-mock
// (and so Stripe's spec) answers with success: no probe needs parameters it
// lacks, and none is a write.
func TestEveryProbeRunsAgainstStripeMock(t *testing.T) {
	mock := stripemock.Start(t)
	sc := NewClient(stripemock.TestKey, mock.URL, nil, nil)
	for _, p := range Probes {
		if err := p.Call(context.Background(), sc, ""); err != nil {
			t.Errorf("GET %s: %v", p.Path, err)
		}
	}
	for _, line := range strings.Split(mock.Output(), "\n") {
		if strings.HasPrefix(line, "Request: ") && !strings.HasPrefix(line, "Request: GET ") {
			t.Errorf("a probe did not GET: %s", line)
		}
	}
}

// TestEveryProbeChecksAKnownReadPermission: each probe's GET maps, in the
// catalog, to a read permission Stripe accepts, so verify never reports on a
// name Stripe does not know.
func TestEveryProbeChecksAKnownReadPermission(t *testing.T) {
	for _, pr := range Probes {
		m, ok := testCatalog.Lookup("GET", pr.Path)
		if !ok {
			t.Errorf("GET %s: not in the catalog", pr.Path)
			continue
		}
		p := m.Operation.Permission
		if m.Operation.Resolution != permissions.Resolved || p.Access != permissions.Read || !permissions.IsKnownName(p) {
			t.Errorf("GET %s maps to %q (%s): want a known read permission", pr.Path, p, m.Operation.Resolution)
		}
	}
}

func TestVerifyStopsWhenNothingAnswers(t *testing.T) {
	sc := NewClient(canaryRAK, "http://127.0.0.1:1", nil, nil)
	got, err := Verify(context.Background(), sc, perms("customer_read", "plan_read"), Options{Catalog: testCatalog, ParseDenial: testParseDenial})
	if !errors.Is(err, ErrUnreachable) || len(got) != 0 {
		t.Fatalf("results %+v, err %v", got, err)
	}
	if strings.Contains(err.Error(), "CANARY") || !strings.Contains(err.Error(), "connection refused") {
		t.Fatalf("err = %v", err)
	}
}

func TestVerifyConnectColumn(t *testing.T) {
	base := enforcingMockPolicy(t, &proxy.Policy{
		Granted: permissions.NewSet(perms("customer_read", "plan_read", "connected_account_read")...),
		Connect: permissions.NewSet(perms("customer_read")...),
	})
	sc := NewClient(canaryRAK, base, nil, nil)
	all := perms("connected_account_read", "customer_read", "plan_read")
	got, err := Verify(context.Background(), sc, all, Options{Catalog: testCatalog, ParseDenial: testParseDenial,
		Connect: all, ConnectAccount: "acct_1Connected0000"})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		perm, acct string
		status     Status
		ok         bool
	}
	want := []row{
		{"connected_account_read", "", Granted, true},
		{"customer_read", "", Granted, true},
		{"plan_read", "", Granted, true},
		{"connected_account_read", "acct_1Connected0000", CantTell, true}, // Direct
		{"customer_read", "acct_1Connected0000", Granted, true},
		{"plan_read", "acct_1Connected0000", Denied, false}, // not in the Connect column
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i, w := range want {
		g := got[i]
		if g.Permission != w.perm || g.Account != w.acct || g.Status != w.status || g.OK != w.ok {
			t.Errorf("result %d = %+v, want %+v", i, g, w)
		}
	}
	if d := got[5]; len(d.Named) != 1 || d.Named[0] != "plan_read" {
		t.Errorf("connect denial: %+v", d)
	}
}
