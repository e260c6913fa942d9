package tui

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/migrate"
	"github.com/rakmigrate/rakmigrate/permissions"
)

// testCatalog maps a few operations, so these tests do not depend on the
// catalog's data (which has its own tests).
type testCatalog map[string]string

func (c testCatalog) Lookup(method, path string) (permissions.Match, bool) {
	for prefix, perm := range c {
		m, tmpl, _ := strings.Cut(prefix, " ")
		if m == method && (path == tmpl || strings.HasPrefix(path, tmpl+"/")) {
			p, _ := permissions.ParsePermission(perm)
			return permissions.Match{Operation: permissions.Operation{Method: method, Template: tmpl, Permission: p,
				Resolution: permissions.Resolved, Provenance: permissions.Documented}}, true
		}
	}
	return permissions.Match{}, false
}

var fixtureCatalog = testCatalog{
	"POST /v1/payment_intents": "payment_intent_write",
	"GET /v1/customers":        "customer_read",
	"POST /v1/refunds":         "charge_write",
}

func engineFixture(t *testing.T) (*migrateEngine, *Ingested, *Ingested) {
	t.Helper()
	cat := fixtureCatalog
	e := NewMigrateEngine(MigrateConfig{Catalog: cat, ParseDenial: permissions.ParseDenial,
		Now: func() time.Time { return time.Date(2026, 10, 20, 11, 0, 0, 0, time.UTC) }}).(*migrateEngine)
	at := time.Date(2026, 10, 1, 9, 0, 0, 0, time.UTC)
	usage := func(reqs ...logparse.Request) *Ingested {
		u := migrate.NewUsage(cat)
		for i, r := range reqs {
			r.Time = at.Add(time.Duration(i) * time.Hour)
			u.Add(r)
		}
		return &Ingested{Usage: &ingestedRun{usage: u}}
	}
	a := usage(logparse.Request{Method: "POST", Path: "/v1/payment_intents", Status: 200},
		logparse.Request{Method: "GET", Path: "/v1/customers/cus_Demo1", Status: 200})
	b := usage(logparse.Request{Method: "POST", Path: "/v1/refunds", Status: 200},
		logparse.Request{Method: "GET", Path: "/v1/zz_nothing_like_this", Status: 200})
	return e, a, b
}

func TestMigrateEngineProposeMergesBatches(t *testing.T) {
	e, a, b := engineFixture(t)
	m, err := e.Propose([]*Ingested{a, b}, "checkout")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range m.Permissions {
		names = append(names, p.Name)
	}
	for _, want := range []string{"payment_intent_write", "customer_read", "charge_write"} {
		if !slices.Contains(names, want) {
			t.Errorf("proposal %v lacks %s", names, want)
		}
	}
	if len(m.Unmapped) != 1 || !strings.Contains(m.Unmapped[0].Request, "zz_nothing_like_this") {
		t.Errorf("unmapped: %+v", m.Unmapped)
	}
	// Proposing again counts nothing twice.
	m2, err := e.Propose([]*Ingested{a, b}, "checkout")
	if err != nil {
		t.Fatal(err)
	}
	if m2.Permissions[0].Evidence[0].Count != m.Permissions[0].Evidence[0].Count {
		t.Fatalf("second proposal counts differ: %d vs %d", m2.Permissions[0].Evidence[0].Count, m.Permissions[0].Evidence[0].Count)
	}
}

