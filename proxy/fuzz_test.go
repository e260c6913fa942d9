package proxy

import (
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// FuzzAuthAndMask feeds arbitrary Authorization headers through the key
// extraction and the Stripe-style mask: neither may panic, the mask keeps the
// key's length, and it shows no more than the mode prefix and six characters.
func FuzzAuthAndMask(f *testing.F) {
	for _, s := range []string{"Bearer " + canaryRAK, "Basic cmtfdGVzdF9hYmM6", "Basic %%%", "bearer", "Bearer ", "Basic ", " ", "Bearer x_live_y", "Bearer " + canaryLive} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		key := keyFromAuth(header)
		masked := stripeMask(key)
		if len(masked) != len(key) {
			t.Fatalf("mask %q changes the length of %q", masked, key)
		}
		prefix := 0
		for _, mode := range []string{"_test_", "_live_"} {
			if i := strings.Index(key, mode); i >= 0 {
				prefix = i + len(mode)
				break
			}
		}
		visible := 0
		for i := prefix; i < len(masked); i++ {
			if masked[i] != '*' {
				visible++
			}
		}
		if visible > 6 {
			t.Fatalf("mask %q shows %d characters of %q's body", masked, visible, key)
		}
	})
}

// FuzzFormExpand: whatever the body, the upstream gets it back byte for byte,
// and every expansion found is one the body named.
func FuzzFormExpand(f *testing.F) {
	for _, s := range []string{"amount=100&expand[]=customer", "expand%5B0%5D=customer&expand%5B1%5D=latest_charge", "expand[=x", "%zz", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/v1/payment_intents", strings.NewReader(body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		q := formExpand(r)
		got, err := io.ReadAll(r.Body)
		if err != nil || string(got) != body {
			t.Fatalf("body %q came back as %q (%v)", body, got, err)
		}
		vals, err := url.ParseQuery(q)
		if err != nil {
			t.Fatalf("expansions %q do not parse: %v", q, err)
		}
		named := map[string]bool{}
		if bv, err := url.ParseQuery(body); err == nil {
			for k, vs := range bv {
				if strings.HasPrefix(k, "expand[") {
					for _, v := range vs {
						named[v] = true
					}
				}
			}
		}
		for _, v := range vals["expand[]"] {
			if !named[v] {
				t.Fatalf("expansion %q not named by body %q", v, body)
			}
		}
	})
}
