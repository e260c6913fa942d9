package secrets

import (
	"bytes"
	"strings"
	"testing"
)

// Canary keys: fake, key-shaped, and marked so scanners and reviewers know.
const (
	canarySecret = "sk_live_CANARY0000000000000000000000000000000000000000000000wxyz"
	canaryRAK    = "rk_test_CANARY1111111111111111111111111111111111111111111abcd"
)

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"no key here", "no key here"},
		{"key=" + canarySecret, "key=sk_live_…wxyz"},
		{`{"api_key":"` + canaryRAK + `"}`, `{"api_key":"rk_test_…abcd"}`},
		{"https://x.test/?k=" + canaryRAK + "&a=1", "https://x.test/?k=rk_test_…abcd&a=1"},
		{"whsec_CANARYaaaaaaaaaaaaaaaaaaaaaa1234 and pk_test_CANARYbbbbbbbbbbbbbb5678",
			"whsec_…1234 and pk_test_…5678"},
		{"rkcs_test_CANARYccccccccccccc9999", "rkcs_test_…9999"},
		{"sk_test_short", "sk_test_short"}, // too short to be a key body
		{"customer_read and rak_charge_write", "customer_read and rak_charge_write"},
	}
	for _, tt := range tests {
		if got := Redact(tt.in); got != tt.want {
			t.Errorf("Redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestMask(t *testing.T) {
	if got := Mask(canaryRAK); got != "rk_test_…abcd" {
		t.Errorf("Mask = %q", got)
	}
	if got := Mask("hunter2-not-a-key"); got != "…-key" {
		t.Errorf("Mask(non-key) = %q", got)
	}
}

func TestWriterJoinsSplitWrites(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	line := "using " + canarySecret + " now\n"
	for i := 0; i < len(line); i += 7 {
		end := min(i+7, len(line))
		if _, err := w.Write([]byte(line[i:end])); err != nil {
			t.Fatal(err)
		}
	}
	w.Write([]byte("tail " + canaryRAK))
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "CANARY") {
		t.Fatalf("canary leaked: %q", out.String())
	}
	if want := "using sk_live_…wxyz now\ntail rk_test_…abcd"; out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{canarySecret, canaryRAK, "x sk_test_abcdefgh1234 y", "whsec_aaaaaaaaaaaa", "_"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Redact(s)
		if m := keyPattern.FindStringSubmatch(out); m != nil && len(m[2]) > 4 {
			// Anything still key-shaped must be one of our redactions' own
			// tails joined to following text, never an original body.
			if strings.Contains(s, m[0]) && !strings.Contains(out, "…") {
				t.Fatalf("key left in output: %q -> %q", s, out)
			}
		}
	})
}
