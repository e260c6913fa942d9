package logparse

import (
	"strings"
	"unicode"
)

// spaceBetween decides whether a space was lost where a terminal cut a
// permission message into two rows, when the rows' widths cannot tell (see
// wrapPiece): prev is the message up to the cut, next the rest. The message
// is one of Stripe's few texts (stripe-facts.md §3), so the words on either
// side of the cut say it: two of those texts' words that do not make one
// together ("required" | "permissions"), a sentence's end before a capital
// ("'acct_1Abc'." | "Having"), a quoted name or label closed before a word
// or opened after one ("the" | "'rak_charge_write'"). A cut inside a word,
// a key, an id or a URL joins with nothing between.
//
// Why the wording, and not a rule about widths alone: the rows cannot tell
// in the one case that reaches here. A terminal that wraps at column P puts
// a space falling on the cut either last on the row (tmux capture-pane
// trims it: the row is P-1 wide) or first on the next row (kept: the piece
// starts with it, and joins as is). So a Message row L wide, followed by a
// shorter last row that starts with a letter, fits a pane of P = L (cut
// inside a word: nothing lost) and a pane of P = L+1 (cut after a space:
// one lost) equally; every other row of the record is narrower. The pane's
// width is only known from a row elsewhere that filled it (wrapPiece uses
// one of the record's own rows when there is one: t.wrapPrev < pane), and
// elsewhere may be in another chunk of a file decoded in parallel, where a
// decision must rest on the lines of the record alone. What is left is what
// the message says, and Stripe's permission messages are few and fixed.
func spaceBetween(prev, next string) bool {
	a := prev[strings.LastIndexByte(prev, ' ')+1:]
	b := next
	if i := strings.IndexByte(next, ' '); i >= 0 {
		b = next[:i]
	}
	if a == "" || b == "" {
		return false
	}
	last, firstRune := a[len(a)-1], []rune(b)[0]
	switch {
	case (last == '.' || last == ',' || last == ';') && unicode.IsUpper(firstRune):
		return true
	case last == ',' || last == ';':
		return unicode.IsLetter(firstRune) || firstRune == '\'' || firstRune == '"'
	case (closesQuote(prev) || last == ')') && (unicode.IsLetter(firstRune) || firstRune == '('):
		return true
	case strings.Count(prev, `"`)%2 == 1 && unicode.IsLetter(rune(last)) && unicode.IsUpper(firstRune):
		return true // inside a Dashboard label, "Subscriptions | Write": its words are capitalised
	case (firstRune == '\'' || firstRune == '"' || firstRune == '(') && denialWords[strings.ToLower(a)]:
		return true
	}
	aw, bw := strings.ToLower(strings.Trim(a, ".,;:")), strings.ToLower(strings.Trim(b, ".,;:"))
	return denialWords[aw] && denialWords[bw] && !denialWords[aw+bw]
}

// closesQuote reports a message so far that ends a quoted name or label:
// 'rk_test_…abc123', "Prices Read", 'acct_1Abc' (its quotes balance; the
// messages hold no apostrophes).
func closesQuote(prev string) bool {
	q := prev[len(prev)-1]
	return (q == '\'' || q == '"') && strings.Count(prev, string(q))%2 == 0
}

// denialWords are the words of Stripe's permission messages, lower case.
var denialWords = func() map[string]bool {
	const texts = "the provided key does not have the required permissions for this endpoint on account having " +
		"permission permissions would allow this request to continue denied enabling on this key you can edit at " +
		"but are available for use by restricted keys passed a api with stripe-account header any connect more"
	m := map[string]bool{}
	for _, w := range strings.Fields(texts) {
		m[w] = true
	}
	return m
}()

// proseChatter reports a row that starts like one of the CLI's or a CI
// runner's chatter lines only because it starts with a common word: GitLab's
// "on <runner>" line. A row of a wrapped message may well start with "on
// account 'acct_…'. Having the 'rak_…' permission…", and dropping it would
// lose the permission.
func proseChatter(text []byte) bool {
	return len(text) > 3 && string(text[:3]) == "on "
}