func TestMigrateEngineMatrixExcludeInclude(t *testing.T) {
	e, a, _ := engineFixture(t)
	m, err := e.Propose([]*Ingested{a}, "checkout")
	if err != nil {
		t.Fatal(err)
	}
	access := map[string]string{}
	for _, g := range e.Matrix(m) {
		for _, r := range g.Rows {
			access[r.Resource] = r.Access
		}
	}
	if access["payment_intent"] != "write" || access["customer"] != "read" {
		t.Fatalf("matrix: payment_intent=%q customer=%q", access["payment_intent"], access["customer"])
	}
	if err := e.Exclude(m, "customer_read", "read from our own cache"); err != nil {
		t.Fatal(err)
	}
	if m.Granted().Allows(permissions.Permission{Resource: "customer", Access: permissions.Read}) || len(m.Excluded) != 1 {
		t.Fatalf("still granted after exclude: %+v", m.Permissions)
	}
	if !strings.Contains(m.Excluded[0].Note, "read from our own cache") {
		t.Fatalf("reason lost: %q", m.Excluded[0].Note)
	}
	if err := e.Include(m, "customer_read", "cache retired"); err != nil {
		t.Fatal(err)
	}
	if !m.Granted().Allows(permissions.Permission{Resource: "customer", Access: permissions.Read}) {
		t.Fatal("include did not grant")
	}
	if err := e.Include(m, "not a name", "x"); err == nil {
		t.Fatal("a malformed name was accepted")
	}
	link := e.PrefillLink(m)
	if !strings.HasPrefix(link, "https://dashboard.stripe.com/test/apikeys/create?name=checkout") || !strings.Contains(link, "rak_customer_read") {
		t.Fatalf("link %s", link)
	}
	if len(e.Checklist(m)) != len(m.Permissions) {
		t.Fatalf("checklist %v for %d permissions", e.Checklist(m), len(m.Permissions))
	}
}

func TestMigrateEnginePastedDenialIsRedactedAndApplied(t *testing.T) {
	e, a, _ := engineFixture(t)
	m, err := e.Propose([]*Ingested{a}, "checkout")
	if err != nil {
		t.Fatal(err)
	}
	msg := "The provided key '" + canaryKey + "' does not have the required permissions for this endpoint on account 'acct_Demo1'. Having the 'rak_subscription_read' permission would allow this request to continue."
	d := e.ParseDenial(msg)
	if strings.Contains(d.Message, "CANARY") {
		t.Fatalf("message not redacted: %s", d.Message)
	}
	if d.Kind != string(permissions.DenialSpecific) || !slices.Equal(d.Fix, []string{"subscription_read"}) {
		t.Fatalf("denial %+v", d)
	}
	round, err := e.Apply(m, nil, []Denial{d})
	if err != nil {
		t.Fatal(err)
	}
	if len(round.Added) != 1 || round.Added[0].Name != "subscription_read" {
		t.Fatalf("round %+v", round)
	}
	if !m.Granted().Allows(permissions.Permission{Resource: "subscription", Access: permissions.Read}) {
		t.Fatal("not granted after the round")
	}
	if nd := e.ParseDenial("Your card was declined."); nd.Kind != "unknown" || nd.Advice == "" {
		t.Fatalf("not a 403: %+v", nd)
	}
	res, err := e.Plan(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Gate) == 0 && res.Markdown == "" {
		t.Fatal("neither a plan nor the gate's reasons")
	}
}

func TestMigrateEngineDenialsFromLogs(t *testing.T) {
	e, _, _ := engineFixture(t)
	u := migrate.NewUsage(fixtureCatalog)
	u.Add(logparse.Request{Method: "POST", Path: "/v1/refunds", Status: 403, RequestID: "req_Demo1", Time: time.Date(2026, 10, 19, 1, 0, 0, 0, time.UTC),
		Error: &logparse.APIError{Message: "Permission denied. Enabling \"Charges Write\" ('charge_write') permissions on this key would allow this request to continue."}})
	ds := e.Denials(&Ingested{Usage: &ingestedRun{usage: u}})
	if len(ds) != 1 || !slices.Equal(ds[0].Fix, []string{"charge_write"}) || !strings.Contains(ds[0].Request, "/v1/refunds") {
		t.Fatalf("denials %+v", ds)
	}
}

func TestMigrateEngineResolve(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.jsonl", "b.jsonl", "c.log"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("{}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	e, _, _ := engineFixture(t)
	srcs, err := e.Resolve(filepath.Join(dir, "*.jsonl"))
	if err != nil || len(srcs) != 2 {
		t.Fatalf("glob: %v %v", srcs, err)
	}
	if _, err := e.Resolve(filepath.Join(dir, "missing.log")); err == nil || !strings.Contains(err.Error(), "does not exist; check the path") {
		t.Fatalf("missing: %v", err)
	}
	if _, err := e.Resolve(filepath.Join(dir, "*.gz")); err == nil || !strings.Contains(err.Error(), "matches no file") {
		t.Fatalf("empty glob: %v", err)
	}
	if _, err := e.Resolve("-"); err == nil || !strings.Contains(err.Error(), "not started on one") {
		t.Fatalf("stdin without a pipe: %v", err)
	}
	t.Setenv("TMPDIR", t.TempDir())
	usage, denials, err := e.Demo()
	if err != nil || len(usage) != 1 || len(denials) != 2 {
		t.Fatalf("demo: %v %v %v", usage, denials, err)
	}
	for _, s := range append(usage, denials...) {
		if _, err := os.Stat(s.Name); err != nil || s.Kind != SourceDemo {
			t.Fatalf("demo source %+v: %v", s, err)
		}
	}
}

