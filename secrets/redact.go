// Package secrets finds, redacts, loads and classifies Stripe keys.
//
// Every string rakmigrate prints, logs, writes or returns as an error passes
// through Redact (directly, or through a Writer wrapping the stream), so a key
// that reaches the tool by any path leaves it only as "rk_test_…wxyz".
package secrets

import (
	"regexp"
)

// keyPattern matches anything shaped like a Stripe credential: a known
// prefix family, an optional mode, and an alphanumeric body long enough to be
// a key rather than a word. The prefixes are deliberately broad (Stripe adds
// new ones, e.g. rkcs_, oak_, sk_org): over-redacting an identifier is a
// cosmetic problem, under-redacting a key is an incident.
//
// Group 1 is the visible prefix, group 2 the body.
var keyPattern = regexp.MustCompile(
	`\b((?:sk|rk|pk|rkcs|skcs|oak|sk_org|ek)_(?:test|live|prod)_|whsec_|sk_org_|oak_)([A-Za-z0-9]{8,})`)

// Redact replaces every Stripe key in s with its prefix, an ellipsis and its
// last four characters. Text without a key is returned unchanged (and without
// allocation).
func Redact(s string) string {
	if !mayContainKey(s) {
		return s
	}
	return keyPattern.ReplaceAllStringFunc(s, redactOne)
}

// RedactBytes is Redact for byte slices; it returns b itself when it holds no key.
func RedactBytes(b []byte) []byte {
	if !mayContainKey(string(b)) {
		return b
	}
	return keyPattern.ReplaceAllFunc(b, func(m []byte) []byte { return []byte(redactOne(string(m))) })
}

// Mask renders one key for display: "sk_live_…wxyz". It is what Redact puts in
// place of a key; use it where the caller already holds the key.
func Mask(key string) string {
	if key == "" {
		return ""
	}
	m := keyPattern.FindStringSubmatchIndex(key)
	if m == nil || m[0] != 0 {
		// Not key-shaped: show no more than the last four characters.
		if len(key) <= 4 {
			return "…"
		}
		return "…" + key[len(key)-4:]
	}
	return redactOne(key)
}

func redactOne(k string) string {
	m := keyPattern.FindStringSubmatch(k)
	prefix, body := m[1], m[2]
	return prefix + "…" + body[len(body)-4:]
}

// mayContainKey is a cheap pre-check so that the common case (no key at all)
// never runs the regular expression.
func mayContainKey(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] == '_' {
			return true
		}
	}
	return false
}
