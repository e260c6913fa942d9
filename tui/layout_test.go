package tui

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/lipgloss"
)

// FuzzFit: whatever a screen renders (log text, pasted 403s, wide runes,
// our own SGR styling), fit keeps it inside the box. fit's input is styled
// text: stray control bytes are not its business (they must be removed where
// untrusted text enters), so the fuzzer drops them and adds well-formed SGR.
func FuzzFit(f *testing.F) {
	f.Add("hello\nworld", 10, 3)
	f.Add("POST /v1/payment_intents ████████ 日本語のテキスト\x1b[1mbold\x1b[0m", 12, 2)
	f.Add("\n\n\n\n", 1, 1)
	f.Add("a\tb\r\nc", 5, 4)
	f.Fuzz(func(t *testing.T, s string, w, h int) {
		w, h = 1+abs(w)%200, 1+abs(h)%60
		s = strings.Map(func(r rune) rune {
			if r != '\n' && (r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0)) {
				return -1
			}
			return r
		}, s)
		if len(s) > 2 {
			s = s[:len(s)/2] + "\x1b[1;32m" + s[len(s)/2:] + "\x1b[0m"
		}
		out := fit(s, w, h)
		lines := strings.Split(out, "\n")
		if len(lines) != h {
			t.Fatalf("fit(%q, %d, %d): %d lines", s, w, h, len(lines))
		}
		for _, l := range lines {
			if lw := lipgloss.Width(l); lw > w {
				t.Fatalf("fit(%q, %d, %d): line %q is %d wide", s, w, h, l, lw)
			}
		}
	})
}

// FuzzWordWrap: wrapped plan text never exceeds the width and loses no word.
func FuzzWordWrap(f *testing.F) {
	f.Add("Generated 2026-10-24T15:00:00Z from `/tmp/rakmigrate-demo-1/rak-manifest.yaml`. The key ran clean.", 40, "  ")
	f.Add("- grant the permissions marked connect: true in the key's Connect permissions column", 30, "  ")
	f.Add("https://dashboard.stripe.com/apikeys/create?name=x&permissions[]=rak_charge_read", 20, "")
	f.Fuzz(func(t *testing.T, s string, w int, indent string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\x1b\t\r\n") || strings.ContainsAny(indent, "\x1b\t\r\n") || len(indent) > 8 {
			return
		}
		w = 1 + abs(w)%120
		out := wordWrap(s, w, indent)
		if w > len(indent)+10 {
			for _, l := range strings.Split(out, "\n") {
				if lw := lipgloss.Width(l); lw > w {
					t.Fatalf("wordWrap(%q, %d, %q): line %q is %d wide", s, w, indent, l, lw)
				}
			}
		}
		if strings.Join(strings.Fields(out), "") != strings.Join(strings.Fields(s), "") && strings.TrimSpace(indent) == "" {
			t.Fatalf("wordWrap(%q, %d, %q) lost text: %q", s, w, indent, out)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func TestBarAndWindow(t *testing.T) {
	for _, tc := range []struct {
		n, total, width int
		want            string
	}{
		{0, 10, 5, "·····"},
		{1, 1000, 5, "█····"}, // a little is never drawn as nothing
		{10, 10, 5, "█████"},
		{5, 10, 4, "██··"},
		{3, 0, 3, "   "},
	} {
		if got := bar(tc.n, tc.total, tc.width); got != tc.want {
			t.Errorf("bar(%d, %d, %d) = %q, want %q", tc.n, tc.total, tc.width, got, tc.want)
		}
	}
	for _, tc := range []struct{ cursor, offset, height, n, want int }{
		{0, 0, 10, 100, 0},
		{15, 0, 10, 100, 6},
		{3, 6, 10, 100, 3},
		{99, 0, 10, 100, 90},
		{2, 5, 10, 4, 0},
	} {
		if got := window(tc.cursor, tc.offset, tc.height, tc.n); got != tc.want {
			t.Errorf("window(%d, %d, %d, %d) = %d, want %d", tc.cursor, tc.offset, tc.height, tc.n, got, tc.want)
		}
	}
}
