package logparse

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"
)

// Outputs that wrap the array of records in an object, read by the array
// reader (sniffing sends them there: TestSniffLookalikes).
func TestUnseenWrappedArrays(t *testing.T) {
	cases := []struct {
		name, in string
		want     []string
		problem  string
	}{
		{
			name: "aws logs filter-log-events output",
			in: `{
    "events": [
        {
            "logStreamName": "billing/app/5f1e",
            "timestamp": 1772619302123,
            "message": "[INFO] Requesting POST api.stripe.com/v1/customers",
            "ingestionTime": 1772619302500,
            "eventId": "381234567890"
        },
        {
            "logStreamName": "billing/app/5f1e",
            "timestamp": 1772619303123,
            "message": "{\"level\":\"error\",\"method\":\"GET\",\"url\":\"https://api.stripe.com/v1/invoices\",\"status\":403}",
            "ingestionTime": 1772619303500,
            "eventId": "381234567891"
        }
    ],
    "searchedLogStreams": []
}`,
			want: []string{
				`x.json:3:9 POST "/v1/customers" host="api.stripe.com" time="2026-03-04T10:15:02.123Z" source="SDK"`,
				`x.json:10:9 GET "/v1/invoices" host="api.stripe.com" status=403 time="2026-03-04T10:15:03.123Z" source="SDK" DENIAL`,
			},
		},
		{
			name: "splunk REST results",
			in:   `{"preview":false,"init_offset":0,"messages":[],"fields":[{"name":"_raw"},{"name":"_time"}],"results":[{"_raw":"[INFO] Requesting GET api.stripe.com/v1/balance","_time":"2026-03-04T10:15:02.000+00:00"}]}`,
			want: []string{`x.json:1:103 GET "/v1/balance" host="api.stripe.com" time="2026-03-04T10:15:02Z" source="SDK"`},
		},
		{
			name:    "an object without a known array",
			in:      `{"object":"list","data":[{"id":"evt_1"}]}`,
			problem: "x.json:1:1: malformed record: expected a JSON array of request objects",
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rd := newJSONArrayReader("x.json", strings.NewReader(c.in), Options{Location: time.UTC})
			reqs, errs := readAll(t, rd)
			var got []string
			for _, r := range reqs {
				got = append(got, render(r))
			}
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Errorf("records:\n got %q\nwant %q", got, c.want)
			}
			switch {
			case c.problem == "" && len(errs) > 0:
				t.Errorf("problems: %v", errs)
			case c.problem != "" && (len(errs) != 1 || !strings.Contains(errs[0].Error(), c.problem)):
				t.Errorf("problems %v, want one with %q", errs, c.problem)
			}
		})
	}
}

// FuzzUnseenJSONArray drives the array reader directly, wrapper objects
// and log events included, whatever sniffing would make of the input.
func FuzzUnseenJSONArray(f *testing.F) {
	addFixtureSeeds(f, "valid/json")
	f.Add([]byte(`{"events":[{"message":"[INFO] Requesting GET api.stripe.com/v1/balance","timestamp":1772619302123},{"x":1}],"searchedLogStreams":[]}`))
	f.Add([]byte(`{"fields":[],"results":[{"_raw":"a\nb"},{"method":"GET","url":"https://api.stripe.com/v1/x"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd := cleanReader{newJSONArrayReader("fuzz", strings.NewReader(string(data)), Options{Location: time.UTC, MaxLine: 4096})}
		drainReader(t, rd, len(data))
	})
}

// BenchmarkUnseenJSONEvents reads an array of CloudWatch events whose
// messages are stripe-go's log lines, through the SDK reader.
func BenchmarkUnseenJSONEvents(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("[")
	for i := 0; i < 20000; i++ {
		if i > 0 {
			sb.WriteString(",\n")
		}
		ts := 1772619302000 + int64(i)
		switch i % 4 {
		case 0:
			fmt.Fprintf(&sb, `{"logStreamName":"app/1","timestamp":%d,"message":"[INFO] Requesting POST api.stripe.com/v1/customers/cus_%06d","ingestionTime":%d,"eventId":"%d"}`, ts, i, ts, i)
		case 1:
			fmt.Fprintf(&sb, `{"logStreamName":"app/1","timestamp":%d,"message":"[INFO] Request completed in 98.7ms (retry: 0)","ingestionTime":%d,"eventId":"%d"}`, ts, ts, i)
		default:
			fmt.Fprintf(&sb, `{"logStreamName":"app/1","timestamp":%d,"message":"GET /healthz 200 0.4ms","ingestionTime":%d,"eventId":"%d"}`, ts, ts, i)
		}
	}
	sb.WriteString("]")
	in := sb.String()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		rd := newJSONArrayReader("bench.json", strings.NewReader(in), Options{Location: time.UTC})
		n := 0
		for {
			_, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
		if n != 5000 {
			b.Fatalf("%d records, want 5000", n)
		}
	}
}
