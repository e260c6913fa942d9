package permissions

import (
	"strings"
	"testing"
)

func TestLookup(t *testing.T) {
	c := Default()
	tests := []struct {
		name           string
		method, path   string
		template, perm string
		res            Resolution
		ok             bool
	}{
		{"item", "GET", "/v1/customers/cus_123", "/v1/customers/{customer}", "customer_read", Resolved, true},
		{"update is POST", "POST", "/v1/customers/cus_123", "/v1/customers/{customer}", "customer_write", Resolved, true},
		{"search literal beats id", "GET", "/v1/customers/search", "/v1/customers/search", "customer_read", Resolved, true},
		{"query ignored", "GET", "/v1/customers/search?query=email:'a'", "/v1/customers/search", "customer_read", Resolved, true},
		{"trailing slash", "GET", "/v1/customers/cus_1/", "/v1/customers/{customer}", "customer_read", Resolved, true},
		{"lower-case method", "get", "/v1/customers", "/v1/customers", "customer_read", Resolved, true},
		{"full URL", "GET", "https://api.stripe.com/v1/charges/ch_1?expand[]=customer", "/v1/charges/{charge}", "charge_read", Resolved, true},
		{"files host", "POST", "https://files.stripe.com/v1/files", "/v1/files", "file_write", Resolved, true},
		{"meter events host", "POST", "https://meter-events.stripe.com/v2/billing/meter_event_stream", "/v2/billing/meter_event_stream", "billing_meter_event_write", Resolved, true},
		{"sdk debug form", "POST", "api.stripe.com/v1/payment_intents", "/v1/payment_intents", "payment_intent_write", Resolved, true},
		{"action", "POST", "/v1/payment_intents/pi_1/confirm", "/v1/payment_intents/{intent}/confirm", "payment_intent_write", Resolved, true},
		{"prices are plan", "GET", "/v1/prices/price_1", "/v1/prices/{price}", "plan_read", Resolved, true},
		{"refunds are charge", "POST", "/v1/refunds", "/v1/refunds", "charge_write", Resolved, true},
		{"nested refunds are charge", "GET", "/v1/charges/ch_1/refunds/re_1", "/v1/charges/{charge}/refunds/{refund}", "charge_read", Resolved, true},
		{"webhook", "POST", "/v1/webhook_endpoints", "/v1/webhook_endpoints", "webhook_write", Resolved, true},
		{"billing portal", "POST", "/v1/billing_portal/sessions", "/v1/billing_portal/sessions", "customer_portal_write", Resolved, true},
		{"checkout", "GET", "/v1/checkout/sessions/cs_test_a1", "/v1/checkout/sessions/{session}", "checkout_session_read", Resolved, true},
		{"test clocks", "POST", "/v1/test_helpers/test_clocks/clock_1/advance", "/v1/test_helpers/test_clocks/{test_clock}/advance", "billing_clock_write", Resolved, true},
		{"reporting id with dots", "GET", "/v1/reporting/report_types/balance.summary.1", "/v1/reporting/report_types/{report_type}", "report_runs_and_report_types_read", Resolved, true},
		{"user-chosen coupon id", "DELETE", "/v1/coupons/25OFF", "/v1/coupons/{coupon}", "coupon_write", Resolved, true},
		{"schedule id", "GET", "/v1/subscription_schedules/sub_sched_1", "/v1/subscription_schedules/{schedule}", "subscription_read", Resolved, true},
		{"create_preview literal", "POST", "/v1/invoices/create_preview", "/v1/invoices/create_preview", "invoice_write", Resolved, true},
		{"tax reversal literal", "POST", "/v1/tax/transactions/create_reversal", "/v1/tax/transactions/create_reversal", "tax_calculations_and_transactions_write", Resolved, true},
		{"tax calc", "POST", "/v1/tax/calculations", "/v1/tax/calculations", "tax_calculations_and_transactions_write", Resolved, true},
		{"terminal reader", "POST", "/v1/terminal/readers/tmr_1/process_payment_intent", "/v1/terminal/readers/{reader}/process_payment_intent", "terminal_reader_write", Resolved, true},
		{"connection token", "POST", "/v1/terminal/connection_tokens", "/v1/terminal/connection_tokens", "terminal_connection_token_write", Resolved, true},
		{"issuing card", "GET", "/v1/issuing/cards/ic_1", "/v1/issuing/cards/{card}", "issuing_card_read", Resolved, true},
		{"account", "GET", "/v1/account", "/v1/account", "connected_account_read", Resolved, true},
		{"account links", "POST", "/v1/account_links", "/v1/account_links", "account_link_write", Resolved, true},
		{"login links", "POST", "/v1/accounts/acct_1/login_links", "/v1/accounts/{account}/login_links", "edit_link_write", Resolved, true},
		{"ephemeral keys", "POST", "/v1/ephemeral_keys", "/v1/ephemeral_keys", "ephemeral_key_write", Resolved, true},
		{"customer sessions", "POST", "/v1/customer_sessions", "/v1/customer_sessions", "customer_session_write", Resolved, true},
		{"legacy upcoming invoice", "GET", "/v1/invoices/upcoming", "/v1/invoices/upcoming", "invoice_read", Resolved, true},
		{"legacy usage records", "POST", "/v1/subscription_items/si_1/usage_records", "/v1/subscription_items/{subscription_item}/usage_records", "usage_record_write", Resolved, true},
		{"v2 events", "GET", "/v2/core/events/evt_1", "/v2/core/events/{id}", "event_read", Resolved, true},
		{"unknown still maps", "GET", "/v1/climate/orders", "/v1/climate/orders", "", Unknown, true},
		{"unmapped", "GET", "/v1/nothing_here", "", "", "", false},
		{"wrong method", "DELETE", "/v1/charges", "", "", "", false},
		{"PUT unmapped", "PUT", "/v1/customers", "", "", "", false},
		{"empty", "GET", "", "", "", "", false},
		{"too deep", "GET", "/v1/customers/cus_1/x/y/z", "", "", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := c.Lookup(tt.method, tt.path)
			if ok != tt.ok {
				t.Fatalf("Lookup(%s %s) ok = %v, want %v (got %q)", tt.method, tt.path, ok, tt.ok, m.Operation.Template)
			}
			if m.Operation.Template != tt.template || m.Operation.Permission.String() != tt.perm || m.Operation.Resolution != tt.res {
				t.Errorf("Lookup(%s %s) = %s %s %s, want %s %s %s", tt.method, tt.path,
					m.Operation.Template, m.Operation.Permission, m.Operation.Resolution, tt.template, tt.perm, tt.res)
			}
		})
	}
}

