package logparse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestHARBrokenEntry: one broken entry in the middle of a HAR (a bad
// sector, a hand edit) is reported where it breaks, and the entries after
// it are read (jsonDoc.resync), pretty-printed or an entry a line.
func TestHARBrokenEntry(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(fixtureDir, "valid", "har", "capture.har"))
	if err != nil {
		t.Fatal(err)
	}
	pretty := strings.Replace(string(data), `"method": "POST", "url": "https://api.stripe.com/v1/refunds"`, `"method": "POST" "url": "https://api.stripe.com/v1/refunds"`, 1)
	if pretty == string(data) {
		t.Fatal("the fixture changed: no refunds entry to break")
	}
	entry := func(path, id string) string {
		return `{"startedDateTime": "2026-03-04T10:15:02.000Z", "request": {"method": "GET", "url": "https://api.stripe.com` + path + `", "headers": [{"name": "Authorization", "value": "Bearer rk_test_x"}]}, "response": {"status": 200, "headers": [{"name": "Request-Id", "value": "` + id + `"}], "content": {}}}`
	}
	perLine := `{"log": {"version": "1.2", "creator": {"name": "script", "version": "1"}, "entries": [` + "\n" +
		entry("/v1/a", "req_1") + ",\n" + strings.Replace(entry("/v1/b", "req_2"), `"url":`, `"url"`, 1) + ",\n" + entry("/v1/c", "req_3") + "\n]}}\n"
	for _, tc := range []struct {
		name, in string
		paths    []string
		at       string
	}{
		{"pretty-printed", pretty, []string{"/v1/payouts"}, "in:24:38:"},
		{"an entry a line", perLine, []string{"/v1/a", "/v1/c"}, "in:3:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, f := openString(t, tc.in, Options{})
			if f != FormatHAR {
				t.Fatalf("read as %s", f)
			}
			reqs, errs := readAll(t, rd)
			var paths []string
			for _, r := range reqs {
				paths = append(paths, r.Path)
			}
			if strings.Join(paths, " ") != strings.Join(tc.paths, " ") {
				t.Errorf("read %v, want %v", paths, tc.paths)
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.at) || !strings.Contains(errs[0].Error(), "this entry is skipped; the entries after it are read") {
				t.Errorf("errors %v, want one at %s saying the rest is read", errs, tc.at)
			}
		})
	}
}
