package logparse

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// containsHints is hintsOf written the slow way: bytes.Contains per name.
func containsHints(raw []byte) elementHints {
	var h elementHints
	for _, q := range quotedHints {
		if bytes.Contains(raw, []byte(q.name)) {
			h |= q.bit
		}
	}
	if bytes.Contains(raw, []byte(nestsSuffix)) {
		h |= hintNests
	}
	return h
}

// checkHints holds hintsOf to containsHints, and the Charles and Bruno
// predicates to the functions they stand for.
func checkHints(t *testing.T, raw []byte) {
	t.Helper()
	got, want := hintsOf(raw), containsHints(raw)
	if got != want {
		t.Fatalf("hintsOf(%q) = %b, want %b", raw, got, want)
	}
	if charlesHints(got) != isCharlesTransaction(raw) || brunoHints(got) != isBrunoResult(raw) {
		t.Fatalf("%q: Charles %v/%v, Bruno %v/%v", raw, charlesHints(got), isCharlesTransaction(raw), brunoHints(got), isBrunoResult(raw))
	}
}

func TestElementHints(t *testing.T) {
	for _, raw := range []string{
		``, `"`, `""`, `Spans"`, `"resourceSpans"`, `x"scopeSpans":[]`, `{"events":[]}`, `{"event":1}`, `"events`,
		`{"a":"\"events\""}`, `{"actualPort":1,"tunnel":true}`, `{"actualPort":1}`, `{"protocolVersion":"HTTP/1.1","actualPort":443}`,
		`{"filename":"a.bru","assertionResults":[]}`, `""events""results""spans""Segments""Document""filename"`,
	} {
		checkHints(t, []byte(raw))
	}
	for _, pattern := range []string{"valid/json/*.json*", "valid/har/*.har"} {
		files, _ := filepath.Glob(filepath.Join(fixtureDir, pattern))
		for _, f := range files {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			checkHints(t, data)
		}
	}
}

func FuzzElementHints(f *testing.F) {
	f.Add([]byte(`{"resourceSpans":[{"scopeSpans":[{"spans":[]}]}],"actualPort":1,"tunnel":1}`))
	f.Add([]byte(`""assertionResults""filename"Spans"`))
	f.Fuzz(func(t *testing.T, raw []byte) { checkHints(t, raw) })
}
