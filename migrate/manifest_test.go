package migrate

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestManifestGolden(t *testing.T) {
	m := proposeScenario(t)
	for _, enc := range []Encoding{YAML, JSON} {
		b, err := m.Marshal(enc)
		if err != nil {
			t.Fatal(err)
		}
		golden(t, "manifest."+string(enc), b)
	}
}

func TestManifestJSONShape(t *testing.T) {
	b, err := proposeScenario(t).Marshal(JSON)
	if err != nil {
		t.Fatal(err)
	}
	// The contract: a top-level permissions array with plain names.
	for _, want := range []string{`"permissions": [`, `"name": "customer_write"`, `"reason": "observed"`, `(expand[])`} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("JSON manifest lacks %s", want)
		}
	}
	if bytes.Contains(b, []byte("rak_customer")) {
		t.Error("the manifest stores the plain spelling, not rak_")
	}
}

func TestManifestRoundTrip(t *testing.T) {
	dir := t.TempDir()
	m := proposeScenario(t)
	if _, _, err := m.Iterate(testRun(proposeAt.Add(time.Hour), 24*time.Hour, denial("POST", "/v1/refunds", msgOldRefund, proposeAt.Add(2*time.Hour), 3)), proposeAt.Add(30*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"m.yaml", "m.json"} {
		path := filepath.Join(dir, name)
		if err := m.Save(path); err != nil {
			t.Fatal(err)
		}
		first, _ := os.ReadFile(path)
		back, err := LoadManifest(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := back.Save(path); err != nil {
			t.Fatal(err)
		}
		second, _ := os.ReadFile(path)
		if !bytes.Equal(first, second) {
			t.Errorf("%s: load+save changed the bytes:\n%s\n---\n%s", name, first, second)
		}
	}
}

func TestLoadManifestErrors(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"not yaml", "schema: [\n", "line"},
		{"unknown field", "schema: " + SchemaV1 + "\nname: x\nmode: test\npermisions: []\n", "permisions"},
		{"bad mode", "schema: " + SchemaV1 + "\nname: x\nmode: prod\n", `mode "prod"`},
		{"bad name", "schema: " + SchemaV1 + "\nname: x\nmode: test\npermissions:\n  - name: customer\n", "permissions[0]"},
		{"duplicate", "schema: " + SchemaV1 + "\nname: x\nmode: test\npermissions:\n  - name: customer_read\n  - name: customer_read\n", "twice"},
		{"newer", "schema: rakmigrate.dev/manifest/v9\nname: x\n", "upgrade rakmigrate"},
		{"not a manifest", "hello: world\n", "not a rakmigrate manifest"},
		{"renumbered rounds", "schema: " + SchemaV1 + "\nname: x\nmode: test\nrounds:\n  - round: 2\n", "numbered 2"},
		{"escape in a note", "schema: " + SchemaV1 + "\nname: x\nmode: test\npermissions:\n  - name: customer_read\n    note: \"ok \\e]52;c;aGk=\\a\"\n", "permissions[0].note holds the control character U+001B"},
		{"escape in JSON", `{"schema": "` + SchemaV1 + `", "name": "x\u001b[2J", "mode": "test"}`, "name holds the control character U+001B"},
		{"C1 control in evidence", "schema: " + SchemaV1 + "\nname: x\nmode: test\npermissions:\n  - name: customer_read\n    evidence:\n      - operation: \"GET \\x9b2J\"\n", "permissions[0].evidence[0].operation holds the control character U+009B"},
		{"escape in a v0 name", "name: \"x\\e[2J\"\npermissions: [customer_read]\n", "name holds the control character U+001B"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "rak-manifest.yaml")
			if err := os.WriteFile(path, []byte(tc.body), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := LoadManifest(path)
			if err == nil {
				t.Fatal("loaded a bad manifest")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("error %q should name the file and mention %q", err, tc.want)
			}
		})
	}
	if _, err := LoadManifest(filepath.Join(t.TempDir(), "missing.yaml")); err == nil || !strings.Contains(err.Error(), "rakmigrate propose") {
		t.Errorf("missing manifest: %v", err)
	}
}

func TestUpgradeV0(t *testing.T) {
	v0 := []byte(`name: legacy-checkout
mode: test
created: 2025-03-01T10:00:00Z
permissions:
  - rak_customer_read
  - rak_customer_write
  - payment_intent_write
ip_allowlist: [203.0.113.7]
unmapped: ["GET /v1/something_new"]
`)
	m, err := ParseManifest(v0)
	if err != nil {
		t.Fatal(err)
	}
	if m.Schema != SchemaV1 || len(m.Permissions) != 2 || m.Permissions[0].Name != "customer_write" || m.Permissions[0].Reason != ReasonOverride {
		t.Fatalf("upgrade = %+v", m.Permissions)
	}
	b, err := m.Marshal(YAML)
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "upgraded-v0.yaml", b)
	// One step: the upgraded file loads as v1 unchanged.
	again, err := ParseManifest(b)
	if err != nil {
		t.Fatal(err)
	}
	b2, _ := again.Marshal(YAML)
	if !bytes.Equal(b, b2) {
		t.Error("an upgraded manifest must load as v1 without further change")
	}
	if _, err := ParseManifest([]byte("schema: " + SchemaV0 + "\nname: x\npermissions: [nonsense]\n")); err == nil {
		t.Error("a v0 manifest with a bad name must fail")
	}
}

// TestManifestTextKeepsLineBreaks: notes written by hand over several lines,
// or with tabs, are text, not control characters.
func TestManifestTextKeepsLineBreaks(t *testing.T) {
	body := "schema: " + SchemaV1 + "\nname: x\nmode: test\npermissions:\n  - name: customer_read\n    note: |\n      needed by the nightly sync\n      \tsee runbook §4\n"
	m, err := ParseManifest([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(m.Permissions[0].Note, "sync\n\tsee") {
		t.Fatalf("note %q", m.Permissions[0].Note)
	}
}
