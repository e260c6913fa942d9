package secrets

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
)

// Kind is what a Stripe credential is for.
type Kind string

const (
	KindSecret        Kind = "secret"         // sk_: full account access
	KindRestricted    Kind = "restricted"     // rk_: a restricted key (RAK)
	KindPublishable   Kind = "publishable"    // pk_: public, client-side
	KindWebhookSecret Kind = "webhook_secret" // whsec_: signs webhook payloads
	KindUnknown       Kind = "unknown"        // rkcs_, oak_, sk_org_, anything newer
)

// Mode is the Stripe mode a key works in. The empty Mode means the key does
// not say (webhook secrets, unknown prefixes).
type Mode string

const (
	ModeTest    Mode = "test"
	ModeLive    Mode = "live"
	ModeUnknown Mode = ""
)

// kindByPrefix classifies the prefixes Stripe documents. Anything else is
// KindUnknown: new prefixes appear (rkcs_, oak_), and rejecting them blindly
// would lock users out while guessing would mislabel them.
var kindByPrefix = []struct {
	prefix string
	kind   Kind
}{
	{"sk_test_", KindSecret}, {"sk_live_", KindSecret},
	{"rk_test_", KindRestricted}, {"rk_live_", KindRestricted},
	{"pk_test_", KindPublishable}, {"pk_live_", KindPublishable},
	{"whsec_", KindWebhookSecret},
}

// modeBySegment reads the mode from the segment after the first underscore
// ("rkcs_test_…" is test even though its kind is unknown). "prod" is what some
// scanners' rules call live; treating it as live is the safe reading.
var modeBySegment = map[string]Mode{"test": ModeTest, "live": ModeLive, "prod": ModeLive}

// Classify tells what kind of key raw is and which mode it works in. It never
// fails: what it does not recognise is KindUnknown / ModeUnknown.
func Classify(raw string) (Kind, Mode) {
	kind := KindUnknown
	for _, p := range kindByPrefix {
		if strings.HasPrefix(raw, p.prefix) {
			kind = p.kind
			break
		}
	}
	// "<family>_<mode>_<body>", possibly with a longer family (sk_org_live_…).
	parts := strings.Split(raw, "_")
	if len(parts) < 3 {
		return kind, ModeUnknown
	}
	for _, seg := range parts[1:min(len(parts)-1, 3)] {
		if m, ok := modeBySegment[seg]; ok {
			return kind, m
		}
	}
	return kind, ModeUnknown
}

// Key is a loaded Stripe key. Every way of printing or serialising it yields
// only the masked form ("rk_test_…abcd"); Reveal is the single way to the raw
// value, for the one place that sends it to Stripe.
//
// The value sits behind a pointer so that even reflection-based printing of a
// struct holding a Key in an unexported field (where fmt cannot call methods)
// shows an address, not the key.
type Key struct{ p *keyData }

type keyData struct {
	value string
	kind  Kind
	mode  Mode
}

// NewKey wraps a raw key value (surrounding white space removed).
func NewKey(raw string) Key {
	raw = strings.TrimSpace(raw)
	k, m := Classify(raw)
	return Key{p: &keyData{value: raw, kind: k, mode: m}}
}

// IsZero reports whether k holds no key.
func (k Key) IsZero() bool { return k.p == nil || k.p.value == "" }

// Reveal returns the raw key. Call it only where the key leaves for Stripe.
func (k Key) Reveal() string {
	if k.p == nil {
		return ""
	}
	return k.p.value
}

// Kind is the key's kind; KindUnknown for the zero Key.
func (k Key) Kind() Kind {
	if k.p == nil {
		return KindUnknown
	}
	return k.p.kind
}

// Mode is the key's mode; ModeUnknown for the zero Key.
func (k Key) Mode() Mode {
	if k.p == nil {
		return ModeUnknown
	}
	return k.p.mode
}

// Masked is the display form: prefix, an ellipsis and the last four characters.
func (k Key) Masked() string { return Mask(k.Reveal()) }

// String returns the masked form.
func (k Key) String() string { return k.Masked() }

// GoString keeps %#v masked too.
func (k Key) GoString() string { return fmt.Sprintf("secrets.Key(%q)", k.Masked()) }

// Format makes every verb (%s, %v, %q, %x, %d…) print the masked form, so
// that no formatting directive can reach the raw value.
func (k Key) Format(f fmt.State, verb rune) {
	switch verb {
	case 'q':
		fmt.Fprintf(f, "%q", k.Masked())
	case 'v':
		if f.Flag('#') {
			fmt.Fprint(f, k.GoString())
			return
		}
		fmt.Fprint(f, k.Masked())
	default:
		fmt.Fprint(f, k.Masked())
	}
}

// MarshalJSON writes the masked form.
func (k Key) MarshalJSON() ([]byte, error) { return json.Marshal(k.Masked()) }

// MarshalText writes the masked form (YAML, TOML, encoding/xml use it).
func (k Key) MarshalText() ([]byte, error) { return []byte(k.Masked()), nil }

// LogValue keeps log/slog from recording the key.
func (k Key) LogValue() slog.Value { return slog.StringValue(k.Masked()) }

// RequireTest refuses a key that is not a test-mode key, for actions that must
// only ever run in test mode (probes, the enforcing proxy, iterating on 403s).
// action names what was refused, e.g. "verify".
func (k Key) RequireTest(action string) error {
	switch k.Mode() {
	case ModeTest:
		return nil
	case ModeLive:
		return fmt.Errorf("%s runs only in test mode, and %s is a live-mode key: "+
			"give it your test-mode restricted key (rk_test_…, from https://dashboard.stripe.com/test/apikeys); "+
			"live keys belong only in the rollout from `rakmigrate plan`, which you apply yourself", action, k.Masked())
	default:
		return fmt.Errorf("%s runs only in test mode, and the mode of key %s cannot be told from its prefix: "+
			"use a key starting with rk_test_ or sk_test_ (https://dashboard.stripe.com/test/apikeys)", action, k.Masked())
	}
}