func TestLookupDirectAndProvenance(t *testing.T) {
	c := Default()
	tests := []struct {
		method, path string
		prov         Provenance
		direct       bool
	}{
		{"GET", "/v1/account", Documented, true},
		{"POST", "/v1/account_links", Documented, true},
		{"POST", "/v1/account_sessions", Documented, true},
		{"GET", "/v1/accounts/acct_1/capabilities/card_payments", Documented, true},
		{"POST", "/v1/accounts/acct_1/capabilities/card_payments", Documented, true},
		{"POST", "/v1/ephemeral_keys", Observed, false},
		{"GET", "/v1/customers", Derived, false},
		{"POST", "/v1/accounts", Derived, true},
	}
	for _, tt := range tests {
		m, ok := c.Lookup(tt.method, tt.path)
		if !ok || m.Operation.Provenance != tt.prov || m.Operation.Direct != tt.direct {
			t.Errorf("%s %s: ok=%v provenance=%s direct=%v, want %s %v", tt.method, tt.path, ok, m.Operation.Provenance, m.Operation.Direct, tt.prov, tt.direct)
		}
	}
}

func TestLookupExpand(t *testing.T) {
	c := Default()
	tests := []struct {
		name, method, path string
		want               []string
		unresolved         []string // substrings, in order
	}{
		{"item field", "GET", "/v1/charges/ch_1?expand[]=customer", []string{"customer_read"}, nil},
		{"encoded brackets", "GET", "/v1/charges/ch_1?expand%5B%5D=customer&expand%5B%5D=payment_intent", []string{"customer_read", "payment_intent_read"}, nil},
		{"list data.", "GET", "/v1/charges?limit=3&expand[]=data.customer", []string{"customer_read"}, nil},
		{"polymorphic fixed by Stripe", "GET", "/v1/balance_transactions?expand[]=data.source", []string{"balance_transaction_source_read"}, nil},
		{"nested adds every level", "GET", "/v1/subscriptions/sub_1?expand[]=latest_invoice.customer", []string{"customer_read", "invoice_read"}, nil},
		{"nested into a fixed polymorphic field", "GET", "/v1/charges?expand[]=data.balance_transaction.source", []string{"balance_read", "balance_transaction_source_read"}, nil},
		{"included field needs nothing more", "GET", "/v1/checkout/sessions/cs_test_1?expand[]=line_items", nil, nil},
		{"through an included list", "GET", "/v1/checkout/sessions/cs_test_1?expand[]=line_items.data.price.product", []string{"product_read"}, nil},
		{"through an included object", "GET", "/v1/checkout/sessions?expand[]=data.automatic_tax.liability.account", []string{"connected_account_read"}, nil},
		{"array of expandables", "GET", "/v1/invoices/in_1?expand[]=discounts", []string{"customer_read"}, nil},
		{"empty field", "GET", "/v1/charges/ch_1?expand[]=customer..x", nil, []string{"no empty fields"}},
		{"too deep", "GET", "/v1/charges/ch_1?expand[]=a.b.c.d.e", nil, []string{"1 to 4 fields"}},
		{"dedupe", "GET", "/v1/charges/ch_1?expand[]=customer&expand[]=customer", []string{"customer_read"}, nil},
		{"list without data.", "GET", "/v1/charges?expand[]=customer", nil, []string{"customer: list responses expand fields under data."}},
		{"no such field", "GET", "/v1/charges/ch_1?expand[]=nonsense", nil, []string{"nonsense: charge has no expandable field"}},
		{"not expand", "GET", "/v1/charges/ch_1?expanded=customer&limit=1", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok := c.Lookup(tt.method, tt.path)
			if !ok {
				t.Fatalf("no match for %s", tt.path)
			}
			var got []string
			for _, p := range m.Expand {
				got = append(got, p.String())
			}
			if strings.Join(got, ",") != strings.Join(tt.want, ",") {
				t.Errorf("Expand = %v, want %v", got, tt.want)
			}
			if len(m.ExpandUnresolved) != len(tt.unresolved) {
				t.Fatalf("ExpandUnresolved = %q, want %d entries", m.ExpandUnresolved, len(tt.unresolved))
			}
			for i, sub := range tt.unresolved {
				if !strings.Contains(m.ExpandUnresolved[i], sub) {
					t.Errorf("ExpandUnresolved[%d] = %q, want it to contain %q", i, m.ExpandUnresolved[i], sub)
				}
			}
		})
	}
}

