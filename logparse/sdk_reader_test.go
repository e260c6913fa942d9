package logparse

import (
	"bufio"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// sdkRecords reads text as an SDK log and renders each record as the golden
// files do, without the position's file name.
func sdkRecords(t *testing.T, text string) []string {
	t.Helper()
	rd, _, err := Open("t.log", strings.NewReader(text), Options{Format: FormatSDK, Location: time.UTC})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	reqs, errs := readAll(t, rd)
	for _, e := range errs {
		t.Errorf("problem: %v", e)
	}
	out := make([]string, len(reqs))
	for i, r := range reqs {
		out[i] = strings.TrimPrefix(render(r), "t.log:")
	}
	return out
}

func TestSDKReaderBehaviour(t *testing.T) {
	const denial = "The provided key 'rk_test_***abc123' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_customer_read' permission would allow this request to continue."
	tests := []struct {
		name string
		log  string
		want []string
	}{{
		name: "python responses come back in another order than their requests",
		log: `message='Request to Stripe api' method=get url=https://api.stripe.com/v1/customers/cus_A
message='Request to Stripe api' method=get url=https://api.stripe.com/v1/customers/cus_B
message='Stripe API response' path=https://api.stripe.com/v1/customers/cus_B response_code=403
error_code=more_permissions_required error_message="` + denial + `" error_param=None error_type=invalid_request_error message='Stripe v1 API error received'
message='Stripe API response' path=https://api.stripe.com/v1/customers/cus_A response_code=200
`,
		want: []string{
			`1:1 GET "/v1/customers/cus_A" host="api.stripe.com" status=200 source="SDK"`,
			`2:1 GET "/v1/customers/cus_B" host="api.stripe.com" status=403 source="SDK" error={type="invalid_request_error" code="more_permissions_required" param="" message="` + denial + `"} DENIAL`,
		},
	}, {
		name: "stripe-python prints to stderr and to its logger: each line twice",
		log: `message='Request to Stripe api' method=get url=https://api.stripe.com/v1/balance
2026-03-04 10:15:02,001 INFO stripe: message='Request to Stripe api' method=get url=https://api.stripe.com/v1/balance
message='Stripe API response' path=https://api.stripe.com/v1/balance response_code=200
2026-03-04 10:15:02,101 INFO stripe: message='Stripe API response' path=https://api.stripe.com/v1/balance response_code=200
message='Request to Stripe api' method=get url=https://api.stripe.com/v1/balance
2026-03-04 10:15:03,001 INFO stripe: message='Request to Stripe api' method=get url=https://api.stripe.com/v1/balance
`,
		want: []string{
			`1:1 GET "/v1/balance" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.001Z" source="SDK"`,
			`5:1 GET "/v1/balance" host="api.stripe.com" time="2026-03-04T10:15:03.001Z" source="SDK"`,
		},
	}, {
		name: "a retried request is one record whose last attempt decides",
		log: `[INFO] Requesting POST api.stripe.com/v1/payment_intents/pi_1/confirm
[ERROR] Request error from Stripe (status 409): {"code":"lock_timeout","status":409,"message":"busy","request_id":"req_111111111","type":"invalid_request_error"}
[WARN] Initiating retry 1 for request POST api.stripe.com/v1/payment_intents/pi_1/confirm after sleeping 500ms
[INFO] Request completed in 402.1ms (retry: 1)
`,
		want: []string{`1:1 POST "/v1/payment_intents/pi_1/confirm" host="api.stripe.com" source="SDK"`},
	}, {
		name: "ruby retry: num_retries=1 repeats the request line",
		log: `message="Request to Stripe API" level=info method=post num_retries=0 path=/v1/payment_intents/pi_1/confirm
message="Response from Stripe API" level=info method=post path=/v1/payment_intents/pi_1/confirm request_id=req_111111111 status=409
message="Request to Stripe API" level=info method=post num_retries=1 path=/v1/payment_intents/pi_1/confirm
message="Response from Stripe API" level=info method=post path=/v1/payment_intents/pi_1/confirm request_id=req_222222222 status=200
`,
		want: []string{`1:1 POST "/v1/payment_intents/pi_1/confirm" status=200 id="req_222222222" source="SDK"`},
	}, {
		name: "ruby: a request that failed on the network",
		log: `message="Request to Stripe API" level=info method=post num_retries=0 path=/v1/payouts
message="Request error" level=error elapsed=30.0012 error_message="Net::ReadTimeout with #<TCPSocket:(closed)>" method=post path=/v1/payouts
`,
		want: []string{`1:1 POST "/v1/payouts" source="SDK"`},
	}, {
		name: "okhttp request and response lines",
		log: `--> POST https://api.stripe.com/v1/customers http/1.1 (41-byte body)
Stripe-Account: acct_1Conn
--> END POST (41-byte body)
<-- 403 https://api.stripe.com/v1/customers (85ms, unknown-length body)
Request-Id: req_333333333
`,
		want: []string{`1:1 POST "/v1/customers" host="api.stripe.com" status=403 id="req_333333333" source="SDK" account="acct_1Conn" DENIAL`},
	}, {
		name: ".NET client handler alone",
		log: `info: System.Net.Http.HttpClient.Stripe.ClientHandler[100]
      Sending HTTP request DELETE https://api.stripe.com/v1/customers/cus_1
info: System.Net.Http.HttpClient.Stripe.ClientHandler[101]
      Received HTTP response headers after 88.1ms - 200
`,
		want: []string{`2:1 DELETE "/v1/customers/cus_1" host="api.stripe.com" status=200 source="SDK"`},
	}, {
		name: ".NET JSON console formatter and Serilog compact JSON",
		log: `{"EventId":100,"LogLevel":"Information","Category":"System.Net.Http.HttpClient.Stripe.ClientHandler","Message":"Sending HTTP request POST https://api.stripe.com/v1/payment_links","State":{"Message":"Sending HTTP request POST https://api.stripe.com/v1/payment_links","HttpMethod":"POST","Uri":"https://api.stripe.com/v1/payment_links","{OriginalFormat}":"Sending HTTP request {HttpMethod} {Uri}"}}
{"EventId":101,"LogLevel":"Information","Category":"System.Net.Http.HttpClient.Stripe.ClientHandler","Message":"Received HTTP response headers after 212.3456ms - 403","State":{"Message":"Received HTTP response headers after 212.3456ms - 403","ElapsedMilliseconds":212.3456,"StatusCode":403,"{OriginalFormat}":"Received HTTP response headers after {ElapsedMilliseconds}ms - {StatusCode}"}}
{"@t":"2026-03-04T10:15:02.1234567Z","@mt":"Start processing HTTP request {HttpMethod} {Uri}","HttpMethod":"GET","Uri":"https://api.stripe.com/v1/prices?*","SourceContext":"System.Net.Http.HttpClient.Stripe.LogicalHandler"}
{"@t":"2026-03-04T10:15:02.2234567Z","@mt":"End processing HTTP request after {ElapsedMilliseconds}ms - {StatusCode}","ElapsedMilliseconds":100.1,"StatusCode":200,"SourceContext":"System.Net.Http.HttpClient.Stripe.LogicalHandler"}
`,
		want: []string{
			`1:1 POST "/v1/payment_links" host="api.stripe.com" status=403 source="SDK" DENIAL`,
			`3:1 GET "/v1/prices" host="api.stripe.com" status=200 time="2026-03-04T10:15:02.1234567Z" source="SDK"`,
		},
	}, {
		name: "stripe-go through zap and slog",
		log: `{"level":"info","ts":1772619302.25,"caller":"billing/stripe.go:41","msg":"Requesting GET api.stripe.com/v1/balance_transactions"}
time=2026-03-04T10:15:03.000Z level=INFO msg="Requesting POST api.stripe.com/v1/transfers"
time=2026-03-04T10:15:03.100Z level=ERROR msg="Request error from Stripe (status 403): {\"code\":\"more_permissions_required\",\"status\":403,\"message\":\"` + denial + `\",\"request_id\":\"req_777777777\",\"type\":\"invalid_request_error\"}"
`,
		want: []string{
			`1:1 GET "/v1/balance_transactions" host="api.stripe.com" time="2026-03-04T10:15:02.25Z" source="SDK"`,
			`2:1 POST "/v1/transfers" host="api.stripe.com" status=403 id="req_777777777" time="2026-03-04T10:15:03Z" source="SDK" error={type="invalid_request_error" code="more_permissions_required" param="" message="` + denial + `"} DENIAL`,
		},
	}, {
		name: "stripe-go's default logger shows only errors: a 403 on its own",
		log: `[ERROR] Request error from Stripe (status 402): {"code":"card_declined","status":402,"message":"Your card was declined.","request_id":"req_888888888","type":"card_error"}
[ERROR] Request error from Stripe (status 403): {"code":"more_permissions_required","status":403,"message":"` + denial + `","request_id":"req_999999999","type":"invalid_request_error"}
`,
		want: []string{`2:1  "" status=403 id="req_999999999" error={type="invalid_request_error" code="more_permissions_required" param="" message="` + denial + `"} DENIAL`},
	}, {
		name: "the application's own status lines do not complete a Stripe request",
		log: `[INFO] Requesting POST api.stripe.com/v1/refunds
2026-03-04 INFO app.http: POST /v1/orders/42/refund status=200 duration_ms=12
[ERROR] Request error from Stripe (status 403): {"code":"more_permissions_required","status":403,"message":"` + denial + `","request_id":"req_999999999","type":"invalid_request_error"}
`,
		want: []string{`1:1 POST "/v1/refunds" host="api.stripe.com" status=403 id="req_999999999" source="SDK" error={type="invalid_request_error" code="more_permissions_required" param="" message="` + denial + `"} DENIAL`},
	}, {
		name: "Docker's json-file log of a stripe-python service",
		log: `{"log":"message='Request to Stripe api' method=post url=https://api.stripe.com/v1/customers\n","stream":"stderr","time":"2026-03-04T10:15:02.123456789Z"}
{"log":"message='Stripe API response' path=https://api.stripe.com/v1/customers response_code=403\n","stream":"stderr","time":"2026-03-04T10:15:02.323456789Z"}
{"log":"error_code=more_permissions_required error_message=\"` + denial + `\" error_param=None error_type=invalid_request_error message='Stripe v1 API error received'\n","stream":"stderr","time":"2026-03-04T10:15:02.323556789Z"}
`,
		want: []string{`1:1 POST "/v1/customers" host="api.stripe.com" status=403 time="2026-03-04T10:15:02.123456789Z" source="SDK" error={type="invalid_request_error" code="more_permissions_required" param="" message="` + denial + `"} DENIAL`},
	}, {
		name: "one 403 logged twice is one denial; the repeat adds its request id",
		log:  "2026-03-04 10:15:02 worker: " + denial + "\n2026-03-04 10:15:02 worker: charge failed (request req_444444444): " + denial + "\n",
		want: []string{`1:1  "" status=403 id="req_444444444" time="2026-03-04T10:15:02Z" error={type="" code="" param="" message="` + denial + `"} DENIAL`},
	}, {
		name: "the same message with another request id is another 403",
		log:  "req_555555555 " + denial + "\nreq_666666666 " + denial + "\n",
		want: []string{
			`1:1  "" status=403 id="req_555555555" error={type="" code="" param="" message="` + denial + `"} DENIAL`,
			`2:1  "" status=403 id="req_666666666" error={type="" code="" param="" message="` + denial + `"} DENIAL`,
		},
	}, {
		name: "the same message a minute later is another 403",
		log:  "2026-03-04 10:15:02 " + denial + "\n2026-03-04 10:16:02 " + denial + "\n",
		want: []string{
			`1:1  "" status=403 time="2026-03-04T10:15:02Z" error={type="" code="" param="" message="` + denial + `"} DENIAL`,
			`2:1  "" status=403 time="2026-03-04T10:16:02Z" error={type="" code="" param="" message="` + denial + `"} DENIAL`,
		},
	}, {
		name: "a permission message after a successful request is not its error",
		log: `message='Request to Stripe api' method=get url=https://api.stripe.com/v1/balance
message='Stripe API response' path=https://api.stripe.com/v1/balance response_code=200
` + denial + "\n",
		want: []string{
			`1:1 GET "/v1/balance" host="api.stripe.com" status=200 source="SDK"`,
			`3:1  "" status=403 error={type="" code="" param="" message="` + denial + `"} DENIAL`,
		},
	}, {
		name: "an application's own /v1/ routes are not Stripe's",
		log: `Started POST "/v1/invoices/sync" for 10.0.0.7
GET /v1/users/42 200 stripe_customer=cus_1
2026-03-04 INFO app.http: GET /api/v1/orders status=200
proxy: GET http://localhost:12111/v1/charges 200
`,
		want: nil,
	}, {
		name: "a bare path is Stripe's when the line says so",
		log: `stripe request: GET /v1/customers/cus_1 -> 200
message="Request to Stripe API" method=get num_retries=0 path=/v1/balance
`,
		want: []string{
			`1:1 GET "/v1/customers/cus_1" source="SDK"`,
			`2:1 GET "/v1/balance" source="SDK"`,
		},
	}, {
		name: "a status line far from any request belongs to none",
		log:  "[INFO] Requesting GET api.stripe.com/v1/balance\n" + strings.Repeat("unrelated line\n", attachWindow+1) + "HTTP status=500\n",
		want: []string{`1:1 GET "/v1/balance" host="api.stripe.com" source="SDK"`},
	}, {
		name: "a late response to a record already emitted is not a new request",
		log: "message=\"Request to Stripe API\" method=get num_retries=0 path=/v1/balance\n" +
			strings.Repeat("message=\"Request to Stripe API\" method=get num_retries=0 path=/v1/events\nmessage=\"Response from Stripe API\" method=get path=/v1/events status=200\n", keyedWindow/2+2) +
			"message=\"Response from Stripe API\" method=get path=/v1/balance status=200\n",
		want: func() []string {
			out := []string{`1:1 GET "/v1/balance" source="SDK"`}
			for i := 0; i < keyedWindow/2+2; i++ {
				out = append(out, itoa(2+2*i)+`:1 GET "/v1/events" status=200 source="SDK"`)
			}
			return out
		}(),
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := sdkRecords(t, tt.log)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("records:\n got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestSDKReaderMemoryFlat: requests that are never answered leave the open
// set as it fills, so memory does not grow with the input.
func TestSDKReaderMemoryFlat(t *testing.T) {
	var b strings.Builder
	const n = 5000
	for i := 0; i < n; i++ {
		b.WriteString("[INFO] Requesting GET api.stripe.com/v1/customers/cus_")
		b.WriteString(itoa(i))
		b.WriteString("\n")
	}
	sr := newSDKReader(newLineReader("t.log", nil, bufio.NewReader(strings.NewReader(b.String())), 0), Options{}, false)
	count := 0
	for {
		_, err := sr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		count++
		if len(sr.open) > maxOpen+1 || len(sr.out)-sr.outHead > maxOpen+1 {
			t.Fatalf("after %d records: %d open, %d waiting", count, len(sr.open), len(sr.out)-sr.outHead)
		}
	}
	if count != n {
		t.Errorf("read %d records, want %d", count, n)
	}
}

// TestSDKSamplesHoldNoKey: a sample logs an Authorization header with a
// canary key; no record read from any sample may carry it.
func TestSDKSamplesHoldNoKey(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "valid", "sdk", "*"))
	sawCanary := false
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		sawCanary = sawCanary || strings.Contains(string(data), "CANARY")
		for _, r := range sdkRecords(t, string(data)) {
			if strings.Contains(r, "CANARY") || strings.Contains(r, "Bearer") {
				t.Errorf("%s: a record carries the key: %s", filepath.Base(path), r)
			}
		}
	}
	if !sawCanary {
		t.Error("no SDK sample holds a canary key: the test proves nothing")
	}
}

// TestSDKSamplesAreOwnFormat: each SDK sample, read with sniffing, is an SDK
// log; fixtures_test.go checks the same for every format, this pins why a
// sample is one (its first line alone must not look like another format).
func TestSDKSamplesAreOwnFormat(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "valid", "sdk", "*"))
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		_, format, err := Open(filepath.Base(path), f, Options{})
		f.Close()
		if err != nil || format != FormatSDK {
			t.Errorf("%s: detected %q (%v), want sdk", filepath.Base(path), format, err)
		}
	}
}

