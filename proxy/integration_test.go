package proxy

import (
	"errors"
	"io"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/rakmigrate/rakmigrate/internal/stripemock"
	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/permissions"
)

func describeLabel(p permissions.Permission) string { return permissions.Describe(p).Label }

// TestRealCatalogDenialsParseBack drives stripe-mock through the enforcing
// proxy with the full catalog, the way an integration would with stripe-go:
// every refused call raises stripe-go's *stripe.Error with status 403, and
// permissions.ParseDenial reads back exactly what the catalog says the call
// needs; allowed calls get stripe-mock's real answer.
func TestRealCatalogDenialsParseBack(t *testing.T) {
	mock := stripemock.Start(t)
	up, _ := url.Parse(mock.URL)
	cat := permissions.Default()
	rec := filepath.Join(t.TempDir(), "rehearsal.jsonl")
	recorder, err := OpenRecorder(rec)
	if err != nil {
		t.Fatal(err)
	}
	pol := &Policy{
		Granted: permissions.NewSet(perm("customer_write"), perm("payment_intent_write")),
		Connect: permissions.NewSet(perm("customer_read")),
	}
	p, err := New(Options{Upstream: up, Mode: Enforce, Policy: pol, Catalog: cat, Label: describeLabel, Recorder: recorder, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	defer srv.Close()
	b := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL: stripe.String(srv.URL), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}, MaxNetworkRetries: stripe.Int64(0),
	})
	sc := client.New(canaryRAK, &stripe.Backends{API: b, Connect: b, Uploads: b})

	connect := &stripe.CustomerListParams{}
	connect.SetStripeAccount("acct_1Connected00000")
	denied := []struct {
		name string
		call func() error
		want permissions.DenialKind
		perm string // the permission the 403 must name, for specific denials
	}{
		{"refund", func() error {
			_, err := sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String("ch_1")})
			return err
		}, permissions.DenialSpecific, "charge_write"},
		{"prices are plan", func() error { return firstErr(sc.Prices.List(&stripe.PriceListParams{}).Iter) }, permissions.DenialSpecific, "plan_read"},
		{"webhook endpoint", func() error {
			_, err := sc.WebhookEndpoints.New(&stripe.WebhookEndpointParams{URL: stripe.String("https://example.com/hook"), EnabledEvents: []*string{stripe.String("charge.succeeded")}})
			return err
		}, permissions.DenialSpecific, "webhook_write"},
		{"balance", func() error { _, err := sc.Balance.Get(nil); return err }, permissions.DenialSpecific, "balance_read"},
		{"checkout session", func() error {
			_, err := sc.CheckoutSessions.Get("cs_test_1", nil)
			return err
		}, permissions.DenialSpecific, "checkout_session_read"},
		{"connect write outside the connect column", func() error {
			params := &stripe.CustomerParams{}
			params.SetStripeAccount("acct_1Connected00000")
			_, err := sc.Customers.New(params)
			return err
		}, permissions.DenialSpecific, "customer_write"},
		{"direct permission on a connected account", func() error {
			params := &stripe.AccountListParams{}
			params.SetStripeAccount("acct_1Connected00000")
			return firstErr(sc.Accounts.List(params).Iter)
		}, permissions.DenialConnectMissing, ""},
	}
	for _, tt := range denied {
		t.Run(tt.name, func(t *testing.T) {
			var se *stripe.Error
			if err := tt.call(); !errors.As(err, &se) || se.HTTPStatusCode != 403 {
				t.Fatalf("want a 403 *stripe.Error, got %v", err)
			}
			d := permissions.ParseDenial(se.Msg)
			if d.Kind != tt.want {
				t.Fatalf("ParseDenial(%q).Kind = %q, want %q", se.Msg, d.Kind, tt.want)
			}
			if tt.perm != "" && (len(d.Permissions) != 1 || d.Permissions[0] != perm(tt.perm)) {
				t.Fatalf("ParseDenial(%q) = %v, want %s", se.Msg, d.Permissions, tt.perm)
			}
			h5NoCanaryProxy(t, se.Msg)
			if tt.perm != "" {
				// Stripe's current form, with the Dashboard label.
				label := permissions.Describe(perm(tt.perm)).Label
				if want := "Enabling \"" + label + "\" ('" + tt.perm + "')"; label == "" || !strings.Contains(se.Msg, want) {
					t.Errorf("message %q lacks %q", se.Msg, want)
				}
			}
		})
	}

	// Inside the manifest: stripe-mock's real objects.
	pi, err := sc.PaymentIntents.New(&stripe.PaymentIntentParams{Amount: stripe.Int64(1000), Currency: stripe.String("usd")})
	if err != nil || pi.Object != "payment_intent" {
		t.Fatalf("allowed call: %v %+v", err, pi)
	}
	if err := firstErr(sc.Customers.List(connect).Iter); err != nil {
		t.Fatalf("connect read in the connect column: %v", err)
	}

	// The recording reads back through logparse like any tail log.
	if err := recorder.Close(); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(rec)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rd, format, err := logparse.Open(rec, f, logparse.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if format != logparse.FormatTailJSON {
		t.Errorf("recording sniffed as %q, want tail-json", format)
	}
	var reqs []logparse.Request
	for {
		r, err := rd.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, r)
	}
	if len(reqs) != len(denied)+2 {
		t.Fatalf("read %d requests back, want %d", len(reqs), len(denied)+2)
	}
	first := reqs[0]
	if first.Method != "POST" || first.Path != "/v1/refunds" || !first.IsDenial() || first.RequestID == "" ||
		first.Error == nil || permissions.ParseDenial(first.Error.Message).Permissions[0] != perm("charge_write") {
		t.Errorf("first request read back as %+v", first)
	}
	last := reqs[len(reqs)-1]
	if last.Status != 200 || last.Account != "acct_1Connected00000" || last.IsDenial() {
		t.Errorf("last request read back as %+v", last)
	}
}

