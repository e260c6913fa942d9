// Package proxy is rakmigrate's rehearsal proxy: a local reverse proxy in
// front of the Stripe API (or stripe-mock) that records every request as a
// tail-style log line and, in enforce mode, answers requests the manifest's
// key would not allow with the 403 Stripe would send.
package proxy

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"github.com/rakmigrate/rakmigrate/secrets"
)

// Mode is what the proxy does with requests the policy would deny.
type Mode int

const (
	Record  Mode = iota // forward everything, record everything
	Enforce             // answer denied requests with Stripe's 403
	DryRun              // forward everything, record what would be denied as 403s
)

// Options configure a Proxy.
type Options struct {
	Upstream *url.URL // the only host the proxy forwards to
	Mode     Mode
	Policy   *Policy // required unless Mode is Record
	Catalog  Catalog // required unless Mode is Record
	Label    Labeler // Dashboard labels for 403 texts; nil for the older form
	Recorder *Recorder
	// Transport reaches the upstream; nil means http.DefaultTransport.
	Transport http.RoundTripper
	Now       func() time.Time
	// OnDenial is called for each denial (enforced or dry-run), e.g. to print it.
	OnDenial func(Line)
}

// Proxy is an http.Handler. Its zero value is not usable; use New.
type Proxy struct {
	opt     Options
	rp      *httputil.ReverseProxy
	stats   Stats
	account string
}

// Stats counts what the proxy did.
type Stats struct {
	Forwarded, Denied, WouldDeny, Unmapped, Refused atomic.Int64
}

type ctxKey struct{}

// pending is what ServeHTTP knows about a forwarded request that the
// response hook needs to record it.
type pending struct {
	line   Line
	denial *LineError // dry-run: the 403 it would have been
}

// New checks the options and builds the proxy.
func New(opt Options) (*Proxy, error) {
	u := opt.Upstream
	if u == nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, errors.New("proxy: upstream must be an http(s) URL with a host, e.g. https://api.stripe.com")
	}
	if opt.Mode != Record && (opt.Policy == nil || opt.Catalog == nil) {
		return nil, errors.New("proxy: enforce and dry-run need a manifest policy and the catalog")
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Transport == nil {
		// A test suite sends many requests at once to one host; the default
		// keeps only 2 idle connections per host and would redial the rest.
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.MaxIdleConnsPerHost = 64
		opt.Transport = t
	}
	p := &Proxy{opt: opt, account: UnknownAccount}
	target := *u
	target.Path, target.RawQuery, target.Fragment = strings.TrimRight(u.Path, "/"), "", ""
	p.rp = &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			// SetURL pins scheme and host to the upstream whatever the
			// client asked for, and sets the Host header to match.
			pr.SetURL(&target)
		},
		Transport:      opt.Transport,
		FlushInterval:  -1, // stream bodies as they come
		ModifyResponse: p.recordResponse,
		ErrorHandler:   p.upstreamFailed,
	}
	return p, nil
}

// Stats returns the proxy's counters.
func (p *Proxy) Stats() *Stats { return &p.stats }

func (p *Proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// A client that uses us as a forward proxy (absolute URL or CONNECT)
	// names its own destination; we only ever talk to the upstream.
	if r.Method == http.MethodConnect || r.URL.Host != "" {
		p.stats.Refused.Add(1)
		p.writeError(w, http.StatusBadRequest, "invalid_request_error",
			"rakmigrate proxy forwards only to "+p.opt.Upstream.Host+": set your client's API base to this proxy instead of using it as an HTTP proxy")
		return
	}
	key := keyFromAuth(r.Header.Get("Authorization"))
	if isLiveKey(key) {
		p.stats.Refused.Add(1)
		p.writeError(w, http.StatusBadRequest, "invalid_request_error",
			"rakmigrate proxy refuses live-mode keys: rehearse with a test-mode restricted key (rk_test_…)")
		return
	}
	account := r.Header.Get("Stripe-Account")
	line := Line{
		CreatedAt: p.opt.Now().Unix(),
		Method:    r.Method,
		URL:       r.URL.Path,
		Account:   account,
		Source:    "PROXY",
	}
	pend := &pending{line: line}
	if p.opt.Mode != Record && key != "" {
		// A request without a key is the upstream's to refuse (401).
		query := r.URL.RawQuery
		if e := formExpand(r); e != "" {
			query = strings.TrimPrefix(query+"&"+e, "&")
		}
		d := p.opt.Policy.Decide(p.opt.Catalog, r.Method, r.URL.Path, query, account)
		if d.Unmapped {
			p.stats.Unmapped.Add(1)
			pend.line.Unmapped = true
		}
		if !d.Allowed {
			msg := secrets.Redact(denialMessage(d, stripeMask(key), p.account, p.opt.Label))
			le := &LineError{Type: "invalid_request_error", Code: "more_permissions_required", Message: msg}
			if p.opt.Mode == Enforce {
				p.deny(w, pend.line, le)
				return
			}
			pend.denial = le
		}
	}
	p.stats.Forwarded.Add(1)
	p.rp.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, pend)))
}

// deny answers with Stripe's 403 and records it.
func (p *Proxy) deny(w http.ResponseWriter, line Line, le *LineError) {
	p.stats.Denied.Add(1)
	id := newRequestID()
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Request-Id", id)
	w.WriteHeader(http.StatusForbidden)
	_, _ = w.Write(denialBody(le.Message, id))
	line.Status, line.RequestID, line.Error = http.StatusForbidden, id, le
	p.record(line)
	if p.opt.OnDenial != nil {
		p.opt.OnDenial(line)
	}
}

// recordResponse runs when the upstream's response headers arrive.
func (p *Proxy) recordResponse(resp *http.Response) error {
	pend, _ := resp.Request.Context().Value(ctxKey{}).(*pending)
	if pend == nil {
		return nil
	}
	line := pend.line
	line.Status = resp.StatusCode
	line.RequestID = resp.Header.Get("Request-Id")
	if pend.denial != nil {
		p.stats.WouldDeny.Add(1)
		line.Status, line.Error, line.DryRun = http.StatusForbidden, pend.denial, true
		if p.opt.OnDenial != nil {
			p.opt.OnDenial(line)
		}
	}
	p.record(line)
	return nil
}

func (p *Proxy) upstreamFailed(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) {
		return // the client went away
	}
	if pend, _ := r.Context().Value(ctxKey{}).(*pending); pend != nil {
		line := pend.line
		line.Status = http.StatusBadGateway
		p.record(line)
	}
	p.writeError(w, http.StatusBadGateway, "api_error",
		secrets.Redact(fmt.Sprintf("rakmigrate proxy could not reach %s: %v", p.opt.Upstream.Host, err)))
}

func (p *Proxy) record(l Line) {
	if p.opt.Recorder != nil {
		p.opt.Recorder.Record(l)
	}
}

func (p *Proxy) writeError(w http.ResponseWriter, status int, typ, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(errorBody(typ, msg))
}

// newRequestID makes an id shaped like Stripe's ("req_" + 14 alphanumerics).
func newRequestID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b [14]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return "req_" + string(b[:])
}
