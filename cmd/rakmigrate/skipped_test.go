package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSkippedShownFew: every command that reads logs shows the first
// malformed records and counts the rest in one line, however many there
// are (propose printed all of them).
func TestSkippedShownFew(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	b.WriteString("2026-03-04 10:15:00 [200] GET /v1/customers [req_a1]\n")
	for i := range 25 {
		fmt.Fprintf(&b, "2026-03-04 10:15:%02d [200] GET /v1/customers\n", i) // no request id
	}
	b.WriteString("2026-03-04 10:16:00 [200] GET /v1/charges [req_z9]\n")
	log := filepath.Join(dir, "tail.log")
	if err := os.WriteFile(log, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args   []string
		prefix string
	}{
		{[]string{"import", log}, "warning: "},
		{[]string{"propose", log, "-o", filepath.Join(dir, "m.yaml"), "--tz", "UTC"}, "skipped: "},
	} {
		t.Run(c.args[0], func(t *testing.T) {
			code, out, errOut := flowRun(t, flowProposeAt, c.args...)
			if code != ExitOK {
				t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
			}
			shown := 0
			for _, line := range strings.Split(errOut, "\n") {
				if strings.HasPrefix(line, c.prefix) && strings.Contains(line, "tail.log:") {
					shown++
				}
			}
			if shown != maxShownSkipped || !strings.Contains(errOut, c.prefix+"15 more malformed records not shown\n") {
				t.Errorf("%d records shown, want %d and a line for the other 15:\n%s", shown, maxShownSkipped, errOut)
			}
		})
	}
}
