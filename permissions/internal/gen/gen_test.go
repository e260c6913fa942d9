package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestScanSDK(t *testing.T) {
	ops, err := ScanSDK("testdata/sdk")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, op := range ops {
		got = append(got, op.Method+" "+op.Template)
	}
	want := "DELETE /v1/accounts/{}/widgets/{},DELETE /v1/customers/{}/widgets/{},POST /v1/files,POST /v1/widgets,GET /v1/widgets/{}"
	if strings.Join(got, ",") != want {
		t.Errorf("ScanSDK =\n %s\nwant\n %s", strings.Join(got, ","), want)
	}
}

func TestPrefixMatches(t *testing.T) {
	tests := []struct {
		prefix, template string
		want             bool
	}{
		{"/v1/customers", "/v1/customers", true},
		{"/v1/customers", "/v1/customers/{customer}/sources", true},
		{"/v1/customers", "/v1/customer_sessions", false},
		{"/v1/charges/{charge}/refunds", "/v1/charges/{id}/refunds/{refund}", true},
		{"/v1/charges/{charge}/refunds", "/v1/charges/search", false},
		{"/v1/account", "/v1/accounts", false},
		{"/v1/customers/search", "/v1/customers", false},
	}
	for _, tt := range tests {
		if got := prefixMatches(tt.prefix, tt.template); got != tt.want {
			t.Errorf("prefixMatches(%s, %s) = %v", tt.prefix, tt.template, got)
		}
	}
}

func TestNameParams(t *testing.T) {
	for in, want := range map[string]string{
		"/v1/skus/{}":                        "/v1/skus/{sku}",
		"/v1/customers/{}/sources/{}":        "/v1/customers/{customer}/sources/{source}",
		"/v1/subscription_items/{}/x":        "/v1/subscription_items/{subscription_item}/x",
		"/v1/tax/{}/{}":                      "/v1/tax/{tax}/{id}",
		"/v1/country_specs/{}/entries/{}/{}": "/v1/country_specs/{country_spec}/entries/{entry}/{id}",
	} {
		if got := nameParams(in); got != want {
			t.Errorf("nameParams(%s) = %s, want %s", in, got, want)
		}
	}
}

// testInputs builds inputs over the miniature spec and SDK with the given rules.
func testInputs(t *testing.T, rules string) Inputs {
	t.Helper()
	p := filepath.Join(t.TempDir(), "rules.yaml")
	if err := os.WriteFile(p, []byte(rules), 0o600); err != nil {
		t.Fatal(err)
	}
	r, err := LoadRules(p)
	if err != nil {
		t.Fatal(err)
	}
	return Inputs{SpecPath: "testdata/spec.json", SpecLabel: "test spec", SDKDir: "testdata/sdk", SDKLabel: "test sdk", Rules: r}
}

const okRules = `rules:
  - prefix: /v1/customers
    stem: customer
    match: ["/v1/customers/{c}"]
    no_match: ["/v1/widgets"]
  - prefix: /v1/widgets
    resolution: unknown
    note: no widget permission
    match: ["/v1/widgets"]
  - prefix: /v1/accounts
    stem: connected_account
    direct: true
    match: ["/v1/accounts"]
  - prefix: /v1/files
    stem: file
    match: ["/v1/files"]
operations:
  - op: "DELETE /v1/customers/{customer}"
    permission: customer_write
    provenance: observed
    note: seen in a 403
extra:
  - {op: "GET /v2/core/events", source: "stripe-facts"}
  - {op: "POST /v1/widgets", source: "dup of sdk"}
`

