package logparse

import (
	"strings"
	"testing"
	"time"
)

// TestTailJSONSpinnerRedraw: `script -q out stripe logs tail --format JSON`
// captures the spinner's carriage-return redraws (stderr) on the line above
// the first event, and again after a reconnect. What was on screen is the
// last redraw, which is chatter: no problem is reported.
func TestTailJSONSpinnerRedraw(t *testing.T) {
	input := "{\"created_at\":1772619302,\"livemode\":false,\"method\":\"GET\",\"request_id\":\"req_1\",\"status\":200,\"url\":\"/v1/balance\",\"error\":null}\r\n" +
		"\r\x1b[K⣾ Session expired, reconnecting...\r\x1b[K⣽ Session expired, reconnecting...\r\x1b[K> Ready! You're now waiting to receive API request logs (^C to quit)\r\n" +
		"{\"created_at\":1772619303,\"livemode\":false,\"method\":\"GET\",\"request_id\":\"req_2\",\"status\":200,\"url\":\"/v1/balance\",\"error\":null}\r\n"
	rd, f, err := Open("t.json", strings.NewReader(input), Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	if f != FormatTailJSON {
		t.Fatalf("format %q", f)
	}
	reqs, errs := readAll(t, rd)
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	if len(errs) > 0 {
		t.Errorf("the spinner's redraws read as a problem: %v", errs[0])
	}
}
