package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/internal/safetext"
	"github.com/rakmigrate/rakmigrate/migrate"
	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/proxy"
)

const (
	defaultProxyListen   = "127.0.0.1:12112"
	defaultProxyUpstream = "https://api.stripe.com"
	defaultProxyRecord   = "rakmigrate-proxy.jsonl"
)

type proxyOptions struct {
	enforce, dryRun bool
	record          string
}

func newProxyCmd(f *Factory) *cobra.Command {
	var opts proxyOptions
	cmd := &cobra.Command{
		Use:   "proxy [--enforce|--dry-run -m rak-manifest.yaml]",
		Short: "Run a local rehearsal proxy in front of the Stripe API that records (and enforces) usage",
		Long: `proxy is a local reverse proxy in front of the Stripe API (or stripe-mock). Point
your integration's API base at it (stripe-go: BackendConfig.URL) and run your test
suite with a test key.

Every request is appended to the record file as a 'stripe logs tail --format JSON'
line (method, path, status, time, request id, connected account) — no bodies, no
headers, no keys — so 'rakmigrate propose' and 'iterate' read it like any log.

With -m and --enforce, a request the manifest's key would not allow gets the 403
Stripe would send (its error JSON and message), so SDKs raise their normal
permission error; --dry-run forwards everything and only records what would have
been denied. Requests the catalog cannot map are denied with Stripe's generic text
and marked unmapped. expand[] parameters (in the query or a form body) need the
read of the expanded object too, as at Stripe.

The proxy listens on loopback unless --listen says otherwise, forwards only to
--upstream, refuses live-mode keys, and flushes the record file on Ctrl-C.`,
		Example: `  rakmigrate proxy                                  # record usage to rakmigrate-proxy.jsonl
  rakmigrate proxy -m rak-manifest.yaml --enforce   # rehearse the restricted key
  rakmigrate proxy --upstream http://127.0.0.1:12111 -m rak-manifest.yaml --dry-run`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if opts.enforce && opts.dryRun {
				return usageError("--enforce and --dry-run exclude each other")
			}
			if (opts.enforce || opts.dryRun) && f.Config.Manifest == "" {
				return usageError("--enforce and --dry-run need the manifest: -m rak-manifest.yaml")
			}
			if opts.record == "" {
				return usageError("--record needs a file name")
			}
			return runProxy(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().String("listen", defaultProxyListen, "address to listen on (loopback unless you say otherwise)")
	cmd.Flags().String("upstream", defaultProxyUpstream, "the API to forward to: Stripe's, or stripe-mock's")
	cmd.Flags().String("catalog-overrides", "", "YAML file extending the permission catalog")
	cmd.Flags().StringP("manifest", "m", "", "the manifest whose key to rehearse")
	cmd.Flags().BoolVar(&opts.enforce, "enforce", false, "answer requests the manifest does not allow with Stripe's 403")
	cmd.Flags().BoolVar(&opts.dryRun, "dry-run", false, "forward everything; record what --enforce would deny")
	cmd.Flags().StringVar(&opts.record, "record", defaultProxyRecord, "file the requests are appended to (tail JSON lines)")
	return cmd
}

func runProxy(ctx context.Context, f *Factory, opts proxyOptions) error {
	listen, upstreamRaw := f.Config.Listen, f.Config.Upstream
	if listen == "" {
		listen = defaultProxyListen
	}
	if upstreamRaw == "" {
		upstreamRaw = defaultProxyUpstream
	}
	upstream, err := url.Parse(upstreamRaw)
	if err != nil || upstream.Host == "" || (upstream.Scheme != "http" && upstream.Scheme != "https") {
		return usageError("--upstream %q: want an http(s) URL such as %s", upstreamRaw, defaultProxyUpstream)
	}
	popts := proxy.Options{Upstream: upstream, Now: f.Now}
	if opts.enforce || opts.dryRun {
		pol, err := proxyPolicy(f.Config.Manifest)
		if err != nil {
			return err
		}
		cat, err := loadCatalog(f)
		if err != nil {
			return err
		}
		popts.Policy, popts.Catalog, popts.Label = pol, cat, proxyLabel
		popts.Mode = proxy.Enforce
		if opts.dryRun {
			popts.Mode = proxy.DryRun
		}
		popts.OnDenial = func(l proxy.Line) { printProxyDenial(f, l) }
	}
	rec, err := proxy.OpenRecorder(opts.record)
	if err != nil {
		return err
	}
	popts.Recorder = rec
	p, err := proxy.New(popts)
	if err != nil {
		rec.Close()
		return withExit(ExitUsage, err)
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		rec.Close()
		hint := "pass --listen 127.0.0.1:PORT with a free port"
		if strings.HasSuffix(listen, ":12112") {
			hint += " (stripe-mock run with its defaults holds 12112 for HTTPS)"
		}
		return fmt.Errorf("listening on %s: %w: %s", listen, err, hint)
	}
	addr := ln.Addr().(*net.TCPAddr)
	if !addr.IP.IsLoopback() {
		fmt.Fprintf(f.IO.ErrOut, "warning: listening on %s, reachable from other machines; use --listen 127.0.0.1:PORT to keep it local\n", addr)
	}
	mode := map[proxy.Mode]string{proxy.Record: "record", proxy.Enforce: "enforce", proxy.DryRun: "dry-run"}[popts.Mode]
	fmt.Fprintf(f.IO.ErrOut, "rakmigrate proxy (%s): listening on http://%s → %s; recording to %s\n", mode, addr, upstream.Redacted(), opts.record)
	fmt.Fprintf(f.IO.ErrOut, "Point your integration's API base at http://%s with a test key. Ctrl-C stops and flushes.\n", addr)

	srv := &http.Server{Handler: p, ReadHeaderTimeout: 30 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case err = <-served:
	case <-ctx.Done():
		shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = srv.Shutdown(shutCtx)
		cancel()
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	if cerr := rec.Close(); err == nil {
		err = cerr
	}
	st := p.Stats()
	fmt.Fprintf(f.IO.ErrOut, "proxy stopped: %d forwarded, %d denied, %d would be denied, %d unmapped, %d refused; %s flushed\n",
		st.Forwarded.Load(), st.Denied.Load(), st.WouldDeny.Load(), st.Unmapped.Load(), st.Refused.Load(), opts.record)
	if err != nil {
		return fmt.Errorf("proxy: %w", err)
	}
	if st.Denied.Load()+st.WouldDeny.Load() > 0 {
		fmt.Fprintf(f.IO.ErrOut, "Fold the denials into the manifest: rakmigrate iterate -m %s %s\n", f.Config.Manifest, opts.record)
	}
	return nil
}

// proxyPolicy is what the manifest's key grants, in its main and Connect columns.
func proxyPolicy(path string) (*proxy.Policy, error) {
	m, err := migrate.LoadManifest(path)
	if err != nil {
		return nil, err
	}
	pol := &proxy.Policy{}
	for _, e := range m.Permissions {
		p, err := permissions.ParsePermission(e.Name)
		if err != nil {
			return nil, fmt.Errorf("%s: permission %q: %w", path, e.Name, err)
		}
		pol.Granted.Add(p)
		if e.Connect {
			pol.Connect.Add(p)
		}
	}
	return pol, nil
}

func proxyLabel(p permissions.Permission) string { return permissions.Describe(p).Label }

func printProxyDenial(f *Factory, l proxy.Line) {
	verb := "denied"
	if l.DryRun {
		verb = "would deny"
	}
	what := ""
	if l.Error != nil {
		d := permissions.ParseDenial(l.Error.Message)
		switch {
		case len(d.Permissions) > 0:
			what = "needs " + d.Permissions[0].String()
		case l.Unmapped:
			what = "unmapped: the catalog does not know this call"
		default:
			what = string(d.Kind)
		}
	}
	acct := ""
	if l.Account != "" {
		acct = " (Stripe-Account " + l.Account + ")"
	}
	// The URL comes decoded from the client's request: %1B is an ESC.
	line := fmt.Sprintf("%s %s %s%s: %s [%s]", verb, l.Method, l.URL, acct, what, l.RequestID)
	fmt.Fprintln(f.IO.ErrOut, safetext.Clean(line))
}
