// Package secrets finds, redacts, loads and classifies Stripe keys.
//
// Every string rakmigrate prints, logs, writes or returns as an error passes
// through Redact (directly, or through a Writer wrapping the stream), so a key
// that reaches the tool by any path leaves it only as "rk_test_…wxyz".
package secrets

import (
	"slices"
	"strings"
	"unsafe"

	"github.com/rakmigrate/rakmigrate/internal/lazyregexp"
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
var keyPattern = lazyregexp.New(`(` + keyPrefix + `)([A-Za-z0-9]{8,})`)

// markers are substrings every key contains (each prefix of keyPattern holds
// one). Looking for them first, with vectorised substring search, keeps the
// matcher off the vast majority of text.
var markers = []string{"_test_", "_live_", "_prod_", "whsec_", "oak_", "sk_org_"}

// Redact replaces every Stripe key in s with its prefix, an ellipsis and its
// last four characters. Text without a key is returned unchanged (and without
// allocation).
//
// Keys can overlap ("sk_test_AAAAAAAArk_live_BBBBBBBB": the second key starts
// inside the first one's body) and one pass only replaces non-overlapping
// ones, so Redact repeats until nothing key-shaped is left. Each pass
// shortens the text, so this ends; in practice the second pass finds nothing.
func Redact(s string) string {
	for mayContainKey(s) {
		spans := findKeys(s)
		if len(spans) == 0 {
			break
		}
		var b strings.Builder
		b.Grow(len(s))
		last := 0
		for _, sp := range spans {
			b.WriteString(s[last:sp.start])
			b.WriteString(s[sp.start:sp.prefixEnd])
			b.WriteString("…")
			b.WriteString(s[sp.end-4 : sp.end])
			last = sp.end
		}
		b.WriteString(s[last:])
		s = b.String()
	}
	return s
}

// RedactBytes is Redact for byte slices; it returns b itself when it holds no key.
func RedactBytes(b []byte) []byte {
	// A zero-copy view for the check: every line of output passes here, and
	// converting would allocate for each.
	if !mayContainKey(unsafe.String(unsafe.SliceData(b), len(b))) {
		return b
	}
	s := Redact(string(b))
	if len(s) == len(b) {
		return b // nothing replaced: a replacement always shortens
	}
	return []byte(s)
}

// keySpan locates one key in a line: line[start:prefixEnd] is the prefix,
// line[prefixEnd:end] the body.
type keySpan struct{ start, prefixEnd, end int }

// modeFamilies precede a "_test_"/"_live_"/"_prod_" marker; a family that
// ends another must come first.
var modeFamilies = []string{"sk_org", "rkcs", "skcs", "sk", "rk", "pk", "ek"}

// findKeys finds what keyPattern matches, from the markers outward and
// without the regexp engine: Go's regexp has no literal prefix to skip to
// here and ran at about 1 MB/s over underscore-heavy text; this runs at
// hundreds. FuzzFindKeys holds it to keyPattern. Spans come back in order,
// not overlapping.
func findKeys(line string) []keySpan {
	var spans []keySpan
	for mi, m := range markers {
		for off := 0; off < len(line); {
			j := strings.Index(line[off:], m)
			if j < 0 {
				break
			}
			j += off
			off = j + 1
			start, prefixEnd := j, j+len(m)
			switch mi {
			case 0, 1, 2: // _test_, _live_, _prod_
				start = -1
				for _, f := range modeFamilies {
					if strings.HasSuffix(line[:j], f) {
						start = j - len(f)
						break
					}
				}
				if start < 0 {
					continue
				}
			case 5: // sk_org_: with a mode after it, the mode marker finds it
				if rest := line[prefixEnd:]; len(rest) >= 5 && rest[4] == '_' &&
					(strings.HasPrefix(rest, "test") || strings.HasPrefix(rest, "live") || strings.HasPrefix(rest, "prod")) {
					continue
				}
			}
			end := prefixEnd
			for end < len(line) && isAlnum(line[end]) {
				end++
			}
			if end-prefixEnd >= minBody {
				spans = append(spans, keySpan{start, prefixEnd, end})
			}
		}
	}
	if len(spans) < 2 {
		return spans
	}
	slices.SortFunc(spans, func(a, b keySpan) int { return a.start - b.start })
	kept := spans[:1]
	for _, sp := range spans[1:] {
		if sp.start >= kept[len(kept)-1].end {
			kept = append(kept, sp)
		}
	}
	return kept
}

// Mask renders one key for display: "sk_live_…wxyz". It is what Redact puts in
// place of a key; use it where the caller already holds the key.
func Mask(key string) string {
	if key == "" {
		return ""
	}
	m := keyPattern().FindStringSubmatchIndex(key)
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
	m := keyPattern().FindStringSubmatch(k)
	prefix, body := m[1], m[2]
	return prefix + "…" + body[len(body)-4:]
}

// mayContainKey is a cheap pre-check so that the common case (no key at all)
// never runs the matcher.
func mayContainKey(s string) bool {
	for _, m := range markers {
		if strings.Contains(s, m) {
			return true
		}
	}
	return false
}
