package proxy

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/rakmigrate/rakmigrate/internal/stripemock"
	"github.com/rakmigrate/rakmigrate/permissions"
)

var fixedNow = func() time.Time { return time.Date(2026, 11, 29, 5, 0, 0, 0, time.UTC) }

// rig is stripe-mock with the proxy in front, recording to a file.
type rig struct {
	mock   *stripemock.Server
	proxy  *Proxy
	server *httptest.Server
	rec    *Recorder
	file   string
	denied []Line
	mu     sync.Mutex
}

func newRig(t *testing.T, mode Mode, pol *Policy) *rig {
	t.Helper()
	r := &rig{mock: stripemock.Start(t), file: filepath.Join(t.TempDir(), "rec.jsonl")}
	up, _ := url.Parse(r.mock.URL)
	rec, err := OpenRecorder(r.file)
	if err != nil {
		t.Fatal(err)
	}
	r.rec = rec
	p, err := New(Options{
		Upstream: up, Mode: mode, Policy: pol, Catalog: smallCatalog, Recorder: rec, Now: fixedNow,
		OnDenial: func(l Line) { r.mu.Lock(); r.denied = append(r.denied, l); r.mu.Unlock() },
	})
	if err != nil {
		t.Fatal(err)
	}
	r.proxy = p
	r.server = httptest.NewServer(p)
	t.Cleanup(r.server.Close)
	return r
}

// sdk is the stripe-go v76 client an integration would use, pointed at the proxy.
func (r *rig) sdk(key string) *client.API {
	b := r.backend()
	return client.New(key, &stripe.Backends{API: b, Connect: b, Uploads: b})
}

func (r *rig) backend() stripe.Backend {
	return stripe.GetBackendWithConfig(stripe.APIBackend, &stripe.BackendConfig{
		URL:               stripe.String(r.server.URL),
		HTTPClient:        r.server.Client(),
		LeveledLogger:     &stripe.LeveledLogger{Level: stripe.LevelNull},
		MaxNetworkRetries: stripe.Int64(0),
	})
}

// lines closes the recorder and reads the record file.
func (r *rig) lines(t *testing.T) []Line {
	t.Helper()
	if err := r.rec.Close(); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(r.file)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("CANARY")) {
		t.Fatalf("record file holds a key:\n%s", raw)
	}
	var out []Line
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		var l Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("bad record line %q: %v", sc.Text(), err)
		}
		out = append(out, l)
	}
	return out
}

func stripeErr(t *testing.T, err error) *stripe.Error {
	t.Helper()
	var se *stripe.Error
	if !errors.As(err, &se) {
		t.Fatalf("want *stripe.Error, got %T %v", err, err)
	}
	return se
}

