package secrets

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// -update rewrites golden files; registered here unless another test file
// of the package already did.
func updateGolden() bool {
	if f := flag.Lookup("update"); f != nil {
		return f.Value.String() == "true"
	}
	return false
}

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func TestSARIFGolden(t *testing.T) {
	in := "A=" + "sk_" + "live_CANARYsarif000000000000000001\n" +
		"const pk = '" + "pk_" + "test_CANARYsarif00000000000000002'\n" +
		"WH=" + "whsec_" + "CANARYsarif0000000000000000003\n"
	var found []Finding
	if _, err := Scan(filepath.Join("deploy dir", "prod.env"), strings.NewReader(in), func(f Finding) { found = append(found, f) }); err != nil {
		t.Fatal(err)
	}
	b, err := json.MarshalIndent(SARIF(found, "1.2.3"), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got := string(b) + "\n"
	if strings.Contains(got, "CANARY") {
		t.Fatal("SARIF holds a key")
	}
	golden := filepath.Join("testdata", "scan.sarif.golden")
	if updateGolden() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("SARIF differs from %s (go test -update to accept):\n%s", golden, got)
	}
}
