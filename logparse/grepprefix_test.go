package logparse

import "testing"

// TestGrepPrefixLen: grep's and Select-String's prefixes come off a tail's
// own lines, and a tail's own lines (or an app's) keep every byte.
func TestGrepPrefixLen(t *testing.T) {
	const req = "2026-03-04 10:15:04 [403] POST /v1/refunds [req_CdE345fgh678]"
	for _, tt := range []struct {
		line string
		want int
	}{
		{"logs/tail.log:" + req, len("logs/tail.log:")},                          // grep -H, grep over several files
		{"logs/tail.log:5:" + req, len("logs/tail.log:5:")},                      // grep -Hn
		{"5:" + req, len("5:")},                                                  // grep -n
		{"logs/tail-0304.log-19-" + req, len("logs/tail-0304.log-19-")},          // grep -n -A context line
		{"logs/tail.log-6-Type: invalid_request_error", len("logs/tail.log-6-")}, // its failed request's detail
		{"logs/tail.log:7:Message: The provided key 'rk_test_x' does not have the required permissions", len("logs/tail.log:7:")},
		{`logs\tail.log:3:` + req, len(`logs\tail.log:3:`)},                 // Select-String, relative path
		{`C:\Users\dev\tail.log:3:` + req, len(`C:\Users\dev\tail.log:3:`)}, // Select-String, full path
		{"a.log:Getting ready...", len("a.log:")},                           // the CLI's chatter
		// Select-String's full path under a user's home, with spaces.
		{`C:\Users\Jane Doe\Stripe logs\tail.log:3:` + req, len(`C:\Users\Jane Doe\Stripe logs\tail.log:3:`)},
		{`C:\Users\Jane Doe\tail.log:7:Message: The provided key 'rk_test_x'`, len(`C:\Users\Jane Doe\tail.log:7:`)},
		{"Stripe logs/tail.log:12:" + req, len("Stripe logs/tail.log:12:")}, // grep -n over a folder with a space
		{"a.log:12:", len("a.log:12:")}, // an empty line, numbered
		// Not a grep prefix: the tail's own lines, and other logs' lines.
		{req, 0},
		{"Message: The provided key 'rk_test_x' does not have the required permissions", 0},
		{"Type: invalid_request_error", 0},
		{"Code: card_declined", 0},
		{"app.log:2026-03-04 10:15:02 INFO billing started", 0}, // a time, but no request
		{"ERROR:root:Request failed: POST /v1/refunds", 0},
		{"Error: connect ECONNREFUSED 127.0.0.1:443", 0},
		{"--", 0},
		{"Error: listen tcp 127.0.0.1:4242:" + req, 0},                                // a label before the ":N:"
		{"Request failed at 10:15:02 2026-03-04 10:15:02 [200] GET /v1/x [req_1]", 0}, // not numbered
		{"C:\\Users\\Jane Doe\\tail.log:" + req, 0},                                   // a spaced path without its number
	} {
		if got := grepPrefixLen([]byte(tt.line)); got != tt.want {
			t.Errorf("grepPrefixLen(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
}

// TestTSPrefixLen: the time moreutils' ts puts in front comes off a tail's
// own lines only.
func TestTSPrefixLen(t *testing.T) {
	for _, tt := range []struct {
		line string
		want int
	}{
		{"Mar 04 10:15:02 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 16},
		{"Mar  4 10:15:02 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 16},
		{"Mar 04 10:15:02.123456 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 23}, // ts '%b %d %H:%M:%.S'
		{"Mar 04 10:15:04 Message: The provided key 'rk_test_x' does not have the required permissions", 16},
		{"Mar 04 10:15:01 Getting ready...", 16},
		{"Mar 04 10:15:01", 15},                                                                     // an empty line
		{"Mar 04 10:15:02 billing-1 stripe[2187]: 2026-03-04 10:15:02 [200] POST /v1/a [req_1]", 0}, // syslog's, not ts's
		{"Mar 04 10:15:02 INFO charge created", 0},
		{"2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 0},
		// ts -i and -s ("%H:%M:%S"), and the formats people pass to ts.
		{"00:00:01 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 9},
		{"00:00:00.000412 Message: The provided key 'rk_test_x' does not have the required permissions", 16},
		{"2026-03-04T10:15:02.123456 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 27}, // '%Y-%m-%dT%H:%M:%.S'
		{"2026-03-04T10:15:02+0100 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 25},   // '%FT%T%z'
		{"2026-03-04 10:15:02 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 20},        // '%Y-%m-%d %H:%M:%S'
		{"[2026-03-04 10:15:02] 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 22},      // '[%Y-%m-%d %H:%M:%S]'
		{"[10:15:02] Type: invalid_request_error", 11},
		{"1772619302 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 11},        // '%s'
		{"1772619302.512345 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 18}, // '%.s'
		// Not ts's: the same times before other logs' lines.
		{"2026-03-04 10:15:02 [INFO] charge created", 0},
		{"2026-03-04T10:15:02 INFO stripe: POST /v1/customers", 0},
		{"10:15:02 ERROR boom", 0},
		{"[10:15:02 Type: x", 0},
		{"17726193020 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]", 0}, // too many digits
	} {
		if got := tsPrefixLen([]byte(tt.line)); got != tt.want {
			t.Errorf("tsPrefixLen(%q) = %d, want %d", tt.line, got, tt.want)
		}
	}
	// Read as syslog's, this frame would take "Decline" for a host and
	// "Code" for a program, and the line would be lost.
	if got := framePrefixLen([]byte("Mar 04 10:15:07 Decline Code: insufficient_funds")); got != 16 {
		t.Errorf("framePrefixLen of a ts'd Decline Code line = %d, want 16", got)
	}
}
