package main

// Tests of verify, and the helpers the verify, proxy and tail tests share.

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rakmigrate/rakmigrate/internal/stripemock"
	"github.com/rakmigrate/rakmigrate/migrate"
	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/proxy"
	"github.com/rakmigrate/rakmigrate/stripeapi"
)

func TestVerifyFlags(t *testing.T) {
	path := h5Manifest(t, "customer_read")
	tests := []struct {
		name string
		env  map[string]string
		args []string
		code int
		msg  string
	}{
		{"no manifest", nil, []string{"verify"}, ExitUsage, "needs the manifest"},
		{"bad format", nil, []string{"verify", "-m", path, "--format", "yaml"}, ExitUsage, "want table or json"},
		{"negative outside", nil, []string{"verify", "-m", path, "--outside", "-1"}, ExitUsage, "want 0 or more"},
		{"key as a flag value", nil, []string{"verify", "-m", path, "--api-key", h5CanaryRAK}, ExitUsage, "never accepted as a flag value"},
		{"live key refused", map[string]string{"STRIPE_API_KEY": h5CanaryLive}, []string{"verify", "-m", path}, ExitUsage, "--allow-live"},
		{"bad api base", map[string]string{"STRIPE_API_KEY": h5CanaryRAK}, []string{"verify", "-m", path, "--api-base", "localhost:12111"}, ExitUsage, "want an http(s) URL"},
		{"nothing answers", map[string]string{"STRIPE_API_KEY": h5CanaryRAK}, []string{"verify", "-m", path, "--api-base", "http://127.0.0.1:1"}, ExitError, "http://127.0.0.1:1: the API did not answer (dial tcp 127.0.0.1:1: connect: connection refused): check --api-base"},
		{"bad connected account", nil, []string{"verify", "-m", path, "--connected-account", "cus_123"}, ExitUsage, "want a connected account id"},
		{"missing manifest file", map[string]string{"STRIPE_API_KEY": h5CanaryRAK}, []string{"verify", "-m", path + ".nope"}, ExitError, "rak-manifest.yaml.nope"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, out, errOut := h5Factory("", tt.env)
			code := h5Run(context.Background(), f, tt.args...)
			if code != tt.code || !strings.Contains(errOut.String(), tt.msg) {
				t.Fatalf("exit %d (want %d), stderr:\n%s", code, tt.code, errOut)
			}
			h5NoCanary(t, out.String(), errOut.String())
		})
	}
}

// verifyRig is stripe-mock behind the enforcing proxy whose key grants keyPerms.
func verifyRig(t *testing.T, f *Factory, keyPerms ...string) string {
	t.Helper()
	mock := stripemock.Start(t)
	up, _ := url.Parse(mock.URL)
	cat, err := loadCatalog(&Factory{Config: &Config{}})
	if err != nil {
		t.Fatal(err)
	}
	pol := &proxy.Policy{}
	for _, n := range keyPerms {
		p, err := permissions.ParsePermission(n)
		if err != nil {
			t.Fatal(err)
		}
		pol.Granted.Add(p)
	}
	p, err := proxy.New(proxy.Options{Upstream: up, Mode: proxy.Enforce, Catalog: cat, Policy: pol, Label: proxyLabel})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	return srv.URL
}

func TestVerifyAgainstStripeMockBehindEnforcingProxy(t *testing.T) {
	env := map[string]string{"STRIPE_API_KEY": h5CanaryRAK}
	f, out, errOut := h5Factory("", env)
	// The key really holds customer_write and charge_read; the manifest wants
	// customer_write, plan_read and a write-only permission.
	base := verifyRig(t, f, "customer_write", "charge_read")
	path := h5Manifest(t, "customer_write", "plan_read", "account_link_write")

	code := h5Run(context.Background(), f, "verify", "-m", path, "--api-base", base, "--outside", "3", "--format", "json")
	h5NoCanary(t, out.String(), errOut.String())
	if code != ExitUnresolved {
		t.Fatalf("exit %d, want %d (plan_read denied); stderr:\n%s", code, ExitUnresolved, errOut)
	}
	var rep verifyReport
	if err := json.Unmarshal([]byte(out.String()), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := map[string]stripeapi.Result{}
	for _, r := range rep.Results {
		got[r.Permission] = r
	}
	check := func(name string, in bool, st stripeapi.Status) stripeapi.Result {
		t.Helper()
		r, ok := got[name]
		if !ok || r.InManifest != in || r.Status != st {
			t.Errorf("%s: %+v, want in_manifest=%v status=%s", name, r, in, st)
		}
		return r
	}
	check("customer_write", true, stripeapi.Granted)
	if r := check("plan_read", true, stripeapi.Denied); len(r.Named) != 1 || r.Named[0] != "plan_read" {
		t.Errorf("Stripe's 403 must be parsed back to plan_read: %+v", r)
	}
	check("account_link_write", true, stripeapi.CantTell)
	check("charge_read", false, stripeapi.Granted) // the key is broader than the manifest
	if rep.Summary.Denied != 1 || rep.Summary.OutsideAllowed != 1 || rep.Summary.Granted != 1 || rep.Summary.CantTell != 1 {
		t.Errorf("summary %+v", rep.Summary)
	}
	if !strings.HasPrefix(rep.Key, "rk_test_…") {
		t.Errorf("key shown as %q", rep.Key)
	}
}

func TestVerifyExitCodes(t *testing.T) {
	env := map[string]string{"STRIPE_API_KEY": h5CanaryRAK}
	tests := []struct {
		name     string
		keyPerms []string
		manifest []string
		code     int
	}{
		{"key matches", []string{"customer_read", "plan_read"}, []string{"customer_read", "plan_read"}, ExitOK},
		{"key broader than manifest", []string{"customer_read", "charge_read"}, []string{"customer_read"}, ExitFindings},
		{"key narrower than manifest", []string{"customer_read"}, []string{"customer_read", "plan_read"}, ExitUnresolved},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, out, errOut := h5Factory("", env)
			base := verifyRig(t, f, tt.keyPerms...)
			code := h5Run(context.Background(), f, "verify", "-m", h5Manifest(t, tt.manifest...), "--api-base", base)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\n%s\n%s", code, tt.code, out, errOut)
			}
			h5NoCanary(t, out.String(), errOut.String())
		})
	}
}

