package permissions

// This file is the package's contract with the rest of rakmigrate: the types
// other packages use. The catalog data, matching, names and 403 parsing live
// in the other files of the package.

// Provenance says where a mapping comes from. The catalog never hides
// uncertainty: a derived mapping says so.
type Provenance string

const (
	Documented Provenance = "documented" // Stripe's permissions reference states it
	Observed   Provenance = "observed"   // seen in a real 403 text
	Derived    Provenance = "derived"    // follows from a rule (path prefix → stem, GET → read)
	Override   Provenance = "override"   // a user's catalog overrides file says so
)

// Resolution says whether an operation maps to a grantable permission.
type Resolution string

const (
	Resolved     Resolution = "resolved"      // Permission is set
	Unknown      Resolution = "unknown"       // nobody knows yet; Note says why
	NotGrantable Resolution = "not_grantable" // restricted keys cannot call it at all
)

// Operation is one API operation of the catalog.
type Operation struct {
	Method     string // "GET", "POST", "DELETE"
	Template   string // "/v1/customers/{customer}"
	Permission Permission
	Resolution Resolution
	Provenance Provenance
	Direct     bool   // the permission cannot authorise Connect (Stripe-Account) calls
	Note       string // where the mapping comes from, or why it is unknown
}

// Match is the answer to a lookup of one request.
type Match struct {
	Operation Operation
	// Expand holds the read permissions that the request's expand[] parameters
	// add (provenance derived).
	Expand []Permission
	// ExpandUnresolved lists the expand[] values whose target the catalog
	// cannot determine, each as "value: why" (e.g. a polymorphic field).
	ExpandUnresolved []string
}

// DenialKind classifies a 403 message.
type DenialKind string

const (
	DenialSpecific       DenialKind = "specific"        // names the permissions that would allow it
	DenialGeneric        DenialKind = "generic"         // "Having more permissions would allow…": unknown which
	DenialNotGrantable   DenialKind = "not_grantable"   // restricted keys can never make this call
	DenialConnectMissing DenialKind = "connect_missing" // the key has no Connect permissions at all
	DenialNone           DenialKind = ""                // not a permission message
)

// Denial is what a 403 message says.
type Denial struct {
	Kind        DenialKind
	Permissions []Permission // for DenialSpecific: the names the message gives
	// AnyOf is set when the message names several permissions: rakmigrate
	// reads them as alternatives, any one of which allows the request (see
	// the reasoning in denial.go). Do not grant them all.
	AnyOf   bool
	Labels  []string // Dashboard labels the message quoted, when it did
	Account string   // "acct_…" the message named, when it did
}
