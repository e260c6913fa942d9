package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const lookupCanary = "rk_test_CANARY9999999999999999999999999999999999999999999qrst"

var lookupSample = []string{
	"GET /v1/customers/cus_123",
	"get /v1/customers/search?query=email:'a@example.com'",
	"GET https://api.stripe.com/v1/charges?expand[]=data.customer&expand[]=data.balance_transaction.source",
	"GET /v1/customers/cus_1?expand[]=default_source",
	"POST https://files.stripe.com/v1/files",
	"POST /v1/refunds",
	"GET /v1/prices/price_1/",
	"GET /v1/account acct_1Example",
	"POST /v1/payment_intents acct_1Example",
	"POST /v1/ephemeral_keys",
	"GET /v1/climate/orders",
	"PUT /v1/customers/cus_1",
	"GET /v1/nothing_like_it",
}

func TestLookupTableGolden(t *testing.T) {
	f, out, errOut := testFactory("", nil, testClock)
	if code := run(append([]string{"lookup"}, lookupSample...), f); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	assertGolden(t, "lookup/table.golden", out.String())
}

func TestLookupJSON(t *testing.T) {
	f, out, errOut := testFactory("", nil, testClock)
	if code := run(append([]string{"lookup", "--format", "json"}, lookupSample...), f); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	assertGolden(t, "lookup/json.golden", out.String())
	var got []map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(lookupSample) {
		t.Fatalf("%d objects for %d arguments", len(got), len(lookupSample))
	}
	want := []struct{ method, template, permission string }{
		{"GET", "/v1/customers/{customer}", "customer_read"},
		{"GET", "/v1/customers/search", "customer_read"},
		{"GET", "/v1/charges", "charge_read"},
	}
	for i, w := range want {
		if got[i]["method"] != w.method || got[i]["template"] != w.template || got[i]["permission"] != w.permission {
			t.Errorf("object %d = %v, want %v", i, got[i], w)
		}
	}
	// Unknown and unmapped keep the keys, with an empty permission.
	for _, i := range []int{10, 11} {
		if p, ok := got[i]["permission"]; !ok || p != "" {
			t.Errorf("object %d permission = %v, %v; want present and empty", i, p, ok)
		}
		if _, ok := got[i]["template"]; !ok {
			t.Errorf("object %d has no template key", i)
		}
	}
	if got[11]["nearest"] != "GET /v1/customers/{customer}" {
		t.Errorf("unmapped nearest = %v", got[11]["nearest"])
	}
}

func TestLookupStdin(t *testing.T) {
	in := "# requests from our proxy\n\nPOST /v1/payment_intents\n  GET /v1/customers/cus_1  \n"
	for _, args := range [][]string{{"lookup"}, {"lookup", "-"}} {
		f, out, errOut := testFactory(in, nil, testClock)
		if code := run(append(args, "--format", "json"), f); code != ExitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
		var got []lookupResult
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if len(got) != 2 || got[0].Permission != "payment_intent_write" || got[1].Permission != "customer_read" {
			t.Errorf("%v: %+v", args, got)
		}
	}
}

func TestLookupErrors(t *testing.T) {
	overrides := filepath.Join(t.TempDir(), "bad.yaml")
	if err := os.WriteFile(overrides, []byte("operations:\n  - {method: GET, template: /v1/x, permission: price_read}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		args  []string
		stdin string
		code  int
		want  []string
	}{
		{"bad format", []string{"lookup", "--format", "yaml", "GET /v1/customers"}, "", ExitUsage, []string{"--format \"yaml\""}},
		{"no method", []string{"lookup", "/v1/customers"}, "", ExitUsage, []string{"argument 1", "want \"METHOD /path\""}},
		{"not a method", []string{"lookup", "FETCH /v1/customers"}, "", ExitUsage, []string{"not an HTTP method"}},
		{"bad account", []string{"lookup", "--account", "cus_1", "GET /v1/customers"}, "", ExitUsage, []string{"--account"}},
		{"bad third field", []string{"lookup", "GET /v1/customers cus_1"}, "", ExitUsage, []string{"connected account"}},
		{"bad stdin line", []string{"lookup"}, "GET /v1/customers\n\nnonsense\n", ExitError, []string{"stdin:3:", "want \"METHOD /path\""}},
		{"empty stdin", []string{"lookup"}, "# nothing\n", ExitUsage, []string{"no requests"}},
		{"broken overrides", []string{"lookup", "--catalog-overrides", overrides, "GET /v1/customers"}, "", ExitError, []string{overrides, "entry 1 (GET /v1/x)", "price_read is not a permission Stripe lists"}},
		{"missing overrides", []string{"lookup", "--catalog-overrides", overrides + ".nope", "GET /v1/customers"}, "", ExitError, []string{"catalog overrides", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, out, errOut := testFactory(tt.stdin, nil, testClock)
			if code := run(tt.args, f); code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %s", code, tt.code, errOut)
			}
			if out.Len() != 0 {
				t.Errorf("stdout on error: %s", out)
			}
			for _, w := range tt.want {
				if !strings.Contains(errOut.String(), w) {
					t.Errorf("stderr %q lacks %q", errOut, w)
				}
			}
		})
	}
}

func TestLookupOverrides(t *testing.T) {
	dir := t.TempDir()
	ov := filepath.Join(dir, "ours.yaml")
	if err := os.WriteFile(ov, []byte("operations:\n  - method: GET\n    template: /v1/climate/orders\n    permission: charge_read\n    note: our support said so\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// From the flag, and from the config file (catalog_overrides).
	t.Chdir(dir)
	if err := os.WriteFile("rakmigrate.yaml", []byte("catalog_overrides: ours.yaml\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
	}{
		{[]string{"lookup", "--format", "json", "--catalog-overrides", ov, "GET /v1/climate/orders"}},
		{[]string{"lookup", "--format", "json", "GET /v1/climate/orders"}},
	} {
		f, out, errOut := testFactory("", nil, testClock)
		if code := run(tc.args, f); code != ExitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var got []lookupResult
		if err := json.Unmarshal(out.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got[0].Permission != "charge_read" || got[0].Provenance != "override" || got[0].Note != "our support said so" {
			t.Errorf("%v: %+v", tc.args, got[0])
		}
	}
}

func TestLookupNeverPrintsAKey(t *testing.T) {
	args := []string{"lookup", "GET /v1/customers/" + lookupCanary, "GET https://api.stripe.com/v1/charges/ch_1?api_key=" + lookupCanary}
	for _, format := range []string{"table", "json"} {
		f, out, errOut := testFactory("", nil, testClock)
		run(append(args, "--format", format), f)
		if strings.Contains(out.String()+errOut.String(), "CANARY") {
			t.Errorf("%s output carries the canary key:\n%s%s", format, out, errOut)
		}
	}
	f, out, errOut := testFactory("GET\t"+lookupCanary+" x y\n", nil, testClock)
	run([]string{"lookup"}, f)
	if strings.Contains(out.String()+errOut.String(), "CANARY") {
		t.Errorf("error carries the canary key: %s", errOut)
	}
}
