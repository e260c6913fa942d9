package logparse

import (
	"os"
	"testing"
)

// TestMain lowers maxRowCount for every test and fuzzer of the package: a
// fuzzed "2000000 GET /v1/x" would otherwise be two million requests to
// read, render and compare, and a fuzz worker hangs on it.
// TestHeaderlessRowCountLimit checks the real bound.
func TestMain(m *testing.M) {
	maxRowCount = 1000
	os.Exit(m.Run())
}
