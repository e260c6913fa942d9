package stripeapi

import (
	"context"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"
)

// Probe is one harmless read-only call. Which permission it checks is not
// written here: verify asks the catalog what GET Path needs, so the table can
// never invent a permission name or disagree with the catalog.
type Probe struct {
	Path string // the GET the call sends, without query: "/v1/customers"
	// Call makes the request; acct, when set, is sent as Stripe-Account (a
	// probe of the key's Connect column).
	Call func(ctx context.Context, sc *client.API, acct string) error
}

// Probes lists the calls verify may make, most commonly granted resources
// first (verify's "outside" probes take the first ones the key should lack).
// Every call is a GET: a list with limit=1 (one page, never paginated) or a
// singleton read.
var Probes = []Probe{
	{"/v1/customers", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Customers.List(&stripe.CustomerListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/charges", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Charges.List(&stripe.ChargeListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/payment_intents", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.PaymentIntents.List(&stripe.PaymentIntentListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/balance", func(ctx context.Context, sc *client.API, acct string) error {
		_, err := sc.Balance.Get(&stripe.BalanceParams{Params: params(ctx, acct)})
		return err
	}},
	{"/v1/webhook_endpoints", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.WebhookEndpoints.List(&stripe.WebhookEndpointListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/accounts", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Accounts.List(&stripe.AccountListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/payouts", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Payouts.List(&stripe.PayoutListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/transfers", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Transfers.List(&stripe.TransferListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/setup_intents", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.SetupIntents.List(&stripe.SetupIntentListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/payment_methods", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.PaymentMethods.List(&stripe.PaymentMethodListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/products", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Products.List(&stripe.ProductListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/prices", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Prices.List(&stripe.PriceListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/subscriptions", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Subscriptions.List(&stripe.SubscriptionListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/invoices", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Invoices.List(&stripe.InvoiceListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/coupons", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Coupons.List(&stripe.CouponListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/promotion_codes", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.PromotionCodes.List(&stripe.PromotionCodeListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/credit_notes", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.CreditNotes.List(&stripe.CreditNoteListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/quotes", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Quotes.List(&stripe.QuoteListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/checkout/sessions", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.CheckoutSessions.List(&stripe.CheckoutSessionListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/payment_links", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.PaymentLinks.List(&stripe.PaymentLinkListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/disputes", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Disputes.List(&stripe.DisputeListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/application_fees", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.ApplicationFees.List(&stripe.ApplicationFeeListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/balance_transactions", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.BalanceTransactions.List(&stripe.BalanceTransactionListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/events", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Events.List(&stripe.EventListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/files", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Files.List(&stripe.FileListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/topups", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Topups.List(&stripe.TopupListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/reviews", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.Reviews.List(&stripe.ReviewListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/tax_rates", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.TaxRates.List(&stripe.TaxRateListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/tax/settings", func(ctx context.Context, sc *client.API, acct string) error {
		_, err := sc.TaxSettings.Get(&stripe.TaxSettingsParams{Params: params(ctx, acct)})
		return err
	}},
	{"/v1/shipping_rates", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.ShippingRates.List(&stripe.ShippingRateListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/subscription_schedules", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.SubscriptionSchedules.List(&stripe.SubscriptionScheduleListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/test_helpers/test_clocks", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.TestHelpersTestClocks.List(&stripe.TestHelpersTestClockListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/billing_portal/configurations", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.BillingPortalConfigurations.List(&stripe.BillingPortalConfigurationListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/reporting/report_types", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.ReportingReportTypes.List(&stripe.ReportingReportTypeListParams{
			// This list takes no limit (Stripe returns it whole, and small).
			ListParams: stripe.ListParams{Context: ctx, Single: true, StripeAccount: orNil(acct)}}).Iter)
	}},
	{"/v1/terminal/locations", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.TerminalLocations.List(&stripe.TerminalLocationListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/terminal/readers", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.TerminalReaders.List(&stripe.TerminalReaderListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/terminal/configurations", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.TerminalConfigurations.List(&stripe.TerminalConfigurationListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/issuing/cards", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.IssuingCards.List(&stripe.IssuingCardListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/issuing/cardholders", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.IssuingCardholders.List(&stripe.IssuingCardholderListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/issuing/authorizations", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.IssuingAuthorizations.List(&stripe.IssuingAuthorizationListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/issuing/transactions", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.IssuingTransactions.List(&stripe.IssuingTransactionListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/issuing/disputes", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.IssuingDisputes.List(&stripe.IssuingDisputeListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/apple_pay/domains", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.ApplePayDomains.List(&stripe.ApplePayDomainListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/payment_method_configurations", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.PaymentMethodConfigurations.List(&stripe.PaymentMethodConfigurationListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/payment_method_domains", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.PaymentMethodDomains.List(&stripe.PaymentMethodDomainListParams{ListParams: one(ctx, acct)}).Iter)
	}},
	{"/v1/billing/meters", func(ctx context.Context, sc *client.API, acct string) error {
		return firstPage(sc.BillingMeters.List(&stripe.BillingMeterListParams{ListParams: one(ctx, acct)}).Iter)
	}},
}

// one asks for a single item: enough to see whether the key may read.
func one(ctx context.Context, acct string) stripe.ListParams {
	return stripe.ListParams{Context: ctx, Limit: stripe.Int64(1), Single: true, StripeAccount: orNil(acct)}
}

func params(ctx context.Context, acct string) stripe.Params {
	return stripe.Params{Context: ctx, StripeAccount: orNil(acct)}
}

func orNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// firstPage fetches the first page only (Single stops auto-pagination).
func firstPage(it *stripe.Iter) error {
	it.Next()
	return it.Err()
}
