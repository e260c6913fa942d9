package proxy

import (
	"strings"
	"testing"
)

// FuzzAuthAndMask feeds arbitrary Authorization headers through the key
// extraction and the Stripe-style mask: neither may panic, the mask keeps the
// key's length, and it shows no more than the mode prefix and six characters.
func FuzzAuthAndMask(f *testing.F) {
	for _, s := range []string{"Bearer " + canaryRAK, "Basic cmtfdGVzdF9hYmM6", "Basic %%%", "bearer", "Bearer ", "Basic ", " ", "Bearer x_live_y", "Bearer " + canaryLive} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, header string) {
		key := keyFromAuth(header)
		masked := stripeMask(key)
		if len(masked) != len(key) {
			t.Fatalf("mask %q changes the length of %q", masked, key)
		}
		prefix := 0
		for _, mode := range []string{"_test_", "_live_"} {
			if i := strings.Index(key, mode); i >= 0 {
				prefix = i + len(mode)
				break
			}
		}
		visible := 0
		for i := prefix; i < len(masked); i++ {
			if masked[i] != '*' {
				visible++
			}
		}
		if visible > 6 {
			t.Fatalf("mask %q shows %d characters of %q's body", masked, visible, key)
		}
	})
}
