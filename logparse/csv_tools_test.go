package logparse

import (
	"testing"
	"time"
)

// TestCSVFromBITools: tables of requests as BI tools and spreadsheets
// export them. Before, Looker's labels hid every column (the file was read
// as an SDK log and gave nothing), Metabase's formatted times made every row
// malformed, a sheet's total row and a header repeated by `cat a.csv b.csv`
// each cost a malformed-record warning.
func TestCSVFromBITools(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{
			name: "Looker: every column labelled with its view",
			input: "Stripe Requests Created Time,Stripe Requests Method,Stripe Requests Path,Stripe Requests Status,Stripe Requests Request ID\n" +
				"2026-03-04 10:15:02,POST,/v1/customers,200,req_1\n",
			want: []string{`POST "/v1/customers" status=200 id="req_1" time="2026-03-04T10:15:02Z"`},
		},
		{
			name: "Metabase: formatted export",
			input: "Created At,Method,URL,Status Code,Request ID\n" +
				"\"March 4, 2026, 10:15 AM\",POST,/v1/customers,200,req_1\n" +
				"\"March 4, 2026, 1:05:09 PM\",GET,/v1/balance,403,req_2\n",
			want: []string{
				`POST "/v1/customers" status=200 id="req_1" time="2026-03-04T10:15:00Z"`,
				`GET "/v1/balance" status=403 id="req_2" time="2026-03-04T13:05:09Z" DENIAL`,
			},
		},
		{
			name: "a total row and blank rows between blocks",
			input: "created,method,path,status,request_id\n" +
				"2026-03-04 10:15:02,POST,/v1/customers,200,req_1\n" +
				",,,,\n" +
				"2026-03-04 10:16:02,POST,/v1/refunds,403,req_2\n" +
				"Grand Total:,,,2,\n",
			want: []string{
				`POST "/v1/customers" status=200 id="req_1" time="2026-03-04T10:15:02Z"`,
				`POST "/v1/refunds" status=403 id="req_2" time="2026-03-04T10:16:02Z" DENIAL`,
			},
		},
		{
			name: "two exports joined with cat",
			input: "\ufeffcreated,method,path,status,request_id\n" +
				"2026-03-04 10:15:02,POST,/v1/customers,200,req_1\n" +
				"\ufeffcreated,method,path,status,request_id\n" +
				"2026-03-05 10:15:02,GET,/v1/balance,200,req_2\n",
			want: []string{
				`POST "/v1/customers" status=200 id="req_1" time="2026-03-04T10:15:02Z"`,
				`GET "/v1/balance" status=200 id="req_2" time="2026-03-05T10:15:02Z"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkShape(t, "t.csv", tt.input, Options{Location: time.UTC}, FormatCSV, tt.want)
		})
	}
}

// TestCSVTotalRowWithARequest: a row labelled Total that names a method
// and path is still read; one that names neither is passed over, whatever
// its other cells hold.
func TestCSVTotalRowWithARequest(t *testing.T) {
	in := "note,method,path,status\nTotal,GET,/v1/balance,200\nTotal,,,x\n"
	checkShape(t, "t.csv", in, Options{Location: time.UTC}, FormatCSV, []string{`GET "/v1/balance" status=200`})
}

func TestWithoutSharedLabel(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want []string
	}{
		{[]string{"Stripe Requests Method", "Stripe Requests Path"}, []string{"Method", "Path"}},
		{[]string{"API Log Method", "API Log Request ID", "Api Log Status"}, []string{"Method", "Request ID", "Status"}},
		{[]string{"Method", "Path"}, nil},
		{[]string{"Request Method", "Request"}, nil}, // a cell would be left empty
		{[]string{"only"}, nil},
	} {
		got := withoutSharedLabel(tc.in)
		if len(got) != len(tc.want) {
			t.Errorf("withoutSharedLabel(%q) = %q, want %q", tc.in, got, tc.want)
			continue
		}
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("withoutSharedLabel(%q) = %q, want %q", tc.in, got, tc.want)
			}
		}
	}
}
