package logparse

import (
	"strings"
)

// denialPhrases are fragments only Stripe's permission 403s contain. logparse
// only recognises such a message; permissions.ParseDenial reads it.
var denialPhrases = []string{
	"does not have the required permissions",
	"Having the 'rak_",
	"permissions on this key would allow",
	"not available for use by restricted keys",
	"does not have any Connect permissions",
	"Having more permissions would allow",
}

// denialStarts are where a permission message begins, most specific first.
var denialStarts = []string{
	"Permission denied. The provided key",
	"The provided key",
	"You passed a restricted API key",
}

// denialEnds close a message; what follows them is the log's own text.
var denialEnds = []string{
	"would allow this request to continue.",
	"not available for use by restricted keys.",
	"does not have any Connect permissions.",
}

func looksLikeDenial(s string) bool {
	for _, p := range denialPhrases {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// denialStart is where the first of denialStarts begins in line, or -1.
func denialStart(line string) int {
	for _, s := range denialStarts {
		if i := strings.Index(line, s); i >= 0 {
			return i
		}
	}
	return -1
}

// extractDenial cuts the permission message out of a log line: from its first
// words to its last sentence, plus the "You can edit permissions at URL"
// sentence when present. JSON string escapes are undone.
func extractDenial(line string) (string, bool) {
	if !looksLikeDenial(line) {
		return "", false
	}
	start := denialStart(line)
	if start < 0 {
		// A message we only know by its phrase: keep the whole line.
		start = 0
	}
	msg := line[start:]
	end := -1
	for _, e := range denialEnds {
		if i := strings.LastIndex(msg, e); i >= 0 && i+len(e) > end {
			end = i + len(e)
		}
	}
	if end > 0 {
		rest := msg[end:]
		msg = msg[:end]
		const edit = " You can edit permissions at "
		if strings.HasPrefix(rest, edit) {
			url := rest[len(edit):]
			if i := strings.IndexAny(url, " \t\"'\\,}"); i >= 0 {
				url = url[:i]
			}
			msg += edit + url
		}
	} else {
		msg = strings.TrimRight(msg, " \t\"'},;)]")
	}
	msg = strings.NewReplacer(`\"`, `"`, `\'`, `'`, `\\`, `\`, `\/`, `/`).Replace(msg)
	return strings.TrimSpace(msg), true
}
