package permissions

import (
	"errors"
	"strings"
	"testing"
)

func TestWithOverrides(t *testing.T) {
	yaml := `operations:
  - method: post
    template: /v1/widgets/{widget}
    permission: rak_customer_write
    note: our proxy
  - method: GET
    template: /v1/climate/orders
    permission: charge_read
  - method: DELETE
    template: /v1/customers/{id}
    permission: customer_read
    note: replaced whatever the parameter is called
  - method: GET
    template: /v1/beta/{id}
    resolution: not_grantable
    note: private beta
`
	base := Default()
	c, err := base.WithOverrides("ov.yaml", strings.NewReader(yaml))
	if err != nil {
		t.Fatal(err)
	}
	m, ok := c.Lookup("POST", "/v1/widgets/w_1")
	if !ok || m.Operation.Permission.String() != "customer_write" || m.Operation.Provenance != Override || m.Operation.Note != "our proxy" {
		t.Errorf("added op: %+v %v", m.Operation, ok)
	}
	m, _ = c.Lookup("GET", "/v1/climate/orders")
	if m.Operation.Permission.String() != "charge_read" || m.Operation.Resolution != Resolved {
		t.Errorf("replaced op: %+v", m.Operation)
	}
	m, _ = c.Lookup("DELETE", "/v1/customers/cus_1")
	if m.Operation.Permission.String() != "customer_read" || m.Operation.Provenance != Override {
		t.Errorf("replaced by shape: %+v", m.Operation)
	}
	m, _ = c.Lookup("GET", "/v1/beta/x")
	if m.Operation.Resolution != NotGrantable {
		t.Errorf("not grantable op: %+v", m.Operation)
	}
	if c.Len() != base.Len()+2 {
		t.Errorf("Len %d, want %d", c.Len(), base.Len()+2)
	}
	if m, _ := base.Lookup("GET", "/v1/climate/orders"); m.Operation.Resolution != Unknown {
		t.Error("WithOverrides changed the base catalog")
	}
	// Expansion data still works on the copy.
	if m, _ := c.Lookup("GET", "/v1/charges/ch_1?expand[]=customer"); len(m.Expand) != 1 {
		t.Errorf("expand lost: %+v", m)
	}
}

func TestWithOverridesErrors(t *testing.T) {
	tests := []struct {
		name, yaml string
		want       []string // substrings of the error
	}{
		{"not yaml", "operations: [", []string{"bad.yaml", "not valid YAML"}},
		{"top level list", "- a\n", []string{"bad.yaml", "want a mapping"}},
		{"unknown top key", "ops: []\n", []string{"unknown key \"ops\""}},
		{"no list", "operations: {}\n", []string{"operations must be a list"}},
		{"typo key", "operations:\n  - method: GET\n    template: /v1/x\n    permision: charge_read\n", []string{"bad.yaml:2", "entry 1 (GET /v1/x)", "unknown key \"permision\""}},
		{"bad name", "operations:\n  - {method: GET, template: /v1/x, permission: charge_delete}\n", []string{"entry 1", "not a permission name"}},
		{"unlisted name", "operations:\n  - {method: GET, template: /v1/x, permission: price_read}\n", []string{"price_read is not a permission Stripe lists", "unlisted: true"}},
		{"bad method", "operations:\n  - {method: PUT, template: /v1/x, permission: charge_read}\n", []string{"method \"PUT\""}},
		{"bad template", "operations:\n  - {method: GET, template: customers, permission: charge_read}\n", []string{"want a path starting /v1/"}},
		{"partial param", "operations:\n  - {method: GET, template: \"/v1/c/x{id}\", permission: charge_read}\n", []string{"a parameter is a whole segment"}},
		{"unknown needs note", "operations:\n  - {method: GET, template: /v1/x, resolution: unknown}\n", []string{"needs a note"}},
		{"unknown takes no permission", "operations:\n  - {method: GET, template: /v1/x, resolution: unknown, permission: charge_read, note: n}\n", []string{"takes no permission"}},
		{"missing permission", "operations:\n  - {method: GET, template: /v1/x}\n", []string{"permission is required"}},
		{"duplicate", "operations:\n  - {method: GET, template: \"/v1/x/{a}\", permission: charge_read}\n  - {method: GET, template: \"/v1/x/{b}\", permission: charge_read}\n", []string{"entry 2", "repeats entry 1"}},
		{"second entry", "operations:\n  - {method: GET, template: /v1/x, permission: charge_read}\n  - {method: GET, template: /v1/y, permission: nope}\n", []string{"bad.yaml:3", "entry 2 (GET /v1/y)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Default().WithOverrides("bad.yaml", strings.NewReader(tt.yaml))
			if err == nil {
				t.Fatal("accepted")
			}
			var oe *OverrideError
			if !errors.As(err, &oe) {
				t.Fatalf("error %T is not an *OverrideError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestWithOverridesUnlistedAndEmpty(t *testing.T) {
	c, err := Default().WithOverrides("ok.yaml", strings.NewReader("operations:\n  - {method: GET, template: /v1/new_thing, permission: new_thing_read, unlisted: true}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := c.Lookup("GET", "/v1/new_thing"); !ok || m.Operation.Permission.String() != "new_thing_read" {
		t.Errorf("unlisted: %+v", m)
	}
	c, err = Default().WithOverrides("empty.yaml", strings.NewReader(""))
	if err != nil || c.Len() != Default().Len() {
		t.Errorf("empty file: %v", err)
	}
}

func FuzzWithOverrides(f *testing.F) {
	f.Add("operations:\n  - {method: GET, template: /v1/x/{id}, permission: charge_read}\n")
	f.Add("operations:\n  - {method: GET, template: /v1/x, resolution: unknown, note: n}\n")
	f.Add("operations: [")
	f.Fuzz(func(t *testing.T, doc string) {
		c, err := Default().WithOverrides("f.yaml", strings.NewReader(doc))
		if err != nil {
			if !strings.Contains(err.Error(), "f.yaml") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for _, op := range c.Operations() {
			if err := validateOperation(op); err != nil {
				t.Fatalf("accepted an invalid operation: %v", err)
			}
		}
	})
}

func FuzzLookup(f *testing.F) {
	for _, s := range []string{"/v1/customers/cus_1", "https://api.stripe.com/v1/charges?expand[]=data.customer", "api.stripe.com/v1/x", "//", "?expand[]=a.b.c.d.e", "/v1/charges/ch_1?expand%5B%5D=%ZZ"} {
		f.Add("GET", s)
	}
	c := Default()
	f.Fuzz(func(t *testing.T, method, path string) {
		m, ok := c.Lookup(method, path)
		if ok && m.Operation.Template == "" {
			t.Fatal("match without a template")
		}
		// The hot loops' lookup agrees with it.
		if _, op, ok2 := c.LookupOperation(method, path); ok2 != ok || ok && (op.Method != m.Operation.Method || op.Template != m.Operation.Template) {
			t.Fatalf("%s %s: LookupOperation %v %v, Lookup %v %v", method, path, ok2, op, ok, m.Operation)
		}
		if !ok {
			_ = c.Nearest(method, path)
		}
	})
}