func TestCompletions(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"logs-a.jsonl", "logs-b.jsonl", ".hidden"} {
		if err := os.WriteFile(filepath.Join(dir, n), nil, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(filepath.Join(dir, "logsdir"), 0o755); err != nil {
		t.Fatal(err)
	}
	got := completions(dir+"/logs", 10)
	want := []string{dir + "/logs-a.jsonl", dir + "/logs-b.jsonl", dir + "/logsdir/"}
	if !slices.Equal(got, want) {
		t.Fatalf("completions %v, want %v", got, want)
	}
	if got := completions(dir+"/*.jsonl", 10); got != nil {
		t.Fatalf("a glob completes to %v", got)
	}
	if got := completions(dir+"/", 10); slices.Contains(got, dir+"/.hidden") {
		t.Fatalf("hidden files offered: %v", got)
	}
}

// fakeStripe writes a shell script standing in for the Stripe CLI.
func fakeStripe(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "stripe")
	if err := os.WriteFile(path, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMigrateEngineWatchesTheTail(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh to stand in for the Stripe CLI")
	}
	e, _, _ := engineFixture(t)
	e.cfg.StripeBin = fakeStripe(t, `[ "$1 $2 $3 $4" = "logs tail --format JSON" ] || { echo "unexpected args: $*" >&2; exit 2; }
echo '{"livemode":false,"method":"POST","url":"/v1/payment_intents","status":200,"request_id":"req_Demo1","created_at":1767225600,"error":null}'
echo '{"livemode":false,"method":"POST","url":"/v1/refunds","status":403,"request_id":"req_Demo2","created_at":1767225601,"error":{"type":"invalid_request_error","message":"The provided key '"'`+canaryKey+`'"' does not have the required permissions for this endpoint on account '"'acct_Demo1'"'. Having the '"'rak_charge_write'"' permission would allow this request to continue."}}'`)
	var windows []*Ingested
	err := e.Watch(t.Context(), 200*time.Millisecond, func(in *Ingested) { windows = append(windows, in) })
	if err != nil {
		t.Fatal(err)
	}
	requests := 0
	var ds []Denial
	for _, w := range windows {
		requests += totalRequests(w)
		ds = append(ds, e.Denials(w)...)
	}
	if requests != 2 || len(ds) != 1 || !slices.Equal(ds[0].Fix, []string{"charge_write"}) {
		t.Fatalf("windows: %d requests, denials %+v", requests, ds)
	}
	if strings.Contains(ds[0].Message, "CANARY") {
		t.Fatalf("a key reached the denial: %s", ds[0].Message)
	}
}

func TestMigrateEngineWatchSaysWhyTheTailFailed(t *testing.T) {
	if _, err := os.Stat("/bin/sh"); err != nil {
		t.Skip("no /bin/sh to stand in for the Stripe CLI")
	}
	e, _, _ := engineFixture(t)
	e.cfg.StripeBin = fakeStripe(t, `echo "You have not configured API keys yet. Running stripe login with `+canaryKey+`" >&2; exit 1`)
	err := e.Watch(t.Context(), 50*time.Millisecond, func(*Ingested) { t.Error("a window from a failed tail") })
	if err == nil || !strings.Contains(err.Error(), "You have not configured API keys yet") || strings.Contains(err.Error(), "CANARY") {
		t.Fatalf("err %v", err)
	}
	e.cfg.StripeBin = filepath.Join(t.TempDir(), "no-such-stripe")
	if err := e.Watch(t.Context(), 50*time.Millisecond, nil); err == nil || !strings.Contains(err.Error(), "install the Stripe CLI") {
		t.Fatalf("missing CLI: %v", err)
	}
}
