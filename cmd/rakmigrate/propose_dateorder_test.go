package main

import (
	"encoding/json"
	"os"
	"strings"
	"testing"
)

// TestProposeDateOrder: propose (and so iterate, which reads logs through
// the same options) takes --date-order as import does: a table whose
// slashed dates all read either way is read in the order given, a bad
// value is a usage error, and without it the one problem says what to pass.
func TestProposeDateOrder(t *testing.T) {
	ambiguous, _ := dateOrderTables(t)
	t.Chdir(t.TempDir())
	for _, tc := range []struct {
		order, first string
	}{
		{"dmy", "2026-03-04T10:15:00Z"},
		{"mdy", "2026-04-03T10:15:00Z"},
	} {
		code, out, errOut := flowRun(t, flowProposeAt, "propose", "--date-order", tc.order, ambiguous, "-o", tc.order+".json")
		if code != ExitOK {
			t.Fatalf("--date-order %s: exit %d\n%s\n%s", tc.order, code, out, errOut)
		}
		b, err := os.ReadFile(tc.order + ".json")
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Sources []struct {
				Requests int    `json:"requests"`
				First    string `json:"first"`
			} `json:"sources"`
		}
		if err := json.Unmarshal(b, &m); err != nil || len(m.Sources) != 1 {
			t.Fatalf("manifest %s: %v", b, err)
		}
		if s := m.Sources[0]; s.Requests != 2 || s.First != tc.first {
			t.Errorf("--date-order %s: %d requests from %s, want 2 from %s", tc.order, s.Requests, s.First, tc.first)
		}
	}
	if code, _, errOut := flowRun(t, flowProposeAt, "propose", "--date-order", "ymd", ambiguous, "-o", "x.json"); code != ExitUsage || !strings.Contains(errOut, "--date-order") {
		t.Errorf("a bad --date-order: exit %d, want %d\n%s", code, ExitUsage, errOut)
	}
	if code, _, errOut := flowRun(t, flowProposeAt, "propose", ambiguous, "-o", "y.json"); code == ExitOK || !strings.Contains(errOut, "--date-order dmy") {
		t.Errorf("no order for an undecided table: exit %d\n%s", code, errOut)
	}
}
