package logparse

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"testing"
	"time"
)

// costCSVRows are the rows of a table as a request log export holds them:
// good ones, and the two most common bad ones. Every row of a shape is
// alike but for its numbers.
var costCSVRows = map[string]string{
	"good":      "2026-03-04 10:%02d:02,GET,/v1/customers/cus_%d,200,req_%d\n",
	"no-method": "2026-03-04 10:%02d:02,,/v1/customers/cus_%d,200,req_%d\n",
	"bad-date":  "someday at %d past ten,GET,/v1/customers/cus_%d,200,req_%d\n",
}

// costCSV is a table of n rows of one shape, after a few good ones (so
// that detection sees a table of requests).
func costCSV(shape string, n int) []byte {
	var b bytes.Buffer
	b.WriteString("created,method,path,status,request_id\n")
	for i := range 3 {
		fmt.Fprintf(&b, costCSVRows["good"], i%60, i, i)
	}
	for i := range n {
		fmt.Fprintf(&b, costCSVRows[shape], i%60, i, i)
	}
	return b.Bytes()
}

// readAllCounting reads every record of data, and says how many requests
// and problems it gave.
func readAllCounting(tb testing.TB, data []byte) (requests, problems int) {
	rd, _, err := Open("t.csv", bytes.NewReader(data), Options{Location: time.UTC})
	if err != nil {
		tb.Fatal(err)
	}
	for {
		_, err := rd.Next()
		switch {
		case errors.Is(err, io.EOF):
			return requests, problems
		case err != nil:
			problems++
		default:
			requests++
		}
	}
}

// BenchmarkCSVRowCost: the cost of a row of each shape, in ns/row. A bad
// row used to cost ~8 µs (field names rebuilt for its message, every
// layout tried on its date) where a good one costs well under one.
func BenchmarkCSVRowCost(b *testing.B) {
	const rows = 20000
	for _, shape := range []string{"good", "no-method", "bad-date"} {
		b.Run(shape, func(b *testing.B) { benchRowCost(b, costCSV(shape, rows), rows) })
	}
}

// TestCostCSVBadRowAllocs: a bad row allocates about what a good one does
// (its ParseError and message on top), counted at n and 8n rows so that
// the per-row figure, not the table's set-up, is compared.
func TestCostCSVBadRowAllocs(t *testing.T) {
	perRow := func(shape string) float64 {
		at := func(n int) float64 {
			data := costCSV(shape, n)
			return testing.AllocsPerRun(3, func() {
				reqs, probs := readAllCounting(t, data)
				if want := 3 + n; reqs+probs != want || shape == "good" && probs != 0 || shape != "good" && probs != n {
					t.Fatalf("%s: %d requests and %d problems of %d rows", shape, reqs, probs, want)
				}
			})
		}
		const n = 500
		return (at(8*n) - at(n)) / (7 * n)
	}
	good := perRow("good")
	for _, shape := range []string{"no-method", "bad-date"} {
		bad := perRow(shape)
		t.Logf("%s: %.1f allocs per row, good: %.1f", shape, bad, good)
		// A ParseError, its kind, its message and the cell's error: a
		// handful more. Field names rebuilt per row made the rows without
		// a method cost 10 in all; every layout tried on the date, one
		// error each, 88.
		if bad > good+7 {
			t.Errorf("%s: %.1f allocations per bad row, %.1f per good one", shape, bad, good)
		}
	}
}

// TestCostTimeShapeLayouts: timeShape's premise about the layouts holds:
// a zone name (MST, whose value may be an offset: "GMT+11", "+11") stands
// after a space in every layout, where timeShape refuses a sign and digit.
func TestCostTimeShapeLayouts(t *testing.T) {
	for _, l := range append(append([]string(nil), timeLayouts...), localLayouts...) {
		for i := 0; i+3 <= len(l); i++ {
			if l[i:i+3] == "MST" && (i == 0 || l[i-1] != ' ') {
				t.Errorf("layout %q has a zone name that does not follow a space", l)
			}
		}
	}
}

