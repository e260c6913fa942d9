package permissions

import "testing"

func TestLookupSmoke(t *testing.T) {
	c := Default()
	tests := []struct {
		method, path, template string
		ok                     bool
	}{
		{"GET", "/v1/customers/cus_1", "/v1/customers/{customer}", true},
		{"GET", "/v1/customers/search?query=x", "/v1/customers/search", true},
		{"get", "https://api.stripe.com/v1/customers/cus_1/", "/v1/customers/{customer}", true},
		{"GET", "api.stripe.com/v1/customers", "/v1/customers", true},
		{"GET", "/v1/nothing", "", false},
	}
	for _, tt := range tests {
		m, ok := c.Lookup(tt.method, tt.path)
		if ok != tt.ok || m.Operation.Template != tt.template {
			t.Errorf("Lookup(%s %s) = %q, %v; want %q, %v", tt.method, tt.path, m.Operation.Template, ok, tt.template, tt.ok)
		}
	}
}
