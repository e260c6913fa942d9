package logparse

import (
	"strings"
	"testing"
	"time"
)

// Column names that mean a request field only beside the marker columns of
// the export they come from.
func TestUnseenExportColumns(t *testing.T) {
	cases := []struct {
		header string
		want   []field
		ok     bool
	}{
		{ // Application Insights, classic "dependencies"
			"timestamp [UTC],id,target,type,name,success,resultCode,duration,data",
			[]field{fTime, fNone, fHost, fNone, fRequestLine, fNone, fStatus, fNone, fPath}, true,
		},
		{ // workspace-based AppDependencies
			"TimeGenerated [UTC],Target,DependencyType,Name,Success,ResultCode,DurationMs,Data",
			[]field{fTime, fHost, fNone, fRequestLine, fNone, fStatus, fNone, fPath}, true,
		},
		{ // "name" and "data" alone are anything
			"name,data,created",
			[]field{fNone, fNone, fTime}, false,
		},
	}
	for _, c := range cases {
		got, ok := headerFields(strings.Split(c.header, ","))
		if ok != c.ok || len(got) != len(c.want) {
			t.Errorf("%s: ok=%v %v, want ok=%v %v", c.header, ok, got, c.ok, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("%s: column %d is field %d, want %d", c.header, i, got[i], c.want[i])
			}
		}
	}
}

func TestUnseenPortalTimes(t *testing.T) {
	cases := []struct{ in, want string }{
		{"3/4/2026, 10:15:02.123 AM", "2026-03-04T10:15:02.123Z"},
		{"3/4/2026, 1:15:04 PM", "2026-03-04T13:15:04Z"},
		{"12/31/2026, 11:59:59.999 PM", "2026-12-31T23:59:59.999Z"},
	}
	for _, c := range cases {
		got, err := parseTime(c.in, time.UTC)
		if err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if s := got.Format(time.RFC3339Nano); s != c.want {
			t.Errorf("%s: got %s, want %s", c.in, s, c.want)
		}
	}
	// Without a 12-hour clock a slashed date is still ambiguous.
	for _, in := range []string{"04/03/2026, 10:15:02", "04/03/2026 10:15:02", "3/4/2026, 10:15:02 am"} {
		if _, err := parseTime(in, time.UTC); err == nil {
			t.Errorf("%s: parsed, want an error", in)
		}
	}
}

// A row to another host is left out before its cells are read: a database
// call's Name is no request line and is not worth a warning.
func TestUnseenForeignRowsQuiet(t *testing.T) {
	in := "target,name,data,resultCode\n" +
		"billingdb.database.windows.net | billing,billing,SELECT 1,0\n" +
		"api.stripe.com,GET /v1/balance,https://api.stripe.com/v1/balance,200\n"
	rd, format, err := Open("ai.csv", strings.NewReader(in), Options{Location: time.UTC})
	if err != nil || format != FormatCSV {
		t.Fatalf("Open: %v %s", err, format)
	}
	reqs, errs := readAll(t, rd)
	if len(errs) != 0 || len(reqs) != 1 {
		t.Fatalf("got %d records, problems %v; want 1 and none", len(reqs), errs)
	}
	if got := render(reqs[0]); got != `ai.csv:3:1 GET "/v1/balance" host="api.stripe.com" status=200` {
		t.Errorf("got %s", got)
	}
}