func TestGenerate(t *testing.T) {
	out, err := Generate(testInputs(t, okRules+`  - {op: "GET /v1/accounts", source: x}
`))
	if err == nil {
		t.Fatalf("GET /v2/core/events has no rule, want an error; got\n%s", out.Catalog)
	}
	if !strings.Contains(err.Error(), "GET /v2/core/events: no rule decides it") {
		t.Errorf("error does not name the undecided operation: %v", err)
	}
	rules := strings.Replace(okRules, "rules:\n", "rules:\n  - prefix: /v2/core/events\n    stem: event\n    match: [\"/v2/core/events\"]\n", 1)
	out, err = Generate(testInputs(t, rules))
	if err != nil {
		t.Fatal(err)
	}
	cat := string(out.Catalog)
	for _, want := range []string{
		"GET\t/v1/customers\tcustomer_read\tresolved\tderived\tno\tlist:customer\trule /v1/customers → customer; GET → read\n",
		"GET\t/v1/customers/search\tcustomer_read\tresolved\tderived\tno\t-\t",
		"DELETE\t/v1/customers/{customer}\tcustomer_write\tresolved\tobserved\tno\t-\tseen in a 403\n",
		"GET\t/v1/customers/{customer}\tcustomer_read\tresolved\tderived\tno\tcustomer\t",
		"DELETE\t/v1/accounts/{account}/widgets/{widget}\tconnected_account_write\tresolved\tderived\tyes\t-\tstripe-go v76 only",
		"POST\t/v1/widgets\t-\tunknown\tderived\tno\t-\tstripe-go v76 only (not in the current spec); dup of sdk (not in the spec); no widget permission\n",
		"GET\t/v2/core/events\tevent_read\tresolved\tderived\tno\t-\tstripe-facts (not in the spec)",
	} {
		if !strings.Contains(cat, want) {
			t.Errorf("catalog lacks %q:\n%s", want, cat)
		}
	}
	ex := string(out.Expand)
	for _, want := range []string{
		"field\tcustomer\tdefault_source\tcard,source\n",
		"field\tcustomer\ttest_clock\ttest_helpers.test_clock\n",
		"read\tcustomer\tcustomer_read\tGET /v1/customers/{customer}\n",
		"read\ttest_helpers.test_clock\t-\tno GET operation returns this object\n",
	} {
		if !strings.Contains(ex, want) {
			t.Errorf("expand lacks %q:\n%s", want, ex)
		}
	}
}

func TestGenerateRefuses(t *testing.T) {
	events := "  - prefix: /v2/core/events\n    stem: event\n    match: [\"/v2/core/events\"]\n"
	withEvents := strings.Replace(okRules, "rules:\n", "rules:\n"+events, 1)
	tests := []struct {
		name, rules, want string
	}{
		{"unknown name", strings.Replace(withEvents, "stem: file", "stem: filez", 1), "filez_write is not"},
		{"unknown name in op", strings.Replace(withEvents, "permission: customer_write", "permission: price_read", 1), "price_read is not a name"},
		{"stale op rule", withEvents + "  - {op: \"GET /v1/gone\", permission: charge_read}\n", ""},
		{"failing example", strings.Replace(withEvents, `no_match: ["/v1/widgets"]`, `no_match: ["/v1/customers/search"]`, 1), "no_match example /v1/customers/search"},
		{"write-only row read", strings.Replace(withEvents, "stem: connected_account", "stem: account_link", 1), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rules := tt.rules
			if tt.name == "stale op rule" {
				rules = strings.Replace(withEvents, "operations:\n", "operations:\n  - op: \"GET /v1/gone\"\n    permission: charge_read\n", 1)
				tt.want = "GET /v1/gone\" matches no operation"
			}
			if tt.name == "write-only row read" {
				rules = strings.Replace(withEvents, "extra:\n", "extra:\n  - {op: \"GET /v1/accounts\", source: x}\n", 1)
				rules = strings.Replace(rules, "stem: connected_account", "stem: account_link", 1)
				tt.want = "account_link_read is not a name"
			}
			_, err := Generate(testInputs(t, rules))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("err = %v, want it to contain %q", err, tt.want)
			}
		})
	}
}

func TestLoadRulesRejects(t *testing.T) {
	for name, body := range map[string]string{
		"unknown key":       "rules:\n  - prefix: /v1/x\n    stm: x\n    match: [\"/v1/x\"]\n",
		"no example":        "rules:\n  - prefix: /v1/x\n    stem: charge\n",
		"stem and unknown":  "rules:\n  - prefix: /v1/x\n    stem: charge\n    resolution: unknown\n    note: n\n    match: [\"/v1/x\"]\n",
		"bad prefix":        "rules:\n  - prefix: v1/x\n    stem: charge\n    match: [\"/v1/x\"]\n",
		"write res no note": "rules:\n  - prefix: /v1/x\n    stem: charge\n    write_resolution: unknown\n    match: [\"/v1/x\"]\n",
	} {
		p := filepath.Join(t.TempDir(), "r.yaml")
		os.WriteFile(p, []byte(body), 0o600)
		if _, err := LoadRules(p); err == nil {
			t.Errorf("%s: accepted", name)
		} else if !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error does not name the file: %v", name, err)
		}
	}
}