func TestVerifyRejectedKey(t *testing.T) {
	mock := stripemock.Start(t)
	// stripe-mock answers any live key with a 401, like Stripe a bad key.
	f, out, errOut := h5Factory("", map[string]string{"STRIPE_API_KEY": h5CanaryLive})
	code := h5Run(context.Background(), f, "verify", "-m", h5Manifest(t, "customer_read"), "--api-base", mock.URL, "--allow-live")
	if code != ExitError || !strings.Contains(errOut.String(), "rejected the key") {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	h5NoCanary(t, out.String(), errOut.String())
}

func TestVerifyTableGolden(t *testing.T) {
	rep := verifyReport{Results: []stripeapi.Result{
		{Permission: "customer_write", InManifest: true, Status: stripeapi.Granted, OK: true, Probe: "GET /v1/customers", Note: "read verified; the write side is never exercised (probes are read-only)"},
		{Permission: "plan_read", InManifest: true, Status: stripeapi.Denied, Probe: "GET /v1/prices", Named: []string{"plan_read"}, Kind: "specific", RequestID: "req_Abc123"},
		{Permission: "account_link_write", InManifest: true, Status: stripeapi.CantTell, OK: true, Note: "no read-only call needs this permission"},
		{Permission: "charge_read", Status: stripeapi.Granted, Probe: "GET /v1/charges", Note: "the key is broader than the manifest"},
		{Permission: "balance_read", Status: stripeapi.Denied, OK: true, Probe: "GET /v1/balance", Kind: "generic", RequestID: "req_Def456"},
	}}
	rep.Results = append(rep.Results, stripeapi.Result{Permission: "customer_read", Account: "acct_1Connected0000", InManifest: true, Status: stripeapi.Denied, Probe: "GET /v1/customers", Kind: "connect_missing", RequestID: "req_Ghi789"})
	rep.Summary = summarizeVerify(rep.Results)
	var b strings.Builder
	printVerifyTable(&b, rep)
	assertGolden(t, "verify/table.golden", b.String())
}

// Canary keys: fake and key-shaped; no output may ever contain them.
const (
	h5CanaryRAK  = "rk_test_CANARY1111111111111111111111111111111111111111111abcd"
	h5CanaryLive = "rk_live_CANARY2222222222222222222222222222222222222222222wxyz"
)

// h5Now is a minute before the recorded stream of testdata/fake-stripe
// starts, as on a live run: rounds are stamped before the 403s that follow.
var h5Now = time.Unix(1767225600-60, 0).UTC()

// syncBuffer is a bytes.Buffer safe to read while a command writes to it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// h5Factory builds a factory with fake streams, the given env (also what a
// child process inherits) and a fixed clock.
func h5Factory(stdin string, env map[string]string) (*Factory, *syncBuffer, *syncBuffer) {
	var out, errOut syncBuffer
	var environ []string
	for k, v := range env {
		environ = append(environ, k+"="+v)
	}
	f := &Factory{
		IO:         NewIOStreams(strings.NewReader(stdin), &out, &errOut),
		Getenv:     func(k string) string { return env[k] },
		Environ:    func() []string { return environ },
		Now:        func() time.Time { return h5Now },
		HTTPClient: http.DefaultClient,
	}
	return f, &out, &errOut
}

// h5Run runs a command line under ctx (run() makes its own signal context,
// which tests cannot cancel) and returns the exit code.
func h5Run(ctx context.Context, f *Factory, args ...string) int {
	return runContext(ctx, args, f)
}

// h5Manifest writes a test-mode manifest granting names and returns its path.
func h5Manifest(t *testing.T, names ...string) string {
	t.Helper()
	m := &migrate.Manifest{
		Schema: migrate.SchemaV1, Name: "checkout-service", Mode: migrate.ModeTest,
		CreatedAt: time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC),
	}
	for _, n := range names {
		connect := strings.HasSuffix(n, "+connect")
		n = strings.TrimSuffix(n, "+connect")
		m.Permissions = append(m.Permissions, migrate.PermissionEntry{Name: n, Label: n, Reason: migrate.ReasonObserved, Known: true, Connect: connect})
	}
	path := filepath.Join(t.TempDir(), "rak-manifest.yaml")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	return path
}

// h5NoCanary fails when any of the texts holds a canary key.
func h5NoCanary(t *testing.T, texts ...string) {
	t.Helper()
	for _, s := range texts {
		if strings.Contains(s, "CANARY") {
			t.Fatalf("a key leaked:\n%s", s)
		}
	}
}
