package secrets

import (
	"bytes"
	"io"
	"regexp"
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
		// A key starting inside another key's body: one regexp pass misses it.
		{"sk_test_AAAAAAAArk_live_CANARYBBBBBBBB", "sk_test_…AArk_live_…BBBB"},
		// No left word boundary: an env-style name glued to the key.
		{"MY_sk_live_CANARYzzzzzzzz9876", "MY_sk_live_…9876"},
		{"oak_CANARYooooooooo4321 sk_org_live_CANARYqqqqqq5555", "oak_…4321 sk_org_live_…5555"},
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

// keyAt matches a key starting exactly at an offset (no boundary rules), so
// that the fuzz invariant sees overlapping keys the regexp would skip.
var keyAt = regexp.MustCompile(`^(` + keyPrefix + `)([A-Za-z0-9]{8,})`)

// standsElsewhere reports whether piece also starts somewhere in the input
// other than at the key found at offset at, where no key begins: there it is
// ordinary text (a short key-like word, or a key's last characters joined to
// what follows), so seeing it in the output is not a leak of the key.
func standsElsewhere(in string, at int, piece string) bool {
	for i := 0; ; {
		j := strings.Index(in[i:], piece)
		if j < 0 {
			return false
		}
		if pos := i + j; pos != at && keyAt.FindString(in[pos:]) == "" {
			return true
		}
		i += j + 1
	}
}

func TestWriterLongLineDoesNotSplitKey(t *testing.T) {
	var out bytes.Buffer
	w := NewWriter(&out)
	// A run with no newline longer than maxHold, with a key placed where a
	// naive cut would fall, written in small pieces.
	line := strings.Repeat("a ", (maxHold-300)/2) + "k=" + canarySecret + " " + strings.Repeat("b ", 400)
	for i := 0; i < len(line); i += 13 {
		if _, err := w.Write([]byte(line[i:min(i+13, len(line))])); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "0000") || strings.Contains(out.String(), "CANARY") {
		t.Fatal("key body leaked across a cut")
	}
	if !strings.Contains(out.String(), "k=sk_live_…wxyz ") {
		t.Fatal("redacted key missing")
	}
}

func FuzzRedact(f *testing.F) {
	for _, s := range []string{
		canarySecret, canaryRAK, "x sk_test_abcdefgh1234 y", "whsec_aaaaaaaaaaaa", "_",
		"sk_test_AAAAAAAArk_live_BBBBBBBB", "MY_sk_live_CANARYzzzzzzzz", "whsec_AAAAAAAAsk_test_BBBBBBBBBB",
		"https://api.stripe.com/v1/x?key=rk_live_CANARY00000000&y", `{"error":"Invalid API Key provided: sk_test_CANARY************1234"}`,
		"oak_abcdefghijk rkcs_test_CANARY12345678 sk_org_live_CANARYqqqqqqqq",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := Redact(in)
		// 1. Nothing key-shaped is left anywhere, at any offset.
		for i := range out {
			if m := keyAt.FindString(out[i:]); m != "" {
				t.Fatalf("key-shaped %q left at %d: %q -> %q", m, i, in, out)
			}
		}
		// 2. No key of the input survives with more than four characters of
		// its body after the prefix (unless that text also stands in the
		// input where no key begins).
		for i := range in {
			m := keyAt.FindStringSubmatch(in[i:])
			if m == nil {
				continue
			}
			piece := m[1] + m[2][:5]
			if strings.Contains(out, piece) && !standsElsewhere(in, i, piece) {
				t.Fatalf("key %q survives as %q: %q -> %q", m[0], piece, in, out)
			}
		}
		// 3. Redacting twice changes nothing; RedactBytes agrees.
		if again := Redact(out); again != out {
			t.Fatalf("not idempotent: %q -> %q -> %q", in, out, again)
		}
		if b := string(RedactBytes([]byte(in))); b != out {
			t.Fatalf("RedactBytes %q != Redact %q", b, out)
		}
	})
}

// benchText is command output as rakmigrate prints it: permission names,
// paths and JSON full of underscores, with a key now and then.
func benchText() string {
	var b strings.Builder
	for i := 0; b.Len() < 1<<20; i++ {
		b.WriteString(`{"operation":"POST /v1/payment_intents","permission":"payment_intent_write","count":88412,"last_seen":"2026-09-23T14:00:02Z"}` + "\n")
		if i%500 == 0 {
			b.WriteString("key " + canaryRAK + "\n")
		}
	}
	return b.String()
}

func BenchmarkRedact(b *testing.B) {
	s := benchText()
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		if strings.Contains(Redact(s), "CANARY") {
			b.Fatal("leak")
		}
	}
}

func BenchmarkWriter(b *testing.B) {
	lines := strings.SplitAfter(benchText(), "\n")
	b.SetBytes(int64(len(benchText())))
	for b.Loop() {
		w := NewWriter(io.Discard)
		for _, l := range lines {
			w.Write([]byte(l))
		}
		w.Flush()
	}
}
