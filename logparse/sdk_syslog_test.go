package logparse

import (
	"strings"
	"testing"
	"time"
)

// TestSDKSyslogYear: a syslog line's date has no year; it is taken from the
// file's last fully dated line, else the scan's clock, and never lands more
// than a day in the future. Before, such lines had no time at all.
func TestSDKSyslogYear(t *testing.T) {
	const req = " web-1 billing[2231]: [INFO] Requesting POST api.stripe.com/v1/customers\n"
	at := func(y int, mo time.Month, d, h, mi, s int) time.Time {
		return time.Date(y, mo, d, h, mi, s, 0, time.UTC)
	}
	for _, tc := range []struct {
		name, in string
		now      time.Time
		want     string
	}{
		{"the clock's year", "Mar  4 10:15:02" + req, at(2026, 11, 29, 12, 0, 0), "2026-03-04T10:15:02Z"},
		{"journalctl's zero and microseconds", "Mar 04 10:15:02.123456" + req, at(2026, 11, 29, 12, 0, 0), "2026-03-04T10:15:02.123456Z"},
		{"December read in January is last year's", "Dec 31 23:59:58" + req, at(2027, 1, 2, 9, 0, 0), "2026-12-31T23:59:58Z"},
		{"today is not the future", "Nov 29 18:00:00" + req, at(2026, 11, 29, 12, 0, 0), "2026-11-29T18:00:00Z"},
		{"the year of a dated line above", "2024-03-01 08:00:00 INFO app started\nMar  4 10:15:02" + req, at(2026, 11, 29, 12, 0, 0), "2024-03-04T10:15:02Z"},
		{"a day of disorder", "2024-03-04 10:15:30 INFO app started\nMar  4 10:15:02" + req, at(2026, 11, 29, 12, 0, 0), "2024-03-04T10:15:02Z"},
		{"past New Year after a dated line", "2024-12-31 23:59:00 INFO app started\nJan  1 00:00:05" + req, at(2026, 11, 29, 12, 0, 0), "2025-01-01T00:00:05Z"},
		{"no such day", "Feb 29 10:15:02" + req, at(2026, 11, 29, 12, 0, 0), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			now := tc.now
			rd, _, err := Open("syslog", strings.NewReader(tc.in), Options{Format: FormatSDK, Location: time.UTC, Now: func() time.Time { return now }})
			if err != nil {
				t.Fatal(err)
			}
			onlyRecordTime(t, rd, tc.want)
		})
	}
}
