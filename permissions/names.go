package permissions

import (
	"strings"
	"sync"
)

// NameSource says why rakmigrate believes Stripe knows a permission name.
type NameSource string

const (
	// SourceKeyAPI: one of the 158 names Stripe's key API accepted in 2026
	// (stripe-facts §2). These are the names a key can certainly hold.
	SourceKeyAPI NameSource = "key_api"
	// SourceReference: named by Stripe's API permissions reference page but
	// absent from the key API's list (e.g. connected_account_write).
	SourceReference NameSource = "permissions_reference"
	// SourceObserved: seen only in real 403 texts (e.g. accounts_kyc_basic_read).
	SourceObserved NameSource = "observed_403"
)

// rowKind says which access levels a Dashboard row offers.
type rowKind uint8

const (
	readWrite rowKind = iota
	readOnly
	writeOnly
)

// nameRow is one Dashboard row: a stem, its label, group and levels. The
// table below is the single source of permission names in rakmigrate; the
// catalog generator refuses to emit a name that is not here.
type nameRow struct {
	stem   string
	label  string // Dashboard label without the access word: "PaymentIntents"
	group  string
	kind   rowKind
	source NameSource
	// implies holds Stripe's "implies" notes (information only).
	implies []string
}

// Group names, in Dashboard order.
const (
	GroupCore      = "Core"
	GroupCheckout  = "Checkout"
	GroupBilling   = "Billing"
	GroupConnect   = "Connect"
	GroupOrders    = "Orders"
	GroupIssuing   = "Issuing"
	GroupReporting = "Reporting"
	GroupTerminal  = "Terminal"
	GroupTax       = "Tax"
	GroupWebhook   = "Webhook"
	GroupMoney     = "Money management"
	GroupCapital   = "Capital"
	GroupPlatform  = "Platform"
	GroupOther     = "Other"
)

var groupOrder = []string{GroupCore, GroupCheckout, GroupBilling, GroupConnect, GroupOrders, GroupIssuing,
	GroupReporting, GroupTerminal, GroupTax, GroupWebhook, GroupMoney, GroupCapital, GroupPlatform, GroupOther}