func TestLookupExpandPolymorphicIsUnresolved(t *testing.T) {
	// A field that can expand to several objects needs the read of whichever
	// it is: the catalog says so instead of picking one.
	m, _ := Default().Lookup("GET", "/v1/customers/cus_1?expand[]=default_source")
	if len(m.Expand) != 0 || len(m.ExpandUnresolved) != 1 || !strings.Contains(m.ExpandUnresolved[0], "depends on the object") {
		t.Fatalf("default_source: Expand=%v Unresolved=%q", m.Expand, m.ExpandUnresolved)
	}
}

func TestLookupPlainPathDoesNotAllocate(t *testing.T) {
	c := Default()
	allocs := testing.AllocsPerRun(200, func() {
		c.Lookup("GET", "/v1/customers/cus_123")
		c.Lookup("POST", "https://api.stripe.com/v1/payment_intents/pi_1/confirm")
		c.Lookup("GET", "/v1/nothing")
	})
	if allocs != 0 {
		t.Fatalf("Lookup allocates %.1f times per run, want 0", allocs)
	}
}

func TestNearest(t *testing.T) {
	c := Default()
	tests := []struct{ method, path, want string }{
		{"GET", "/v1/customers/cus_1/nonexistent", "GET /v1/customers/{customer}"},
		{"PUT", "/v1/customers/cus_1", "GET /v1/customers/{customer}"},
		{"POST", "/v1/payment_intents/pi_1/frobnicate", "POST /v1/payment_intents/{intent}"},
		{"GET", "/v3/whatever", ""},
		{"GET", "/v1/zzz_unknown_area", ""},
	}
	for _, tt := range tests {
		if got := c.Nearest(tt.method, tt.path); got != tt.want {
			t.Errorf("Nearest(%s %s) = %q, want %q", tt.method, tt.path, got, tt.want)
		}
	}
}

func TestOperationsIsACopy(t *testing.T) {
	c := Default()
	ops := c.Operations()
	if len(ops) != c.Len() || len(ops) < 600 {
		t.Fatalf("Operations() has %d, Len %d", len(ops), c.Len())
	}
	ops[0].Template = "/v1/mutated"
	if c.Operations()[0].Template == "/v1/mutated" {
		t.Fatal("Operations leaks the catalog's slice")
	}
}

