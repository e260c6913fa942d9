package logparse

import (
	"strings"
	"testing"
	"time"
)

// framedLines puts frame in front of every line of text, and ends each with
// eol: what a CI runner, container runtime or journal does to a program's
// output.
func framedLines(frame, text, eol string) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		b.WriteString(frame + l + eol)
	}
	return b.String()
}

// prettyTail is `stripe logs tail --format JSON` on a terminal: each event
// pretty-printed over several lines (tidwall/pretty's layout).
const prettyTail = `Getting ready...
{
  "livemode": false,
  "method": "POST",
  "url": "/v1/customers",
  "status": 200,
  "request_id": "req_1",
  "created_at": 1772619302,
  "error": null
}
{
  "livemode": false,
  "method": "POST",
  "url": "/v1/refunds",
  "status": 403,
  "request_id": "req_2",
  "created_at": 1772619304,
  "error": {
    "type": "invalid_request_error",
    "message": "Permission denied."
  }
}
`

// TestTailJSONFramedPretty: the pretty-printed tail of a TTY, inside a
// CI or container frame. Before, sniffing read it as an SDK log, which kept
// only the 403's message.
func TestTailJSONFramedPretty(t *testing.T) {
	want := []string{
		`POST "/v1/customers" status=200 id="req_1" time="2026-03-04T10:15:02Z" livemode=false`,
		`POST "/v1/refunds" status=403 id="req_2" time="2026-03-04T10:15:04Z" livemode=false error={type="invalid_request_error" code="" param="" message="Permission denied."} DENIAL`,
	}
	for _, tc := range []struct{ name, frame, eol string }{
		{"github actions", "2026-03-04T10:15:02.1234567Z ", "\n"},
		{"docker logs -t of a -t container", "2026-03-04T10:15:02.661234500Z ", "\r\n"},
		{"kubectl logs --timestamps", "2026-03-04T10:15:02.66Z ", "\n"},
		{"CRI log file", "2026-03-04T10:15:02.661234500+00:00 stdout F ", "\n"},
		{"gitlab FF_TIMESTAMPS", "2026-03-04T10:15:02.661234Z 00O ", "\n"},
		{"journalctl", "Mar 04 10:15:02 ci-1 stripe[2187]: ", "\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkShape(t, "t.log", framedLines(tc.frame, prettyTail, tc.eol), Options{Location: time.UTC}, FormatTailJSON, want)
		})
	}
}

// TestFramedPrettyAppLogStaysSDK: an application's own pretty-printed JSON
// log in a container is not a tail; its 403 is still read.
func TestFramedPrettyAppLogStaysSDK(t *testing.T) {
	app := `{
  "level": "error",
  "msg": "The provided key 'rk_test_*********************************9xQ2' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_charge_write' permission would allow this request to continue."
}
`
	_, f, err := Open("t.log", strings.NewReader(framedLines("2026-03-04T10:15:02.661234500Z ", app, "\n")), Options{})
	if err != nil || f != FormatSDK {
		t.Fatalf("format %q, %v; want sdk", f, err)
	}
}
