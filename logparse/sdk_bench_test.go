package logparse

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// sdkAppLog builds an application log of n lines in which, as in real
// services, most lines are the application's own (some with its own /v1/
// routes and statuses) and one in 25 is a stripe-python request or response
// line; one request in 20 is refused with a permission message.
func sdkAppLog(n int) []byte {
	var b bytes.Buffer
	for i := 0; i < n; i++ {
		ts := time.Date(2026, 3, 4, 10, 0, 0, 0, time.UTC).Add(time.Duration(i) * 37 * time.Millisecond).Format("2006-01-02 15:04:05.000")
		switch {
		case i%50 == 10:
			fmt.Fprintf(&b, "%s INFO stripe: message='Request to Stripe api' method=get url=https://api.stripe.com/v1/customers/cus_%010d\n", ts, i)
		case i%50 == 11 && i%1000 == 11:
			fmt.Fprintf(&b, "%s INFO stripe: message='Stripe API response' path=https://api.stripe.com/v1/customers/cus_%010d response_code=403\n", ts, i-1)
			fmt.Fprintf(&b, "%s INFO stripe: error_code=more_permissions_required error_message=\"The provided key 'rk_test_****abc123' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_customer_read' permission would allow this request to continue.\" error_param=None error_type=invalid_request_error message='Stripe v1 API error received'\n", ts)
			i++
		case i%50 == 11:
			fmt.Fprintf(&b, "%s INFO stripe: message='Stripe API response' path=https://api.stripe.com/v1/customers/cus_%010d response_code=200\n", ts, i-1)
		case i%7 == 0:
			fmt.Fprintf(&b, "%s INFO app.http: GET /v1/orders/%d status=200 duration_ms=%d user_id=%d\n", ts, i, i%300, i%977)
		case i%7 == 1:
			fmt.Fprintf(&b, "%s DEBUG app.db: SELECT id, total, currency FROM orders WHERE account_id = %d LIMIT 50 (%d rows, %dms)\n", ts, i%977, i%50, i%20)
		case i%7 == 2:
			fmt.Fprintf(&b, "%s INFO app.jobs: job=send_receipt id=%d queue=default attempts=1 state=done\n", ts, i)
		case i%7 == 3:
			fmt.Fprintf(&b, "%s WARN app.cache: miss key=session:%x ttl=3600\n", ts, i*7919)
		default:
			fmt.Fprintf(&b, "%s INFO app.http: POST /api/checkout/%d 201 in %dms (Views: 0.0ms | ActiveRecord: 3.1ms)\n", ts, i, i%90)
		}
	}
	return b.Bytes()
}

// BenchmarkReadSDKAppLog reads an application log that is mostly not
// Stripe: the literal prefilters decide almost every line.
func BenchmarkReadSDKAppLog(b *testing.B) {
	benchReader(b, sdkAppLog(50000), Options{Format: FormatSDK, Location: time.UTC})
}

// BenchmarkReadSDKEveryShape reads every SDK sample (Go, Python, Ruby, Node,
// PHP, Java, .NET, application 403s) again and again: every line is a
// Stripe line, in every shape the reader knows.
func BenchmarkReadSDKEveryShape(b *testing.B) {
	files, err := filepath.Glob(filepath.Join(fixtureDir, "valid", "sdk", "*"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no SDK samples: %v", err)
	}
	var one bytes.Buffer
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		one.Write(data)
		if !bytes.HasSuffix(data, []byte("\n")) {
			one.WriteByte('\n')
		}
	}
	benchReader(b, bytes.Repeat(one.Bytes(), 200), Options{Format: FormatSDK, Location: time.UTC})
}
