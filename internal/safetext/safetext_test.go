package safetext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClean(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"/v1/customers/cus_1", "/v1/customers/cus_1"},
		{"Having the 'rak_charge_write' permission", "Having the 'rak_charge_write' permission"},
		{"café — ünïcode ✓", "café — ünïcode ✓"},
		{"line one\nline two\ttabbed\r", "line one line two tabbed "},
		{"\x1b[2J\x1b]0;pwned\x07", "\uFFFD[2J\uFFFD]0;pwned\uFFFD"},
		{"\x1b]52;c;cm0gLXJmIH4K\x07", "\uFFFD]52;c;cm0gLXJmIH4K\uFFFD"},
		{"nul\x00del\x7f", "nul\uFFFDdel\uFFFD"},
		{"c1 \u009b31m and \u0085", "c1 \uFFFD31m and \uFFFD"},
		{"raw 8-bit CSI \x9b31m", "raw 8-bit CSI \uFFFD31m"},
		{"cut rune \xe2\x82", "cut rune \uFFFD\uFFFD"},
		{"U+00A0 stays\u00a0", "U+00A0 stays\u00a0"},
	} {
		if got := Clean(tc.in); got != tc.want {
			t.Errorf("Clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if IsClean(tc.in) != (tc.in == tc.want) {
			t.Errorf("IsClean(%q) = %v", tc.in, IsClean(tc.in))
		}
	}
}

func TestCleanDoesNotAllocateOnCleanText(t *testing.T) {
	s := strings.Repeat("GET /v1/customers/cus_1 200 ", 10)
	if n := testing.AllocsPerRun(100, func() { _ = Clean(s) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// FuzzClean: the result is valid UTF-8 without a control character, clean
// text is left alone, and cleaning twice changes nothing more.
func FuzzClean(f *testing.F) {
	for _, s := range []string{"plain", "\x1b[31mred", "\u009b", "\xff\xfe", "tab\there", "é\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Clean(s)
		if !utf8.ValidString(got) {
			t.Fatalf("Clean(%q) = %q: not valid UTF-8", s, got)
		}
		for _, r := range got {
			if unsafeRune(r) {
				t.Fatalf("Clean(%q) = %q keeps %U", s, got, r)
			}
		}
		if IsClean(s) && got != s {
			t.Fatalf("Clean changed clean text %q to %q", s, got)
		}
		if again := Clean(got); again != got {
			t.Fatalf("Clean is not idempotent on %q: %q then %q", s, got, again)
		}
	})
}

// TestFirstUnsafeEveryOffset holds the word-at-a-time loop to the byte
// loop: each byte value at each offset of a 20-byte string.
func TestFirstUnsafeEveryOffset(t *testing.T) {
	for c := 0; c < 256; c++ {
		for at := 0; at < 20; at++ {
			b := []byte(strings.Repeat("a", 20))
			b[at] = byte(c)
			want := -1
			if c < 0x20 || c >= 0x7f {
				want = at // alone, 0x80–0xFF are invalid UTF-8
			}
			if got := firstUnsafe(string(b)); got != want {
				t.Fatalf("byte %#x at %d: %d, want %d", c, at, got, want)
			}
		}
	}
}

func BenchmarkCleanASCII(b *testing.B) {
	s := "/v1/payment_intents/pi_3MtwBwLkdIwHu7ix28a3tqPa/confirm"
	b.SetBytes(int64(len(s)))
	for i := 0; i < b.N; i++ {
		_ = Clean(s)
	}
}
