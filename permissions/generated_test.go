package permissions_test

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/permissions/internal/gen"
)

// generate runs the generator on the pinned modules, as go generate does.
func generate(t *testing.T) (*gen.Output, gen.Inputs) {
	t.Helper()
	in, err := gen.PinnedInputs("rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	out, err := gen.Generate(in)
	if err != nil {
		t.Fatal(err)
	}
	return out, in
}

func TestGeneratedDataIsFresh(t *testing.T) {
	out, _ := generate(t)
	for name, want := range map[string][]byte{"catalog.tsv": out.Catalog, "expand.tsv": out.Expand} {
		got, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is not what the generator writes: run go generate ./permissions", name)
		}
	}
}

func TestRuleExamples(t *testing.T) {
	rules, err := gen.LoadRules("rules.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if errs := rules.CheckExamples(); len(errs) > 0 {
		for _, e := range errs {
			t.Error(e)
		}
	}
	// Each rule's match examples also resolve through the real catalog to
	// the rule's stem (checks the rule and the trie agree).
	c := permissions.Default()
	for _, r := range rules.Rules {
		if r.Stem == "" {
			continue
		}
		for _, ex := range r.Match {
			path := strings.NewReplacer("{", "x_", "}", "").Replace(ex)
			for _, method := range []string{"GET", "POST", "DELETE"} {
				m, ok := c.Lookup(method, path)
				if !ok || m.Operation.Provenance != permissions.Derived || m.Operation.Resolution != permissions.Resolved {
					continue
				}
				if m.Operation.Permission.Resource != r.Stem {
					t.Errorf("rule %s: %s %s resolves to %s", r.Prefix, method, ex, m.Operation.Permission)
				}
			}
		}
	}
}

func TestEveryEmittedNameIsKnown(t *testing.T) {
	for _, op := range permissions.Default().Operations() {
		if op.Resolution != permissions.Resolved {
			continue
		}
		in := permissions.Describe(op.Permission)
		if !in.Known && !in.ObservedOnly {
			t.Errorf("%s %s emits %s, which Stripe neither accepts nor was seen to send", op.Method, op.Template, op.Permission)
		}
	}
}

func TestUnresolvedOperationsSayWhy(t *testing.T) {
	for _, op := range permissions.Default().Operations() {
		if op.Resolution != permissions.Resolved && strings.TrimSpace(op.Note) == "" {
			t.Errorf("%s %s is %s without a reason", op.Method, op.Template, op.Resolution)
		}
	}
}

func TestDocumentedOnlyWhereStripeDocumentsIt(t *testing.T) {
	want := map[string]bool{
		"GET /v1/account": true, "POST /v1/account_links": true, "POST /v1/account_sessions": true,
		"GET /v1/accounts/{account}/capabilities/{capability}":  true,
		"POST /v1/accounts/{account}/capabilities/{capability}": true,
	}
	for _, op := range permissions.Default().Operations() {
		key := op.Method + " " + op.Template
		if (op.Provenance == permissions.Documented) != want[key] {
			t.Errorf("%s: provenance %s", key, op.Provenance)
		}
	}
}

func TestCoverageOfSpecAndSDK(t *testing.T) {
	_, in := generate(t)
	sdk, err := gen.ScanSDK(in.SDKDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(sdk) < 400 {
		t.Fatalf("found only %d stripe-go operations; the scanner is broken", len(sdk))
	}
	c := permissions.Default()
	for _, op := range sdk {
		path := strings.ReplaceAll(op.Template, "{}", "id_1")
		if _, ok := c.Lookup(op.Method, path); !ok {
			t.Errorf("stripe-go %s (%s %s) is not in the catalog", op.Source, op.Method, op.Template)
		}
	}
	specOps, err := gen.SpecOperations(in.SpecPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(specOps) != 594 {
		t.Errorf("spec has %d operations; stripe-facts §5 says 594 for v0.203.0", len(specOps))
	}
	for _, op := range specOps {
		m, ok := c.Lookup(op[0], strings.NewReplacer("{", "x_", "}", "").Replace(op[1]))
		if !ok || m.Operation.Template != op[1] {
			t.Errorf("spec %s %s: catalog gives %q", op[0], op[1], m.Operation.Template)
		}
	}
}
