package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/migrate"
	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/stripeapi"
)

type verifyOptions struct {
	format    string
	allowLive bool
	outside   int
	account   string // connected account for probing the Connect column
}

func newVerifyCmd(f *Factory) *cobra.Command {
	var opts verifyOptions
	cmd := &cobra.Command{
		Use:   "verify -m rak-manifest.yaml",
		Short: "Check a test restricted key against the manifest with read-only calls",
		Long: `verify takes the test restricted key (STRIPE_API_KEY, --key-file or --key-command;
never a flag value) and, through stripe-go, makes harmless read-only calls: for each
permission in the manifest one call that needs it (a list with limit=1), plus a few
calls just outside the manifest that the key should be refused. With
--connected-account, the manifest's Connect permissions are probed again on that
connected account (the key's Connect column). It never writes.

Each permission is reported granted, denied (with the permission Stripe's 403 named)
or can't tell (write-only permissions and endpoints without a harmless read).

A live key is refused unless --allow-live (the probes stay read-only).
--api-base points verify at stripe-mock or at 'rakmigrate proxy'.

Exit codes: 0 the key matches the manifest; 4 a permission of the manifest was
denied; 1 the key grants something the manifest does not; 2 error.`,
		Example: `  STRIPE_API_KEY=rk_test_… rakmigrate verify -m rak-manifest.yaml
  rakmigrate verify -m rak-manifest.yaml --key-command "op read op://dev/stripe/rak" --format json
  rakmigrate verify -m rak-manifest.yaml --api-base http://127.0.0.1:12112   # through the proxy`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if f.Config.Manifest == "" {
				return usageError("verify needs the manifest: -m rak-manifest.yaml")
			}
			if opts.format != "table" && opts.format != "json" {
				return usageError("--format %q: want table or json", opts.format)
			}
			if opts.outside < 0 {
				return usageError("--outside %d: want 0 or more", opts.outside)
			}
			if opts.account != "" && !strings.HasPrefix(opts.account, "acct_") {
				return usageError("--connected-account %q: want a connected account id (acct_…)", opts.account)
			}
			return runVerify(cmd.Context(), f, opts)
		},
	}
	cmd.Flags().String("catalog-overrides", "", "YAML file extending the permission catalog")
	cmd.Flags().StringP("manifest", "m", "", "the manifest the key should match")
	cmd.Flags().String("api-base", "", "API base URL (default Stripe's; stripe-mock or the proxy for rehearsals)")
	cmd.Flags().BoolVar(&opts.allowLive, "allow-live", false, "accept a live-mode key (probes stay read-only)")
	cmd.Flags().IntVar(&opts.outside, "outside", 5, "how many permissions outside the manifest to probe (expecting 403s)")
	cmd.Flags().StringVar(&opts.account, "connected-account", "", "also probe the Connect permissions of the manifest on this connected account (acct_…)")
	cmd.Flags().StringVar(&opts.format, "format", "table", "table or json")
	addKeyFlags(cmd)
	return cmd
}

// verifyReport is verify's JSON output.
type verifyReport struct {
	Manifest string             `json:"manifest"`
	Key      string             `json:"key"` // masked
	APIBase  string             `json:"api_base"`
	Results  []stripeapi.Result `json:"results"`
	Summary  verifySummary      `json:"summary"`
}

type verifySummary struct {
	Granted        int `json:"granted"`
	Denied         int `json:"denied"`
	CantTell       int `json:"cant_tell"`
	Errors         int `json:"errors"`
	OutsideDenied  int `json:"outside_denied"`
	OutsideAllowed int `json:"outside_allowed"`
}

