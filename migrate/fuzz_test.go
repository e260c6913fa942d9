package migrate

import (
	"bytes"
	"testing"
)

// FuzzParseManifest: any bytes either fail cleanly or give a manifest that
// survives a save/load round trip unchanged.
func FuzzParseManifest(f *testing.F) {
	f.Add([]byte("schema: " + SchemaV1 + "\nname: x\nmode: test\npermissions:\n  - name: customer_read\n    label: Customers Read\n    reason: observed\n    known: true\n"))
	f.Add([]byte("name: legacy\npermissions: [rak_charge_write, customer_read]\nip_allowlist: [203.0.113.7]\n"))
	f.Add([]byte(`{"schema":"` + SchemaV1 + `","name":"j","mode":"test","permissions":[{"name":"plan_read","label":"","reason":"403","known":false}]}`))
	f.Add([]byte("schema: " + SchemaV1 + "\nname: x\nmode: test\nrounds:\n  - round: 1\n    at: 2026-01-01T00:00:00Z\n    input: a\n    requests: 3\n    denials: 1\n"))
	f.Add([]byte("- just a list\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := ParseManifest(b)
		if err != nil {
			return
		}
		for _, enc := range []Encoding{YAML, JSON} {
			out, err := m.Marshal(enc)
			if err != nil {
				t.Fatalf("marshal %s: %v", enc, err)
			}
			back, err := ParseManifest(out)
			if err != nil {
				t.Fatalf("a manifest we wrote (%s) does not load: %v\n%s", enc, err, out)
			}
			again, _ := back.Marshal(enc)
			if !bytes.Equal(out, again) {
				t.Fatalf("%s round trip changed the manifest:\n%s\n---\n%s", enc, out, again)
			}
		}
	})
}