// nameTable transcribes stripe-facts §2. Labels follow the Dashboard where
// known ("Prices" for plan, "Charges and Refunds" for charge); the "implies"
// notes are Stripe's Apps reference, kept as information only.
var nameTable = []nameRow{
	// Core
	{"balance", "Balance", GroupCore, readOnly, SourceKeyAPI, nil},
	{"balance_transaction_source", "Balance transaction sources", GroupCore, readOnly, SourceKeyAPI, []string{"application_fee_read", "balance_read", "transfer_read"}},
	{"charge", "Charges and Refunds", GroupCore, readWrite, SourceKeyAPI, nil},
	{"confirmation_token", "ConfirmationTokens", GroupCore, readOnly, SourceKeyAPI, nil},
	{"confirmation_token_client", "ConfirmationTokens (client)", GroupCore, readWrite, SourceKeyAPI, nil},
	{"customer", "Customers", GroupCore, readWrite, SourceKeyAPI, []string{"billing_clock_read"}},
	{"customer_session", "Customer sessions", GroupCore, readWrite, SourceKeyAPI, nil},
	{"dispute", "Disputes", GroupCore, readWrite, SourceKeyAPI, nil},
	{"ephemeral_key", "Ephemeral keys", GroupCore, writeOnly, SourceObserved, nil},
	{"elements", "Elements", GroupCore, writeOnly, SourceObserved, nil},
	{"event", "Events", GroupCore, readOnly, SourceKeyAPI, nil},
	{"file", "Files", GroupCore, readWrite, SourceKeyAPI, nil},
	{"mandate", "Mandates", GroupCore, readWrite, SourceKeyAPI, nil},
	{"payment_intent", "PaymentIntents", GroupCore, readWrite, SourceKeyAPI, []string{"product_read", "sku_read"}},
	{"payment_method", "PaymentMethods", GroupCore, readWrite, SourceKeyAPI, []string{"source_read"}},
	{"payment_method_configurations", "Payment method configurations", GroupCore, readWrite, SourceKeyAPI, nil},
	{"payment_method_domain", "Payment method domains", GroupCore, readWrite, SourceKeyAPI, nil},
	{"apple_pay_domain", "Apple Pay domains", GroupCore, readWrite, SourceKeyAPI, nil},
	{"payment_records", "Payment records", GroupCore, readWrite, SourceKeyAPI, nil},
	{"payout", "Payouts", GroupCore, readWrite, SourceKeyAPI, nil},
	{"payout_intent", "Payout intents", GroupCore, readOnly, SourceKeyAPI, nil},
	{"product", "Products", GroupCore, readWrite, SourceKeyAPI, nil},
	{"setup_intent", "SetupIntents", GroupCore, readWrite, SourceKeyAPI, []string{"mandate_read"}},
	{"source", "Sources", GroupCore, readWrite, SourceKeyAPI, nil},
	{"token", "Tokens", GroupCore, readWrite, SourceKeyAPI, nil},
	{"review", "Reviews", GroupCore, readWrite, SourceKeyAPI, nil},
	{"secret", "Secrets", GroupCore, readWrite, SourceKeyAPI, nil},
	{"entitlement", "Entitlements", GroupCore, readOnly, SourceKeyAPI, nil},
	{"adjustment", "Adjustments", GroupCore, readOnly, SourceKeyAPI, nil},
	{"fee_domain_resources", "Fee domain resources", GroupCore, readOnly, SourceKeyAPI, nil},
	// Checkout
	{"checkout_session", "Checkout Sessions", GroupCheckout, readWrite, SourceKeyAPI, []string{"mandate_read", "payment_intent_read", "payment_links_read", "product_read", "setup_intent_read", "sku_read"}},
	{"payment_links", "Payment Links", GroupCheckout, readWrite, SourceKeyAPI, nil},
	{"shipping_rate", "Shipping rates", GroupCheckout, readWrite, SourceKeyAPI, nil},
	// Billing
	{"billing_clock", "Test clocks", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"coupon", "Coupons", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"credit_note", "Credit notes", GroupBilling, readWrite, SourceKeyAPI, []string{"invoice_read"}},
	{"customer_portal", "Customer portal", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"invoice", "Invoices", GroupBilling, readWrite, SourceKeyAPI, []string{"credit_note_read"}},
	{"plan", "Prices", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"promotion_code", "Promotion codes", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"quote", "Quotes", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"subscription", "Subscriptions", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"tax_rate", "Tax rates", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"usage_record", "Usage records", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"billing_meter", "Meters", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"billing_meter_event", "Meter events", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"billing_analytics_meter_usage", "Meter usage analytics", GroupBilling, readOnly, SourceKeyAPI, nil},
	{"billing_intent", "Billing intents", GroupBilling, readOnly, SourceKeyAPI, nil},
	{"billing_profile", "Billing profiles", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"billing_settings", "Billing settings", GroupBilling, readWrite, SourceKeyAPI, nil},
	{"rate_card", "Rate cards", GroupBilling, writeOnly, SourceKeyAPI, nil},
	{"rate_card_subscription", "Rate card subscriptions", GroupBilling, writeOnly, SourceKeyAPI, nil},
	{"product_catalog_import", "Product catalog imports", GroupBilling, readWrite, SourceKeyAPI, nil},
	// Connect
	{"connected_account", "Accounts", GroupConnect, readWrite, SourceKeyAPI, nil},
	{"account_link", "Account links", GroupConnect, writeOnly, SourceKeyAPI, nil},
	{"account_session", "Account sessions", GroupConnect, writeOnly, SourceReference, nil},
	{"accounts_kyc_basic", "Accounts KYC basic", GroupConnect, readOnly, SourceObserved, nil},
	{"accounts_kyc_id_numbers", "Accounts KYC ID numbers", GroupConnect, readOnly, SourceObserved, nil},
	{"application_fee", "Application fees", GroupConnect, readWrite, SourceKeyAPI, nil},
	{"edit_link", "Login links", GroupConnect, writeOnly, SourceKeyAPI, nil},
	{"top_up", "Top-ups", GroupConnect, readWrite, SourceKeyAPI, nil},
	{"transfer", "Transfers", GroupConnect, readWrite, SourceKeyAPI, []string{"payout_read"}},
	{"recipient_verification", "Recipient verifications", GroupConnect, readOnly, SourceKeyAPI, nil},
	// Orders
	{"order", "Orders", GroupOrders, readWrite, SourceKeyAPI, nil},
	{"sku", "SKUs", GroupOrders, readWrite, SourceKeyAPI, nil},
	// Issuing
	{"issuing", "Issuing", GroupIssuing, readWrite, SourceKeyAPI, nil},
	{"issuing_authorization", "Issuing Authorizations", GroupIssuing, readWrite, SourceKeyAPI, nil},
	{"issuing_card", "Issuing Cards", GroupIssuing, readWrite, SourceKeyAPI, nil},
	{"issuing_cardholder", "Issuing Cardholders", GroupIssuing, readWrite, SourceKeyAPI, nil},
	{"issuing_credit_ledger", "Issuing credit ledger", GroupIssuing, readWrite, SourceKeyAPI, nil},
	{"issuing_dispute", "Issuing Disputes", GroupIssuing, readWrite, SourceKeyAPI, nil},
	{"issuing_token", "Issuing Tokens", GroupIssuing, readWrite, SourceKeyAPI, nil},
	{"issuing_token_network_data", "Issuing token network data", GroupIssuing, readOnly, SourceKeyAPI, nil},
	{"issuing_transaction", "Issuing Transactions", GroupIssuing, readWrite, SourceKeyAPI, nil},
	{"issuing_verification", "Issuing verifications", GroupIssuing, writeOnly, SourceKeyAPI, nil},
	// Reporting
	{"report_runs_and_report_types", "Report runs and report types", GroupReporting, readWrite, SourceKeyAPI, nil},
	// Terminal
	{"terminal_configuration", "Terminal Configurations", GroupTerminal, readWrite, SourceKeyAPI, nil},
	{"terminal_connection_token", "Terminal Connection tokens", GroupTerminal, writeOnly, SourceKeyAPI, nil},
	{"terminal_location", "Terminal Locations", GroupTerminal, readWrite, SourceKeyAPI, nil},
	{"terminal_reader", "Terminal Readers", GroupTerminal, readWrite, SourceKeyAPI, nil},
	// Tax
	{"tax_calculations_and_transactions", "Tax calculations and transactions", GroupTax, readWrite, SourceKeyAPI, nil},
	{"tax_settings", "Tax settings", GroupTax, readWrite, SourceKeyAPI, nil},
	{"tax_locations", "Tax locations", GroupTax, readWrite, SourceKeyAPI, nil},
	// Webhook
	{"webhook", "Webhook endpoints", GroupWebhook, readWrite, SourceKeyAPI, nil},
	// Money management (Treasury, Financial accounts)
	{"financial_account", "Financial accounts", GroupMoney, readOnly, SourceKeyAPI, nil},
	{"inbound_transfer", "Inbound transfers", GroupMoney, readOnly, SourceKeyAPI, nil},
	{"outbound_payment", "Outbound payments", GroupMoney, readOnly, SourceKeyAPI, nil},
	{"outbound_transfer", "Outbound transfers", GroupMoney, readOnly, SourceKeyAPI, nil},
	{"received_credit", "Received credits", GroupMoney, readOnly, SourceKeyAPI, nil},
	{"received_debit", "Received debits", GroupMoney, readOnly, SourceKeyAPI, nil},
	{"transaction", "Transactions", GroupMoney, readOnly, SourceKeyAPI, nil},
	{"treasury_transaction", "Treasury transactions", GroupMoney, readOnly, SourceKeyAPI, nil},
	// Capital
	{"capital_for_platforms_financing_offer", "Capital financing offers", GroupCapital, readWrite, SourceKeyAPI, nil},
	{"capital_for_platforms_financing_summary", "Capital financing summary", GroupCapital, readOnly, SourceKeyAPI, nil},
	{"capital_for_platforms_financing_transaction", "Capital financing transactions", GroupCapital, readOnly, SourceKeyAPI, nil},
	// Platform
	{"api_key", "API keys", GroupPlatform, writeOnly, SourceKeyAPI, nil},
	{"provisioning_account_request", "Provisioning account requests", GroupPlatform, readWrite, SourceKeyAPI, nil},
	{"provisioning_project", "Provisioning projects", GroupPlatform, readWrite, SourceKeyAPI, nil},
	{"provisioning_resource", "Provisioning resources", GroupPlatform, readWrite, SourceKeyAPI, nil},
}