func runVerify(ctx context.Context, f *Factory, opts verifyOptions) error {
	path := f.Config.Manifest
	m, err := migrate.LoadManifest(path)
	if err != nil {
		return err
	}
	var perms, connect []permissions.Permission
	for _, e := range m.Permissions {
		p, err := permissions.ParsePermission(e.Name)
		if err != nil {
			return fmt.Errorf("%s: permission %q: %w", path, e.Name, err)
		}
		perms = append(perms, p)
		if e.Connect {
			connect = append(connect, p)
		}
	}
	key, err := loadKey(ctx, f)
	if err != nil {
		return err
	}
	if !opts.allowLive {
		if err := key.RequireTest("verify"); err != nil {
			return withExit(ExitUsage, fmt.Errorf("%w (or pass --allow-live: the probes stay read-only)", err))
		}
	}
	cat, err := loadCatalog(f)
	if err != nil {
		return err
	}
	base := f.Config.APIBase
	if base == "" {
		base = stripeapi.DefaultAPIBase
	}
	if u, err := url.Parse(base); err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return usageError("--api-base %q: want an http(s) URL such as %s or http://127.0.0.1:12112", base, stripeapi.DefaultAPIBase)
	}
	fmt.Fprintf(f.IO.ErrOut, "verify: probing %s with %s (read-only)\n", base, key.Masked())
	if len(connect) > 0 && opts.account == "" {
		fmt.Fprintf(f.IO.ErrOut, "verify: %d permissions serve Connect traffic; pass --connected-account acct_… to check the key's Connect column too\n", len(connect))
	}
	// stripe-go's own log would repeat every expected 403; each call's error
	// is in the results, redacted, so its logger stays silent.
	sc := stripeapi.NewClient(key.Reveal(), base, f.HTTPClient, nil)
	results, err := stripeapi.Verify(ctx, sc, perms, stripeapi.Options{
		Catalog: cat, ParseDenial: permissions.ParseDenial, Outside: opts.outside,
		Connect: connect, ConnectAccount: opts.account,
	})
	if errors.Is(err, stripeapi.ErrKeyRejected) {
		return fmt.Errorf("%w: check that STRIPE_API_KEY, --key-file or --key-command gives the test restricted key (rk_test_…) and that --api-base is right", err)
	}
	if errors.Is(err, stripeapi.ErrUnreachable) {
		return fmt.Errorf("%s: %w: check --api-base (is stripe-mock or the proxy running?) and your network", base, err)
	}
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	rep := verifyReport{Manifest: path, Key: key.Masked(), APIBase: base, Results: results, Summary: summarizeVerify(results)}
	if opts.format == "json" {
		if err := writeJSON(f.IO.Out, rep); err != nil {
			return err
		}
	} else {
		printVerifyTable(f.IO.Out, rep)
	}
	s := rep.Summary
	switch {
	case s.Denied > 0:
		return silentExit(ExitUnresolved)
	case s.OutsideAllowed > 0:
		return silentExit(ExitFindings)
	case s.Errors > 0:
		return silentExit(ExitError)
	}
	return nil
}

func summarizeVerify(rs []stripeapi.Result) verifySummary {
	var s verifySummary
	for _, r := range rs {
		switch {
		case !r.InManifest && r.Status == stripeapi.Denied:
			s.OutsideDenied++
		case !r.InManifest && r.Status == stripeapi.Granted:
			s.OutsideAllowed++
		case r.Status == stripeapi.Granted:
			s.Granted++
		case r.Status == stripeapi.Denied:
			s.Denied++
		case r.Status == stripeapi.CantTell:
			s.CantTell++
		default:
			s.Errors++
		}
	}
	return s
}

// verifyVerdicts renders a result for people: what was expected, what happened.
var verifyVerdicts = map[bool]map[stripeapi.Status]string{
	true: { // in the manifest: expected granted
		stripeapi.Granted:  "ok: granted",
		stripeapi.Denied:   "MISSING: denied",
		stripeapi.CantTell: "can't tell",
		stripeapi.Failed:   "error",
	},
	false: { // outside: expected denied
		stripeapi.Granted:  "EXTRA: allowed",
		stripeapi.Denied:   "ok: denied",
		stripeapi.CantTell: "can't tell",
		stripeapi.Failed:   "error",
	},
}

func printVerifyTable(w io.Writer, rep verifyReport) {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PERMISSION\tIN MANIFEST\tRESULT\tPROBE\tDETAIL")
	for _, r := range rep.Results {
		in := "no"
		if r.InManifest {
			in = "yes"
		}
		detail := r.Note
		if len(r.Named) > 0 {
			detail = "Stripe asks for " + strings.Join(r.Named, " or ")
			if r.Note != "" {
				detail += "; " + r.Note
			}
		} else if r.Kind != "" && r.Kind != string(permissions.DenialSpecific) {
			detail = joinDetail("403 "+r.Kind, r.Note)
		}
		if r.RequestID != "" && r.Status == stripeapi.Denied {
			detail = joinDetail(detail, r.RequestID)
		}
		name := r.Permission
		if r.Account != "" {
			name += " (Connect, " + r.Account + ")"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", name, in, verifyVerdicts[r.InManifest][r.Status], orDash(r.Probe), detail)
	}
	tw.Flush()
	s := rep.Summary
	fmt.Fprintf(w, "\n%d granted, %d denied, %d can't tell, %d errors; outside the manifest: %d denied as expected, %d allowed\n",
		s.Granted, s.Denied, s.CantTell, s.Errors, s.OutsideDenied, s.OutsideAllowed)
	if s.Denied > 0 {
		fmt.Fprintln(w, "The key lacks permissions the manifest grants: edit the key in the Dashboard (rakmigrate report -m … prints the checklist).")
	}
	if s.OutsideAllowed > 0 {
		fmt.Fprintln(w, "The key grants more than the manifest: remove the extra permissions in the Dashboard, or add them to the manifest if they are needed.")
	}
}

func joinDetail(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
