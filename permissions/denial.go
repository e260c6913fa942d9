package permissions

import (
	"html"
	"strings"

	"github.com/rakmigrate/rakmigrate/internal/lazyregexp"
)

// What a multi-name 403 means. Stripe's older text says "Having the
// 'rak_payment_intent_read', 'rak_checkout_session_read' permissions would
// allow this request to continue". We read the list as alternatives (any one
// of them allows the request), for three reasons: (1) the names come in
// pairs that Stripe's own "implies" notes connect (checkout_session implies
// payment_intent_read, so either row can authorise reading a PaymentIntent a
// Checkout Session created); (2) the sentence has the same shape as the
// one-name form, which names a sufficient permission; (3) public threads show
// users fixing such 403s by granting one of the names. Stripe does not
// document it, so Denial.AnyOf records the reading and callers that want the
// least privilege pick one name (preferring one the catalog maps to the
// request), while a further 403 round would reveal a wrong pick. Callers must
// not silently grant all of them.

var (
	// A permission name in either spelling, as a whole word.
	denialNameRE = lazyregexp.New(`\b(?:rak_)?[a-z][a-z0-9_]*?_(?:read|write)\b`)
	// New form: a label (quoted any way, or bare) followed by ('name').
	denialLabelRE = lazyregexp.New(`(?:"([^"]+)"|'([^']+)'|([A-Za-z][A-Za-z0-9 &.\-]*?))\s*\(\s*'?((?:rak_)?[a-z][a-z0-9_]*_(?:read|write))'?\s*\)`)
	denialAcctRE  = lazyregexp.New(`\baccount\s+'?(acct_[A-Za-z0-9]+)'?`)
	spaceRE       = lazyregexp.New(`\s+`)
)

// denialPhrases classify a message before any name is read: order matters,
// the Connect and not-grantable forms also say "restricted".
var denialPhrases = []struct {
	phrase string
	kind   DenialKind
}{
	{"does not have any connect permissions", DenialConnectMissing},
	{"restricted api key with the stripe-account header", DenialConnectMissing},
	{"not available for use by restricted keys", DenialNotGrantable},
	{"having more permissions would allow", DenialGeneric},
}

// ParseDenial reads a 403 message (any form in stripe-facts §3; JSON- or
// HTML-escaped quotes and line breaks are fine). A message that is not about
// permissions gives Kind DenialNone.
func ParseDenial(message string) Denial {
	msg := normalizeDenial(message)
	lower := asciiLower(msg) // same byte length as msg, so indexes carry over
	var d Denial
	if m := denialAcctRE().FindStringSubmatch(msg); m != nil {
		d.Account = m[1]
	}
	for _, ph := range denialPhrases {
		if strings.Contains(lower, ph.phrase) {
			d.Kind = ph.kind
			return d
		}
	}
	clause, ok := permissionClause(msg, lower)
	if !ok {
		if strings.Contains(lower, "does not have the required permissions") {
			d.Kind = DenialGeneric
		}
		return d
	}
	seen := map[Permission]bool{}
	add := func(p Permission) {
		if !seen[p] {
			seen[p] = true
			d.Permissions = append(d.Permissions, p)
		}
	}
	for _, m := range denialLabelRE().FindAllStringSubmatch(clause, -1) {
		label := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(m[1]+m[2]+m[3]), "and "))
		label = strings.TrimPrefix(strings.TrimPrefix(label, "Enabling "), "enabling ")
		if label != "" {
			d.Labels = append(d.Labels, label)
		}
	}
	for _, name := range denialNameRE().FindAllString(clause, -1) {
		if p, err := ParsePermission(name); err == nil {
			add(p)
		}
	}
	// A label without a name ("Enabling "Prices Read" permissions…"): map the
	// label when it is one we know; otherwise the message stays generic.
	if len(d.Permissions) == 0 {
		for _, l := range quotedLabels(clause) {
			if p, ok := PermissionForLabel(l); ok {
				d.Labels = append(d.Labels, l)
				add(p)
			}
		}
	}
	if len(d.Permissions) == 0 {
		d.Kind = DenialGeneric
		return d
	}
	d.Kind = DenialSpecific
	d.AnyOf = len(d.Permissions) > 1
	return d
}

// permissionClause returns the part of the message that names permissions:
// from "Having the" or "Enabling" to "would allow".
func permissionClause(msg, lower string) (string, bool) {
	end := strings.Index(lower, "would allow")
	if end < 0 {
		return "", false
	}
	start := -1
	for _, lead := range []string{"having the ", "enabling "} {
		if i := strings.LastIndex(lower[:end], lead); i > start {
			start = i
		}
	}
	if start < 0 {
		return "", false
	}
	return msg[start:end], true
}

var quotedRE = lazyregexp.New(`"([^"]+)"|'([^']+)'`)

func quotedLabels(clause string) []string {
	var out []string
	for _, m := range quotedRE().FindAllStringSubmatch(clause, -1) {
		out = append(out, m[1]+m[2])
	}
	return out
}

// normalizeDenial undoes the escaping a 403 text picks up on its way into a
// log: JSON escapes, HTML entities, typographic quotes, line breaks.
func normalizeDenial(s string) string {
	s = denialUnescaper.Replace(s)
	s = html.UnescapeString(s)
	return strings.TrimSpace(spaceRE().ReplaceAllString(s, " "))
}

// denialUnescaper is built once: a Replacer compiles its table on first
// use, which cost more than the replacing.
var denialUnescaper = strings.NewReplacer(
	`\"`, `"`, `\'`, `'`, `\u0027`, `'`, `\u0022`, `"`, `\u0026`, `&`,
	`\r\n`, " ", `\n`, " ", `\r`, " ", `\t`, " ", `\/`, `/`,
	"‘", "'", "’", "'", "“", `"`, "”", `"`,
)

// asciiLower lower-cases ASCII letters only; unlike strings.ToLower it never
// changes the byte length, so an index into the result indexes the input.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