// levelSource records the levels whose source differs from their row's: the
// key API accepts connected_account_read only; Stripe's permissions reference
// adds the write level.
var levelSource = map[string]NameSource{
	"connected_account_write": SourceReference, // permissions reference: POST /v1/accounts/{account}/capabilities/{id}
}

// Info describes one permission name for people.
type Info struct {
	Name         string // plain spelling: "payment_intent_write"
	Label        string // Dashboard label: "PaymentIntents Write"
	Group        string // "Core", "Billing", …; "" when the name is unknown
	Known        bool   // Stripe accepts or documents the name
	Source       NameSource
	ObservedOnly bool     // seen only in real 403 texts, not in any Stripe list
	ReadOnly     bool     // the row has no write level
	WriteOnly    bool     // the row has no read level
	Implies      []string // Stripe's "implies" notes: information only, never used to drop a permission
}

type nameIndex struct {
	byStem map[string]*nameRow
	byName map[string]Info // every valid plain name
	// byLabel maps a lower-cased Dashboard label ("prices read") to a name.
	byLabel map[string]Permission
}

var names = sync.OnceValue(func() *nameIndex {
	ix := &nameIndex{byStem: map[string]*nameRow{}, byName: map[string]Info{}, byLabel: map[string]Permission{}}
	for i := range nameTable {
		r := &nameTable[i]
		if _, dup := ix.byStem[r.stem]; dup {
			panic("permissions: duplicate name row " + r.stem)
		}
		ix.byStem[r.stem] = r
		for _, a := range r.levels() {
			p := Permission{Resource: r.stem, Access: a}
			in := r.info(a)
			ix.byName[p.String()] = in
			ix.byLabel[strings.ToLower(in.Label)] = p
		}
	}
	return ix
})

