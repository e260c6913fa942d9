package permissions

import (
	"strings"
	"testing"
)

func TestParseDenial(t *testing.T) {
	tests := []struct {
		name   string
		msg    string
		kind   DenialKind
		perms  string // comma-separated plain names
		labels string // comma-separated
		anyOf  bool
		acct   string
	}{
		{
			name: "old single",
			msg:  "The provided key 'rk_test_****************************abc123' does not have the required permissions for this endpoint on account 'acct_1NuzflB0DBR1HOyc'. Having the 'rak_subscription_read' permission would allow this request to continue.",
			kind: DenialSpecific, perms: "subscription_read", acct: "acct_1NuzflB0DBR1HOyc",
		},
		{
			name: "old several",
			msg:  "The provided key 'rk_live_****abc123' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_payment_intent_read', 'rak_checkout_session_read' permissions would allow this request to continue.",
			kind: DenialSpecific, perms: "payment_intent_read,checkout_session_read", anyOf: true, acct: "acct_1",
		},
		{
			name: "new double-quoted label",
			msg:  `Permission denied. The provided key 'rk_live_…abc' does not have the required permissions for this endpoint on account 'acct_9'. Enabling "Prices Read" ('plan_read') permissions on this key would allow this request to continue. You can edit permissions at https://dashboard.stripe.com/acct_9/apikeys/mk_1/edit`,
			kind: DenialSpecific, perms: "plan_read", labels: "Prices Read", acct: "acct_9",
		},
		{
			name: "new single-quoted label",
			msg:  `Permission denied. … Enabling 'Customers Write' ('customer_write') permissions on this key would allow this request to continue.`,
			kind: DenialSpecific, perms: "customer_write", labels: "Customers Write",
		},
		{
			name: "new bare label",
			msg:  `Permission denied. … Enabling Prices Read ('plan_read') permissions on this key would allow this request to continue.`,
			kind: DenialSpecific, perms: "plan_read", labels: "Prices Read",
		},
		{
			name: "new two labels",
			msg:  `Enabling "PaymentIntents Read" ('payment_intent_read'), "Checkout Sessions Read" ('checkout_session_read') permissions on this key would allow this request to continue.`,
			kind: DenialSpecific, perms: "payment_intent_read,checkout_session_read", labels: "PaymentIntents Read,Checkout Sessions Read", anyOf: true,
		},
		{
			name: "JSON-escaped",
			msg:  `{"error":{"message":"The provided key \u0027rk_test_***abc\u0027 does not have the required permissions for this endpoint on account \u0027acct_2\u0027. Enabling \"Prices Read\" (\u0027plan_read\u0027) permissions on this key would allow this request to continue.","type":"invalid_request_error"}}`,
			kind: DenialSpecific, perms: "plan_read", labels: "Prices Read", acct: "acct_2",
		},
		{
			name: "HTML-escaped with line break",
			msg:  "The provided key &#39;rk_test_***abc&#39; does not have the required permissions\nfor this endpoint on account &#39;acct_3&#39;. Enabling &quot;Customers Write&quot; (&#39;customer_write&#39;) permissions on this key would allow this request to continue.",
			kind: DenialSpecific, perms: "customer_write", labels: "Customers Write", acct: "acct_3",
		},
		{
			name: "escaped newline and typographic quotes",
			msg:  `The provided key ‘rk_test_Cb3gph’ does not have the required permissions for this endpoint on account ‘acct_4’.\nHaving the ‘rak_subscription_read’ permission would allow this request to continue.`,
			kind: DenialSpecific, perms: "subscription_read", acct: "acct_4",
		},
		{
			name: "observed-only name",
			msg:  "… Having the 'rak_accounts_kyc_id_numbers_read' permission would allow this request to continue.",
			kind: DenialSpecific, perms: "accounts_kyc_id_numbers_read",
		},
		{
			name: "generic",
			msg:  "The provided key 'rk_test_***abc' does not have the required permissions for this endpoint on account 'acct_5'. Having more permissions would allow this request to continue.",
			kind: DenialGeneric, acct: "acct_5",
		},
		{
			name: "not grantable",
			msg:  "The provided key 'rk_test_***abc' does not have the required permissions for this endpoint on account 'acct_6', but the required permissions are not available for use by restricted keys.",
			kind: DenialNotGrantable, acct: "acct_6",
		},
		{
			name: "connect",
			msg:  "You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions.",
			kind: DenialConnectMissing,
		},
		{
			name: "label only, known",
			msg:  `Enabling "Prices Read" permissions on this key would allow this request to continue.`,
			kind: DenialSpecific, perms: "plan_read", labels: "Prices Read",
		},
		{
			name: "required permissions without names",
			msg:  "The provided key does not have the required permissions for this endpoint.",
			kind: DenialGeneric,
		},
		{name: "401 is not a permission problem", msg: "Invalid API Key provided: rk_test_****abc", kind: DenialNone},
		{name: "empty", msg: "", kind: DenialNone},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := ParseDenial(tt.msg)
			var names []string
			for _, p := range d.Permissions {
				names = append(names, p.String())
			}
			if d.Kind != tt.kind || strings.Join(names, ",") != tt.perms || strings.Join(d.Labels, ",") != tt.labels ||
				d.AnyOf != tt.anyOf || d.Account != tt.acct {
				t.Errorf("ParseDenial = {%s %v labels=%q anyOf=%v acct=%q}, want {%s %s labels=%q anyOf=%v acct=%q}",
					d.Kind, names, d.Labels, d.AnyOf, d.Account, tt.kind, tt.perms, tt.labels, tt.anyOf, tt.acct)
			}
		})
	}
}

func FuzzParseDenial(f *testing.F) {
	f.Add("Having the 'rak_charge_read' permission would allow this request to continue.")
	f.Add(`Enabling "Prices Read" ('plan_read') permissions on this key would allow this request to continue.`)
	f.Add("Having more permissions would allow this request to continue.")
	f.Add("not available for use by restricted keys")
	f.Add("&#39;&quot;\\u0027 would allow Enabling ( ')")
	f.Fuzz(func(t *testing.T, msg string) {
		d := ParseDenial(msg)
		if d.Kind == DenialSpecific && len(d.Permissions) == 0 {
			t.Fatalf("specific denial without permissions: %q", msg)
		}
		if d.AnyOf != (len(d.Permissions) > 1) {
			t.Fatalf("AnyOf %v with %d permissions", d.AnyOf, len(d.Permissions))
		}
		for _, p := range d.Permissions {
			if _, err := ParsePermission(p.String()); err != nil {
				t.Fatalf("parsed a permission that does not round-trip: %v", p)
			}
		}
	})
}

func BenchmarkParseDenial(b *testing.B) {
	msgs := []string{
		`Permission denied. The provided key 'rk_live_…abc' does not have the required permissions for this endpoint on account 'acct_9'. Enabling "Prices Read" ('plan_read') permissions on this key would allow this request to continue.`,
		"The provided key 'rk_test_****abc123' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_payment_intent_read', 'rak_checkout_session_read' permissions would allow this request to continue.",
		"You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions.",
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		ParseDenial(msgs[i%len(msgs)])
	}
}
