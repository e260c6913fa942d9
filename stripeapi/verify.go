package stripeapi

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"

	"github.com/stripe/stripe-go/v76"
	"github.com/stripe/stripe-go/v76/client"

	"github.com/rakmigrate/rakmigrate/internal/safetext"
	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/secrets"
)

// Catalog maps a request to the permission it needs (*permissions.Catalog).
type Catalog interface {
	Lookup(method, path string) (permissions.Match, bool)
}

// Status is what a probe showed about one permission.
type Status string

const (
	Granted  Status = "granted"   // the read-only call succeeded
	Denied   Status = "denied"    // Stripe answered 403
	CantTell Status = "cant_tell" // no harmless read shows it (write-only rows, no list endpoint)
	Failed   Status = "error"     // the call failed for another reason
)

// Result is the verdict for one permission.
type Result struct {
	Permission string `json:"permission"`
	// Account is set for a probe of the key's Connect column: the call was
	// made on this connected account (Stripe-Account header).
	Account string `json:"account,omitempty"`
	// InManifest: the manifest grants it (expected granted); otherwise it is
	// a probe just outside the manifest (expected denied).
	InManifest bool   `json:"in_manifest"`
	Status     Status `json:"status"`
	// OK says whether the status is what the manifest expects.
	OK        bool     `json:"ok"`
	Probe     string   `json:"probe,omitempty"`       // "GET /v1/customers"
	Named     []string `json:"named,omitempty"`       // permissions Stripe's 403 named
	Kind      string   `json:"denial_kind,omitempty"` // specific | generic | not_grantable | connect_missing
	RequestID string   `json:"request_id,omitempty"`
	Note      string   `json:"note,omitempty"`
}

// Options tune Verify.
type Options struct {
	Catalog     Catalog
	ParseDenial func(message string) permissions.Denial
	// Outside is how many permissions absent from the manifest to probe,
	// expecting 403s; 0 probes none.
	Outside int
	// Connect lists the manifest's permissions that Connect traffic needs;
	// with ConnectAccount set they are probed again on that connected
	// account, which only the key's Connect column can allow.
	Connect        []permissions.Permission
	ConnectAccount string
}

// ErrKeyRejected is returned when Stripe refuses the key itself (401): no
// probe can say anything about permissions then.
var ErrKeyRejected = errors.New("the API rejected the key (401)")

// ErrUnreachable is returned when no answer comes back at all (connection
// refused, DNS, TLS): verify stops instead of failing every probe alike.
var ErrUnreachable = errors.New("the API did not answer")

// Verify probes each permission of the manifest with a harmless read-only
// call, then a few just outside it. It never writes.
func Verify(ctx context.Context, sc *client.API, manifest []permissions.Permission, opt Options) ([]Result, error) {
	if opt.Catalog == nil || opt.ParseDenial == nil {
		return nil, errors.New("verify: a catalog and a 403 parser are required")
	}
	probes := probeIndex(opt.Catalog)
	granted := permissions.NewSet(manifest...)
	sorted := append([]permissions.Permission(nil), manifest...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].String() < sorted[j].String() })

	var out []Result
	probed := map[string]bool{}
	for _, p := range sorted {
		r := Result{Permission: p.String(), InManifest: true}
		pr, ok := probes[p.Resource]
		switch {
		case !ok && p.Access == permissions.Write:
			r.Status, r.Note = CantTell, "no read-only call needs this permission; only a write would show it, and verify never writes"
		case !ok:
			r.Status, r.Note = CantTell, "no harmless read-only call maps to this permission"
		default:
			if probed[p.Resource] {
				continue // customer_read and customer_write share one probe
			}
			probed[p.Resource] = true
			if err := run(ctx, sc, pr, &r, opt); err != nil {
				return out, err
			}
			if p.Access == permissions.Write && r.Status == Granted {
				r.Note = "read verified; the write side is never exercised (probes are read-only)"
			}
		}
		r.OK = r.Status == Granted || r.Status == CantTell
		if r.Status == Denied && len(r.Named) > 0 && !contains(r.Named, p.String()) {
			r.Note = fmt.Sprintf("Stripe asks for %v for %s, not %s: check the catalog mapping", r.Named, r.Probe, p)
		}
		out = append(out, r)
	}

	if opt.ConnectAccount != "" {
		rs, err := verifyConnect(ctx, sc, probes, opt)
		out = append(out, rs...)
		if err != nil {
			return out, err
		}
	}

	left := opt.Outside
	for _, pr := range Probes {
		if left <= 0 {
			break
		}
		perm, ok := probePermission(opt.Catalog, pr)
		if !ok || granted.Allows(perm) || probed[perm.Resource] {
			continue
		}
		probed[perm.Resource] = true
		left--
		r := Result{Permission: perm.String()}
		if err := run(ctx, sc, pr, &r, opt); err != nil {
			return out, err
		}
		r.OK = r.Status == Denied
		if r.Status == Granted {
			r.Note = "the key can read this but the manifest does not grant it: the key is broader than the manifest"
		}
		out = append(out, r)
	}
	return out, nil
}

