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
	Permissions []Permission // for DenialSpecific: any one of them allows the request
	Labels      []string     // Dashboard labels the message quoted, when it did
	Account     string       // "acct_…" the message named, when it did
}
