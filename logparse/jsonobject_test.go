package logparse

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// checkSameObject fails when the fast path takes rec and reads it otherwise
// than encoding/json.
func checkSameObject(t *testing.T, rec []byte) {
	t.Helper()
	fast, took := fastObject(rec)
	if !took {
		return
	}
	std, err := stdObject(rec)
	if err != nil {
		t.Fatalf("fast path took %q, which encoding/json refuses: %v", rec, err)
	}
	if !reflect.DeepEqual(fast, std) {
		t.Fatalf("%q:\nfast %#v\nstd  %#v", rec, fast, std)
	}
}

func TestParseObjectFastPath(t *testing.T) {
	tests := []struct {
		name string
		rec  string
		fast bool // the fast path takes it
	}{
		{"plain", `{"method":"GET","url":"/v1/charges","status":200}`, true},
		{"nested and arrays", `{"request":{"method":"POST","headers":[{"k":"v"},null,true,false]},"n":-1.5e+3}`, true},
		{"escapes", `{"url":"\/v1\/charges","msg":"say \"hi\"\n\ttab \u00e9 \u0026"}`, true},
		{"duplicate key: the last wins", `{"status":200,"status":403}`, true},
		{"big number kept as written", `{"created_at":1772619302123456789,"x":1E400}`, true},
		{"non-ASCII", `{"msg":"Zahlung für €5 – 決済"}`, true},
		{"pretty-printed", "{\n  \"method\": \"GET\",\r\n\t\"url\": \"/v1/x\"\n}", true},
		{"empty", `{}`, true},
		{"invalid UTF-8", "{\"msg\":\"caf\xe9\"}", false},
		{"lone surrogate", `{"msg":"\ud800"}`, false},
		{"surrogate pair", `{"msg":"\uD83D\uDE00"}`, false},
		{"trailing data", `{"a":1} {"b":2}`, false},
		{"trailing brace", `{"a":1}}`, false},
		{"leading zero", `{"a":01}`, false},
		{"NaN", `{"a":NaN}`, false},
		{"bad escape", `{"a":"\q"}`, false},
		{"raw tab in a string", "{\"a\":\"x\ty\"}", false},
		{"control byte before an escape", "{\"\":\"\x14\\b\"}", false},
		{"pretty-printed with an escape", "{\n  \"a\": \"\\/v1\"\n}", false},
		{"not an object", `[1,2]`, false},
		{"null", `null`, false},
		{"deep", strings.Repeat(`{"a":`, 280) + "1" + strings.Repeat("}", 280), false},
		{"many brackets, shallow", `{"a":[` + strings.Repeat(`[],`, 300) + `[]]}`, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, took := fastObject([]byte(tt.rec))
			if took != tt.fast {
				t.Errorf("fast path took it: %v, want %v", took, tt.fast)
			}
			checkSameObject(t, []byte(tt.rec))
			// Whichever path reads it, parseObject answers as encoding/json.
			got, gotErr := parseObject([]byte(tt.rec))
			want, wantErr := stdObject([]byte(tt.rec))
			if (gotErr == nil) != (wantErr == nil) || gotErr != nil && gotErr.Error() != wantErr.Error() || !reflect.DeepEqual(got, want) {
				t.Errorf("parseObject = %#v, %v; encoding/json %#v, %v", got, gotErr, want, wantErr)
			}
		})
	}
}

// addFixtureObjects seeds f with every line that starts an object in the
// JSON fixtures of the valid dirs named.
func addFixtureObjects(f *testing.F, dirs ...string) {
	for _, dir := range dirs {
		files, _ := filepath.Glob(filepath.Join(fixtureDir, "valid", dir, "*json*"))
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				f.Fatal(err)
			}
			for _, line := range bytes.Split(data, []byte("\n")) {
				if line = bytes.TrimSpace(line); len(line) > 0 && line[0] == '{' {
					f.Add(line)
				}
			}
		}
	}
}

// FuzzParseObject holds the fast path to encoding/json: whatever it takes,
// encoding/json reads the same.
func FuzzParseObject(f *testing.F) {
	addFixtureObjects(f, "json", "har", "sdk")
	f.Add([]byte(`{"a":"\u00e9\/\"","b":[1,-0.5e3,true,null,{"c":{}}]}`))
	f.Fuzz(func(t *testing.T, rec []byte) {
		checkSameObject(t, rec)
	})
}

func BenchmarkParseObject(b *testing.B) {
	data, err := os.ReadFile(filepath.Join(fixtureDir, "valid", "json", "otel-spans.jsonl"))
	if err != nil {
		b.Fatal(err)
	}
	var recs [][]byte
	for _, line := range bytes.Split(data, []byte("\n")) {
		if line = bytes.TrimSpace(line); len(line) > 0 {
			recs = append(recs, line)
		}
	}
	for _, mode := range []struct {
		name  string
		parse func([]byte) (map[string]any, error)
	}{{"fastjson", parseObject}, {"encoding-json", stdObject}} {
		b.Run(mode.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				for _, rec := range recs {
					if _, err := mode.parse(rec); err != nil {
						b.Fatal(err)
					}
				}
			}
		})
	}
}
