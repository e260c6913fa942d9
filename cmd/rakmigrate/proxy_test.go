package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stripe/stripe-go/v76"

	"github.com/rakmigrate/rakmigrate/internal/stripemock"
	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/proxy"
	"github.com/rakmigrate/rakmigrate/stripeapi"
)

func TestProxyFlags(t *testing.T) {
	path := h5Manifest(t, "customer_read")
	tests := []struct {
		name string
		args []string
		msg  string
	}{
		{"enforce needs a manifest", []string{"proxy", "--enforce"}, "need the manifest"},
		{"dry-run needs a manifest", []string{"proxy", "--dry-run"}, "need the manifest"},
		{"enforce and dry-run", []string{"proxy", "-m", path, "--enforce", "--dry-run"}, "exclude each other"},
		{"bad upstream", []string{"proxy", "--upstream", "api.stripe.com"}, "want an http(s) URL"},
		{"empty record", []string{"proxy", "--record", ""}, "--record needs a file name"},
		{"no arguments", []string{"proxy", "extra"}, "unknown command"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, errOut := h5Factory("", nil)
			if code := h5Run(context.Background(), f, tt.args...); code != ExitUsage || !strings.Contains(errOut.String(), tt.msg) {
				t.Fatalf("exit %d, stderr:\n%s", code, errOut)
			}
		})
	}
}

var proxyListening = regexp.MustCompile(`listening on http://(127\.0\.0\.1:\d+)`)

// proxyCmdStart runs `rakmigrate proxy args…` until the returned stop is
// called; it returns the proxy's URL, and stop returns the exit code.
func proxyCmdStart(t *testing.T, f *Factory, errOut *syncBuffer, args ...string) (string, func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	go func() { done <- h5Run(ctx, f, append([]string{"proxy", "--listen", "127.0.0.1:0"}, args...)...) }()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if m := proxyListening.FindStringSubmatch(errOut.String()); m != nil {
			stop := func() int {
				cancel()
				select {
				case code := <-done:
					return code
				case <-time.After(15 * time.Second):
					t.Fatal("proxy did not stop on cancel")
					return -1
				}
			}
			return "http://" + m[1], stop
		}
		select {
		case code := <-done:
			cancel()
			t.Fatalf("proxy exited %d before listening:\n%s", code, errOut)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("proxy never said where it listens:\n%s", errOut)
		}
	}
}

func readProxyRecord(t *testing.T, path string) []proxy.Line {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	h5NoCanary(t, string(raw))
	var lines []proxy.Line
	sc := bufio.NewScanner(strings.NewReader(string(raw)))
	for sc.Scan() {
		var l proxy.Line
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("record line %q: %v", sc.Text(), err)
		}
		lines = append(lines, l)
	}
	return lines
}

