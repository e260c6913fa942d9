package logparse

import (
	"strings"
	"testing"
	"time"
)

// TestSDKPrettyJSONRequests: requests described by objects of
// pretty-printed JSON, one field a line (a Sentry event's HTTP breadcrumbs
// as its JSON view shows them), are read whatever the order of their keys,
// and only when they name a Stripe host and a response's status. Before,
// the scanner saw the url line alone and every breadcrumb was lost.
func TestSDKPrettyJSONRequests(t *testing.T) {
	crumb := func(fields ...string) string {
		return "      {\n" + strings.Join(fields, ",\n") + "\n      }"
	}
	event := func(crumbs ...string) string {
		return "{\n  \"level\": \"error\",\n  \"breadcrumbs\": {\n    \"values\": [\n" + strings.Join(crumbs, ",\n") + "\n    ]\n  }\n}\n"
	}
	data := func(fields ...string) string {
		return "        \"data\": {\n" + strings.Join(fields, ",\n") + "\n        }"
	}
	const (
		ts      = `        "timestamp": 1772619302.123`
		typ     = `        "type": "http"`
		post    = `          "method": "POST"`
		url     = `          "url": "https://api.stripe.com/v1/refunds"`
		st403   = `          "status_code": 403`
		reason  = `          "reason": "Forbidden"`
		refunds = `POST "/v1/refunds" host="api.stripe.com" status=403 time="2026-03-04T10:15:02.123Z" source="SDK" DENIAL`
	)
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"sentry's order", event(crumb(ts, typ, data(post, url, st403, reason))), []string{refunds}},
		{"keys sorted: the time comes after the data, and is its time",
			event(crumb(`        "category": "httplib"`, data(post, reason, st403, url), ts)),
			[]string{refunds}},
		{"PHP's escaped slashes", event(crumb(ts, data(post, `          "url": "https:\/\/api.stripe.com\/v1\/refunds"`, st403))), []string{refunds}},
		{"no status: written down, not made (Postman, Insomnia)", event(crumb(ts, data(post, url))), nil},
		{"another host", event(crumb(ts, data(post, `          "url": "https://api.example.com/v1/refunds"`, st403))), nil},
		{"a bare path", event(crumb(ts, data(post, `          "url": "/v1/refunds"`, st403))), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			reqs := readClean(t, "event.json", tc.in, Options{Format: FormatSDK, Location: time.UTC})
			var got []string
			for _, r := range reqs {
				_, rest, _ := strings.Cut(render(r), " ")
				got = append(got, rest)
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s\ninput:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"), tc.in)
			}
		})
	}
}
