package logparse

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// TestArrayOfTailEventsReadsAsTheLines: `jq -s -c` of a tail (an array of
// its events, compact) gives the records the tail's lines give, failed
// requests' errors included, each its own.
func TestArrayOfTailEventsReadsAsTheLines(t *testing.T) {
	var lines bytes.Buffer
	lines.Write(benchTailJSON(50))
	for i, perm := range []string{"charge_write", "customer_read"} {
		fmt.Fprintf(&lines, `{"livemode":%t,"method":"POST","url":"/v1/refunds","status":403,"request_id":"req_e%d","created_at":1772619302,"error":{"type":"invalid_request_error","message":"Having the 'rak_%s' permission would allow this request to continue."}}`+"\n", i == 0, i, perm)
	}
	records := strings.Split(strings.TrimSpace(lines.String()), "\n")
	array := "[" + strings.Join(records, ",") + "]\n"
	render := func(rs []Request) string {
		var b strings.Builder
		for _, r := range rs {
			r.Pos = Position{}
			b.WriteString(fmt.Sprintf("%s %q %d %q %s %v", r.Method, r.Path, r.Status, r.RequestID, r.Time, *r.Livemode))
			if r.Error != nil {
				b.WriteString(" " + r.Error.Message)
			}
			b.WriteString("\n")
		}
		return b.String()
	}
	fromLines := readClean(t, "tail.jsonl", lines.String(), Options{})
	fromArray := readClean(t, "tail.json", array, Options{})
	if len(fromArray) != len(records) || render(fromArray) != render(fromLines) {
		t.Fatalf("array:\n%s\nlines:\n%s", render(fromArray), render(fromLines))
	}
}
