package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// dateOrderTables writes the tables of the date-order tests: a.csv, whose
// dates all read either way, and b.csv, whose third row says day first.
func dateOrderTables(t *testing.T) (ambiguous, decided string) {
	t.Helper()
	dir := t.TempDir()
	ambiguous = filepath.Join(dir, "a.csv")
	decided = filepath.Join(dir, "b.csv")
	files := map[string]string{
		ambiguous: "Date,Method,Path,Status\n04/03/2026 10:15,GET,/v1/customers/cus_1,200\n05/03/2026 10:16,POST,/v1/customers,200\n",
		decided:   "Date,Method,Path,Status\n04/03/2026 10:15,GET,/v1/customers/cus_1,200\n25/03/2026 10:16,POST,/v1/customers,200\n",
	}
	for name, text := range files {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return ambiguous, decided
}

// dateOrderImport runs import --format json and returns its first input's
// first and last times.
func dateOrderImport(t *testing.T, getenv func(string) string, args ...string) (code int, first, last, stderr string) {
	t.Helper()
	f, out, errOut := importTestFactory("", false)
	if getenv != nil {
		f.Getenv = getenv
	}
	code = run(append([]string{"import", "--format", "json"}, args...), f)
	if code != ExitOK {
		return code, "", "", errOut.String()
	}
	var got struct {
		Requests int `json:"requests"`
		Inputs   []struct {
			First string `json:"first"`
			Last  string `json:"last"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || len(got.Inputs) != 1 {
		t.Fatalf("output %q: %v", out, err)
	}
	if got.Requests != 2 {
		t.Errorf("%d requests, want 2; stderr:\n%s", got.Requests, errOut)
	}
	return code, got.Inputs[0].First, got.Inputs[0].Last, errOut.String()
}

func TestImportDateOrder(t *testing.T) {
	ambiguous, decided := dateOrderTables(t)
	dayFirst := [2]string{"2026-03-04T10:15:00Z", "2026-03-05T10:16:00Z"}
	monthFirst := [2]string{"2026-04-03T10:15:00Z", "2026-05-03T10:16:00Z"}
	cfgDir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(cfgDir, "rakmigrate"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(cfgDir, "rakmigrate", "config.yaml"), []byte("date_order: mdy\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	withConfig := func(k string) string {
		if k == "XDG_CONFIG_HOME" {
			return cfgDir
		}
		return ""
	}
	tests := []struct {
		name   string
		env    string // RAKMIGRATE_DATE_ORDER
		getenv func(string) string
		args   []string
		want   [2]string
	}{
		{name: "flag dmy", args: []string{"--date-order", "dmy", ambiguous}, want: dayFirst},
		{name: "flag mdy", args: []string{"--date-order", "mdy", ambiguous}, want: monthFirst},
		{name: "flag month-first", args: []string{"--date-order=month-first", ambiguous}, want: monthFirst},
		{name: "env var", env: "mdy", args: []string{ambiguous}, want: monthFirst},
		{name: "flag beats env var", env: "mdy", args: []string{"--date-order", "dmy", ambiguous}, want: dayFirst},
		{name: "config file", getenv: withConfig, args: []string{ambiguous}, want: monthFirst},
		{name: "decided by a later row", args: []string{decided}, want: [2]string{"2026-03-04T10:15:00Z", "2026-03-25T10:16:00Z"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env != "" {
				t.Setenv("RAKMIGRATE_DATE_ORDER", tt.env)
			}
			code, first, last, stderr := dateOrderImport(t, tt.getenv, tt.args...)
			if code != ExitOK || first != tt.want[0] || last != tt.want[1] {
				t.Errorf("exit %d, first %s last %s; want 0, %s %s; stderr:\n%s", code, first, last, tt.want[0], tt.want[1], stderr)
			}
			if strings.Contains(stderr, "warning") {
				t.Errorf("warnings on stderr:\n%s", stderr)
			}
		})
	}
}

// TestImportDateOrderUndecided: a table whose dates never say the order
// gets one warning for the file, saying what to do, and fails as a file
// with no requests.
func TestImportDateOrderUndecided(t *testing.T) {
	ambiguous, _ := dateOrderTables(t)
	f, out, errOut := importTestFactory("", false)
	if code := run([]string{"import", ambiguous}, f); code != ExitError {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, ExitError, errOut)
	}
	stderr := errOut.String()
	if n := strings.Count(stderr, "warning:"); n != 1 {
		t.Errorf("%d warnings, want 1:\n%s", n, stderr)
	}
	for _, want := range []string{
		ambiguous + ":2:1:", `"04/03/2026 10:15" could be day/month or month/day`,
		"2026-03-04 10:15 day-first or 2026-04-03 10:15 month-first", "2 rows with such dates not read",
		"--date-order dmy", "--date-order mdy", "yyyy-mm-dd hh:mm:ss", "no Stripe requests found",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "2026-03-04T10:15:02Z") {
		t.Errorf("stderr still gives an example unrelated to the cell:\n%s", stderr)
	}
	if out.Len() != 0 {
		t.Errorf("stdout %q, want nothing", out)
	}

	f, _, errOut = importTestFactory("", false)
	if code := run([]string{"import", "--strict", ambiguous}, f); code != ExitError || !strings.Contains(errOut.String(), "2 rows with such dates not read") {
		t.Errorf("--strict: exit %d; stderr:\n%s", code, errOut)
	}
}

func TestImportDateOrderBadValue(t *testing.T) {
	ambiguous, _ := dateOrderTables(t)
	for _, args := range [][]string{{"--date-order", "ymd", ambiguous}, {"--date-order=uk", ambiguous}} {
		f, out, errOut := importTestFactory("", false)
		if code := run(append([]string{"import"}, args...), f); code != ExitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, ExitUsage)
		}
		for _, want := range []string{"--date-order", "dmy", "mdy"} {
			if !strings.Contains(errOut.String(), want) {
				t.Errorf("%v: stderr lacks %q:\n%s", args, want, errOut)
			}
		}
		if out.Len() != 0 {
			t.Errorf("%v: stdout %q", args, out)
		}
	}
	t.Setenv("RAKMIGRATE_DATE_ORDER", "ddmmyyyy")
	f, _, errOut := importTestFactory("", false)
	if code := run([]string{"import", ambiguous}, f); code != ExitUsage || !strings.Contains(errOut.String(), `"ddmmyyyy"`) {
		t.Errorf("bad env value: exit %d; stderr:\n%s", code, errOut)
	}
}
