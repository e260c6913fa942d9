package secrets

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	tests := []struct {
		raw  string
		kind Kind
		mode Mode
	}{
		{"sk_test_CANARY0000000000000000", KindSecret, ModeTest},
		{"sk_live_CANARY0000000000000000", KindSecret, ModeLive},
		{"rk_test_CANARY0000000000000000", KindRestricted, ModeTest},
		{"rk_live_CANARY0000000000000000", KindRestricted, ModeLive},
		{"pk_test_CANARY0000000000000000", KindPublishable, ModeTest},
		{"pk_live_CANARY0000000000000000", KindPublishable, ModeLive},
		{"whsec_CANARY0000000000000000", KindWebhookSecret, ModeUnknown},
		{"rkcs_test_CANARY0000000000000", KindUnknown, ModeTest},
		{"sk_org_live_CANARY00000000000", KindUnknown, ModeLive},
		{"sk_prod_CANARY000000000000000", KindUnknown, ModeLive},
		{"oak_CANARY0000000000000000000", KindUnknown, ModeUnknown},
		{"hunter2", KindUnknown, ModeUnknown},
		{"", KindUnknown, ModeUnknown},
		{"_", KindUnknown, ModeUnknown},
		{"sk_test", KindUnknown, ModeUnknown},
	}
	for _, tt := range tests {
		k, m := Classify(tt.raw)
		if k != tt.kind || m != tt.mode {
			t.Errorf("Classify(%q) = %q, %q; want %q, %q", tt.raw, k, m, tt.kind, tt.mode)
		}
	}
}

type holder struct {
	Exported Key
	hidden   Key
}

func TestKeyNeverPrintsRaw(t *testing.T) {
	k := NewKey(" " + canaryRAK + "\n")
	if k.Reveal() != canaryRAK {
		t.Fatalf("Reveal = %q", k.Reveal())
	}
	if k.Masked() != "rk_test_…abcd" {
		t.Fatalf("Masked = %q", k.Masked())
	}
	h := holder{Exported: k, hidden: k}
	j, err := json.Marshal(map[string]any{"k": k, "h": h})
	if err != nil {
		t.Fatal(err)
	}
	txt, _ := k.MarshalText()
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "key", k)
	outputs := []string{
		fmt.Sprint(k), fmt.Sprintf("%s %v %+v %#v %q %x %X %d %10s", k, k, k, k, k, k, k, k, k),
		fmt.Sprintf("%v %+v %#v", h, h, h), fmt.Sprintf("%v", &h), fmt.Sprintf("%v", []Key{k}),
		string(j), string(txt), logged.String(), k.String(), k.GoString(),
	}
	for _, o := range outputs {
		if strings.Contains(o, "CANARY") {
			t.Errorf("raw key printed: %s", o)
		}
	}
	if !strings.Contains(fmt.Sprint(k), "rk_test_…abcd") {
		t.Errorf("masked form missing: %s", fmt.Sprint(k))
	}
}

func TestZeroKey(t *testing.T) {
	var k Key
	if !k.IsZero() || k.Reveal() != "" || k.Kind() != KindUnknown || k.Mode() != ModeUnknown || k.String() != "" {
		t.Fatalf("zero key: %v %v %v", k.IsZero(), k.Kind(), k.Mode())
	}
	if k.RequireTest("verify") == nil {
		t.Fatal("zero key passed RequireTest")
	}
}

func TestRequireTest(t *testing.T) {
	tests := []struct {
		raw     string
		ok      bool
		mention string
	}{
		{"rk_test_CANARY0000000000000000", true, ""},
		{"sk_test_CANARY0000000000000000", true, ""},
		{"rkcs_test_CANARY0000000000000", true, ""},
		{"rk_live_CANARY0000000000000000", false, "test/apikeys"},
		{"sk_live_CANARY0000000000000000", false, "live-mode"},
		{"oak_CANARY0000000000000000000", false, "cannot be told"},
	}
	for _, tt := range tests {
		err := NewKey(tt.raw).RequireTest("verify")
		if (err == nil) != tt.ok {
			t.Errorf("RequireTest(%q) = %v, want ok=%v", tt.raw, err, tt.ok)
			continue
		}
		if err != nil {
			if strings.Contains(err.Error(), "CANARY") {
				t.Errorf("error leaks key: %v", err)
			}
			if !strings.Contains(err.Error(), tt.mention) || !strings.HasPrefix(err.Error(), "verify ") {
				t.Errorf("RequireTest(%q) = %q, want it to mention %q", tt.raw, err, tt.mention)
			}
		}
	}
}
