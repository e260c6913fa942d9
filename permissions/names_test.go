package permissions

import (
	"testing"
)

func TestAcceptedNamesAreStripesList(t *testing.T) {
	names := AcceptedNames()
	if len(names) != 158 {
		t.Fatalf("stripe-facts §2 lists 158 names the key API accepted; the table has %d", len(names))
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("duplicate %s", n)
		}
		seen[n] = true
	}
	for _, n := range []string{"account_link_write", "balance_read", "balance_transaction_source_read", "plan_write",
		"report_runs_and_report_types_read", "report_runs_and_report_types_write", "secret_read", "secret_write",
		"terminal_connection_token_write", "treasury_transaction_read", "issuing_read", "issuing_write", "connected_account_read"} {
		if !seen[n] {
			t.Errorf("%s missing from the accepted list", n)
		}
	}
	for _, n := range []string{"price_read", "connected_account_write", "ephemeral_key_write", "balance_write", "event_write", "account_link_read"} {
		if seen[n] {
			t.Errorf("%s must not be in the key API's list", n)
		}
	}
}

func TestDescribe(t *testing.T) {
	tests := []struct {
		name                          string
		label, group                  string
		known, observed, ronly, wonly bool
	}{
		{"payment_intent_write", "PaymentIntents Write", GroupCore, true, false, false, false},
		{"plan_read", "Prices Read", GroupBilling, true, false, false, false},
		{"charge_write", "Charges and Refunds Write", GroupCore, true, false, false, false},
		{"balance_read", "Balance Read", GroupCore, true, false, true, false},
		{"account_link_write", "Account links Write", GroupConnect, true, false, false, true},
		{"connected_account_write", "Accounts Write", GroupConnect, true, false, false, false},
		{"accounts_kyc_basic_read", "Accounts KYC basic Read", GroupConnect, false, true, true, false},
		{"ephemeral_key_write", "Ephemeral keys Write", GroupCore, false, true, false, true},
		{"checkout_session_write", "Checkout Sessions Write", GroupCheckout, true, false, false, false},
	}
	for _, tt := range tests {
		p, err := ParsePermission(tt.name)
		if err != nil {
			t.Fatal(err)
		}
		in := Describe(p)
		if in.Name != tt.name || in.Label != tt.label || in.Group != tt.group || in.Known != tt.known ||
			in.ObservedOnly != tt.observed || in.ReadOnly != tt.ronly || in.WriteOnly != tt.wonly {
			t.Errorf("Describe(%s) = %+v", tt.name, in)
		}
	}
	if in := Describe(Permission{"price", Read}); in.Known || in.Group != "" || in.Label != "price_read" {
		t.Errorf("unknown name: %+v", in)
	}
	if in := Describe(Permission{"balance", Write}); in.Known {
		t.Errorf("balance_write must not be known: %+v", in)
	}
	if got := Describe(Permission{"checkout_session", Read}).Implies; len(got) != 6 {
		t.Errorf("checkout_session implies %v, want Stripe's 6 notes", got)
	}
}

func TestBothSpellingsParse(t *testing.T) {
	for _, s := range []string{"rak_charge_read", "charge_read", " RAK_CHARGE_READ "} {
		p, err := ParsePermission(s)
		if err != nil || p != (Permission{"charge", Read}) {
			t.Errorf("ParsePermission(%q) = %v, %v", s, p, err)
		}
	}
	p := Permission{"charge", Write}
	if p.RAK() != "rak_charge_write" || p.String() != "charge_write" {
		t.Errorf("spellings: %s %s", p.RAK(), p)
	}
	for _, s := range []string{"", "charge", "rak_", "_read", "charge_delete", "Charge Read", "charge__read_"} {
		if _, err := ParsePermission(s); err == nil {
			t.Errorf("ParsePermission(%q) accepted", s)
		}
	}
}

func TestPermissionForLabel(t *testing.T) {
	for label, want := range map[string]string{"Prices Read": "plan_read", "prices  read": "plan_read", "Customers Write": "customer_write"} {
		p, ok := PermissionForLabel(label)
		if !ok || p.String() != want {
			t.Errorf("PermissionForLabel(%q) = %v, %v", label, p, ok)
		}
	}
	if _, ok := PermissionForLabel("Nope Read"); ok {
		t.Error("unknown label mapped")
	}
}

func TestGroups(t *testing.T) {
	gs := Groups()
	if gs[0].Name != GroupCore {
		t.Fatalf("first group %s, want Core", gs[0].Name)
	}
	rows := 0
	seen := map[string]bool{}
	for _, g := range gs {
		if len(g.Rows) == 0 {
			t.Errorf("empty group %s", g.Name)
		}
		for _, r := range g.Rows {
			rows++
			if seen[r.Resource] {
				t.Errorf("row %s twice", r.Resource)
			}
			seen[r.Resource] = true
			if !r.CanRead && !r.CanWrite {
				t.Errorf("row %s grants nothing", r.Resource)
			}
		}
	}
	if rows != len(nameTable) {
		t.Errorf("%d rows, want %d", rows, len(nameTable))
	}
}

func FuzzParsePermission(f *testing.F) {
	for _, s := range []string{"rak_charge_read", "charge_write", "", "_read", "a_write", "rak_rak_x_read"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePermission(s)
		if err != nil {
			return
		}
		q, err := ParsePermission(p.RAK())
		if err != nil || q != p {
			t.Fatalf("%q → %v does not round-trip via %q", s, p, p.RAK())
		}
	})
}
