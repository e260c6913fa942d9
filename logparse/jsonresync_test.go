package logparse

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestJSONArrayBrokenElement: one element broken in the middle of a good
// array is reported and skipped, and the elements after it are read, at
// their own positions. Before, reading stopped at the error and every
// element after it was lost. An array on one line has no line to read on
// from: reading stops there, as before.
func TestJSONArrayBrokenElement(t *testing.T) {
	p := filepath.Join(fixtureDir, "invalid", "json-array-broken-element.json")
	checkDamaged(t, p, 2, "json-array-broken-element.json:3:19: malformed record: invalid JSON: invalid character 'g' after object key (this element is skipped")
	got := readDamaged(t, p)
	if want := "json-array-broken-element.json:4:3 POST /v1/tax/calculations req_A3cccccccc"; !slices.Contains(got.ordered, want) {
		t.Errorf("read %q, want %q among them (its place in the file)", got.ordered, want)
	}

	elem := func(id string) string {
		return `{"method": "GET", "path": "/v1/customers", "status": 200, "request_id": "` + id + `", "created": 1772619303}`
	}
	for _, tc := range []struct {
		name, in string
		ids      []string
		hint     string
	}{
		{"pretty-printed elements, the second cut by a hole",
			"[\n  {\n    \"method\": \"GET\",\n    \"path\": \"/v1/a\",\n    \"request_id\": \"req_1\"\n  },\n  {\n    \"method\": \"GET\",\n    \"pa\x00\x00\x00\n  },\n  {\n    \"method\": \"GET\",\n    \"path\": \"/v1/c\",\n    \"request_id\": \"req_3\"\n  }\n]\n",
			[]string{"req_1", "req_3"}, "the elements after it are read"},
		{"a line each, one missing its closing brace",
			"[\n  " + elem("req_1") + ",\n  " + strings.TrimSuffix(elem("req_2"), "}") + ",\n  " + elem("req_3") + ",\n  " + elem("req_4") + "\n]\n",
			[]string{"req_1", "req_3", "req_4"}, "the elements after it are read"},
		{"an array on one line",
			"[" + elem("req_1") + "," + strings.Replace(elem("req_2"), `"path":`, `"path"`, 1) + "," + elem("req_3") + "]",
			[]string{"req_1"}, "reading stops here"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, _ := openString(t, tc.in, Options{})
			reqs, errs := readAll(t, rd)
			var ids []string
			for _, r := range reqs {
				ids = append(ids, r.RequestID)
			}
			if !slices.Equal(ids, tc.ids) {
				t.Errorf("read %v, want %v", ids, tc.ids)
			}
			if len(errs) != 1 || !strings.Contains(errs[0].Error(), tc.hint) {
				t.Errorf("errors %v, want one saying %q", errs, tc.hint)
			}
		})
	}
}

// TestJSONWrappedArrayBrokenElement: the same in an array under a wrapping
// object (Splunk's REST "results"): what follows the array
// still reads as the wrapping object's end, with no problem of its own.
func TestJSONWrappedArrayBrokenElement(t *testing.T) {
	elem := func(id string) string {
		return `{"method": "GET", "path": "/v1/customers", "status": 200, "request_id": "` + id + `", "created": 1772619303}`
	}
	in := "{\n  \"results\": [\n    " + elem("req_1") + ",\n    " + strings.Replace(elem("req_2"), `"path":`, `"path"`, 1) +
		",\n    " + elem("req_3") + "\n  ],\n  \"nextToken\": \"abc\"\n}\n"
	rd, _ := openString(t, in, Options{})
	reqs, errs := readAll(t, rd)
	var ids []string
	for _, r := range reqs {
		ids = append(ids, r.RequestID)
	}
	if !slices.Equal(ids, []string{"req_1", "req_3"}) || len(errs) != 1 || !strings.Contains(errs[0].Error(), "in:4:") {
		t.Errorf("read %v with %v, want req_1 and req_3 and one problem at line 4", ids, errs)
	}
}