func TestProxyCommandRecordsAndFlushesOnStop(t *testing.T) {
	mock := stripemock.Start(t)
	f, out, errOut := h5Factory("", nil)
	rec := filepath.Join(t.TempDir(), "usage.jsonl")
	base, stop := proxyCmdStart(t, f, errOut, "--upstream", mock.URL, "--record", rec)

	sc := stripeapi.NewClient(h5CanaryRAK, base, nil, nil)
	if _, err := sc.Customers.New(&stripe.CustomerParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := sc.Balance.Get(nil); err != nil {
		t.Fatal(err)
	}
	if code := stop(); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	lines := readProxyRecord(t, rec)
	if len(lines) != 2 || lines[0].Method != "POST" || lines[0].URL != "/v1/customers" || lines[1].URL != "/v1/balance" || lines[1].Status != 200 {
		t.Fatalf("record: %+v", lines)
	}
	if !strings.Contains(errOut.String(), "proxy stopped: 2 forwarded") {
		t.Errorf("no summary:\n%s", errOut)
	}
	h5NoCanary(t, out.String(), errOut.String())
}

func TestProxyCommandEnforcesTheManifest(t *testing.T) {
	mock := stripemock.Start(t)
	f, out, errOut := h5Factory("", nil)
	rec := filepath.Join(t.TempDir(), "rehearsal.jsonl")
	path := h5Manifest(t, "customer_write", "plan_read")
	base, stop := proxyCmdStart(t, f, errOut, "--upstream", mock.URL, "--record", rec, "-m", path, "--enforce")
	sc := stripeapi.NewClient(h5CanaryRAK, base, nil, nil)

	// Inside the manifest: stripe-mock's real answer.
	c, err := sc.Customers.New(&stripe.CustomerParams{Email: stripe.String("jenny@example.com")})
	if err != nil || !strings.HasPrefix(c.ID, "cus_") {
		t.Fatalf("allowed call: %v %+v", err, c)
	}
	// Outside: stripe-go's ordinary permission error, which ParseDenial maps
	// back to the permission the catalog says the call needs.
	_, err = sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String("ch_123")})
	var se *stripe.Error
	if !errors.As(err, &se) || se.HTTPStatusCode != 403 {
		t.Fatalf("want a 403 *stripe.Error, got %T %v", err, err)
	}
	d := permissions.ParseDenial(se.Msg)
	want, _ := permissions.ParsePermission("charge_write")
	if d.Kind != permissions.DenialSpecific || len(d.Permissions) == 0 || d.Permissions[0] != want {
		t.Fatalf("ParseDenial(%q) = %+v, want charge_write", se.Msg, d)
	}
	h5NoCanary(t, se.Msg)

	if code := stop(); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	lines := readProxyRecord(t, rec)
	if len(lines) != 2 || lines[1].Status != 403 || lines[1].Error == nil {
		t.Fatalf("record: %+v", lines)
	}
	if !strings.Contains(errOut.String(), "denied POST /v1/refunds: needs charge_write") {
		t.Errorf("denial not reported live:\n%s", errOut)
	}
	if !strings.Contains(errOut.String(), "rakmigrate iterate -m "+path+" "+rec) {
		t.Errorf("no next step:\n%s", errOut)
	}
	h5NoCanary(t, out.String(), errOut.String())
}

func TestProxyCommandDryRunForwardsAndRecordsWouldBeDenials(t *testing.T) {
	mock := stripemock.Start(t)
	f, out, errOut := h5Factory("", nil)
	rec := filepath.Join(t.TempDir(), "dry.jsonl")
	path := h5Manifest(t, "customer_read")
	base, stop := proxyCmdStart(t, f, errOut, "--upstream", mock.URL, "--record", rec, "-m", path, "--dry-run")
	sc := stripeapi.NewClient(h5CanaryRAK, base, nil, nil)
	// Outside the manifest, but dry-run forwards: stripe-mock answers.
	if _, err := sc.Refunds.New(&stripe.RefundParams{Charge: stripe.String("ch_123")}); err != nil {
		t.Fatalf("dry-run must forward: %v", err)
	}
	if code := stop(); code != ExitOK {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
	lines := readProxyRecord(t, rec)
	if len(lines) != 1 || !lines[0].DryRun || lines[0].Status != 403 || lines[0].Error == nil {
		t.Fatalf("record: %+v", lines)
	}
	if !strings.Contains(errOut.String(), "would deny POST /v1/refunds: needs charge_write") {
		t.Errorf("stderr:\n%s", errOut)
	}
	h5NoCanary(t, out.String(), errOut.String())
}

func TestProxyCommandPortInUse(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	f, _, errOut := h5Factory("", nil)
	code := h5Run(context.Background(), f, "proxy", "--listen", l.Addr().String(), "--record", filepath.Join(t.TempDir(), "r.jsonl"))
	if code != ExitError || !strings.Contains(errOut.String(), "pass --listen 127.0.0.1:PORT with a free port") {
		t.Fatalf("exit %d\n%s", code, errOut)
	}
}