// verifyConnect probes the Connect column: each Connect permission's read on
// opt.ConnectAccount.
func verifyConnect(ctx context.Context, sc *client.API, probes map[string]Probe, opt Options) ([]Result, error) {
	sorted := append([]permissions.Permission(nil), opt.Connect...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].String() < sorted[j].String() })
	var out []Result
	probed := map[string]bool{}
	for _, p := range sorted {
		if probed[p.Resource] {
			continue
		}
		probed[p.Resource] = true
		r := Result{Permission: p.String(), InManifest: true, Account: opt.ConnectAccount}
		pr, ok := probes[p.Resource]
		switch {
		case !ok:
			r.Status, r.Note = CantTell, "no harmless read-only call maps to this permission"
		case isDirect(opt.Catalog, pr):
			r.Status, r.Note = CantTell, "a Direct permission: no restricted key can use it on a connected account"
		default:
			if err := run(ctx, sc, pr, &r, opt); err != nil {
				return out, err
			}
		}
		r.OK = r.Status == Granted || r.Status == CantTell
		out = append(out, r)
	}
	return out, nil
}

func isDirect(c Catalog, pr Probe) bool {
	m, ok := c.Lookup(http.MethodGet, pr.Path)
	return ok && m.Operation.Direct
}

// run makes one probe call and fills r.
func run(ctx context.Context, sc *client.API, pr Probe, r *Result, opt Options) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.Probe = "GET " + pr.Path
	err := pr.Call(ctx, sc, r.Account)
	if err == nil {
		r.Status = Granted
		return nil
	}
	var se *stripe.Error
	if !errors.As(err, &se) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var ue *url.Error
		if errors.As(err, &ue) {
			// Nothing answered: every other probe would fail the same way.
			return fmt.Errorf("%w (%s)", ErrUnreachable, secrets.Redact(ue.Err.Error()))
		}
		r.Status, r.Note = Failed, secrets.Redact(err.Error())
		return nil
	}
	r.RequestID = se.RequestID
	switch se.HTTPStatusCode {
	case http.StatusUnauthorized:
		return fmt.Errorf("%w: %s", ErrKeyRejected, secrets.Redact(safetext.Clean(se.Msg)))
	case http.StatusForbidden:
		d := opt.ParseDenial(se.Msg)
		r.Status, r.Kind = Denied, string(d.Kind)
		for _, p := range d.Permissions {
			r.Named = append(r.Named, p.String())
		}
		if d.Kind == permissions.DenialNone {
			r.Note = secrets.Redact(safetext.Clean(se.Msg))
		}
	default:
		r.Status = Failed
		r.Note = secrets.Redact(safetext.Clean(fmt.Sprintf("HTTP %d: %s", se.HTTPStatusCode, se.Msg)))
	}
	return nil
}

// probeIndex maps each resource to the first probe whose GET needs its read.
func probeIndex(c Catalog) map[string]Probe {
	idx := map[string]Probe{}
	for _, pr := range Probes {
		if p, ok := probePermission(c, pr); ok {
			if _, dup := idx[p.Resource]; !dup {
				idx[p.Resource] = pr
			}
		}
	}
	return idx
}

// probePermission is the read permission the catalog says the probe needs.
func probePermission(c Catalog, pr Probe) (permissions.Permission, bool) {
	m, ok := c.Lookup(http.MethodGet, pr.Path)
	if !ok || m.Operation.Permission.Resource == "" ||
		(m.Operation.Resolution != "" && m.Operation.Resolution != permissions.Resolved) {
		return permissions.Permission{}, false
	}
	return m.Operation.Permission, true
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