func TestRecordModeForwardsAndRecords(t *testing.T) {
	r := newRig(t, Record, nil)
	sc := r.sdk(canaryRAK)
	c, err := sc.Customers.New(&stripe.CustomerParams{Email: stripe.String("a@example.com")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(c.ID, "cus_") {
		t.Fatalf("stripe-mock's customer not passed through: %+v", c)
	}
	params := &stripe.CustomerListParams{}
	params.Limit = stripe.Int64(1)
	params.SetStripeAccount("acct_connected1")
	it := sc.Customers.List(params)
	for it.Next() {
	}
	if err := it.Err(); err != nil {
		t.Fatal(err)
	}
	got := r.lines(t)
	if len(got) != 2 {
		t.Fatalf("got %d lines, want 2: %+v", len(got), got)
	}
	want0 := Line{CreatedAt: fixedNow().Unix(), Method: "POST", URL: "/v1/customers", Status: 200, Source: "PROXY", RequestID: got[0].RequestID}
	if got[0] != want0 {
		t.Errorf("line 0 = %+v\nwant     %+v", got[0], want0)
	}
	if !strings.HasPrefix(got[0].RequestID, "req_") {
		t.Errorf("request id from the upstream's Request-Id header missing: %q", got[0].RequestID)
	}
	if got[1].Method != "GET" || got[1].URL != "/v1/customers" || got[1].Account != "acct_connected1" {
		t.Errorf("line 1 = %+v", got[1])
	}
}

func TestEnforceModeAnswersLikeStripe(t *testing.T) {
	pol := &Policy{Granted: permissions.NewSet(perm("customer_write"))}
	r := newRig(t, Enforce, pol)
	sc := r.sdk(canaryRAK)

	// Inside the manifest: stripe-mock's real answer.
	c, err := sc.Customers.Get("cus_123", nil)
	if err != nil {
		t.Fatalf("allowed call failed: %v", err)
	}
	if c.Object != "customer" {
		t.Fatalf("not stripe-mock's customer: %+v", c)
	}

	// Outside: the SDK's ordinary permission error.
	_, err = sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String("ch_123")})
	se := stripeErr(t, err)
	if se.HTTPStatusCode != http.StatusForbidden || se.Type != stripe.ErrorTypeInvalidRequest || se.Code != "more_permissions_required" {
		t.Fatalf("stripe error = %+v", se)
	}
	if !strings.Contains(se.Msg, "'rak_charge_write' permission would allow this request") {
		t.Fatalf("message does not name charge_write: %s", se.Msg)
	}
	if strings.Contains(se.Msg, "CANARY") || !strings.Contains(se.Msg, "rk_test_*") {
		t.Fatalf("key not masked the way Stripe masks it: %s", se.Msg)
	}
	if !strings.HasPrefix(se.RequestID, "req_") {
		t.Errorf("request id: %q", se.RequestID)
	}

	// A call the catalog cannot map is denied generically and marked.
	err = r.backend().Call(http.MethodGet, "/v1/brand_new_things", canaryRAK, nil, &stripe.Customer{})
	se = stripeErr(t, err)
	if se.HTTPStatusCode != http.StatusForbidden || !strings.Contains(se.Msg, "Having more permissions") {
		t.Fatalf("unmapped: %+v", se)
	}

	lines := r.lines(t)
	if len(lines) != 3 {
		t.Fatalf("want 3 lines, got %+v", lines)
	}
	if lines[0].Status != 200 || lines[0].Error != nil {
		t.Errorf("allowed line: %+v", lines[0])
	}
	if l := lines[1]; l.Status != 403 || l.Error == nil || !strings.Contains(l.Error.Message, "rak_charge_write") || l.RequestID == "" {
		t.Errorf("denied line: %+v", l)
	}
	if l := lines[2]; !l.Unmapped || l.Status != 403 {
		t.Errorf("unmapped line: %+v", l)
	}
	if st := r.proxy.Stats(); st.Denied.Load() != 2 || st.Forwarded.Load() != 1 || st.Unmapped.Load() != 1 {
		t.Errorf("stats forwarded=%d denied=%d unmapped=%d", st.Forwarded.Load(), st.Denied.Load(), st.Unmapped.Load())
	}
	if len(r.denied) != 2 {
		t.Errorf("OnDenial called %d times", len(r.denied))
	}
}

func TestEnforceConnectDirect(t *testing.T) {
	pol := &Policy{Granted: permissions.NewSet(perm("connected_account_read"), perm("customer_read")), Connect: permissions.NewSet(perm("customer_read"))}
	r := newRig(t, Enforce, pol)
	sc := r.sdk(canaryRAK)
	params := &stripe.AccountListParams{}
	params.SetStripeAccount("acct_connected1")
	it := sc.Accounts.List(params)
	for it.Next() {
	}
	se := stripeErr(t, it.Err())
	if se.HTTPStatusCode != 403 || !strings.Contains(se.Msg, "does not have any Connect permissions") {
		t.Fatalf("got %+v", se)
	}
	// The same call on the platform itself is allowed.
	it = sc.Accounts.List(&stripe.AccountListParams{})
	for it.Next() {
	}
	if err := it.Err(); err != nil {
		t.Fatalf("platform call: %v", err)
	}
	lines := r.lines(t)
	if len(lines) != 2 || lines[0].Account != "acct_connected1" || lines[0].Status != 403 {
		t.Fatalf("lines: %+v", lines)
	}
}

func TestDryRunForwardsButRecordsDenial(t *testing.T) {
	r := newRig(t, DryRun, &Policy{})
	sc := r.sdk(canaryRAK)
	if _, err := sc.Customers.Get("cus_123", nil); err != nil {
		t.Fatalf("dry run must forward: %v", err)
	}
	lines := r.lines(t)
	if len(lines) != 1 {
		t.Fatalf("lines: %+v", lines)
	}
	l := lines[0]
	if !l.DryRun || l.Status != 403 || l.Error == nil || !strings.Contains(l.Error.Message, "rak_customer_read") || !strings.HasPrefix(l.RequestID, "req_") {
		t.Fatalf("dry-run line: %+v", l)
	}
	if r.proxy.Stats().WouldDeny.Load() != 1 || len(r.denied) != 1 {
		t.Fatal("would-deny not counted or reported")
	}
}

