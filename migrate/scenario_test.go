package migrate

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rakmigrate/rakmigrate/logparse"
)

var update = flag.Bool("update", false, "rewrite golden files")

// golden compares got with testdata/golden/name, rewriting it under -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file (go test -update to accept):\n--- got ---\n%s", name, got)
	}
}

func boolp(b bool) *bool { return &b }

// usageScenario is a checkout service over 20 days from two stable IPs:
// mapped reads and writes, a 4xx that still proves a call, a 401 that does
// not, an expand[], a Connect call, an unmapped and a not-grantable call.
func usageScenario() *Usage {
	u := NewUsage(testCatalog())
	u.AddSource(SourceInfo{Path: "usage.jsonl", Format: "tail-json", Requests: 0})
	add := func(method, path string, status int, at time.Duration, ip string, mut ...func(*logparse.Request)) {
		r := req(method, path, status, at)
		r.SourceIP = ip
		r.Livemode = boolp(false)
		for _, f := range mut {
			f(&r)
		}
		u.Add(r)
		u.Sources[0].Requests++
	}
	day := 24 * time.Hour
	for d := 0; d < 20; d++ {
		at := time.Duration(d) * day
		ip := "198.51.100.10"
		if d%2 == 1 {
			ip = "198.51.100.11"
		}
		add("POST", "/v1/customers", 200, at, ip)
		add("GET", "/v1/customers/cus_Demo1", 200, at+time.Minute, ip)
		add("POST", "/v1/payment_intents", 200, at+2*time.Minute, ip)
		add("POST", "/v1/payment_intents/pi_Demo1/confirm", 402, at+3*time.Minute, ip)
		add("GET", "/v1/prices", 200, at+4*time.Minute, ip)
	}
	add("GET", "/v1/customers/search", 200, 2*day, "198.51.100.10")
	add("GET", "/v1/payment_intents/pi_Demo2?expand[]=customer", 200, 3*day, "198.51.100.10")
	add("GET", "/v1/subscriptions/sub_Demo1", 401, 4*day, "198.51.100.10") // a bad key proves nothing
	add("GET", "/v1/mystery", 200, 5*day, "198.51.100.11")
	add("POST", "/v1/forbidden_thing", 200, 6*day, "198.51.100.11")
	add("GET", "/v1/prices", 200, 7*day, "198.51.100.11", func(r *logparse.Request) { r.Account = "acct_DemoConnected1" })
	return u
}

var proposeAt = t0.Add(21 * 24 * time.Hour)

func proposeScenario(t *testing.T) *Manifest {
	t.Helper()
	m, err := Propose(usageScenario(), ProposeOptions{Name: "checkout", Now: proposeAt})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// denial builds a 403 record of a test run.
func denial(method, path, msg string, at time.Time, line int) logparse.Request {
	r := logparse.Request{Method: method, Path: path, Status: 403, Time: at, RequestID: "req_Den" + itoa3(line),
		Pos: logparse.Position{File: "test-run.log", Line: line}}
	if msg != "" {
		r.Error = &logparse.APIError{Type: "invalid_request_error", Message: msg}
	}
	return r
}

func itoa3(n int) string {
	return string([]byte{byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}

const (
	msgOldRefund    = "The provided key 'rk_test_****************************abc123' does not have the required permissions for this endpoint on account 'acct_DemoPlatform1'. Having the 'rak_charge_write' permission would allow this request to continue."
	msgNewInvoice   = `Permission denied. The provided key 'rk_test_****abc123' does not have the required permissions for this endpoint on account 'acct_DemoPlatform1'. Enabling "Invoices Read" ('invoice_read') permissions on this key would allow this request to continue. You can edit permissions at https://dashboard.stripe.com/test/apikeys/mk_Demo/edit`
	msgGeneric      = "The provided key 'rk_test_****abc123' does not have the required permissions for this endpoint on account 'acct_DemoPlatform1'. Having more permissions would allow this request to continue."
	msgNotGrantable = "The provided key 'rk_test_****abc123' does not have the required permissions for this endpoint on account 'acct_DemoPlatform1', but the required permissions are not available for use by restricted keys."
	msgConnect      = "You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions."
)

// testRun returns the usage of a test run: requests over span starting at
// start, plus the given 403s.
func testRun(start time.Time, span time.Duration, denials ...logparse.Request) *Usage {
	u := NewUsage(testCatalog())
	for at := time.Duration(0); at <= span; at += 6 * time.Hour {
		u.Add(logparse.Request{Method: "POST", Path: "/v1/customers", Status: 200, Time: start.Add(at), Pos: logparse.Position{File: "run.jsonl", Line: 1}})
	}
	for _, d := range denials {
		u.Add(d)
	}
	return u
}
