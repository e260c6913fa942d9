package logparse

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// checkHAREntry fails when fillHAREntry takes raw and reads it otherwise
// than json.Unmarshal.
func checkHAREntry(t *testing.T, raw []byte) bool {
	t.Helper()
	var fast harEntry
	if !fillHAREntry(raw, &fast) {
		return false
	}
	var std harEntry
	if err := json.Unmarshal(raw, &std); err != nil {
		t.Fatalf("fast path took %q, which json.Unmarshal refuses: %v", raw, err)
	}
	// The failed request's body, which the fast path takes along, is the
	// text harError would unmarshal: the same, or left to it.
	if fast.hasBody {
		if text, ok := harBodyText(raw); !ok || text != fast.body {
			t.Fatalf("%q: fast path's body %q, json.Unmarshal's %q (%v)", raw, fast.body, text, ok)
		}
	} else if fast.Response.Status >= 400 && fast.body != "" {
		t.Fatalf("%q: a body %q without hasBody", raw, fast.body)
	}
	fast.body, fast.hasBody = "", false
	if !reflect.DeepEqual(fast, std) {
		t.Fatalf("%q:\nfast %+v\nstd  %+v", raw, fast, std)
	}
	return true
}

func TestFillHAREntry(t *testing.T) {
	for _, tc := range []struct {
		name, raw string
		fast      bool
	}{
		{"a whole entry", `{"startedDateTime":"2026-03-04T10:15:02.000Z","request":{"method":"POST","url":"https://api.stripe.com/v1/refunds","headers":[{"name":"Authorization","value":"Bearer rk_test_x"}],"postData":{"mimeType":"application/x-www-form-urlencoded","text":"expand[]=charge","params":[{"name":"a","value":"b"}]}},"response":{"status":403,"headers":[{"name":"Request-Id","value":"req_1"}],"content":{"size":10,"encoding":"base64","text":"e30="},"_error":""},"cache":{},"timings":{"wait":1}}`, true},
		{"nulls", `{"startedDateTime":null,"request":{"method":"GET","url":"https://api.stripe.com/v1/a","headers":null,"postData":null},"response":{"status":null,"headers":[null,{"name":null}],"content":null}}`, true},
		{"a repeated key: the last wins, objects merge", `{"request":{"method":"GET"},"request":{"url":"https://api.stripe.com/v1/a"},"response":{"status":200,"status":404}}`, true},
		{"a key in other case", `{"request":{"Method":"GET","url":"https://api.stripe.com/v1/a"}}`, false},
		{"a status with a fraction", `{"response":{"status":200.0}}`, false},
		{"a status as a string", `{"response":{"status":"200"}}`, false},
		{"headers as an object", `{"request":{"headers":{"a":"b"}}}`, false},
		{"a failed request's body, repeated", `{"response":{"status":403,"content":{"text":"a"},"content":{"text":"b","text":"{\"error\":{}}"}}}`, true},
		{"a failed request's body that is not text", `{"response":{"status":403,"content":{"text":7}}}`, true},
		{"a failed request's content that is not an object", `{"response":{"status":403,"content":"x"}}`, false},
		{"a failed request's body, null", `{"response":{"status":500,"content":{"text":null}}}`, true},
		{"a failed request's body, then content without it", `{"response":{"status":403,"content":{"text":"a"},"content":{"encoding":"x"}}}`, true},
		{"a failed request's body, then a null one", `{"response":{"status":403,"content":{"text":"a","text":null}}}`, true},
		{"a failed request's body under a key in other case", `{"response":{"status":403,"content":{"Text":"a"}}}`, false},
		{"not an object", `[1]`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := checkHAREntry(t, []byte(tc.raw)); got != tc.fast {
				t.Errorf("fast path took it: %v, want %v", got, tc.fast)
			}
		})
	}
}

// FuzzHAREntry: whatever entry the fast path takes, json.Unmarshal reads
// the same.
func FuzzHAREntry(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "valid", "har", "*.har"))
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		var doc struct {
			Log struct {
				Entries []json.RawMessage `json:"entries"`
			} `json:"log"`
		}
		if json.Unmarshal(data, &doc) == nil {
			for _, e := range doc.Log.Entries {
				f.Add([]byte(bytes.TrimSpace(e)))
			}
		}
	}
	f.Add([]byte(`{"request":{"method":"GET","METHOD":"POST","url":"https://api.stripe.com/v1/a"},"response":{"status":-0}}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		checkHAREntry(t, raw)
	})
}
