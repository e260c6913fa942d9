package proxy

import (
	"github.com/rakmigrate/rakmigrate/permissions"
)

// Catalog maps a request to the operation and permission it needs.
// *permissions.Catalog satisfies it. path may carry "?query" so that expand[]
// parameters count.
type Catalog interface {
	Lookup(method, path string) (permissions.Match, bool)
}

// Policy is what the rehearsed key grants: the permissions of its main column
// and of its Connect column (used for requests with a Stripe-Account header).
type Policy struct {
	Granted permissions.Set
	Connect permissions.Set
}

// Decision is the policy's answer for one request.
type Decision struct {
	Allowed bool
	// Kind is the 403 Stripe would send when not allowed.
	Kind permissions.DenialKind
	// Missing lists the permissions that would allow the request (Kind specific).
	Missing []permissions.Permission
	// Unmapped is set when the catalog has no operation for the request: the
	// proxy cannot tell which permission it needs, so it denies generically.
	Unmapped bool
	// Operation is "GET /v1/customers/{customer}" when the catalog knows it.
	Operation string
}

// Decide answers whether the key may make the request. account is the
// Stripe-Account header ("" when absent).
func (p *Policy) Decide(c Catalog, method, path, query, account string) Decision {
	lookup := path
	if query != "" {
		lookup += "?" + query
	}
	m, ok := c.Lookup(method, lookup)
	if !ok {
		return Decision{Kind: permissions.DenialGeneric, Unmapped: true}
	}
	op := m.Operation
	d := Decision{Operation: op.Method + " " + op.Template}
	switch {
	case op.Resolution == permissions.NotGrantable:
		d.Kind = permissions.DenialNotGrantable
		return d
	case op.Resolution == permissions.Unknown || op.Permission.Resource == "":
		// The catalog knows the endpoint but not its permission: Stripe's
		// answer to an under-privileged key would name it, we cannot.
		d.Kind = permissions.DenialGeneric
		return d
	}
	granted := p.Granted
	if account != "" {
		// Connect calls are authorised by the Connect column only, and
		// permissions marked Direct can never authorise them.
		if op.Direct || p.Connect.Len() == 0 {
			d.Kind = permissions.DenialConnectMissing
			return d
		}
		granted = p.Connect
	}
	for _, need := range append([]permissions.Permission{op.Permission}, m.Expand...) {
		if !granted.Allows(need) {
			d.Kind = permissions.DenialSpecific
			d.Missing = []permissions.Permission{need}
			return d
		}
	}
	d.Allowed = true
	return d
}
