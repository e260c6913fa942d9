package proxy

import (
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// The 403 texts below are Stripe's own forms (stripe-facts §3), so SDKs and
// rakmigrate's own ParseDenial treat a rehearsal denial exactly like a real
// one. Each takes the masked key and the account.
const (
	// Form 3 (current): names the Dashboard label and the permission.
	msgSpecificLabelled = `Permission denied. The provided key '%s' does not have the required permissions for this endpoint on account '%s'. Enabling %q ('%s') permissions on this key would allow this request to continue.`
	// Form 1 (older): used when no label is known for the permission.
	msgSpecificPlain = `The provided key '%s' does not have the required permissions for this endpoint on account '%s'. Having the '%s' permission would allow this request to continue.`
	msgGeneric       = `The provided key '%s' does not have the required permissions for this endpoint on account '%s'. Having more permissions would allow this request to continue.`
	msgNotGrantable  = `The provided key '%s' does not have the required permissions for this endpoint on account '%s', but the required permissions are not available for use by restricted keys.`
	msgConnect       = `You passed a restricted API key with the Stripe-Account header, but the restricted API key does not have any Connect permissions.`
)

// UnknownAccount stands in for the key's account, which the proxy cannot know
// without a call the key may not be allowed to make.
const UnknownAccount = "acct_unknown"

// Labeler returns the Dashboard label of a permission ("Customers Read"), or
// "" when unknown.
type Labeler func(permissions.Permission) string

// denialMessage renders the text Stripe would send for d.
func denialMessage(d Decision, maskedKey, account string, label Labeler) string {
	switch d.Kind {
	case permissions.DenialConnectMissing:
		return msgConnect
	case permissions.DenialNotGrantable:
		return fmt.Sprintf(msgNotGrantable, maskedKey, account)
	case permissions.DenialSpecific:
		p := d.Missing[0]
		if label != nil {
			if l := label(p); l != "" {
				return fmt.Sprintf(msgSpecificLabelled, maskedKey, account, l, p.String())
			}
		}
		return fmt.Sprintf(msgSpecificPlain, maskedKey, account, p.RAK())
	}
	return fmt.Sprintf(msgGeneric, maskedKey, account)
}

// apiError is Stripe's error object.
type apiError struct {
	Type          string `json:"type"`
	Code          string `json:"code,omitempty"`
	Message       string `json:"message"`
	RequestLogURL string `json:"request_log_url,omitempty"`
}

// denialBody is the JSON body of a 403, as Stripe sends it.
func denialBody(message, requestID string) []byte {
	b, _ := json.Marshal(struct {
		Error apiError `json:"error"`
	}{apiError{
		Type:          "invalid_request_error",
		Code:          "more_permissions_required",
		Message:       message,
		RequestLogURL: "https://dashboard.stripe.com/test/logs/" + requestID,
	}})
	return b
}

// errorBody is a non-permission error in Stripe's shape.
func errorBody(typ, message string) []byte {
	b, _ := json.Marshal(struct {
		Error apiError `json:"error"`
	}{apiError{Type: typ, Message: message}})
	return b
}

// keyFromAuth extracts the API key from an Authorization header: "Bearer
// KEY" (stripe-go and most SDKs) or "Basic base64(KEY:)" (curl -u KEY:).
func keyFromAuth(h string) string {
	scheme, cred, ok := strings.Cut(h, " ")
	if !ok {
		return ""
	}
	switch strings.ToLower(scheme) {
	case "bearer":
		return strings.TrimSpace(cred)
	case "basic":
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(cred))
		if err != nil {
			return ""
		}
		user, _, _ := strings.Cut(string(raw), ":")
		return user
	}
	return ""
}

// stripeMask masks a key the way Stripe's 403 texts do: the prefix up to and
// including the mode, stars, and the last six characters. It never returns
// more of the key than Stripe itself echoes.
func stripeMask(key string) string {
	if key == "" {
		return ""
	}
	prefix := ""
	if i := strings.Index(key, "_test_"); i >= 0 {
		prefix = key[:i+len("_test_")]
	} else if i := strings.Index(key, "_live_"); i >= 0 {
		prefix = key[:i+len("_live_")]
	}
	body := key[len(prefix):]
	if len(body) <= 12 {
		// Too short to show a tail without showing most of it.
		return prefix + strings.Repeat("*", len(body))
	}
	return prefix + strings.Repeat("*", len(body)-6) + body[len(body)-6:]
}

// isLiveKey reports whether key is a live-mode key of any prefix family.
func isLiveKey(key string) bool { return strings.Contains(key, "_live_") }
