package proxy

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"testing"
	"time"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// BenchmarkProxyAddedLatency measures what the proxy adds to a request on
// loopback: each iteration times one request straight to a local upstream and
// one through the proxy, and the benchmark reports the percentiles of both
// and their difference. The paced variant sends 1k requests/s, the target
// rate of the issue (p99 added < 1 ms).
func BenchmarkProxyAddedLatency(b *testing.B) {
	for _, bc := range []struct {
		name  string
		mode  Mode
		paced bool
	}{
		{"record", Record, false},
		{"enforce", Enforce, false},
		{"enforce-1krps", Enforce, true},
	} {
		b.Run(bc.name, func(b *testing.B) { benchProxy(b, bc.mode, bc.paced) })
	}
}

func benchProxy(b *testing.B, mode Mode, paced bool) {
	body := []byte(`{"object":"list","data":[],"has_more":false,"url":"/v1/customers"}`)
	up := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Request-Id", "req_bench")
		w.Write(body)
	}))
	defer up.Close()
	u, _ := url.Parse(up.URL)
	rec := NewRecorder(io.Discard)
	defer rec.Close()
	p, err := New(Options{Upstream: u, Mode: mode, Recorder: rec, Catalog: permissions.Default(),
		Policy: &Policy{Granted: permissions.NewSet(perm("customer_read"))}})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(p)
	defer srv.Close()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 4}}
	get := func(base string) time.Duration {
		req, _ := http.NewRequest("GET", base+"/v1/customers?limit=1", nil)
		req.Header.Set("Authorization", "Bearer sk_test_bench")
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("status %d", resp.StatusCode)
		}
		return time.Since(start)
	}
	b.ReportAllocs()
	get(up.URL) // warm both connections
	get(srv.URL)
	direct := make([]time.Duration, 0, b.N)
	proxied := make([]time.Duration, 0, b.N)
	var tick *time.Ticker
	if paced {
		tick = time.NewTicker(time.Millisecond)
		defer tick.Stop()
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if tick != nil {
			<-tick.C
		}
		direct = append(direct, get(up.URL))
		proxied = append(proxied, get(srv.URL))
	}
	b.StopTimer()
	dp50, dp99 := percentiles(direct)
	pp50, pp99 := percentiles(proxied)
	b.ReportMetric(float64(pp50-dp50)/1e3, "added-p50-µs")
	b.ReportMetric(float64(pp99-dp99)/1e3, "added-p99-µs")
	b.ReportMetric(float64(pp99)/1e3, "proxied-p99-µs")
}

func percentiles(ds []time.Duration) (p50, p99 time.Duration) {
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)*50/100], ds[min(len(ds)-1, len(ds)*99/100)]
}
