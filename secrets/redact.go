// Package secrets finds, redacts, loads and classifies Stripe keys.
//
// Every string rakmigrate prints, logs, writes or returns as an error passes
// through Redact (directly, or through a Writer wrapping the stream), so a key
// that reaches the tool by any path leaves it only as "rk_test_…wxyz".
package secrets

import (
	"regexp"
)

// keyPrefix matches the visible part of anything shaped like a Stripe
// credential: a known prefix family with a mode, or a family that carries no
// mode. The families are deliberately broad (Stripe adds new ones, e.g.
// rkcs_, oak_, sk_org_): over-redacting an identifier is a cosmetic problem,
// under-redacting a key is an incident.
//
// There is no left word boundary on purpose: "MY_sk_live_…" and
// "xsk_live_…" still hold a key.
const keyPrefix = `(?:(?:sk|rk|pk|rkcs|skcs|ek|sk_org)_(?:test|live|prod)_|whsec_|sk_org_|oak_)`

// minBody is the shortest body Redact treats as a key: shorter runs are words
// ("sk_test_short"), and no Stripe key has ever been that short.
const minBody = 8

// keyPattern: group 1 is the visible prefix, group 2 the body.
var keyPattern = regexp.MustCompile(`(` + keyPrefix + `)([A-Za-z0-9]{8,})`)

// Redact replaces every Stripe key in s with its prefix, an ellipsis and its
// last four characters. Text without a key is returned unchanged (and without
// allocation).
//
// Keys can overlap ("sk_test_AAAAAAAArk_live_BBBBBBBB": the second key starts
// inside the first one's body), and one pass of a regular expression only
// finds non-overlapping matches, so Redact repeats until nothing key-shaped is
// left. Each pass shortens the text, so this ends; in practice the second pass
// finds nothing.
func Redact(s string) string {
	for mayContainKey(s) {
		out := keyPattern.ReplaceAllStringFunc(s, redactOne)
		if out == s {
			break
		}
		s = out
	}
	return s
}

// RedactBytes is Redact for byte slices; it returns b itself when it holds no key.
func RedactBytes(b []byte) []byte {
	if !mayContainKey(string(b)) || !keyPattern.Match(b) {
		return b
	}
	return []byte(Redact(string(b)))
}

// Mask renders one key for display: "sk_live_…wxyz". It is what Redact puts in
// place of a key; use it where the caller already holds the key.
func Mask(key string) string {
	if key == "" {
		return ""
	}
	m := keyPattern.FindStringSubmatchIndex(key)
	if m != nil && m[0] == 0 && m[1] == len(key) {
		return redactOne(key)
	}
	// Not exactly key-shaped: keep a recognised prefix, and show the last
	// four characters only when they are a small part of the whole.
	prefix := ""
	if m != nil && m[0] == 0 {
		prefix = key[:m[3]]
	}
	if len(key) < 12 {
		return prefix + "…"
	}
	return prefix + "…" + key[len(key)-4:]
}

func redactOne(k string) string {
	m := keyPattern.FindStringSubmatch(k)
	prefix, body := m[1], m[2]
	return prefix + "…" + body[len(body)-4:]
}

// mayContainKey is a cheap pre-check so that the common case (no key at all)
// never runs the regular expression: every prefix ends in an underscore
// followed by at least minBody characters.
func mayContainKey(s string) bool {
	for i := 0; i+minBody < len(s); i++ {
		if s[i] == '_' {
			return true
		}
	}
	return false
}
