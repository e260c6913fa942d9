package logparse

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// TestHeaderlessRequest: what each kind of cell means, and the rows that
// are no request.
func TestHeaderlessRequest(t *testing.T) {
	for _, tc := range []struct {
		row   string
		want  string // render of the request, "" for an error
		count int
	}{
		{`"GET","/v1/customers/cus_1",200,"req_1",1772619302`, `GET "/v1/customers/cus_1" status=200 id="req_1" time="2026-03-04T10:15:02Z"`, 1},
		{"1772619302\tPOST\t/v1/refunds\t403", `POST "/v1/refunds" status=403 time="2026-03-04T10:15:02Z" DENIAL`, 1},
		{"GET /v1/prices 200", `GET "/v1/prices" status=200`, 1},
		{"   12 POST /v1/refunds", `POST "/v1/refunds"`, 12},
		{"12;POST;/v1/refunds;2026-03-04T10:15:02Z", `POST "/v1/refunds" time="2026-03-04T10:15:02Z"`, 12},
		{`"DELETE","https://api.stripe.com/v1/customers/cus_1?x=1"`, `DELETE "/v1/customers/cus_1" host="api.stripe.com" query="x=1"`, 1},
		{"/v1/prices GET", `GET "/v1/prices"`, 1},                                                  // cells are read by what they hold
		{"200 GET /v1/prices", `GET "/v1/prices"`, 200},                                            // a number before the method is a count
		{"GET /v1/prices?expand[]=a,b 200", `GET "/v1/prices" query="expand[]=a,b" status=200`, 1}, // a comma, no CSV row
		// awk '{print $3, $4, $5, $6}' of a tail, and that through sort | uniq -c.
		{"[403] POST /v1/refunds [req_CdE345fgh678]", `POST "/v1/refunds" status=403 id="req_CdE345fgh678" DENIAL`, 1},
		{"      2 [200] GET /v1/customers/cus_1", `GET "/v1/customers/cus_1" status=200`, 2},
		{"[200] GET [View", "", 0},      // the tail's "[View path in dashboard]", cut
		{"[600] GET /v1/prices", "", 0}, // no status
		{"GET /v1/prices 2000", "", 0},  // not a status, time or id
		{"GET /v1/prices OK", "", 0},
		{"GET POST /v1/prices", "", 0},
		{"GET /api/v1/prices", "", 0}, // someone else's API
		{"get /v1/prices", "", 0},
		{"0 GET /v1/prices", "", 0},
		{"99999999 GET /v1/prices", "", 0},
		{"INFO GET /v1/prices", "", 0},
		{"Requesting POST api.stripe.com/v1/customers", "", 0},
	} {
		r, count, err := readHeaderlessRow(tc.row, time.UTC)
		got := ""
		if err == nil {
			got = strings.TrimPrefix(render(r), ":0:0 ")
			got = strings.TrimPrefix(got, " ")
		}
		if got != tc.want || count != tc.count {
			t.Errorf("%q:\n got %s ×%d (%v)\nwant %s ×%d", tc.row, got, count, err, tc.want, tc.count)
		}
	}
}

// FuzzHeaderless: any first line either is no such row or reads as one,
// and the reader never panics on what follows.
func FuzzHeaderless(f *testing.F) {
	for _, s := range []string{"GET /v1/prices 200\n   3 POST /v1/refunds\n", "\"GET\",\"/v1/x\",200\n", "1772619302\tGET\t/v1/x\n", "x"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		rd := newHeaderlessReader(newLineReader("f", b, nil, 1<<20), Options{Location: time.UTC})
		for range 1000 {
			r, err := rd.Next()
			if err != nil {
				if errors.Is(err, errEOF) {
					return
				}
				continue
			}
			if r.Method == "" || r.Path == "" && r.Host == "" {
				t.Fatalf("%q: a request without method or path: %+v", b, r)
			}
		}
	})
}

// TestHeaderlessRowCountLimit: the real bound on a row's count, which
// TestMain lowers for the other tests.
func TestHeaderlessRowCountLimit(t *testing.T) {
	defer func(n int) { maxRowCount = n }(maxRowCount)
	maxRowCount = 10_000_000
	for row, ok := range map[string]bool{"10000000 GET /v1/prices": true, "10000001 GET /v1/prices": false} {
		if _, count, err := readHeaderlessRow(row, time.UTC); (err == nil) != ok || ok && count != 10_000_000 {
			t.Errorf("%q: count %d, err %v", row, count, err)
		}
	}
}
