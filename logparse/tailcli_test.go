package logparse

import "testing"

// TestStripeCLILogLineWithoutPackage: the CLI's own log lines that name no
// package (stripe-cli pkg/logtailing/tailer.go, pkg/config/config.go) are
// chatter of a tail, redirected (logfmt) or on a terminal (the prefixed
// formatter's layout); an application's logrus lines are not.
func TestStripeCLILogLineWithoutPackage(t *testing.T) {
	for _, tc := range []struct {
		line string
		cli  bool
	}{
		{`time="Wed, 04 Mar 2026 10:15:01 UTC" level=debug msg="Filtering out /v1/stripecli/sessions from logs"`, true},
		{`time="Wed, 04 Mar 2026 10:15:03 UTC" level=debug msg="WebSocket specified for request logs received non-request-logs event"`, true},
		{`time="Wed, 04 Mar 2026 10:15:04 UTC" level=debug msg="Received malformed payload: unexpected end of JSON input"`, true},
		{`time="Wed, 04 Mar 2026 10:15:04 UTC" level=fatal msg="Error while authenticating with Stripe: Post \"https://api.stripe.com/v1/stripecli/sessions\": EOF"`, true},
		{`time="Wed, 04 Mar 2026 10:15:05 UTC" level=fatal msg=Aborting`, true},
		{`time="Wed, 04 Mar 2026 10:15:00 UTC" level=warning msg="/home/jenny/.config/stripe/config.toml: config_version is set to v3, which is not a version number"`, true},
		{`[Wed, 04 Mar 2026 10:15:01 UTC] DEBUG Filtering out /v1/stripecli/sessions from logs`, true},
		{`[Wed, 04 Mar 2026 10:15:05 UTC] FATAL Aborting`, true},
		{`[Wed, 04 Mar 2026 10:15:01 UTC] DEBUG websocket.Client.connect: Connected!`, true},
		// An application's own lines.
		{`time="Wed, 04 Mar 2026 10:15:05 UTC" level=info msg=Aborting`, false},
		{`[Wed, 04 Mar 2026 10:15:05 UTC]  INFO Aborting`, false},
		{`time="2026-03-04T10:15:02Z" level=info msg="Requesting POST api.stripe.com/v1/refunds"`, false},
		{`time="2026-03-04T10:15:02Z" level=warning msg="/srv/app/config.toml: bad value"`, false},
		{`[Wed, 04 Mar 2026 10:15:01 UTC] DEBUG Requesting POST api.stripe.com/v1/refunds`, false},
	} {
		if got := isStripeCLILogLine([]byte(tc.line)); got != tc.cli {
			t.Errorf("isStripeCLILogLine(%s) = %v, want %v", tc.line, got, tc.cli)
		}
	}
}
