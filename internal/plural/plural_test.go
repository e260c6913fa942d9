package plural

import "testing"

func TestCount(t *testing.T) {
	for _, tc := range []struct {
		n    int
		noun string
		want string
	}{
		{0, "request", "0 requests"},
		{1, "request", "1 request"},
		{2, "input", "2 inputs"},
		{1, "malformed record", "1 malformed record"},
		{1000000, "call", "1000000 calls"},
	} {
		if got := Count(tc.n, tc.noun); got != tc.want {
			t.Errorf("Count(%d, %q) = %q, want %q", tc.n, tc.noun, got, tc.want)
		}
	}
}

func TestVerb(t *testing.T) {
	for n, want := range map[int]string{0: "map", 1: "maps", 2: "map"} {
		if got := Verb(n, "maps", "map"); got != want {
			t.Errorf("Verb(%d) = %q, want %q", n, got, want)
		}
	}
}