func TestRefusesLiveKeysAndOtherHosts(t *testing.T) {
	r := newRig(t, Record, nil)
	_, err := r.sdk(canaryLive).Customers.Get("cus_123", nil)
	se := stripeErr(t, err)
	if se.HTTPStatusCode != 400 || !strings.Contains(se.Msg, "refuses live-mode keys") {
		t.Fatalf("live key: %+v", se)
	}

	// Used as a forward proxy, it must not reach the named host.
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		t.Error("request reached a host other than the upstream")
	}))
	defer other.Close()
	pu, _ := url.Parse(r.server.URL)
	hc := &http.Client{Transport: &http.Transport{Proxy: http.ProxyURL(pu)}}
	resp, err := hc.Get(other.URL + "/v1/customers")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "forwards only to") {
		t.Fatalf("forward-proxy use: %d %s", resp.StatusCode, body)
	}

	// A Host header naming another host is ignored: the upstream gets it.
	req, _ := http.NewRequest("GET", r.server.URL+"/v1/balance", nil)
	req.Host = strings.TrimPrefix(other.URL, "http://")
	req.Header.Set("Authorization", "Bearer "+stripemock.TestKey)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("Host header request: %d", resp.StatusCode)
	}
	if n := len(r.lines(t)); n != 1 {
		t.Fatalf("refused requests must not be recorded as traffic; %d lines", n)
	}
}

func TestConcurrentRequestsAllRecorded(t *testing.T) {
	pol := &Policy{Granted: permissions.NewSet(perm("customer_read"))}
	r := newRig(t, Enforce, pol)
	sc := r.sdk(canaryRAK)
	const n = 40
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%2 == 0 {
				_, err := sc.Customers.Get("cus_1", nil)
				errs <- err
			} else {
				_, err := sc.Customers.New(&stripe.CustomerParams{})
				if err == nil {
					errs <- errors.New("write allowed")
				}
			}
		}(i)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	lines := r.lines(t)
	var ok, denied int
	for _, l := range lines {
		switch l.Status {
		case 200:
			ok++
		case 403:
			denied++
		}
	}
	if ok != n/2 || denied != n/2 {
		t.Fatalf("ok=%d denied=%d of %d lines", ok, denied, len(lines))
	}
}

func TestStreamsBodies(t *testing.T) {
	// The upstream sends the first chunk and waits for the client to see it:
	// a proxy that buffered whole bodies would deadlock here.
	seen := make(chan struct{})
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write([]byte("first\n"))
		w.(http.Flusher).Flush()
		select {
		case <-seen:
		case <-time.After(5 * time.Second):
		}
		w.Write([]byte("second\n"))
	}))
	defer up.Close()
	u, _ := url.Parse(up.URL)
	p, err := New(Options{Upstream: u, Recorder: NewRecorder(io.Discard)})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(p)
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/v1/files/file_1/contents")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	br := bufio.NewReader(resp.Body)
	done := make(chan string)
	go func() { l, _ := br.ReadString('\n'); done <- l }()
	select {
	case l := <-done:
		if l != "first\n" {
			t.Fatalf("first chunk %q", l)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("first chunk not streamed")
	}
	close(seen)
	rest, _ := io.ReadAll(br)
	if string(rest) != "second\n" {
		t.Fatalf("rest %q", rest)
	}
}

func TestUpstreamDownIsA502(t *testing.T) {
	u, _ := url.Parse("http://127.0.0.1:1")
	var buf bytes.Buffer
	rec := NewRecorder(&buf)
	p, _ := New(Options{Upstream: u, Recorder: rec, Now: fixedNow})
	w := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/v1/customers", nil)
	req.Header.Set("Authorization", "Bearer "+canaryRAK)
	p.ServeHTTP(w, req)
	if w.Code != 502 || !strings.Contains(w.Body.String(), "could not reach 127.0.0.1:1") {
		t.Fatalf("%d %s", w.Code, w.Body)
	}
	rec.Close()
	if !strings.Contains(buf.String(), `"status":502`) || strings.Contains(buf.String(), "CANARY") {
		t.Fatalf("record: %s", buf.String())
	}
}

func TestNewValidates(t *testing.T) {
	for _, raw := range []string{"", "api.stripe.com", "ftp://api.stripe.com"} {
		u, _ := url.Parse(raw)
		if _, err := New(Options{Upstream: u}); err == nil {
			t.Errorf("upstream %q accepted", raw)
		}
	}
	u, _ := url.Parse("https://api.stripe.com")
	if _, err := New(Options{Upstream: u, Mode: Enforce}); err == nil {
		t.Error("enforce without a policy accepted")
	}
}
