package logparse

import (
	"strings"
	"testing"
	"time"
)

// TestCSVShapes pins tables as people really save them: spreadsheet re-saves,
// Dashboard copies, warehouse exports.
func TestCSVShapes(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	tests := []struct {
		name  string
		input string
		loc   *time.Location
		want  []string // render() without the position
	}{
		{
			name:  "a (UTC) unit beats --tz",
			input: "method,path,Created (UTC)\nGET,/v1/balance,2026-03-04 10:15:02\n",
			loc:   berlin,
			want:  []string{`GET "/v1/balance" time="2026-03-04T10:15:02Z"`},
		},
		{
			name:  "no unit: --tz applies",
			input: "method,path,created\nGET,/v1/balance,2026-03-04 10:15:02\n",
			loc:   berlin,
			want:  []string{`GET "/v1/balance" time="2026-03-04T09:15:02Z"`},
		},
		{
			name:  "[GMT] unit",
			input: "method,path,Date [GMT]\nGET,/v1/balance,2026-03-04 10:15:02\n",
			loc:   berlin,
			want:  []string{`GET "/v1/balance" time="2026-03-04T10:15:02Z"`},
		},
		{
			name:  "blank rows exported as commas are skipped",
			input: "method,path,status\n,,\nGET,/v1/balance,200\n , ,\n",
			want:  []string{`GET "/v1/balance" status=200`},
		},
		{
			name:  "Endpoint cell with the method, no method column",
			input: "Status,Endpoint,Date\n200 OK,POST /v1/customers,2026-03-04 10:15:02\n403 Forbidden,GET https://api.stripe.com/v1/balance,2026-03-04 10:15:03\n",
			want: []string{
				`POST "/v1/customers" status=200 time="2026-03-04T10:15:02Z"`,
				`GET "/v1/balance" host="api.stripe.com" status=403 time="2026-03-04T10:15:03Z" DENIAL`,
			},
		},
		{
			name:  "a row ID next to the Request ID",
			input: "Request ID,ID,Method,Path\nreq_1,17,GET,/v1/balance\n",
			want:  []string{`GET "/v1/balance" id="req_1"`},
		},
		{
			name:  "a row ID before the Request ID",
			input: "ID,Request ID,Method,Path\n17,req_1,GET,/v1/balance\n",
			want:  []string{`GET "/v1/balance" id="req_1"`},
		},
		{
			name:  "sep= hint and semicolons",
			input: "sep=;\r\nMethod;URL;Status\r\nPOST;/v1/customers;200\r\n",
			want:  []string{`POST "/v1/customers" status=200`},
		},
		{
			name:  "Dashboard date with AM/PM",
			input: "Request\tDate\nGET /v1/balance\tMar 4, 2026, 1:05:00 PM\n",
			want:  []string{`GET "/v1/balance" time="2026-03-04T13:05:00Z"`},
		},
		{
			name:  "dotted day-first date",
			input: "method;path;created\nGET;/v1/balance;04.03.2026 10:15\n",
			want:  []string{`GET "/v1/balance" time="2026-03-04T10:15:00Z"`},
		},
		{
			name:  "BigQuery timestamp with fraction and UTC",
			input: "method,url,created\nGET,https://api.stripe.com/v1/balance,2026-03-04 10:15:02.250 UTC\n",
			want:  []string{`GET "/v1/balance" host="api.stripe.com" time="2026-03-04T10:15:02.25Z"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := tt.loc
			if loc == nil {
				loc = time.UTC
			}
			checkShape(t, "t.csv", tt.input, Options{Location: loc}, FormatCSV, tt.want)
		})
	}
}

// TestCSVAmbiguousDate: a slashed date could be day- or month-first, so the
// row is reported with the cell and a way out, not guessed.
func TestCSVAmbiguousDate(t *testing.T) {
	rd, _, err := Open("t.csv", strings.NewReader("method,path,date\nGET,/v1/balance,03/04/2026 10:15\n"), Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	_, errs := readAll(t, rd)
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "t.csv:2:") || !strings.Contains(errs[0].Error(), "day/month or month/day") {
		t.Fatalf("errors %v, want one at t.csv:2 suggesting RFC 3339", errs)
	}
}

func TestHeaderZone(t *testing.T) {
	tests := []struct {
		header string
		utc    bool
	}{
		{"Created (UTC)", true}, {"Date [GMT]", true}, {"created", false}, {"Amount (USD)", false}, {"Time (Z)", true},
	}
	for _, tt := range tests {
		if got := headerZone(tt.header) == time.UTC; got != tt.utc {
			t.Errorf("headerZone(%q) UTC = %v, want %v", tt.header, got, tt.utc)
		}
	}
}

func TestLikelyZoned(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"2026-03-04T10:15:02Z", true}, {"2026-03-04 10:15:02 UTC", true}, {"2026-03-04T10:15:02+01:00", true},
		{"2026-03-04 10:15:02 -0700", true}, {"2026-03-04 10:15:02", false}, {"2026-03-04", false},
		{"Mar 4, 2026, 1:05:00 PM", false}, {"04.03.2026 10:15", false}, {"", false},
	}
	for _, tt := range tests {
		if got := likelyZoned(tt.in); got != tt.want {
			t.Errorf("likelyZoned(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestParseTimeEitherOrder: the guess only orders the attempts; a time
// parses whichever family it is tried in first.
func TestParseTimeEitherOrder(t *testing.T) {
	for _, s := range []string{"2026-03-04 10:15:02 MST", "2026-03-04 10:15:02.5 UTC", "2026-03-04 10:15:02", "Mar 4, 2026, 10:15:02 AM", "2026-03-04T10:15:02-01:00"} {
		if _, err := parseTime(s, time.UTC); err != nil {
			t.Errorf("parseTime(%q): %v", s, err)
		}
	}
}
