package logparse

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestDashboardRequestsLeftOut: a request whose log says a person made it
// in the Dashboard (source DASHBOARD) is left out and counted, through Scan
// and through ScanWorkers' chunks alike (tail-json with the source field,
// a table with a Source column); an input that holds only such requests
// says so instead of "no requests".
func TestDashboardRequestsLeftOut(t *testing.T) {
	var tail bytes.Buffer
	for i := 0; i < 3000; i++ {
		source := "API"
		if i%7 == 3 {
			source = "DASHBOARD"
		}
		fmt.Fprintf(&tail, `{"livemode":false,"method":"GET","url":"/v1/customers/cus_%d","status":200,"request_id":"req_%d","created_at":1772619302,"error":null,"source":"%s"}`+"\n", i, i, source)
	}
	table := "created,method,path,status,source\n2026-03-04 10:15:02,GET,/v1/customers,200,API\n2026-03-04 10:15:03,GET,/v1/customers/search,200,Dashboard\n2026-03-04 10:15:04,POST,/v1/refunds,200, dashboard \n"
	dir := t.TempDir()
	inputs := []Input{
		{Name: "tail.jsonl", Path: writeFile(t, dir, "tail.jsonl", tail.Bytes())},
		{Name: "rows.csv", Path: writeFile(t, dir, "rows.csv", []byte(table))},
	}
	want := map[string][2]int{"tail.jsonl": {3000 - 429, 429}, "rows.csv": {1, 2}} // requests, left out
	check := func(how string, stats []Stats) {
		for _, st := range stats {
			if got := [2]int{st.Requests, st.Dashboard}; got != want[st.Input] {
				t.Errorf("%s %s: %d requests, %d left out; want %v", how, st.Input, st.Requests, st.Dashboard, want[st.Input])
			}
		}
	}
	withChunkSize(t, 4<<10, func() {
		stats, err := Scan(context.Background(), inputs, ScanOptions{}, func(r Request) error {
			if r.Source == "DASHBOARD" {
				t.Errorf("Scan handed on a Dashboard request: %+v", r)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		check("Scan", stats)
		var mu sync.Mutex
		stats, err = ScanWorkers(context.Background(), inputs, ScanOptions{}, func() func(*Request) error {
			return func(r *Request) error {
				if r.Source == "DASHBOARD" {
					mu.Lock()
					t.Errorf("ScanWorkers handed on a Dashboard request: %+v", *r)
					mu.Unlock()
				}
				return nil
			}
		})
		if err != nil {
			t.Fatal(err)
		}
		check("ScanWorkers", stats)
	})

	only := writeFile(t, dir, "only.csv", []byte("created,method,path,status,source\n2026-03-04 10:15:03,GET,/v1/customers/search,200,Dashboard\n"))
	_, err := Scan(context.Background(), []Input{{Name: "only.csv", Path: only}}, ScanOptions{}, func(Request) error { return nil })
	if !errors.Is(err, ErrNoRequests) || !strings.Contains(err.Error(), "made in the Dashboard") {
		t.Errorf("an input of Dashboard requests only: %v", err)
	}
}

// TestStrictHint: under --strict the first malformed record ends the run,
// so its hint does not promise that the records after it are read.
func TestStrictHint(t *testing.T) {
	path := writeFile(t, t.TempDir(), "a.json", []byte("[\n  {\"method\": \"GET\", \"url\": \"/v1/a\"},\n  {\"method\": \"GET\" \"url\": \"/v1/b\"},\n  {\"method\": \"GET\", \"url\": \"/v1/c\"}\n]\n"))
	in := []Input{{Name: "a.json", Path: path}}
	_, err := Scan(context.Background(), in, ScanOptions{Strict: true}, func(Request) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "(--strict stops here; without it: this element is skipped; the elements after it are read)") {
		t.Errorf("strict: %v", err)
	}
	stats, err := Scan(context.Background(), in, ScanOptions{}, func(Request) error { return nil })
	if err != nil || len(stats[0].Problems) != 1 || strings.Contains(stats[0].Problems[0].Error(), "--strict") {
		t.Errorf("without --strict: %v %v", err, stats)
	}
}

// TestForcedSDKOnlyWhereItReads: --input-format sdk is refused on what
// sniffs surely as a HAR, a tail or a table (the SDK reader would take
// their URLs for request lines, a browser's Stripe.js calls among them),
// and allowed on JSON lines, the shape of many application logs.
func TestForcedSDKOnlyWhereItReads(t *testing.T) {
	for _, tc := range []struct {
		fixture string
		refused bool
	}{
		{"har/capture.har", true},
		{"tail-text/plain.log", true},
		{"tail-json/compact.jsonl", true},
		{"csv/dashboard.csv", true},
		{"sdk/go-zap.jsonl", false},
		{"sdk/python.log", false},
	} {
		_, _, err := Open(tc.fixture, bytes.NewReader(fixture(t, tc.fixture)), Options{Format: FormatSDK})
		if refused := errors.Is(err, ErrWrongFormat); refused != tc.refused {
			t.Errorf("%s forced as sdk: %v, want refused %v", tc.fixture, err, tc.refused)
		}
	}
}
