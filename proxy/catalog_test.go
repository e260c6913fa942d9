package proxy

import (
	"strings"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// testCatalog is a small catalog for unit tests: a handful of operations with
// the stems Stripe really uses (prices → plan, refunds → charge). Tests
// against the full catalog live in integration_test.go.
type testCatalog []permissions.Operation

func perm(s string) permissions.Permission {
	p, err := permissions.ParsePermission(s)
	if err != nil {
		panic(err)
	}
	return p
}

var smallCatalog = testCatalog{
	{Method: "GET", Template: "/v1/customers", Permission: perm("customer_read"), Resolution: permissions.Resolved},
	{Method: "GET", Template: "/v1/customers/{customer}", Permission: perm("customer_read"), Resolution: permissions.Resolved},
	{Method: "POST", Template: "/v1/customers", Permission: perm("customer_write"), Resolution: permissions.Resolved},
	{Method: "GET", Template: "/v1/prices", Permission: perm("plan_read"), Resolution: permissions.Resolved},
	{Method: "POST", Template: "/v1/refunds", Permission: perm("charge_write"), Resolution: permissions.Resolved},
	{Method: "GET", Template: "/v1/balance", Permission: perm("balance_read"), Resolution: permissions.Resolved},
	{Method: "GET", Template: "/v1/accounts", Permission: perm("connected_account_read"), Resolution: permissions.Resolved, Direct: true},
	{Method: "GET", Template: "/v1/balance_transactions", Resolution: permissions.Unknown},
	{Method: "POST", Template: "/v1/apps/secrets", Resolution: permissions.NotGrantable},
}

func (c testCatalog) Lookup(method, path string) (permissions.Match, bool) {
	path, query, _ := strings.Cut(path, "?")
	for _, op := range c {
		if op.Method == method && templateMatches(op.Template, path) {
			m := permissions.Match{Operation: op}
			if strings.Contains(query, "expand%5B%5D=customer") || strings.Contains(query, "expand[]=customer") {
				m.Expand = append(m.Expand, perm("customer_read"))
			}
			return m, true
		}
	}
	return permissions.Match{}, false
}

func templateMatches(tmpl, path string) bool {
	ts, ps := strings.Split(tmpl, "/"), strings.Split(path, "/")
	if len(ts) != len(ps) {
		return false
	}
	for i := range ts {
		if !strings.HasPrefix(ts[i], "{") && ts[i] != ps[i] {
			return false
		}
	}
	return true
}
