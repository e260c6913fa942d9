package logparse

import (
	"strings"
	"testing"
	"time"
)

// TestTailTextFramed: a tail captured by a CI runner or a container runtime
// has the runner's UTC timestamp in front of every line (GitHub Actions'
// downloaded job log, `docker logs -t`, `kubectl logs --timestamps`). Before
// ciPrefixLen, sniffing read such a file as an SDK log and kept only its
// 403 messages, without their requests.
func TestTailTextFramed(t *testing.T) {
	tests := []struct {
		name  string
		input string
		want  []string
	}{
		{
			name: "GitHub Actions job log: step header, tail, later step",
			input: "2026-03-04T10:14:58.0211533Z ##[group]Run stripe logs tail\n" +
				"2026-03-04T10:14:58.0212071Z stripe logs tail\n" +
				"2026-03-04T10:14:58.0401223Z shell: /usr/bin/bash -e {0}\n" +
				"2026-03-04T10:14:58.0401547Z env:\n" +
				"2026-03-04T10:14:58.0401789Z   STRIPE_API_KEY: ***\n" +
				"2026-03-04T10:14:58.0401801Z   STRIPE_DEVICE_NAME: ci\n" +
				"2026-03-04T10:14:58.0402011Z ##[endgroup]\n" +
				"2026-03-04T10:15:01.1183344Z Getting ready...\n" +
				"2026-03-04T10:15:01.1183399Z \n" +
				"2026-03-04T10:15:02.6612345Z 2026-03-04 10:15:02 [200] POST /v1/customers [req_1]\n" +
				"2026-03-04T10:15:04.1100456Z 2026-03-04 10:15:04 [403] POST /v1/refunds [req_2]\n" +
				"2026-03-04T10:15:04.1101003Z Type: invalid_request_error\n" +
				"2026-03-04T10:15:04.1101441Z Message: The provided key 'rk_test_***CANARY' does not have the required permissions for this endpoint. Having the 'rak_charge_write' permission would allow this request to continue.\n" +
				"2026-03-04T10:15:04.1101500Z \n" +
				"2026-03-04T10:15:05.2209876Z ##[group]Run actions/upload-artifact@v4\n" +
				"2026-03-04T10:15:05.2209999Z with:\n" +
				"2026-03-04T10:15:05.2210123Z   name: stripe-tail\n" +
				"2026-03-04T10:15:05.2210245Z ##[endgroup]\n" +
				"2026-03-04T10:15:06.0000001Z With the provided path, there will be 1 file uploaded\n" +
				"2026-03-04T10:15:07.0000001Z Post job cleanup.\n",
			want: []string{
				`POST "/v1/customers" status=200 id="req_1" time="2026-03-04T10:15:02Z"`,
				`POST "/v1/refunds" status=403 id="req_2" time="2026-03-04T10:15:04Z" error={type="invalid_request_error" code="" param="" message="The provided key 'rk_test_***CANARY' does not have the required permissions for this endpoint. Having the 'rak_charge_write' permission would allow this request to continue."} DENIAL`,
			},
		},
		{
			name: "docker logs -t: nine digits, CRLF",
			input: "2026-03-04T10:15:01.118334400Z Getting ready...\r\n" +
				"2026-03-04T10:15:01.552901200Z Ready! You're now waiting to receive API request logs (^C to quit)\r\n" +
				"2026-03-04T10:15:02.661234500Z 2026-03-04 10:15:02 [200] GET /v1/balance [req_1]\r\n",
			want: []string{`GET "/v1/balance" status=200 id="req_1" time="2026-03-04T10:15:02Z"`},
		},
		{
			name: "a pod's CRI log file",
			input: "2026-03-04T10:15:01.118334400Z stderr F Getting ready...\n" +
				"2026-03-04T10:15:02.661234500Z stdout F 2026-03-04 10:15:02 [403] GET /v1/balance [req_1]\n" +
				"2026-03-04T10:15:02.661299900Z stdout F Message: Permission denied. The provided key does not have the required permissions for this endpoint. Enabling \"Balance Read\" ('balance_read') permissions on this key would allow this request to continue.\n",
			want: []string{`GET "/v1/balance" status=403 id="req_1" time="2026-03-04T10:15:02Z" error={type="" code="" param="" message="Permission denied. The provided key does not have the required permissions for this endpoint. Enabling \"Balance Read\" ('balance_read') permissions on this key would allow this request to continue."} DENIAL`},
		},
		{
			name: "kubectl logs --timestamps: zeros dropped, and an offset",
			input: "2026-03-04T10:15:02.5Z 2026-03-04 10:15:02 [200] GET /v1/balance [req_1]\n" +
				"2026-03-04T10:15:03Z 2026-03-04 10:15:03 [404] GET /v1/customers/cus_x [req_2]\n" +
				"2026-03-04T10:15:03Z Type: invalid_request_error\n" +
				"2026-03-04T11:15:04+01:00 2026-03-04 10:15:04 [200] GET /v1/balance [req_3]\n",
			want: []string{
				`GET "/v1/balance" status=200 id="req_1" time="2026-03-04T10:15:02Z"`,
				`GET "/v1/customers/cus_x" status=404 id="req_2" time="2026-03-04T10:15:03Z" error={type="invalid_request_error" code="" param="" message=""}`,
				`GET "/v1/balance" status=200 id="req_3" time="2026-03-04T10:15:04Z"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkShape(t, "t.log", tt.input, Options{Location: time.UTC}, FormatTailText, tt.want)
		})
	}
}

// TestTailTextFramedMalformed: a framed line that starts like a request and
// is not one is still reported; a framed line of another program is not.
func TestTailTextFramedMalformed(t *testing.T) {
	in := "2026-03-04T10:15:02.1Z 2026-03-04 10:15:02 [200] GET /v1/balance [req_1]\n" +
		"2026-03-04T10:15:03.1Z npm WARN deprecated inflight@1.0.6\n" +
		"2026-03-04T10:15:04.1Z 2026-03-04 10:15:04 [2x0] GET /v1/balance [req_2]\n"
	rd, _, err := Open("ci.log", strings.NewReader(in), Options{Location: time.UTC})
	if err != nil {
		t.Fatal(err)
	}
	reqs, errs := readAll(t, rd)
	if len(reqs) != 1 || reqs[0].RequestID != "req_1" {
		t.Errorf("requests %v, want req_1 only", reqs)
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "ci.log:3:1") {
		t.Errorf("errors %v, want one at ci.log:3:1", errs)
	}
}

func TestCIPrefixLen(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"2026-03-04T10:15:02.1234567Z x", 29},
		{"2026-03-04T10:15:02.123456789Z x", 31},
		{"2026-03-04T10:15:02Z x", 21},
		{"2026-03-04T10:15:02+01:00 x", 26},
		{"2026-03-04T10:15:02.1234567890Z x", 0}, // more than nanoseconds
		{"2026-03-04T10:15:02.Z x", 0},
		{"2026-03-04T10:15:02.123Zx", 0},
		{"2026-03-04T10:15:02Z", 20}, // an empty line, trimmed
		{"2026-03-04T10:15:02.5+01:00", 27},
		{"2026-03-04T10:15:02", 0},
		{"2026-03-04T10:15:02+01:0 x", 0},
		{"2026-03-04 10:15:02 [200] GET /v1/balance [req_1]", 0},
		{"2026-03-04T10:15:02.123 INFO x", 0},
		{"2026-03-04T10:15:02.123456789Z stdout F 2026-03-04", 40},
		{"2026-03-04T10:15:02.123456789Z stdout X y", 31},
		{"2026-03-04T10:15:02.123456Z 00O 2026-03-04", 32},
		{"2026-03-04T10:15:02.123456Z 01E+ x", 33},
		{"2026-03-04T10:15:02.123456Z 00O+", 32},
		{"2026-03-04T10:15:02.123456Z 00X x", 28},
		{"", 0},
	} {
		if got := ciPrefixLen([]byte(tc.in)); got != tc.want {
			t.Errorf("ciPrefixLen(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// TestTailTextCLIDebugLog: `stripe logs tail --log-level debug > f 2>&1`
// puts the CLI's own logrus entries between the tail's lines, more of them
// before the first request than a preamble may have. Before
// isStripeCLILogLine such a file was sniffed as an SDK log and kept only its
// 403 message.
func TestTailTextCLIDebugLog(t *testing.T) {
	in := `time="Wed, 04 Mar 2026 10:15:00 UTC" level=debug msg="Using profiles file" path=/home/jenny/.config/stripe prefix=config.Config.GetProfilesFolder
time="Wed, 04 Mar 2026 10:15:00 UTC" level=debug msg="Using profiles file" path=/home/jenny/.config/stripe/config.toml prefix=config.Config.InitConfig
Getting ready...
time="Wed, 04 Mar 2026 10:15:01 UTC" level=debug msg="Attempting to connect to Stripe" prefix=websocket.Client.Run
time="Wed, 04 Mar 2026 10:15:01 UTC" level=debug msg="Dialing websocket" prefix=websocket.Client.connect url="wss://stripe-cli.stripe.com/subscribe/acct_1?websocket_feature=request_logs"
time="Wed, 04 Mar 2026 10:15:01 UTC" level=debug msg="Connected!" prefix=websocket.Client.connect
time="Wed, 04 Mar 2026 10:15:02 UTC" level=debug msg="Setting read deadline: 2026-03-04 10:15:12" prefix=websocket.Client.readPump
time="Wed, 04 Mar 2026 10:15:02 UTC" level=debug msg="Incoming message" message="{\"type\":\"request_log_event\"}" prefix=websocket.Client.readPump
2026-03-04 10:15:04 [403] POST /v1/refunds [req_1]
Message: Permission denied.
time="Wed, 04 Mar 2026 10:15:05 UTC" level=debug msg="Bye!" prefix=logtailing.Tailer.Run
[Wed, 04 Mar 2026 10:15:06 UTC] DEBUG websocket.Client.Run: Attempting to connect to Stripe
2026-03-04 10:15:07 [200] GET /v1/balance [req_2]
`
	checkShape(t, "t.log", in, Options{Location: time.UTC}, FormatTailText, []string{
		`POST "/v1/refunds" status=403 id="req_1" time="2026-03-04T10:15:04Z" error={type="" code="" param="" message="Permission denied."} DENIAL`,
		`GET "/v1/balance" status=200 id="req_2" time="2026-03-04T10:15:07Z"`,
	})
}

// TestTailJSONFramed: `stripe logs tail --format JSON` in a GitHub Actions
// job log or `docker logs -t`. Before, sniffing read it as an SDK log, which
// kept only the 403's message.
func TestTailJSONFramed(t *testing.T) {
	in := "2026-03-04T10:14:58.0211533Z ##[group]Run stripe logs tail --format JSON &\n" +
		"2026-03-04T10:14:58.0402011Z ##[endgroup]\n" +
		"2026-03-04T10:15:01.1183344Z Getting ready...\n" +
		`2026-03-04T10:15:02.6612345Z {"livemode":false,"method":"POST","url":"/v1/customers","status":200,"request_id":"req_1","created_at":1772619302,"error":null}` + "\n" +
		"2026-03-04T10:15:03.0000001Z  ✓ test/integration/customers.test.ts (2 tests) 1412ms\n" +
		`2026-03-04T10:15:04.110045600Z {"livemode":false,"method":"POST","url":"/v1/refunds","status":403,"request_id":"req_2","created_at":1772619304,"error":{"type":"invalid_request_error","message":"Permission denied."}}` + "\n"
	checkShape(t, "t.log", in, Options{Location: time.UTC}, FormatTailJSON, []string{
		`POST "/v1/customers" status=200 id="req_1" time="2026-03-04T10:15:02Z" livemode=false`,
		`POST "/v1/refunds" status=403 id="req_2" time="2026-03-04T10:15:04Z" livemode=false error={type="invalid_request_error" code="" param="" message="Permission denied."} DENIAL`,
	})
}

func TestSyslogPrefixLen(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"Mar 04 10:15:02 billing-1 stripe[2187]: 2026-03-04", 40},
		{"Mar  4 10:15:02 web-1 billing[2231]: [INFO] x", 37},
		{"Mar 04 10:15:02.123456 billing-1 stripe[2187]: x", 47},
		{"Mar 04 10:15:02 billing-1 stripe: x", 34},
		{"Mar 04 10:15:02 billing-1 stripe[2187]:", 39}, // an empty line, trimmed
		{"Mar 04 10:15:02 billing-1 stripe[]: x", 0},
		{"Mar 04 10:15:02 billing-1 stripe [2187] x", 0},
		{"2026-03-04 10:15:02 [200] GET /v1/balance [req_1]", 0},
		{"Message: Mar 04 10:15:02 a b: c", 0},
	} {
		if got := syslogPrefixLen([]byte(tc.in)); got != tc.want {
			t.Errorf("syslogPrefixLen(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

// TestTailTextJournal: a tail run as a systemd service, read back with
// journalctl. Before, it was sniffed as an SDK log and only the 403's
// message was kept.
func TestTailTextJournal(t *testing.T) {
	in := "Mar 04 10:15:00 billing-1 systemd[1]: Started stripe-tail.service - Stripe request log tail.\n" +
		"Mar 04 10:15:01 billing-1 stripe[2187]: Getting ready...\n" +
		"Mar 04 10:15:02 billing-1 stripe[2187]: 2026-03-04 10:15:02 [403] POST /v1/refunds [req_1]\n" +
		"Mar 04 10:15:02 billing-1 stripe[2187]: Message: Permission denied.\n" +
		"Mar 04 10:15:03 billing-1 stripe[2187]: 2026-03-04 10:15:03 [200] GET /v1/balance [req_2]\n" +
		"Mar 04 10:20:00 billing-1 systemd[1]: Stopping stripe-tail.service - Stripe request log tail...\n"
	checkShape(t, "t.log", in, Options{Location: time.UTC}, FormatTailText, []string{
		`POST "/v1/refunds" status=403 id="req_1" time="2026-03-04T10:15:02Z" error={type="" code="" param="" message="Permission denied."} DENIAL`,
		`GET "/v1/balance" status=200 id="req_2" time="2026-03-04T10:15:03Z"`,
	})
}

// TestJoinedFilesWithBOMs: files written by Windows PowerShell with
// -Encoding utf8 each start with a byte order mark; joined with cat or
// copy /b, the second mark is mid-file. Before, its line was malformed.
func TestJoinedFilesWithBOMs(t *testing.T) {
	t.Run("tail-text", func(t *testing.T) {
		in := "\ufeffGetting ready...\r\n2026-03-04 10:15:02 [200] GET /v1/balance [req_1]\r\n" +
			"\ufeffGetting ready...\r\n\ufeff2026-03-05 10:15:02 [200] GET /v1/balance [req_2]\r\n"
		checkShape(t, "t.log", in, Options{Location: time.UTC}, FormatTailText, []string{
			`GET "/v1/balance" status=200 id="req_1" time="2026-03-04T10:15:02Z"`,
			`GET "/v1/balance" status=200 id="req_2" time="2026-03-05T10:15:02Z"`,
		})
	})
	t.Run("tail-json", func(t *testing.T) {
		in := "\ufeff" + `{"livemode":false,"method":"GET","url":"/v1/balance","status":200,"request_id":"req_1","created_at":1772619302,"error":null}` + "\r\n" +
			"\ufeff" + `{"livemode":false,"method":"GET","url":"/v1/balance","status":200,"request_id":"req_2","created_at":1772619303,"error":null}` + "\r\n"
		checkShape(t, "t.jsonl", in, Options{Location: time.UTC}, FormatTailJSON, []string{
			`GET "/v1/balance" status=200 id="req_1" time="2026-03-04T10:15:02Z" livemode=false`,
			`GET "/v1/balance" status=200 id="req_2" time="2026-03-04T10:15:03Z" livemode=false`,
		})
	})
}
