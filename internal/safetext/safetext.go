// Package safetext makes text from outside — log lines, 403 messages, file
// names found in a directory walk, the Stripe CLI's stderr — safe to show on
// a terminal. Such text may carry control characters: an ESC starts a
// terminal sequence that can move the cursor, rewrite what is on screen,
// retitle the window or (OSC 52) set the clipboard. Clean replaces them, so
// what rakmigrate shows is only ever what the text says.
package safetext

import (
	"encoding/binary"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// Clean returns s with every control character replaced: tab, newline and
// carriage return by a space (a message that spans lines reads as one), the
// rest of C0, DEL and C1 (U+0080–U+009F, which some terminals obey like
// their 7-bit forms) by U+FFFD, as is every byte that is not valid UTF-8 (a
// lone 0x9B is CSI to an 8-bit terminal). Text without any is returned as
// it is, without allocating.
func Clean(s string) string {
	i := firstUnsafe(s)
	if i < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case unsafeRune(r) || (r == utf8.RuneError && n == 1):
			b.WriteRune(utf8.RuneError)
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// IsClean reports whether Clean would return s unchanged.
func IsClean(s string) bool { return firstUnsafe(s) < 0 }

// firstUnsafe is the index of the first byte Clean changes, or -1. Printable
// ASCII, nearly all of any log, is passed over eight bytes at a time (Clean
// runs on every field of every record read the slow way): a byte below 0x20
// borrows in the subtraction, DEL is found by hasZeroByte, and a byte from
// 0x80 has its high bit set and goes to the rune loop.
func firstUnsafe(s string) int {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	b := unsafe.Slice(unsafe.StringData(s), len(s)) // read only
	i := 0
	for ; i+8 <= len(b); i += 8 {
		v := binary.LittleEndian.Uint64(b[i:])
		x := v ^ (ones * 0x7f)
		if ((v-ones*0x20)|v|((x-ones)&^x))&highs != 0 {
			break
		}
	}
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if c < 0x20 || c == 0x7f {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r) || (r == utf8.RuneError && n == 1) {
			return i
		}
		i += n
	}
	return -1
}

func unsafeRune(r rune) bool {
	return r < 0x20 || (r >= 0x7f && r <= 0x9f)
}
