package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// updateGolden rewrites the golden files of this package's tests:
// go test ./cmd/rakmigrate -update
var updateGolden = flag.Bool("update", false, "rewrite golden files")

// testdataDir is absolute: some tests change directory before comparing.
var testdataDir, _ = filepath.Abs("testdata")

// assertGolden compares got with testdata/<name>; -update rewrites the file.
func assertGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(testdataDir, name)
	if *updateGolden {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run %s -update creates it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update to accept):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
