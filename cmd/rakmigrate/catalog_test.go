package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rakmigrate/rakmigrate/permissions"
)

func TestCatalogFormats(t *testing.T) {
	n := permissions.Default().Len()
	for _, tc := range []struct {
		format string
		golden string
		check  func(t *testing.T, out string)
	}{
		{"table", "catalog/table.golden", func(t *testing.T, out string) {
			if lines := strings.Count(out, "\n"); lines != n+1 {
				t.Errorf("%d lines, want %d operations + header", lines, n)
			}
		}},
		{"markdown", "catalog/markdown.golden", func(t *testing.T, out string) {
			if lines := strings.Count(out, "\n"); lines != n+2 {
				t.Errorf("%d lines, want %d operations + 2 header lines", lines, n)
			}
		}},
		{"csv", "catalog/catalog.csv.golden", func(t *testing.T, out string) {
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(recs) != n+1 || strings.Join(recs[0], ",") != "method,template,permission,label,group,resolution,provenance,direct,note" {
				t.Errorf("%d records, header %v", len(recs), recs[0])
			}
		}},
		{"json", "", func(t *testing.T, out string) {
			var rows []catalogRow
			if err := json.Unmarshal([]byte(out), &rows); err != nil {
				t.Fatal(err)
			}
			if len(rows) != n {
				t.Fatalf("%d rows, want %d", len(rows), n)
			}
			for _, r := range rows {
				if (r.Permission == "") != (r.Resolution != "resolved") {
					t.Errorf("%s %s: permission %q with resolution %s", r.Method, r.Template, r.Permission, r.Resolution)
				}
			}
		}},
	} {
		t.Run(tc.format, func(t *testing.T) {
			f, out, errOut := testFactory("", nil, testClock)
			if code := run([]string{"catalog", "--format", tc.format}, f); code != ExitOK {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			tc.check(t, out.String())
			if tc.golden != "" {
				assertGolden(t, tc.golden, out.String())
			}
		})
	}
}

func TestCatalogStats(t *testing.T) {
	f, out, errOut := testFactory("", nil, testClock)
	if code := run([]string{"catalog", "--stats"}, f); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	assertGolden(t, "catalog/stats.golden", out.String())

	f, out, errOut = testFactory("", nil, testClock)
	if code := run([]string{"catalog", "--stats", "--format", "json"}, f); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var s catalogStats
	if err := json.Unmarshal(out.Bytes(), &s); err != nil {
		t.Fatal(err)
	}
	sum := 0
	for _, c := range s.ByProvenance {
		sum += c
	}
	if sum != s.Operations || s.Operations != permissions.Default().Len() {
		t.Errorf("provenance counts sum to %d of %d operations", sum, s.Operations)
	}
	if s.ByResolution["resolved"]+len(s.Unresolved) != s.Operations {
		t.Errorf("resolved %d + unresolved %d != %d", s.ByResolution["resolved"], len(s.Unresolved), s.Operations)
	}
	for _, r := range s.Unresolved {
		if r.Note == "" || r.Permission != "" {
			t.Errorf("unresolved %s %s: %+v", r.Method, r.Template, r)
		}
	}
	for _, format := range []string{"csv", "markdown"} {
		f, out, errOut := testFactory("", nil, testClock)
		if code := run([]string{"catalog", "--stats", "--format", format}, f); code != ExitOK || !strings.Contains(out.String(), "unknown") {
			t.Errorf("%s: exit %d: %s%s", format, code, out, errOut)
		}
	}
}

func TestCatalogOverridesAndErrors(t *testing.T) {
	ov := filepath.Join(t.TempDir(), "ours.yaml")
	if err := os.WriteFile(ov, []byte("operations:\n  - {method: POST, template: /v1/our_proxy/things, permission: customer_write}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, out, errOut := testFactory("", nil, testClock)
	if code := run([]string{"catalog", "--format", "csv", "--catalog-overrides", ov}, f); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out.String(), "POST,/v1/our_proxy/things,customer_write,Customers Write,Core,resolved,override,no,catalog override\n") {
		t.Errorf("override row missing:\n%s", out.String()[len(out.String())-300:])
	}
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"catalog", "--format", "xml"}, ExitUsage, "--format \"xml\""},
		{[]string{"catalog", "extra"}, ExitUsage, "unknown command"},
	} {
		f, out, errOut := testFactory("", nil, testClock)
		if code := run(tc.args, f); code != tc.code || !strings.Contains(errOut.String(), tc.want) || out.Len() != 0 {
			t.Errorf("%v: exit %d, stderr %q, stdout %d bytes", tc.args, code, errOut, out.Len())
		}
	}
}
