package logparse

import (
	"strings"
	"testing"
	"time"
)

// TestTailTextShapes pins shapes of `stripe logs tail` output found in the
// Stripe CLI's source (pkg/cmd/logs/tail.go, pkg/ansi/ansi.go): the spinner's
// carriage-return redraws in a terminal capture, the Connect filter warning,
// error lines named after RedactedError's Go fields, and events without a url.
func TestTailTextShapes(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string // render() of each record, without the position
	}{
		{
			name: "spinner redraws mid-session are chatter",
			input: "2026-03-04 10:15:02 [200] GET /v1/balance [req_1]\n" +
				"\r\x1b[K⣾ Session expired, reconnecting...\r\x1b[K⣽ Session expired, reconnecting...\r\x1b[K> Ready! You're now waiting to receive API request logs (^C to quit)\r\n" +
				"2026-03-04 10:15:03 [200] GET /v1/balance [req_2]\n^C\n",
			want: []string{
				`GET "/v1/balance" status=200 id="req_1" time="2026-03-04T10:15:02Z"`,
				`GET "/v1/balance" status=200 id="req_2" time="2026-03-04T10:15:03Z"`,
			},
		},
		{
			name:  "^C echoed in front of the last line",
			input: "2026-03-04 10:15:02 [200] GET /v1/balance [req_1]\n^C2026-03-04 10:15:03 [200] GET /v1/balance [req_2]\n",
			want: []string{
				`GET "/v1/balance" status=200 id="req_1" time="2026-03-04T10:15:02Z"`,
				`GET "/v1/balance" status=200 id="req_2" time="2026-03-04T10:15:03Z"`,
			},
		},
		{
			name: "warning line after a request",
			input: "2026-03-04 10:15:02 [200] GET /v1/balance [req_1]\n" +
				"Warning you specified the 'account' filter for Connect accounts but are not a Connect user, so the filter will not be applied.\n",
			want: []string{`GET "/v1/balance" status=200 id="req_1" time="2026-03-04T10:15:02Z"`},
		},
		{
			name: "DeclineCode and Charge lines belong to the request",
			input: "2026-03-04 10:15:02 [402] POST /v1/payment_intents/pi_1/confirm [req_1]\n" +
				"Type: card_error\nCharge: ch_1\nCode: card_declined\nDeclineCode: generic_decline\nMessage: Your card was declined.\n",
			want: []string{`POST "/v1/payment_intents/pi_1/confirm" status=402 id="req_1" time="2026-03-04T10:15:02Z" error={type="card_error" code="card_declined" param="" message="Your card was declined."}`},
		},
		{
			name: "the dashboard link says test or live",
			input: "\x1b[2m2026-03-04 10:15:02\x1b[0m [\x1b[1;32m200\x1b[0m] GET /v1/balance [\x1b]8;;https://dashboard.stripe.com/test/logs/req_1\x1b\\req_1\x1b]8;;\x1b\\]\n" +
				"\x1b[2m2026-03-04 10:15:03\x1b[0m [\x1b[1;33m403\x1b[0m] GET /v1/balance [\x1b]8;;https://dashboard.stripe.com/logs/req_2\x1b\\req_2\x1b]8;;\x1b\\]\n" +
				"\x1b[2m2026-03-04 10:15:04\x1b[0m [\x1b[1;32m200\x1b[0m] GET /v1/balance [\x1b]8;;https://dashboard.stripe.com/test/logs/req_3\x1b\\req_3\x1b]8;;\x1b\\]\n",
			want: []string{
				`GET "/v1/balance" status=200 id="req_1" time="2026-03-04T10:15:02Z" livemode=false`,
				`GET "/v1/balance" status=403 id="req_2" time="2026-03-04T10:15:03Z" livemode=true DENIAL`,
				`GET "/v1/balance" status=200 id="req_3" time="2026-03-04T10:15:04Z" livemode=false`,
			},
		},
		{
			name:  "no url: kept, path unknown",
			input: "2026-03-04 10:15:02 [200] POST [View path in dashboard] [req_1]\n",
			want:  []string{`POST "" status=200 id="req_1" time="2026-03-04T10:15:02Z"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkShape(t, "t.log", tt.input, Options{Location: time.UTC}, FormatTailText, tt.want)
		})
	}
}

// TestTailTextNoMethodNoPath: an event with neither method nor url is
// reported with its place, not passed on as a request that reads like a
// bare 403 message.
func TestTailTextNoMethodNoPath(t *testing.T) {
	in := "2026-03-04 10:15:02 [200]  [View path in dashboard] [req_1]\n2026-03-04 10:15:03 [200] GET /v1/balance [req_2]\n"
	rd, _, err := Open("t.log", strings.NewReader(in), Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	reqs, errs := readAll(t, rd)
	if len(reqs) != 1 || reqs[0].RequestID != "req_2" {
		t.Errorf("requests %v, want req_2 only", reqs)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "t.log:1:1") || !strings.Contains(errs[0].Error(), "req_1") {
		t.Errorf("errors %v, want one at t.log:1:1 naming req_1", errs)
	}
}

func TestLastRedraw(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a\rb\rc", "c"},
		{"line\r", "line"},
		{"\r> Ready!\r", "> Ready!"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := string(lastRedraw([]byte(tt.in))); got != tt.want {
			t.Errorf("lastRedraw(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestTerminalFraming: what a terminal capture puts around a tail is
// chatter, and nothing the CLI prints as a request or error is.
func TestTerminalFraming(t *testing.T) {
	for _, tc := range []struct {
		text    string
		chatter bool
	}{
		{"jenny@billing:~$ exit", true},
		{"jenny@mbp ~ % exit", true},
		{"root@3f2a9c1b7e21:/app# stripe logs tail", true},
		{`PS C:\Users\jenny> Stop-Transcript`, true},
		{"%", true},
		{"Script started on 2026-03-04 10:15:00+00:00 [TERM=\"xterm\"]", true},
		{"Script done on Wed Mar  4 10:20:00 2026", true},
		{"**********************", true},
		{"PSVersion: 7.4.1", true},
		{"stripe : Getting ready...", true},
		{"At line:1 char:1", true},
		{"+ stripe logs tail *> C:\\Users\\jenny\\tail.log", true},
		{"+ CategoryInfo          : NotSpecified: (Getting ready...:String) [], RemoteException", true},
		{"##[group]Run stripe logs tail", true},
		{"stripe: command not found", false},
		{`time="Wed, 04 Mar 2026 10:15:01 UTC" level=debug msg="Attempting to connect to Stripe" prefix=websocket.Client.Run`, true},
		{`time="Wed, 04 Mar 2026 10:15:05 UTC" level=error msg="If you run into issues, please re-run with --log-level debug" prefix=stripecli.ADDITIONAL_INFO`, true},
		{"[Wed, 04 Mar 2026 10:15:01 UTC] DEBUG websocket.Client.connect: Connected!", true},
		{"[Wed, 04 Mar 2026 10:15:01 UTC]  INFO logtailing.Tailer.Run: Bye!", true},
		{`time="2026-03-04T10:15:02Z" level=info msg="Requesting POST api.stripe.com/v1/customers"`, false}, // an app's logrus: an SDK log
		{`time="2026-03-04T10:15:02Z" level=info msg="charged" prefix=billing.Charge`, false},
		{"[Wed, 04 Mar 2026 10:15:01 UTC] DEBUG billing.Run: x", false},
		{"section_start:1772619298:step_script\r", true},
		{"Running with gitlab-runner 17.9.1 (782c6ecb)", true},
		{"$ stripe logs tail > tail.log 2>&1 &", true},
		{"Job succeeded", true},
		{"jenny@example.com asked for a refund", false},
		{"a@b", false},
		{"PS: the key was rotated", false},
		{"2026-03-04 10:15:02 [200] GET /v1/customers [req_1]", false},
		{"Message: Permission denied", false},
		{"***", false},
	} {
		if got := isTailChatter([]byte(tc.text)); got != tc.chatter {
			t.Errorf("%q: chatter %v, want %v", tc.text, got, tc.chatter)
		}
	}
}
