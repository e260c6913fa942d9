package logparse

import (
	"strings"
	"testing"
	"time"
)

// TestSDKExceptionTakesEntryTime: a 403 message on a line without a time,
// under the timestamped line that logged the exception, takes that line's
// time (the entry it belongs to). Before, such denials had no time at all.
func TestSDKExceptionTakesEntryTime(t *testing.T) {
	const denial = "com.stripe.exception.PermissionException: The provided key 'rk_test_***9xQ2' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_charge_write' permission would allow this request to continue.; code: more_permissions_required; request-id: req_Jx0000000001"
	frames := strings.Repeat("\tat com.example.billing.Refunds.refund(Refunds.java:42)\n", 20)
	for _, tc := range []struct {
		name, in, want string
	}{
		{"the line under it", "2026-03-04 10:15:03.104 ERROR 1 --- [exec-3] c.e.Refunds : refund failed\n" + denial + "\n", "2026-03-04T10:15:03.104Z"},
		{"a bracketed time", "[2026-03-04 10:15:03] production.ERROR: refund failed\n" + denial + "\n", "2026-03-04T10:15:03Z"},
		{"the end of a long trace", "2026-03-04 10:15:03,211 ERROR billing: refund failed\nTraceback (most recent call last):\n" + frames + denial + "\n", "2026-03-04T10:15:03.211Z"},
		{"its own time wins", "2026-03-04 10:15:03.104 ERROR refund failed\n2026-03-04 10:15:09.000 " + denial + "\n", "2026-03-04T10:15:09Z"},
		{"no line with a time", "fail: Billing.Refunds[0]\n      " + denial + "\n", ""},
		{"too far below", "2026-03-04 10:15:03.104 ERROR refund failed\n" + strings.Repeat(frames, 4) + denial + "\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, _, err := Open("app.log", strings.NewReader(tc.in), Options{Format: FormatSDK, Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			if r := onlyRecordTime(t, rd, tc.want); !r.IsDenial() {
				t.Errorf("%+v is no denial", r)
			}
		})
	}
}

// onlyRecordTime reads rd, which must hold one record and no problem, and
// checks that record's time (RFC 3339 in UTC, "" for none) against want.
func onlyRecordTime(t *testing.T, rd Reader, want string) Request {
	t.Helper()
	reqs, errs := readAll(t, rd)
	if len(errs) > 0 || len(reqs) != 1 {
		t.Fatalf("records %v, problems %v; want one", reqs, errs)
	}
	got := ""
	if !reqs[0].Time.IsZero() {
		got = reqs[0].Time.UTC().Format(time.RFC3339Nano)
	}
	if got != want {
		t.Errorf("time %q, want %q", got, want)
	}
	return reqs[0]
}