func TestEveryOperationIsConsistent(t *testing.T) {
	for _, op := range Default().Operations() {
		if err := validateOperation(op); err != nil {
			t.Error(err)
		}
		if op.Resolution == Resolved && !IsKnownName(op.Permission) {
			t.Errorf("%s %s: %s is not a known name", op.Method, op.Template, op.Permission)
		}
		// Each template finds itself (with its parameters as ids).
		path := strings.NewReplacer("{", "x_", "}", "").Replace(op.Template)
		m, ok := Default().Lookup(op.Method, path)
		if !ok || m.Operation.Template != op.Template {
			t.Errorf("%s %s: lookup of %s gives %q", op.Method, op.Template, path, m.Operation.Template)
		}
	}
}

// benchMix is a realistic mix of requests: mostly payment and customer
// traffic, some nested and namespaced paths, full URLs from SDK logs, and a
// miss.
var benchMix = []struct{ method, path string }{
	{"POST", "/v1/payment_intents"},
	{"GET", "/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa"},
	{"POST", "/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa/confirm"},
	{"GET", "/v1/customers/cus_NffrFeUfNV2Hib"},
	{"POST", "/v1/customers"},
	{"GET", "/v1/customers/search"},
	{"GET", "/v1/charges/ch_3MmlLrLkdIwHu7ix0snN0B15/refunds/re_1"},
	{"POST", "/v1/checkout/sessions"},
	{"GET", "/v1/subscriptions/sub_1MowQVLkdIwHu7ixeRlqHVzs"},
	{"POST", "https://api.stripe.com/v1/refunds"},
	{"GET", "/v1/prices/price_1MoBy5LkdIwHu7ixZhnattbh/"},
	{"POST", "/v1/terminal/readers/tmr_1/process_payment_intent"},
	{"GET", "/v1/invoices/in_1/lines"},
	{"GET", "/v1/events"},
	{"GET", "/v1/not_a_thing/abc"},
	{"POST", "/v1/webhook_endpoints/we_1"},
}

func BenchmarkLookup(b *testing.B) {
	c := Default()
	mix := benchMix
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := mix[i%len(mix)]
		c.Lookup(r.method, r.path)
	}
}

func TestMatchConnect(t *testing.T) {
	c := Default()
	acct, _ := c.Lookup("GET", "/v1/account")
	cust, _ := c.Lookup("GET", "/v1/customers")
	if acct.Connect("") != ConnectNotNeeded || cust.Connect("") != ConnectNotNeeded {
		t.Error("platform calls need no Connect column")
	}
	if acct.Connect("acct_1") != ConnectDirect {
		t.Error("GET /v1/account is Direct")
	}
	if cust.Connect("acct_1") != ConnectColumn {
		t.Error("customers on a connected account need the Connect column")
	}
}

func BenchmarkLookupExpand(b *testing.B) {
	c := Default()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		c.Lookup("GET", "/v1/charges?limit=100&expand[]=data.customer&expand[]=data.balance_transaction.source")
	}
}

// TestEmbeddedExpansionParses checks expand.tsv, which Default parses only on
// the first request with expand[] (and panics then if it is broken).
func TestEmbeddedExpansionParses(t *testing.T) {
	ex, err := parseExpansion(expandTSV)
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.fields) == 0 || len(ex.reads) == 0 {
		t.Fatalf("expand.tsv parsed to nothing: %d fields, %d reads", len(ex.fields), len(ex.reads))
	}
}

// BenchmarkParseCatalog is the catalog's share of every run's start-up.
func BenchmarkParseCatalog(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := parseCatalog(catalogTSV, expandTSV); err != nil {
			b.Fatal(err)
		}
	}
}

// TestMethodIndex: every method name, in capitals (the switch) or not (the
// loop), is found at its place in methodNames.
func TestMethodIndex(t *testing.T) {
	for i, name := range methodNames {
		for _, m := range []string{name, strings.ToLower(name), strings.ToUpper(name[:1]) + strings.ToLower(name[1:])} {
			if got := methodIndex(m); got != i {
				t.Errorf("methodIndex(%q) = %d, want %d", m, got, i)
			}
		}
	}
	for _, m := range []string{"", "PATCH", "GETS", "GE"} {
		if got := methodIndex(m); got != -1 {
			t.Errorf("methodIndex(%q) = %d, want -1", m, got)
		}
	}
}