func firstErr(it *stripe.Iter) error {
	it.Next()
	return it.Err()
}

func h5NoCanaryProxy(t *testing.T, s string) {
	t.Helper()
	if strings.Contains(s, "CANARY") {
		t.Fatalf("key leaked: %s", s)
	}
}

// TestExpandInFormBodies: stripe-go sends expand[] in the POST body; the
// proxy must see it (the expanded object needs its own read) and still
// forward the body intact.
func TestExpandInFormBodies(t *testing.T) {
	mock := stripemock.Start(t)
	up, _ := url.Parse(mock.URL)
	for _, tt := range []struct {
		name    string
		granted []string
		denied  string
	}{
		{"expanded read missing", []string{"payment_intent_write"}, "customer_read"},
		{"expanded read granted", []string{"payment_intent_write", "customer_read"}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var ps []permissions.Permission
			for _, n := range tt.granted {
				ps = append(ps, perm(n))
			}
			p, err := New(Options{Upstream: up, Mode: Enforce, Policy: &Policy{Granted: permissions.NewSet(ps...)},
				Catalog: permissions.Default(), Label: describeLabel})
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(p)
			defer srv.Close()
			b := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
				URL: stripe.String(srv.URL), LeveledLogger: &stripe.LeveledLogger{Level: stripe.LevelNull}, MaxNetworkRetries: stripe.Int64(0),
			})
			sc := client.New(canaryRAK, &stripe.Backends{API: b, Connect: b, Uploads: b})
			params := &stripe.PaymentIntentParams{Amount: stripe.Int64(2000), Currency: stripe.String("usd"), Customer: stripe.String("cus_123")}
			params.AddExpand("customer")
			pi, err := sc.PaymentIntents.New(params)
			if tt.denied == "" {
				// stripe-mock validates the body: a lost or cut body fails here.
				if err != nil || pi.Object != "payment_intent" {
					t.Fatalf("allowed call: %v", err)
				}
				return
			}
			var se *stripe.Error
			if !errors.As(err, &se) || se.HTTPStatusCode != 403 {
				t.Fatalf("want 403, got %v", err)
			}
			if d := permissions.ParseDenial(se.Msg); len(d.Permissions) != 1 || d.Permissions[0] != perm(tt.denied) {
				t.Fatalf("denial %q names %v, want %s", se.Msg, d.Permissions, tt.denied)
			}
		})
	}
}