// TestCostUnreadableTimeRemembered: a time no layout reads is remembered
// by its shape, and a time of the same shape that does read is never
// refused for it: numbers out of range, zone offsets, and every layout's
// own shape.
func TestCostUnreadableTimeRemembered(t *testing.T) {
	loc := time.UTC
	pairs := []struct{ bad, good string }{
		// Same shape as a readable time only by a number out of range:
		// never remembered.
		{"2026-13-04 10:15:02", "2026-03-04 10:15:02"},
		{"2026-02-30", "2026-02-28"},
		{"2026-03-04 25:15:02", "2026-03-04 10:15:02"},
		{"2026-03-04 10:15:02 +2500", "2026-03-04 10:15:02 +0100"},
		// A zone name with an offset, read as a number of any length and
		// refused over 24: not remembered at all.
		{"2026-03-04 10:15:02 GMT+111", "2026-03-04 10:15:02 GMT+011"},
		{"2026-03-04 10:15:02 +111", "2026-03-04 10:15:02 +011"},
	}
	for _, p := range pairs {
		if _, err := parseTimeOrder(p.bad, loc, DateOrderAuto); err == nil {
			t.Fatalf("%q reads", p.bad)
		}
		if _, err := parseTimeOrder(p.good, loc, DateOrderAuto); err != nil {
			t.Errorf("%q after %q: %v", p.good, p.bad, err)
		}
	}
	for _, bad := range []string{"someday at 5 past ten", "04-03-2026 10:15", "N/A", "2026-03-04 10:15:02 garbage", "2026-13-04 10:15 x"} {
		_, err1 := parseTimeOrder(bad, loc, DateOrderAuto)
		var buf [maxTimeShape]byte
		shape, ok := timeShape(bad, &buf)
		if err1 == nil || !ok || !unreadableTimes.has(shape) {
			t.Fatalf("%q: %v, not remembered", bad, err1)
		}
		_, err2 := parseTimeOrder(bad, loc, DateOrderAuto)
		if err2 == nil || err2.Error() != err1.Error() {
			t.Errorf("%q: remembered as %v, first %v", bad, err2, err1)
		}
	}
	// Every layout's own shape reads after a failure of the same length
	// was remembered.
	ref := time.Date(2026, 3, 4, 10, 15, 2, 123456789, time.UTC)
	for _, l := range append(append([]string(nil), timeLayouts...), localLayouts...) {
		v := ref.Format(l)
		if _, err := parseTimeOrder(v, loc, DateOrderAuto); err != nil {
			t.Errorf("layout %q: %q does not read: %v", l, v, err)
		}
	}
}

// FuzzUnreadableTimeShapes: once a time's shape is remembered as
// unreadable, every time of that shape (the same bytes but for its digits)
// reads as it does with nothing remembered.
func FuzzUnreadableTimeShapes(f *testing.F) {
	ref := time.Date(2026, 3, 4, 10, 15, 2, 123456789, time.UTC)
	for _, l := range append(append([]string(nil), timeLayouts...), localLayouts...) {
		f.Add(ref.Format(l), "9")
		f.Add(ref.Format(l)+" x", "013")
	}
	f.Add("2026-03-04 10:15:02 +111", "2026030410150201") // the second reads: +011
	f.Add("2026-03-04 10:15:02 GMT+111", "2026030410150201")
	f.Add("someday at 5 past ten", "7")
	f.Fuzz(func(t *testing.T, first, digits string) {
		if digits == "" {
			return
		}
		// second is first with its digits replaced by digits, in turn.
		b, k := []byte(first), 0
		for i, c := range b {
			if c >= '0' && c <= '9' {
				if d := digits[k%len(digits)]; d >= '0' && d <= '9' {
					b[i] = d
				}
				k++
			}
		}
		second := string(b)
		clearShapes := func() {
			unreadableTimes.mu.Lock()
			clear(unreadableTimes.m)
			unreadableTimes.mu.Unlock()
		}
		clearShapes()
		want, wantErr := parseTimeOrder(second, time.UTC, DateOrderAuto)
		clearShapes()
		parseTimeOrder(first, time.UTC, DateOrderAuto) // may remember its shape
		got, gotErr := parseTimeOrder(second, time.UTC, DateOrderAuto)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) || !got.Equal(want) {
			t.Fatalf("%q after %q: %v %v, want %v %v", second, first, got, gotErr, want, wantErr)
		}
	})
}

// costCSVQuoted is a table in which every other row opens a quote it
// never closes, which swallows the rows after it until the reader finds
// its way back (csvresync.go).
func costCSVQuoted(n int) []byte {
	var b bytes.Buffer
	b.WriteString("created,method,path,status,request_id\n")
	for i := range n {
		if i%2 == 1 {
			fmt.Fprintf(&b, "2026-03-04 10:%02d:02,GET,\"/v1/customers/cus_%d,200,req_%d\n", i%60, i, i)
		} else {
			fmt.Fprintf(&b, costCSVRows["good"], i%60, i, i)
		}
	}
	return b.Bytes()
}

// BenchmarkCSVUnclosedQuoteCost: ns per row when half the rows open a
// quote they never close.
func BenchmarkCSVUnclosedQuoteCost(b *testing.B) {
	const rows = 20000
	benchRowCost(b, costCSVQuoted(rows), rows)
}

// benchRowCost reads data, a table of rows rows, per iteration and reports
// ns/row.
func benchRowCost(b *testing.B, data []byte, rows int) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		readAllCounting(b, data)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(rows), "ns/row")
}

// TestCostCSVUnclosedQuoteBytes: a row that opens a quote it never closes
// allocates a bounded amount more than a good one: the reader's 4 KiB
// buffer is reused when it reads again after it, not made anew.
func TestCostCSVUnclosedQuoteBytes(t *testing.T) {
	good := bytesPerRow(t, func(n int) []byte { return costCSV("good", n) }, 500)
	quoted := bytesPerRow(t, costCSVQuoted, 500)
	t.Logf("%.0f bytes per row, half of them unclosed; good rows: %.0f", quoted, good)
	// Half the rows each took a new reader with its buffer: ~2.8 KiB a
	// row; now ~0.7 KiB.
	if quoted > good+1200 {
		t.Errorf("%.0f bytes per row, good rows %.0f", quoted, good)
	}
}
