package logparse

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestParseDateOrder(t *testing.T) {
	tests := []struct {
		in      string
		want    DateOrder
		wantErr bool
	}{
		{"", DateOrderAuto, false}, {"auto", DateOrderAuto, false},
		{"dmy", DateOrderDMY, false}, {"DMY", DateOrderDMY, false}, {" day-first ", DateOrderDMY, false},
		{"mdy", DateOrderMDY, false}, {"month-first", DateOrderMDY, false},
		{"ymd", 0, true}, {"uk", 0, true}, {"d/m/y", 0, true},
	}
	for _, tt := range tests {
		got, err := ParseDateOrder(tt.in)
		if tt.wantErr {
			if err == nil || !strings.Contains(err.Error(), "dmy") || !strings.Contains(err.Error(), "mdy") {
				t.Errorf("ParseDateOrder(%q) = %v, %v; want an error naming dmy and mdy", tt.in, got, err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDateOrder(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// TestParseTimeOrder: a given order reads every slashed date that fits it,
// refuses one whose numbers say the other order, and Auto's error for a
// date either order reads says both readings of that very cell.
func TestParseTimeOrder(t *testing.T) {
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, time.UTC) }
	tests := []struct {
		in      string
		order   DateOrder
		want    time.Time
		wantErr []string
	}{
		{in: "04/03/2026 10:15", order: DateOrderDMY, want: at(2026, 3, 4, 10, 15)},
		{in: "04/03/2026 10:15", order: DateOrderMDY, want: at(2026, 4, 3, 10, 15)},
		{in: "4/3/26 10:15", order: DateOrderDMY, want: at(2026, 3, 4, 10, 15)},
		{in: "4/3/2026 1:15 PM", order: DateOrderMDY, want: at(2026, 4, 3, 13, 15)},
		{in: "4/3/2026, 1:15:00 pm", order: DateOrderDMY, want: at(2026, 3, 4, 13, 15)},
		{in: "04/03/2026", order: DateOrderMDY, want: at(2026, 4, 3, 0, 0)},
		{in: "25/03/2026 10:15", order: DateOrderDMY, want: at(2026, 3, 25, 10, 15)},
		{in: "25/03/2026 10:15", order: DateOrderAuto, want: at(2026, 3, 25, 10, 15)},
		{in: "2026-03-04 10:15:00", order: DateOrderMDY, want: at(2026, 3, 4, 10, 15)},
		// Azure Monitor's en-US rendering stays month-first when no order is given.
		{in: "3/4/2026, 10:15:02 AM", order: DateOrderAuto, want: time.Date(2026, 3, 4, 10, 15, 2, 0, time.UTC)},
		{in: "25/03/2026 10:15", order: DateOrderMDY, wantErr: []string{"not month-first as --date-order mdy says", "25 is no month"}},
		{in: "03/25/2026 10:15", order: DateOrderDMY, wantErr: []string{"not day-first as --date-order dmy says"}},
		{in: "31/02/2026", order: DateOrderDMY, wantErr: []string{"is no day-first date", "dd/mm/yyyy"}},
		{in: "04/03/2026 10:15", order: DateOrderAuto, wantErr: []string{
			"could be day/month or month/day", "2026-03-04 10:15 day-first or 2026-04-03 10:15 month-first", "yyyy-mm-dd hh:mm:ss"}},
		{in: "1/2/26", order: DateOrderAuto, wantErr: []string{"2026-02-01 day-first or 2026-01-02 month-first"}},
		{in: "04/03/2026 10:15:02", order: DateOrderAuto, wantErr: []string{"2026-03-04 10:15:02 day-first"}},
	}
	for _, tt := range tests {
		got, err := parseTimeOrder(tt.in, time.UTC, tt.order)
		if tt.wantErr != nil {
			for _, w := range tt.wantErr {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("parseTimeOrder(%q, %v) = %v, %v; want an error saying %q", tt.in, tt.order, got, err, w)
				}
			}
			continue
		}
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("parseTimeOrder(%q, %v) = %v, %v; want %v", tt.in, tt.order, got, err, tt.want)
		}
	}
}

func TestSlashNumbers(t *testing.T) {
	tests := map[string]slashKind{
		"04/03/2026": slashAmbig, "4/3/26 10:15": slashAmbig, "12/12/2026": slashAmbig,
		"13/03/2026": slashDMY, "3/13/2026": slashMDY, "13/13/2026": slashNeither, "0/3/2026": slashNeither,
		"2026/03/04": notSlashed, "04-03-2026": notSlashed, "04/03": notSlashed, "04/03/2": notSlashed,
		"04/03/20261": notSlashed, "04/03/2026x": notSlashed, "123/3/2026": notSlashed, "": notSlashed, "GET": notSlashed,
	}
	for in, want := range tests {
		if got := slashNumbers(in); got != want {
			t.Errorf("slashNumbers(%q) = %d, want %d", in, got, want)
		}
	}
}

// readTable reads a table through Open, rendering records and errors.
func readTable(t *testing.T, text string, order DateOrder) (recs, errs []string) {
	t.Helper()
	rd, format, err := Open("t.csv", strings.NewReader(text), Options{Location: time.UTC, DateOrder: order})
	if err != nil {
		t.Fatal(err)
	}
	if format != FormatCSV {
		t.Fatalf("read as %s", format)
	}
	reqs, es := readAll(t, rd)
	for _, r := range reqs {
		recs = append(recs, fmt.Sprintf("%d %s %s %s", r.Pos.Line, r.Method, r.Path, r.Time.Format("2006-01-02 15:04")))
	}
	for _, e := range es {
		errs = append(errs, e.Error())
	}
	return recs, errs
}

const tableHead = "Date,Method,Path,Status\n"

func TestTableDateOrder(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		order DateOrder
		want  []string
		// wantErrs: one entry per error, each the strings it must hold.
		wantErrs [][]string
	}{
		{
			name: "a later day above 12 decides day-first, rows before it kept in place",
			text: tableHead + "04/03/2026 10:15,GET,/v1/customers/cus_1,200\n05/03/2026 10:16,POST,/v1/customers,200\n" +
				"2026-03-05 11:00:00,GET,/v1/balance,200\n25/03/2026 10:17,POST,/v1/refunds,403\n06/03/2026 09:00,GET,/v1/charges,200\n",
			want: []string{"2 GET /v1/customers/cus_1 2026-03-04 10:15", "3 POST /v1/customers 2026-03-05 10:16",
				"4 GET /v1/balance 2026-03-05 11:00", "5 POST /v1/refunds 2026-03-25 10:17", "6 GET /v1/charges 2026-03-06 09:00"},
		},
		{
			name: "a later day above 12 in second place decides month-first",
			text: tableHead + "04/03/2026 10:15,GET,/v1/customers/cus_1,200\n03/25/2026 10:16,POST,/v1/customers,200\n",
			want: []string{"2 GET /v1/customers/cus_1 2026-04-03 10:15", "3 POST /v1/customers 2026-03-25 10:16"},
		},
		{
			name:     "a bad row while rows are held keeps its place among them",
			text:     tableHead + "04/03/2026 10:15,GET,/v1/a,200\nbad,GET,/v1/b,200\n04/03/2026 10:17,FETCH,/v1/c,200\n13/03/2026 10:18,GET,/v1/d,200\n",
			want:     []string{"2 GET /v1/a 2026-03-04 10:15", "5 GET /v1/d 2026-03-13 10:18"},
			wantErrs: [][]string{{"t.csv:3:1:", `"bad"`}, {"t.csv:4:", "not an HTTP method"}},
		},
		{
			name:     "every date ambiguous: one problem for the file, at the first",
			text:     tableHead + "04/03/2026 10:15,GET,/v1/a,200\n05/03/2026 10:16,GET,/v1/b,200\n2026-03-06 10:00:00,GET,/v1/c,200\n06/03/2026 10:16,GET,/v1/d,200\n",
			want:     []string{"4 GET /v1/c 2026-03-06 10:00"},
			wantErrs: [][]string{{"t.csv:2:1:", "column Date", `"04/03/2026 10:15"`, "2026-03-04 10:15 day-first or 2026-04-03 10:15 month-first", "3 rows with such dates not read", "--date-order dmy", "--date-order mdy", "yyyy-mm-dd hh:mm:ss"}},
		},
		{
			name:     "a column that contradicts itself is an error at the contradicting row",
			text:     tableHead + "04/03/2026 10:15,GET,/v1/a,200\n25/03/2026 10:16,GET,/v1/b,200\n03/25/2026 10:17,GET,/v1/c,200\n26/03/2026 10:18,GET,/v1/d,200\n",
			want:     []string{"2 GET /v1/a 2026-03-04 10:15", "3 GET /v1/b 2026-03-25 10:16", "5 GET /v1/d 2026-03-26 10:18"},
			wantErrs: [][]string{{"t.csv:4:1:", `"03/25/2026 10:17" is month-first (25 is no month)`, "line 3 (25/03/2026 10:16)", "day-first", "--date-order"}},
		},
		{
			name:  "--date-order dmy reads every row in that order",
			text:  tableHead + "04/03/2026 10:15,GET,/v1/a,200\n05/03/2026 10:16,GET,/v1/b,200\n",
			order: DateOrderDMY,
			want:  []string{"2 GET /v1/a 2026-03-04 10:15", "3 GET /v1/b 2026-03-05 10:16"},
		},
		{
			name:     "--date-order mdy refuses a day-first date",
			text:     tableHead + "04/03/2026 10:15,GET,/v1/a,200\n25/03/2026 10:16,GET,/v1/b,200\n",
			order:    DateOrderMDY,
			want:     []string{"2 GET /v1/a 2026-04-03 10:15"},
			wantErrs: [][]string{{"t.csv:3:1:", "not month-first as --date-order mdy says"}},
		},
		{
			name: "a count column: a held row stands for its count once read",
			text: "Date,Method,Path,Count\n01/02/2026,GET,/v1/a,2\n13/02/2026,GET,/v1/b,1\n",
			want: []string{"2 GET /v1/a 2026-02-01 00:00", "2 GET /v1/a 2026-02-01 00:00", "3 GET /v1/b 2026-02-13 00:00"},
		},
		{
			name: "each column is decided on its own",
			text: "Created,Method,Path,Timestamp\n01/02/2026,GET,/v1/a,01/02/2026\n13/02/2026,GET,/v1/b,02/13/2026\n",
			// The request's time is the last time column's: Timestamp, month-first.
			want: []string{"2 GET /v1/a 2026-01-02 00:00", "3 GET /v1/b 2026-02-13 00:00"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			recs, errs := readTable(t, tt.text, tt.order)
			if strings.Join(recs, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("records:\n%s\nwant:\n%s", strings.Join(recs, "\n"), strings.Join(tt.want, "\n"))
			}
			if len(errs) != len(tt.wantErrs) {
				t.Fatalf("errors %q, want %d", errs, len(tt.wantErrs))
			}
			for i, want := range tt.wantErrs {
				for _, w := range want {
					if !strings.Contains(errs[i], w) {
						t.Errorf("error %d %q lacks %q", i, errs[i], w)
					}
				}
			}
		})
	}
}

// TestTableDateOrderBound: past the bound the rows waiting are given up,
// counted and told once, when a later date decides (or the input ends);
// the rows after the decision read in its order.
func TestTableDateOrderBound(t *testing.T) {
	defer func(rows, bytes int) { holdMaxRows, holdMaxBytes = rows, bytes }(holdMaxRows, holdMaxBytes)
	holdMaxRows = 3
	var b strings.Builder
	b.WriteString(tableHead)
	for i := 1; i <= 6; i++ {
		fmt.Fprintf(&b, "%02d/03/2026 10:00,GET,/v1/a%d,200\n", i, i)
	}
	b.WriteString("2026-03-07 10:00:00,GET,/v1/iso,200\n")
	ended := b.String()
	b.WriteString("13/03/2026 10:00,GET,/v1/decided,200\n07/03/2026 10:00,GET,/v1/after,200\n")
	recs, errs := readTable(t, b.String(), DateOrderAuto)
	want := []string{"8 GET /v1/iso 2026-03-07 10:00", "9 GET /v1/decided 2026-03-13 10:00", "10 GET /v1/after 2026-03-07 10:00"}
	if strings.Join(recs, "\n") != strings.Join(want, "\n") {
		t.Errorf("records:\n%s\nwant:\n%s", strings.Join(recs, "\n"), strings.Join(want, "\n"))
	}
	if len(errs) != 1 || !strings.Contains(errs[0], "t.csv:2:1:") || !strings.Contains(errs[0], "6 rows with such dates not read") ||
		!strings.Contains(errs[0], "more than 3 rows") || !strings.Contains(errs[0], "line 9") {
		t.Errorf("errors %q, want one for the 6 rows given up before line 9", errs)
	}

	recs, errs = readTable(t, ended, DateOrderAuto)
	if len(recs) != 1 || len(errs) != 1 || !strings.Contains(errs[0], "6 rows with such dates not read") || !strings.Contains(errs[0], "no date in the column") {
		t.Errorf("input ending undecided past the bound: records %q, errors %q", recs, errs)
	}

	holdMaxRows, holdMaxBytes = 1000, 150 // bytes: each held row counts its cells and a fixed share
	recs, errs = readTable(t, b.String(), DateOrderAuto)
	if len(recs) != 3 || len(errs) != 1 || !strings.Contains(errs[0], "rows with such dates not read") {
		t.Errorf("byte bound: records %q, errors %q", recs, errs)
	}
}

// TestHeaderlessDateOrder: a table without a header (jq, awk) decides the
// order of its one time cell per row as a column.
func TestHeaderlessDateOrder(t *testing.T) {
	read := func(text string, order DateOrder) ([]string, []string) {
		rd, format, err := Open("h.txt", strings.NewReader(text), Options{Location: time.UTC, DateOrder: order})
		if err != nil || format != FormatCSV {
			t.Fatalf("Open: %v, %s", err, format)
		}
		reqs, es := readAll(t, rd)
		var recs, errs []string
		for _, r := range reqs {
			recs = append(recs, fmt.Sprintf("%d %s %s", r.Pos.Line, r.Path, r.Time.Format("2006-01-02")))
		}
		for _, e := range es {
			errs = append(errs, e.Error())
		}
		return recs, errs
	}
	amb := "GET /v1/a 200 04/03/2026\nPOST /v1/b 200 05/03/2026\n"
	recs, errs := read(amb+"GET /v1/c 200 03/25/2026\n", DateOrderAuto)
	if want := "1 /v1/a 2026-04-03,2 /v1/b 2026-05-03,3 /v1/c 2026-03-25"; strings.Join(recs, ",") != want || len(errs) != 0 {
		t.Errorf("decided later: %q %q, want %s", recs, errs, want)
	}
	recs, errs = read(amb, DateOrderAuto)
	if len(recs) != 0 || len(errs) != 1 || !strings.Contains(errs[0], "h.txt:1:1:") || !strings.Contains(errs[0], "2 rows with such dates not read") {
		t.Errorf("undecided: %q %q", recs, errs)
	}
	recs, errs = read(amb, DateOrderDMY)
	if want := "1 /v1/a 2026-03-04,2 /v1/b 2026-03-05"; strings.Join(recs, ",") != want || len(errs) != 0 {
		t.Errorf("--date-order dmy: %q %q, want %s", recs, errs, want)
	}
	recs, errs = read(amb+"GET /v1/c 200 25/03/2026\nGET /v1/d 200 03/25/2026\n", DateOrderAuto)
	if len(recs) != 3 || len(errs) != 1 || !strings.Contains(errs[0], "h.txt:4:1:") || !strings.Contains(errs[0], "mixes two date orders") {
		t.Errorf("contradiction: %q %q", recs, errs)
	}
}

// TestDateOrderScanAgrees: Scan and ScanWorkers agree on a table with rows
// held back, with an undecided one, and in strict mode.
func TestDateOrderScanAgrees(t *testing.T) {
	dir := t.TempDir()
	decided := tableHead + "04/03/2026 10:15,GET,/v1/a,200\nbad,GET,/v1/b,200\n25/03/2026 10:16,GET,/v1/c,200\n"
	undecided := tableHead + "04/03/2026 10:15,GET,/v1/a,200\n2026-03-05 10:00:00,GET,/v1/b,200\n05/03/2026 10:16,GET,/v1/c,200\n"
	inputs := []Input{
		{Name: "decided.csv", Path: writeFile(t, dir, "decided.csv", []byte(decided))},
		{Name: "undecided.csv", Path: writeFile(t, dir, "undecided.csv", []byte(undecided))},
	}
	var want, wantProblems []string
	wst, err := Scan(context.Background(), inputs, ScanOptions{
		OnProblem: func(pe *ParseError) { wantProblems = append(wantProblems, pe.Error()) },
	}, func(r Request) error { want = append(want, render(r)); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(want) != 3 || len(wantProblems) != 2 || !strings.Contains(wantProblems[1], "undecided.csv:2:1:") {
		t.Fatalf("Scan: records %q, problems %q", want, wantProblems)
	}
	var gotProblems []string
	gst, got := scanWorkersRendered(t, inputs, ScanOptions{
		OnProblem: func(pe *ParseError) { gotProblems = append(gotProblems, pe.Error()) },
	})
	sort.Strings(want)
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") || strings.Join(gotProblems, "\n") != strings.Join(wantProblems, "\n") {
		t.Errorf("ScanWorkers: records %q problems %q; Scan: %q %q", got, gotProblems, want, wantProblems)
	}
	for i := range wst {
		if wst[i].Requests != gst[i].Requests || wst[i].Skipped != gst[i].Skipped || !wst[i].First.Equal(gst[i].First) || !wst[i].Last.Equal(gst[i].Last) {
			t.Errorf("stats %d: Scan %+v, ScanWorkers %+v", i, wst[i], gst[i])
		}
	}

	// Strict: rows held back are no problem; a column that never says
	// is, and stops the run.
	strict := ScanOptions{Strict: true}
	if _, err := Scan(context.Background(), inputs[1:], strict, func(Request) error { return nil }); err == nil ||
		!strings.Contains(err.Error(), "2 rows with such dates not read") {
		t.Errorf("strict, undecided: %v", err)
	}
	decidedOnly := []Input{{Name: "ok.csv", Path: writeFile(t, dir, "ok.csv", []byte(tableHead+"04/03/2026 10:15,GET,/v1/a,200\n25/03/2026 10:16,GET,/v1/c,200\n"))}}
	n := 0
	if _, err := Scan(context.Background(), decidedOnly, strict, func(Request) error { n++; return nil }); err != nil || n != 2 {
		t.Errorf("strict, decided later: %d records, %v", n, err)
	}
	var pe *ParseError
	_, err = ScanWorkers(context.Background(), inputs[1:], strict, func() func(*Request) error { return func(*Request) error { return nil } })
	if !errors.As(err, &pe) || !strings.Contains(pe.Error(), "2 rows with such dates not read") {
		t.Errorf("ScanWorkers strict, undecided: %v", err)
	}
}

// FuzzTableDateOrder: whatever the rows, a table with held-back rows
// ends, hands out its records in row order, and reports only located
// problems; the bound is tiny so that giving up is exercised too.
func FuzzTableDateOrder(f *testing.F) {
	f.Add("04/03/2026 10:15,GET,/v1/a,2\n25/03/2026 10:16,GET,/v1/b,1\n", uint8(0))
	f.Add("04/03/2026,GET,/v1/a,\n05/03/2026,GET,/v1/b,\n06/03/2026,GET,/v1/c,\n07/03/2026,GET,/v1/d,\n03/25/2026,GET,/v1/e,\n", uint8(0))
	f.Add("04/03/2026 10:15,GET,/v1/a,1\nx,GET,/v1/b,1\n\"04/03/2026,GET,/v1/c,1\n03/25/2026,FETCH,/v1/d,1\n13/03/2026,GET,/v1/e,1\n", uint8(0))
	f.Add("04/03/2026 10:15,GET,/v1/a,1\n25/03/2026 10:16,GET,/v1/b,1\n", uint8(2))
	f.Add("1/2/26 1:00 PM,GET,/v1/a,3\n", uint8(1))
	f.Fuzz(func(t *testing.T, rows string, order uint8) {
		defer func(r, b int) { holdMaxRows, holdMaxBytes = r, b }(holdMaxRows, holdMaxBytes)
		holdMaxRows, holdMaxBytes = 3, 1024
		o := DateOrder(order % 3)
		rd, _, err := Open("f.csv", strings.NewReader("Date,Method,Path,Count\n"+rows), Options{Format: FormatCSV, Location: time.UTC, MaxLine: 4096, DateOrder: o})
		if err != nil {
			return
		}
		last := 0
		for i := 0; i < 100000; i++ {
			r, err := rd.Next()
			if errors.Is(err, errEOF) {
				return
			}
			if err != nil {
				var pe *ParseError
				if !errors.As(err, &pe) || pe.File != "f.csv" {
					t.Fatalf("error %v is not located in f.csv", err)
				}
				continue
			}
			if r.Pos.Line < last {
				t.Fatalf("record of line %d after one of line %d", r.Pos.Line, last)
			}
			last = r.Pos.Line
		}
		t.Fatal("reader does not end")
	})
}

// slashTable is a table of n rows whose dates read either way, then one
// that says day first when decide is set.
func slashTable(n int, decide bool) []byte {
	var b strings.Builder
	b.WriteString("Request ID,Date,Method,Path,Status\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "req_%08d,%02d/%02d/2026 10:%02d,GET,/v1/customers/cus_%d,200\n", i, i%12+1, i/12%12+1, i%60, i)
	}
	if decide {
		b.WriteString("req_last,25/03/2026 10:00,GET,/v1/balance,200\n")
	}
	return []byte(b.String())
}

// BenchmarkReadCSVDates: slashed dates read in a given order, and the
// same rows held back until the last one decides (the cost of waiting:
// the rows' cells kept, then read again).
func BenchmarkReadCSVDates(b *testing.B) {
	data := slashTable(20000, true)
	b.Run("given", func(b *testing.B) { benchReader(b, data, Options{Location: time.UTC, DateOrder: DateOrderDMY}) })
	b.Run("held", func(b *testing.B) { benchReader(b, data, Options{Location: time.UTC}) })
}

// TestTableDateOrderHeldStaysBounded: however long a table's dates keep
// the order open, what is held never passes the bounds.
func TestTableDateOrderHeldStaysBounded(t *testing.T) {
	defer func(rows, bytes int) { holdMaxRows, holdMaxBytes = rows, bytes }(holdMaxRows, holdMaxBytes)
	holdMaxRows, holdMaxBytes = 50, 8<<10
	data := slashTable(1000, true)
	rd, _, err := Open("t.csv", strings.NewReader(string(data)), Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	c := rd.(cleanReader).Reader.(*csvReader)
	records, problems, most := 0, 0, 0
	for {
		_, err := rd.Next()
		if errors.Is(err, errEOF) {
			break
		}
		if err != nil {
			problems++
		} else {
			records++
		}
		if c.dates == nil {
			continue
		}
		held := len(c.dates.queue) - c.dates.head
		most = max(most, held)
		if held > holdMaxRows || c.dates.bytes > holdMaxBytes {
			t.Fatalf("%d rows, %d bytes held; bounds %d, %d", held, c.dates.bytes, holdMaxRows, holdMaxBytes)
		}
	}
	if most == 0 || records != 1 || problems != 1 {
		t.Errorf("most held %d, %d records, %d problems; want some held, the deciding row read, one problem", most, records, problems)
	}
}

// TestTableDateOrderGivenHoldsNothing: with the order given, no row waits.
func TestTableDateOrderGivenHoldsNothing(t *testing.T) {
	rd, _, err := Open("t.csv", strings.NewReader(string(slashTable(200, false))), Options{Location: time.UTC, DateOrder: DateOrderMDY})
	if err != nil {
		t.Fatal(err)
	}
	c := rd.(cleanReader).Reader.(*csvReader)
	n := 0
	for {
		_, err := rd.Next()
		if errors.Is(err, errEOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		if c.dates.holding() || c.dates.lost > 0 {
			t.Fatalf("row %d: rows held with --date-order mdy", n)
		}
	}
	if n != 200 {
		t.Errorf("%d records, want 200", n)
	}
}
