package logparse

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// costHeaderless is a headerless table (jq's @csv of a tail) of n rows:
// good ones, or after one good row n without a method.
func costHeaderless(shape string, n int) []byte {
	var b bytes.Buffer
	b.WriteString("\"GET\",\"/v1/customers/cus_0\",200,\"req_0\",1772619302\n")
	for i := range n {
		switch shape {
		case "csv":
			fmt.Fprintf(&b, "\"GET\",\"/v1/customers/cus_%d\",200,\"req_%d\",%d\n", i, i, 1772619302+i)
		case "bare":
			fmt.Fprintf(&b, "2026-03-04 10:%02d:02,GET,/v1/customers/cus_%d,200,req_%d\n", i%60, i, i)
		case "spaces":
			fmt.Fprintf(&b, "GET /v1/customers/cus_%d %d\n", i, 200+i%5)
		case "no-method":
			fmt.Fprintf(&b, "2026-03-04 10:%02d:02,,/v1/customers/cus_%d,200,req_%d\n", i%60, i, i)
		}
	}
	return b.Bytes()
}

// BenchmarkHeaderlessRowCost: ns per row of a headerless table.
func BenchmarkHeaderlessRowCost(b *testing.B) {
	const rows = 20000
	for _, shape := range []string{"csv", "bare", "spaces", "no-method"} {
		b.Run(shape, func(b *testing.B) { benchRowCost(b, costHeaderless(shape, rows), rows) })
	}
}

// bytesPerRow is what reading one more row of a shape allocates, measured
// at n and 8n rows so that the reader's set-up drops out.
func bytesPerRow(t *testing.T, data func(n int) []byte, n int) float64 {
	t.Helper()
	at := func(n int) uint64 {
		input := data(n)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		readAllCounting(t, input)
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	small, large := at(n), at(8*n)
	return float64(large-small) / float64(7*n)
}

// TestCostHeaderlessRowBytes: a row of a headerless CSV table (quoted or
// bare, good or without a method) allocates about what a row split on
// spaces does: a csv.Reader made for each row allocated ~4.9 KiB.
func TestCostHeaderlessRowBytes(t *testing.T) {
	shape := func(s string) func(int) []byte { return func(n int) []byte { return costHeaderless(s, n) } }
	spaces := bytesPerRow(t, shape("spaces"), 500)
	for _, s := range []string{"csv", "bare", "no-method"} {
		got := bytesPerRow(t, shape(s), 500)
		t.Logf("%s: %.0f bytes per row (spaces: %.0f)", s, got, spaces)
		if got > spaces+600 {
			t.Errorf("%s: %.0f bytes per row, a row split on spaces %.0f", s, got, spaces)
		}
	}
}

// headerlessCellsFresh is how rows were split before csvRowSplitter: a
// csv.Reader for each row.
func headerlessCellsFresh(row string) []string {
	switch {
	case strings.Contains(row, "\t"):
		return strings.Split(row, "\t")
	case strings.ContainsAny(row, ",;"):
		cr := csv.NewReader(strings.NewReader(row))
		cr.Comma = ','
		if strings.Count(row, ";") > strings.Count(row, ",") {
			cr.Comma = ';'
		}
		cr.LazyQuotes = true
		if cells, err := cr.Read(); err == nil {
			return cells
		}
	}
	return strings.Fields(row)
}

// FuzzCSVRowSplitter: rows split by one csvRowSplitter, one after the
// other, come out as a csv.Reader made for each row reads them.
func FuzzCSVRowSplitter(f *testing.F) {
	f.Add(`"GET","/v1/customers/cus_1",200,"req_1",1772619302`, `GET;/v1/x;"a;b";200`)
	f.Add(`"unclosed,GET,/v1/x`, `"GET",/v1/x,"q""uote",200`)
	f.Add(`a,b"c,d`, "x\r,y,\"z\r\"")
	f.Add(`GET /v1/x 200`, "\"a\",\"b\"\t1")
	f.Fuzz(func(t *testing.T, a, b string) {
		var s csvRowSplitter
		for _, row := range []string{a, b, a} {
			row = strings.TrimSpace(strings.ReplaceAll(row, "\n", " "))
			if row == "" {
				continue
			}
			got, want := s.cells(row), headerlessCellsFresh(row)
			if !slices.Equal(got, want) {
				t.Fatalf("%q: %q, want %q", row, got, want)
			}
		}
	})
}
