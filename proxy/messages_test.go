package proxy

import (
	"encoding/base64"
	"strings"
	"testing"

	"github.com/rakmigrate/rakmigrate/permissions"
)

const (
	canaryRAK  = "rk_test_CANARY1111111111111111111111111111111111111111111abcd"
	canaryLive = "rk_live_CANARY2222222222222222222222222222222222222222222wxyz"
)

func TestKeyFromAuth(t *testing.T) {
	basic := base64.StdEncoding.EncodeToString([]byte(canaryRAK + ":"))
	tests := []struct{ header, want string }{
		{"Bearer " + canaryRAK, canaryRAK},
		{"bearer " + canaryRAK, canaryRAK},
		{"Basic " + basic, canaryRAK},
		{"Basic !!notbase64", ""},
		{"Token abc", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := keyFromAuth(tt.header); got != tt.want {
			t.Errorf("keyFromAuth(%q) = %q, want %q", tt.header, got, tt.want)
		}
	}
}

func TestStripeMask(t *testing.T) {
	got := stripeMask(canaryRAK)
	if strings.Contains(got, "CANARY") || !strings.HasPrefix(got, "rk_test_****") || !strings.HasSuffix(got, "11abcd") {
		t.Fatalf("stripeMask = %q", got)
	}
	if len(got) != len(canaryRAK) {
		t.Errorf("mask keeps the key's length like Stripe does: %d vs %d", len(got), len(canaryRAK))
	}
	if got := stripeMask("sk_test_short"); got != "sk_test_*****" {
		t.Errorf("short key: %q", got)
	}
	if got := stripeMask(""); got != "" {
		t.Errorf("empty: %q", got)
	}
}

func TestDenialMessageForms(t *testing.T) {
	masked := stripeMask(canaryRAK)
	label := func(p permissions.Permission) string {
		if p.Resource == "plan" {
			return "Prices Read"
		}
		return ""
	}
	tests := []struct {
		name string
		d    Decision
		want string
	}{
		{"current form with label", Decision{Kind: permissions.DenialSpecific, Missing: []permissions.Permission{perm("plan_read")}},
			"Permission denied. The provided key '" + masked + "' does not have the required permissions for this endpoint on account 'acct_unknown'. Enabling \"Prices Read\" ('plan_read') permissions on this key would allow this request to continue."},
		{"older form without label", Decision{Kind: permissions.DenialSpecific, Missing: []permissions.Permission{perm("charge_write")}},
			"The provided key '" + masked + "' does not have the required permissions for this endpoint on account 'acct_unknown'. Having the 'rak_charge_write' permission would allow this request to continue."},
		{"generic", Decision{Kind: permissions.DenialGeneric, Unmapped: true},
			"The provided key '" + masked + "' does not have the required permissions for this endpoint on account 'acct_unknown'. Having more permissions would allow this request to continue."},
		{"not grantable", Decision{Kind: permissions.DenialNotGrantable},
			"The provided key '" + masked + "' does not have the required permissions for this endpoint on account 'acct_unknown', but the required permissions are not available for use by restricted keys."},
		{"connect", Decision{Kind: permissions.DenialConnectMissing},
			"You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := denialMessage(tt.d, masked, UnknownAccount, label); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

func TestDenialBodyIsStripeShaped(t *testing.T) {
	got := string(denialBody("msg", "req_123"))
	want := `{"error":{"type":"invalid_request_error","code":"more_permissions_required","message":"msg","request_log_url":"https://dashboard.stripe.com/test/logs/req_123"}}`
	if got != want {
		t.Fatalf("got %s", got)
	}
}