// TestSDKReaderLive: on a live pipe a record comes out as soon as its lines
// are read, without waiting for lines that may never come.
func TestSDKReaderLive(t *testing.T) {
	defer func(d time.Duration) { liveQuietSDK = d }(liveQuietSDK)
	liveQuietSDK = 100 * time.Millisecond
	pr, pw := io.Pipe()
	defer pw.Close()
	go func() {
		// Sniffing reads a few lines before it settles on an SDK log.
		_, _ = pw.Write([]byte("starting worker\nconnecting to db\nconnected\n" +
			"[INFO] Requesting GET api.stripe.com/v1/balance\n[INFO] Request completed in 80ms (retry: 0)\n" +
			"[INFO] Not retrying request: response not known to be safe for retry\n"))
	}()
	got := make(chan Request, 1)
	go func() {
		rd, _, err := Open("-", pr, Options{Format: FormatSDK})
		if err != nil {
			t.Error(err)
			return
		}
		if r, err := rd.Next(); err == nil {
			got <- r
		}
	}()
	select {
	case r := <-got:
		if r.Method != "GET" || r.Path != "/v1/balance" {
			t.Errorf("record %+v, want GET /v1/balance", r)
		}
	case <-time.After(30 * time.Second): // a hang guard, not a speed check
		t.Fatal("no record while the pipe stays open")
	}
}
