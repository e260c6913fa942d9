package proxy

import (
	"reflect"
	"testing"

	"github.com/rakmigrate/rakmigrate/permissions"
)

func TestDecide(t *testing.T) {
	pol := &Policy{
		Granted: permissions.NewSet(perm("customer_write"), perm("plan_read"), perm("connected_account_read")),
		Connect: permissions.NewSet(perm("customer_read")),
	}
	noConnect := &Policy{Granted: pol.Granted}
	tests := []struct {
		name                         string
		pol                          *Policy
		method, path, query, account string
		want                         Decision
	}{
		{"write covers read", pol, "GET", "/v1/customers/cus_1", "", "",
			Decision{Allowed: true, Operation: "GET /v1/customers/{customer}"}},
		{"granted write", pol, "POST", "/v1/customers", "", "",
			Decision{Allowed: true, Operation: "POST /v1/customers"}},
		{"missing names the stem Stripe uses", pol, "POST", "/v1/refunds", "", "",
			Decision{Kind: permissions.DenialSpecific, Missing: []permissions.Permission{perm("charge_write")}, Operation: "POST /v1/refunds"}},
		{"read granted, write asked", &Policy{Granted: permissions.NewSet(perm("customer_read"))}, "POST", "/v1/customers", "", "",
			Decision{Kind: permissions.DenialSpecific, Missing: []permissions.Permission{perm("customer_write")}, Operation: "POST /v1/customers"}},
		{"expand needs the expanded read", &Policy{Granted: permissions.NewSet(perm("plan_read"))}, "GET", "/v1/prices", "expand[]=customer", "",
			Decision{Kind: permissions.DenialSpecific, Missing: []permissions.Permission{perm("customer_read")}, Operation: "GET /v1/prices"}},
		{"unmapped is denied generically", pol, "GET", "/v1/brand_new_things", "", "",
			Decision{Kind: permissions.DenialGeneric, Unmapped: true}},
		{"unknown permission is generic", pol, "GET", "/v1/balance_transactions", "", "",
			Decision{Kind: permissions.DenialGeneric, Operation: "GET /v1/balance_transactions"}},
		{"not grantable", pol, "POST", "/v1/apps/secrets", "", "",
			Decision{Kind: permissions.DenialNotGrantable, Operation: "POST /v1/apps/secrets"}},
		{"connect uses the connect column", pol, "GET", "/v1/customers", "", "acct_1",
			Decision{Allowed: true, Operation: "GET /v1/customers"}},
		{"connect column lacks write", pol, "POST", "/v1/customers", "", "acct_1",
			Decision{Kind: permissions.DenialSpecific, Missing: []permissions.Permission{perm("customer_write")}, Operation: "POST /v1/customers"}},
		{"direct permission never authorises connect", pol, "GET", "/v1/accounts", "", "acct_1",
			Decision{Kind: permissions.DenialConnectMissing, Operation: "GET /v1/accounts"}},
		{"no connect permissions at all", noConnect, "GET", "/v1/customers", "", "acct_1",
			Decision{Kind: permissions.DenialConnectMissing, Operation: "GET /v1/customers"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.pol.Decide(smallCatalog, tt.method, tt.path, tt.query, tt.account)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decide = %+v\nwant     %+v", got, tt.want)
			}
		})
	}
}
