package migrate

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/permissions"
)

// benchRequests is a realistic mix: distinct ids in paths (so nothing is
// cached by path), a few IPs, some 4xx, an expand[] now and then.
func benchRequests(n int) []logparse.Request {
	shapes := []struct{ method, path string }{
		{"GET", "/v1/customers/cus_"}, {"POST", "/v1/payment_intents"}, {"POST", "/v1/payment_intents/pi_/confirm"},
		{"GET", "/v1/prices"}, {"GET", "/v1/products/prod_"}, {"POST", "/v1/customers"}, {"GET", "/v1/customers/search"},
	}
	out := make([]logparse.Request, n)
	for i := range out {
		s := shapes[i%len(shapes)]
		p := s.path
		if p[len(p)-1] == '_' {
			p += strconv.Itoa(i)
		} else if p == "/v1/payment_intents/pi_/confirm" {
			p = "/v1/payment_intents/pi_" + strconv.Itoa(i) + "/confirm"
		}
		status := 200
		if i%17 == 0 {
			status = 402
		}
		out[i] = logparse.Request{Method: s.method, Path: p, Status: status, Time: t0.Add(time.Duration(i) * time.Second),
			SourceIP: "198.51.100." + strconv.Itoa(i%3), RequestID: "req_" + strconv.Itoa(i)}
	}
	return out
}

// BenchmarkUsageAdd measures aggregation alone (the catalog is the real one,
// as in production). Memory per request must stay near zero: the aggregate
// grows with distinct operations, not requests.
func BenchmarkUsageAdd(b *testing.B) {
	reqs := benchRequests(10000)
	u := NewUsage(permissions.Default())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u.Add(reqs[i%len(reqs)])
	}
}

func BenchmarkPropose(b *testing.B) {
	u := NewUsage(permissions.Default())
	for _, r := range benchRequests(100000) {
		u.Add(r)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Propose(u, ProposeOptions{Name: "bench", Now: t0}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestUsageMemoryFlat: a hundred times more requests of the same operations
// leave the aggregate the same size.
func TestUsageMemoryFlat(t *testing.T) {
	small, large := NewUsage(testCatalog()), NewUsage(testCatalog())
	reqs := benchRequests(100000)
	for _, r := range reqs[:1000] {
		small.Add(r)
	}
	for _, r := range reqs {
		large.Add(r)
	}
	if len(small.all.ops) != len(large.all.ops) || len(small.all.ips) != len(large.all.ips) || len(large.all.unmapped) > maxUnmapped {
		t.Errorf("aggregate grew with requests: ops %d→%d ips %d→%d unmapped %d", len(small.all.ops), len(large.all.ops),
			len(small.all.ips), len(large.all.ips), len(large.all.unmapped))
	}
}

// BenchmarkIngest reads a 100k-request tail JSON log end to end (detection,
// parsing, catalog lookup, aggregation); b.SetBytes reports MB/s.
func BenchmarkIngest(b *testing.B) {
	path := filepath.Join(b.TempDir(), "usage.jsonl")
	var buf bytes.Buffer
	for i, r := range benchRequests(100000) {
		fmt.Fprintf(&buf, `{"livemode":false,"method":%q,"url":%q,"status":%d,"request_id":"req_%d","created_at":%d,"error":null}`+"\n",
			r.Method, r.Path, r.Status, i, r.Time.Unix())
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		b.Fatal(err)
	}
	cat := permissions.Default()
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		u, err := Ingest(context.Background(), []string{path}, cat, IngestOptions{}, nil)
		if err != nil || u.Requests() != 100000 {
			b.Fatal(err)
		}
	}
}
