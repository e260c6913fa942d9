// Package stripeapi talks to the Stripe API (or stripe-mock, or rakmigrate's
// proxy) through stripe-go v76, for checks that need a real key: verify's
// read-only permission probes.
package stripeapi

import (
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/rakmigrate/rakmigrate/secrets"
)

// DefaultAPIBase is Stripe's API.
const DefaultAPIBase = "https://api.stripe.com"

// NewClient returns a stripe-go client for key at base ("" = Stripe). Its
// logger writes stripe-go's errors to logw (nil: nowhere), redacted: the key
// must never reach a log, whatever stripe-go decides to print.
func NewClient(key, base string, hc *http.Client, logw io.Writer) *client.API {
	if base == "" {
		base = DefaultAPIBase
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	var logger stripe.LeveledLoggerInterface = &stripe.LeveledLogger{Level: stripe.LevelNull}
	if logw != nil {
		logger = redactingLogger{w: logw}
	}
	b := stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(strings.TrimRight(base, "/")),
		HTTPClient:        hc,
		LeveledLogger:     logger,
		MaxNetworkRetries: stripe.Int64(1),
		EnableTelemetry:   stripe.Bool(false),
	})
	// Uploads and Connect are other hosts at Stripe; probes use neither, so
	// they share the one backend that points where the user said.
	return client.New(key, &stripe.Backends{API: b, Connect: b, Uploads: b})
}

// redactingLogger passes stripe-go's errors and warnings on, redacted, and
// drops its info and debug chatter (which names every request).
type redactingLogger struct{ w io.Writer }

func (l redactingLogger) Debugf(string, ...interface{}) {}
func (l redactingLogger) Infof(string, ...interface{})  {}
func (l redactingLogger) Errorf(format string, v ...interface{}) {
	fmt.Fprintln(l.w, secrets.Redact("stripe-go: "+fmt.Sprintf(format, v...)))
}
func (l redactingLogger) Warnf(format string, v ...interface{}) {
	fmt.Fprintln(l.w, secrets.Redact("stripe-go: "+fmt.Sprintf(format, v...)))
}
