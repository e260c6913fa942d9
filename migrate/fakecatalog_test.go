package migrate

import (
	"strings"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// fakeCatalog is a tiny catalog for engine tests, independent of the real
// generated one: templates matched segment by segment, literals first.
type fakeCatalog struct{ ops []permissions.Operation }

func op(method, tmpl, perm string, extra ...func(*permissions.Operation)) permissions.Operation {
	o := permissions.Operation{Method: method, Template: tmpl, Resolution: permissions.Resolved, Provenance: permissions.Derived}
	if perm == "" {
		o.Resolution = permissions.Unknown
		o.Note = "nobody knows"
	} else if perm == "!" {
		o.Resolution = permissions.NotGrantable
	} else {
		p, err := permissions.ParsePermission(perm)
		if err != nil {
			panic(err)
		}
		o.Permission = p
	}
	for _, f := range extra {
		f(&o)
	}
	return o
}

func direct(o *permissions.Operation) { o.Direct = true }

func testCatalog() *fakeCatalog {
	return &fakeCatalog{ops: []permissions.Operation{
		op("GET", "/v1/customers/search", "customer_read"),
		op("GET", "/v1/customers/{customer}", "customer_read"),
		op("POST", "/v1/customers", "customer_write"),
		op("POST", "/v1/customers/{customer}", "customer_write"),
		op("GET", "/v1/payment_intents/{intent}", "payment_intent_read"),
		op("POST", "/v1/payment_intents", "payment_intent_write"),
		op("POST", "/v1/payment_intents/{intent}/confirm", "payment_intent_write"),
		op("GET", "/v1/prices", "plan_read"),
		op("POST", "/v1/refunds", "charge_write"),
		op("GET", "/v1/account", "connected_account_read", direct),
		op("GET", "/v1/balance_transactions", "balance_transaction_source_read"),
		op("POST", "/v1/checkout/sessions", "checkout_session_write"),
		op("POST", "/v1/subscriptions", "subscription_write"),
		op("GET", "/v1/subscriptions/{id}", "subscription_read"),
		op("GET", "/v1/products/{id}", "product_read"),
		op("POST", "/v1/setup_intents", "setup_intent_write"),
		op("GET", "/v1/mystery", ""),
		op("GET", "/v1/loyalty/points", "customer_read", func(o *permissions.Operation) { o.Provenance = permissions.Override }),
		op("POST", "/v1/forbidden_thing", "!"),
	}}
}

func (c *fakeCatalog) Lookup(method, path string) (permissions.Match, bool) {
	path, query, _ := strings.Cut(path, "?")
	segs := strings.Split(path, "/")
	best := -1
	bestLiterals := -1
	for i, o := range c.ops {
		if o.Method != method {
			continue
		}
		ts := strings.Split(o.Template, "/")
		if len(ts) != len(segs) {
			continue
		}
		lit, ok := 0, true
		for j := range ts {
			if strings.HasPrefix(ts[j], "{") {
				continue
			}
			if ts[j] != segs[j] {
				ok = false
				break
			}
			lit++
		}
		if ok && lit > bestLiterals {
			best, bestLiterals = i, lit
		}
	}
	if best < 0 {
		return permissions.Match{}, false
	}
	m := permissions.Match{Operation: c.ops[best]}
	if strings.Contains(query, "expand") && strings.Contains(query, "customer") {
		m.Expand = append(m.Expand, permissions.Permission{Resource: "customer", Access: permissions.Read})
	}
	if strings.Contains(query, "default_source") {
		m.ExpandUnresolved = append(m.ExpandUnresolved, "default_source: polymorphic (card, bank account or source)")
	}
	return m, true
}

func (c *fakeCatalog) Nearest(method, path string) string {
	return "GET /v1/customers/{customer}"
}
