package logparse

import (
	"strings"
	"testing"
)

func TestByteHelpers(t *testing.T) {
	for _, s := range []string{"", "abc", "a?b#c", "#x", "ab?", "none here"} {
		if got, want := indexEither(s, '?', '#'), strings.IndexAny(s, "?#"); got != want {
			t.Errorf("indexEither(%q) = %d, want %d", s, got, want)
		}
		if got, want := indexEither([]byte(s), '?', '#'), strings.IndexAny(s, "?#"); got != want {
			t.Errorf("indexEither([]byte %q) = %d, want %d", s, got, want)
		}
	}
	for _, s := range []string{"", "[", " [", "a [b] [c]", "[req_1]", "x[y", "a  [", " [ ["} {
		if got, want := lastSpaceBracket([]byte(s)), strings.LastIndex(s, " ["); got != want {
			t.Errorf("lastSpaceBracket(%q) = %d, want %d", s, got, want)
		}
	}
}