func (r *nameRow) levels() []Access {
	switch r.kind {
	case readOnly:
		return []Access{Read}
	case writeOnly:
		return []Access{Write}
	}
	return []Access{Read, Write}
}

func (r *nameRow) info(a Access) Info {
	p := Permission{Resource: r.stem, Access: a}
	src := r.source
	if s, ok := levelSource[p.String()]; ok {
		src = s
	}
	return Info{
		Name:         p.String(),
		Label:        r.label + " " + accessLabel[a],
		Group:        r.group,
		Known:        src == SourceKeyAPI || src == SourceReference,
		Source:       src,
		ObservedOnly: src == SourceObserved,
		ReadOnly:     r.kind == readOnly,
		WriteOnly:    r.kind == writeOnly,
		Implies:      r.implies,
	}
}

var accessLabel = map[Access]string{Read: "Read", Write: "Write"}

// Describe tells what rakmigrate knows of p. An unknown name comes back with
// Known false, no group and a label made from the name.
func Describe(p Permission) Info {
	if in, ok := names().byName[p.String()]; ok {
		return in
	}
	return Info{Name: p.String(), Label: p.String()}
}

// IsKnownName reports whether the catalog may emit p: Stripe accepts or
// documents it, or it was seen in a real 403 (then Describe says ObservedOnly).
func IsKnownName(p Permission) bool {
	_, ok := names().byName[p.String()]
	return ok
}

// PermissionForLabel maps a Dashboard label ("Prices Read", case-insensitive)
// to its permission.
func PermissionForLabel(label string) (Permission, bool) {
	p, ok := names().byLabel[strings.ToLower(strings.Join(strings.Fields(label), " "))]
	return p, ok
}

// AcceptedNames lists the names Stripe's key API accepted (stripe-facts §2).
func AcceptedNames() []string {
	var out []string
	for _, r := range nameTable {
		for _, a := range r.levels() {
			in := r.info(a)
			if in.Source == SourceKeyAPI {
				out = append(out, in.Name)
			}
		}
	}
	return out
}

// Row is one line of a Dashboard-like permission matrix.
type Row struct {
	Resource string // stem: "payment_intent"
	Label    string // "PaymentIntents"
	CanRead  bool
	CanWrite bool
}

// Group is a section of the matrix, in Dashboard order.
type Group struct {
	Name string
	Rows []Row
}

// Groups returns the permission matrix: groups in Dashboard order, rows in
// table order. Observed-only names are included (the wizard marks them).
func Groups() []Group {
	byName := map[string]*Group{}
	var out []Group
	for _, g := range groupOrder {
		out = append(out, Group{Name: g})
	}
	for i := range out {
		byName[out[i].Name] = &out[i]
	}
	for _, r := range nameTable {
		g := byName[r.group]
		g.Rows = append(g.Rows, Row{Resource: r.stem, Label: r.label, CanRead: r.kind != writeOnly, CanWrite: r.kind != readOnly})
	}
	kept := out[:0]
	for _, g := range out {
		if len(g.Rows) > 0 {
			kept = append(kept, g)
		}
	}
	return kept
}
