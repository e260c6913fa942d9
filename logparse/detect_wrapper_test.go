package logparse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
)

// prettyWrapper is an object pretty-printed as jq or Python's indent=2
// writes it, holding members in the order given.
func prettyWrapper(t *testing.T, members ...any) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString("{\n")
	for i := 0; i < len(members); i += 2 {
		v, err := json.MarshalIndent(members[i+1], "  ", "  ")
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "  %q: %s", members[i], v)
		if i+2 < len(members) {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func wrapperEvents(n int) []map[string]any {
	var evs []map[string]any
	for i := range n {
		evs = append(evs, map[string]any{"timestamp": 1772619302000 + i, "method": "POST", "path": "/v1/customers", "status": 200, "request_id": fmt.Sprintf("req_%d", i)})
	}
	return evs
}

func logStreams(n int) []map[string]any {
	var s []map[string]any
	for i := range n {
		s = append(s, map[string]any{"logStreamName": fmt.Sprintf("app/web/%08d", i), "searchedCompletely": true})
	}
	return s
}

// TestPrettyWrapperLargeFirstMember: a pretty-printed wrapper whose first
// member runs past sniffing's 2000 lines or 1 MiB before the array is read
// as json, its array's records all read, from a file, a pipe and a .gz.
// Before, sniffing gave up inside the first member and read it as an
// application log: "no Stripe requests found". Objects whose first member
// is a scalar (an application's log line, a Stripe list object) are read
// as before.
func TestPrettyWrapperLargeFirstMember(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  []byte
		want int // requests; -1: read as sdk
	}{
		{"aws, 600 streams first (2400 lines)", prettyWrapper(t, "searchedLogStreams", logStreams(600), "events", wrapperEvents(40)), 40},
		{"aws, 20000 streams first (2 MiB)", prettyWrapper(t, "searchedLogStreams", logStreams(20000), "events", wrapperEvents(40), "nextToken", "x"), 40},
		{"splunk, fields first", prettyWrapper(t, "preview", false, "init_offset", 0, "fields", logStreams(3000), "results", wrapperEvents(7)), 7},
		{"an unknown container first", prettyWrapper(t, "meta", map[string]any{"streams": logStreams(3000)}, "results", wrapperEvents(9)), 9},
		{"an application's log line", prettyWrapper(t, "level", "info", "ctx", logStreams(3000), "msg", "x"), -1},
		{"a Stripe list object", prettyWrapper(t, "object", "list", "data", wrapperEvents(3000)), -1},
	} {
		for _, how := range []string{"file", "gz", "pipe"} {
			t.Run(tc.name+"/"+how, func(t *testing.T) {
				doc := tc.doc
				if how == "gz" {
					doc = gz(t, doc)
				}
				var src io.Reader = bytes.NewReader(doc)
				if how == "pipe" {
					pr, pw := io.Pipe()
					go func() { _, _ = pw.Write(doc); pw.Close() }()
					defer pr.Close()
					src = pr
				}
				rd, format, err := Open("w.json", src, Options{})
				if err != nil {
					t.Fatal(err)
				}
				if tc.want < 0 {
					if format != FormatSDK {
						t.Fatalf("read as %s, want sdk as before", format)
					}
					return
				}
				if format != FormatJSON {
					t.Fatalf("read as %s, want json", format)
				}
				reqs, errs := readAll(t, rd)
				if len(reqs) != tc.want || len(errs) > 0 {
					t.Fatalf("%d requests, problems %v; want %d requests", len(reqs), errs, tc.want)
				}
			})
		}
	}
	// A container first and no array under a wrapper key: one clear problem.
	rd, _, err := Open("w.json", bytes.NewReader(prettyWrapper(t, "meta", logStreams(3000), "other", wrapperEvents(3))), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, errs := readAll(t, rd); len(errs) != 1 || !strings.Contains(errs[0].Error(), "events") {
		t.Errorf("no wrapped array: %v, want one problem naming the wrapper keys", errs)
	}
}

// TestOneLineWrapperLargeFirstMember: the same on one line (jq -c, a
// script's json.dumps) longer than sniffing's 1 MiB: read as json. A
// record whose first member nests the request is read as a record when
// --max-line lets it.
func TestOneLineWrapperLargeFirstMember(t *testing.T) {
	compact := func(members ...any) []byte {
		var b bytes.Buffer
		b.WriteByte('{')
		for i := 0; i < len(members); i += 2 {
			v, err := json.Marshal(members[i+1])
			if err != nil {
				t.Fatal(err)
			}
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, "%q:%s", members[i], v)
		}
		b.WriteString("}\n")
		return b.Bytes()
	}
	for _, tc := range []struct {
		name string
		doc  []byte
		want int
	}{
		{"aws", compact("searchedLogStreams", logStreams(30000), "events", wrapperEvents(40)), 40},
		{"an unknown container first", compact("meta", map[string]any{"streams": logStreams(30000)}, "results", wrapperEvents(9)), 9},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, format, err := Open("w.json", bytes.NewReader(tc.doc), Options{})
			if err != nil {
				t.Fatal(err)
			}
			reqs, errs := readAll(t, rd)
			if format != FormatJSON || len(reqs) != tc.want || len(errs) > 0 {
				t.Fatalf("%s: %d requests, problems %v; want json and %d requests", format, len(reqs), errs, tc.want)
			}
		})
	}
	record := compact("request", map[string]any{"method": "POST", "url": "https://api.stripe.com/v1/refunds", "body": strings.Repeat("b", 2<<20)}, "response", map[string]any{"status": 200})
	rd, format, err := Open("r.jsonl", bytes.NewReader(record), Options{MaxLine: 4 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if reqs, errs := readAll(t, rd); format != FormatJSON || len(reqs) != 1 || len(errs) > 0 || reqs[0].Path != "/v1/refunds" {
		t.Errorf("a 2 MiB record: %s, %v, problems %v; want it read", format, reqs, errs)
	}
}

// TestTopKeys: the top-level keys of an object cut short, and whether its
// last member is open.
func TestTopKeys(t *testing.T) {
	for _, tc := range []struct {
		obj  string
		keys string
		open bool
	}{
		{`{"a": 1, "b": [1, {"c": 2}], "d": {"e": [`, "a b d", true},
		{`{"a": "x", "b": "y"`, "a b", false},
		{`{"a": {"k": "v"}, "b"`, "a b", false},
		{`{"a": [{"k": "v"}], "b": "c"}`, "a b", false},
		{`[1, 2`, "", false},
	} {
		keys, open := topKeys([]byte(tc.obj))
		if strings.Join(keys, " ") != tc.keys || open != tc.open {
			t.Errorf("topKeys(%s) = %q %v, want %q %v", tc.obj, keys, open, tc.keys, tc.open)
		}
	}
}
