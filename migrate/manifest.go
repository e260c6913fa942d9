package migrate

import (
	"time"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// SchemaV1 is the schema this version writes. LoadManifest upgrades older
// manifests (see upgrade.go) in one step.
const SchemaV1 = "rakmigrate.dev/manifest/v1"

// Reasons a permission is in a manifest.
const (
	ReasonObserved = "observed" // a request in the usage logs needs it
	Reason403      = "403"      // a 403 named it (or its endpoint maps to it)
	ReasonOverride = "override" // the user (or a catalog override) put it there
	ReasonExpand   = "expand"   // an expand[] parameter needs read of the expanded object
)

// Modes of a manifest.
const (
	ModeTest = "test"
	ModeLive = "live"
)

// Manifest is what users commit: the proposed key with the evidence for every
// permission, the requests nobody could map, and the history of 403 rounds.
// It never holds a key. YAML and JSON share the field names.
type Manifest struct {
	Schema    string    `yaml:"schema" json:"schema"`
	Name      string    `yaml:"name" json:"name"`
	Mode      string    `yaml:"mode" json:"mode"`
	CreatedAt time.Time `yaml:"created_at" json:"created_at"`
	// Group is set when --split-by produced this manifest: which traffic it covers.
	Group *GroupInfo `yaml:"group,omitempty" json:"group,omitempty"`

	Sources []SourceInfo `yaml:"sources" json:"sources"`
	Window  Window       `yaml:"window" json:"window"`

	Permissions []PermissionEntry `yaml:"permissions" json:"permissions"`
	// Excluded are permissions the logs asked for that the user chose to leave
	// out; they stay listed with their evidence so nothing is dropped silently.
	Excluded []PermissionEntry `yaml:"excluded,omitempty" json:"excluded,omitempty"`
	Unmapped []UnmappedEntry   `yaml:"unmapped,omitempty" json:"unmapped,omitempty"`
	// Incomplete says why the proposal may not be enough; empty when the
	// logs mapped cleanly.
	Incomplete []string `yaml:"incomplete,omitempty" json:"incomplete,omitempty"`

	Connect     *ConnectInfo `yaml:"connect,omitempty" json:"connect,omitempty"`
	IPAllowlist IPJudgement  `yaml:"ip_allowlist" json:"ip_allowlist"`
	Rounds      []Round      `yaml:"rounds,omitempty" json:"rounds,omitempty"`

	// origin remembers the file this manifest was read from and its content,
	// so Save refuses to overwrite changes another run made meanwhile.
	origin origin
}

type origin struct {
	path string
	sum  [32]byte
}

// GroupInfo names the slice of traffic a split manifest covers.
type GroupInfo struct {
	SplitBy string `yaml:"split_by" json:"split_by"` // ip | user-agent | source
	Value   string `yaml:"value" json:"value"`
}

// SourceInfo is one log the usage came from.
type SourceInfo struct {
	Path     string    `yaml:"path" json:"path"`
	Format   string    `yaml:"format" json:"format"`
	Requests int       `yaml:"requests" json:"requests"`
	Skipped  int       `yaml:"skipped,omitempty" json:"skipped,omitempty"`
	First    time.Time `yaml:"first,omitempty" json:"first,omitzero"`
	Last     time.Time `yaml:"last,omitempty" json:"last,omitzero"`
	Test     int       `yaml:"test,omitempty" json:"test,omitempty"`
	Live     int       `yaml:"live,omitempty" json:"live,omitempty"`
	// ClientKey counts requests left out for being made with a publishable
	// or ephemeral key (Stripe.js, a mobile SDK): not the secret key's use.
	ClientKey int `yaml:"client_key_left_out,omitempty" json:"client_key_left_out,omitempty"`
	// Dashboard counts requests left out for being made by a person in the
	// Dashboard (source DASHBOARD): no key made them.
	Dashboard int `yaml:"dashboard_left_out,omitempty" json:"dashboard_left_out,omitempty"`
}

// Window is the stretch of time the usage logs cover.
type Window struct {
	First time.Time `yaml:"first,omitempty" json:"first,omitzero"`
	Last  time.Time `yaml:"last,omitempty" json:"last,omitzero"`
	// Expected is what the user said the window should cover (--window), "" if not said.
	Expected string `yaml:"expected,omitempty" json:"expected,omitempty"`
	// Warning is set when the window is short: rarely run jobs may be missing.
	Warning string `yaml:"warning,omitempty" json:"warning,omitempty"`
}

// PermissionEntry is one permission of the key, with why it is there.
type PermissionEntry struct {
	Name   string `yaml:"name" json:"name"`   // plain spelling: customer_write
	Label  string `yaml:"label" json:"label"` // Dashboard label: "Customers Write"
	Reason string `yaml:"reason" json:"reason"`
	// Known is false when Stripe's list of names does not hold this one (the
	// Dashboard form would silently ignore it).
	Known bool `yaml:"known" json:"known"`
	// Connect is set when Connect (Stripe-Account) traffic needs it: it must
	// also be granted in the key's Connect column.
	Connect  bool       `yaml:"connect,omitempty" json:"connect,omitempty"`
	Note     string     `yaml:"note,omitempty" json:"note,omitempty"`
	Evidence []Evidence `yaml:"evidence,omitempty" json:"evidence,omitempty"`
}

// Evidence is one operation that needs a permission.
type Evidence struct {
	Operation string         `yaml:"operation" json:"operation"` // "POST /v1/payment_intents"
	Count     int            `yaml:"count" json:"count"`
	Statuses  map[string]int `yaml:"statuses,omitempty" json:"statuses,omitempty"` // "2xx": n
	FirstSeen time.Time      `yaml:"first_seen,omitempty" json:"first_seen,omitzero"`
	LastSeen  time.Time      `yaml:"last_seen,omitempty" json:"last_seen,omitzero"`
	// Provenance of the catalog mapping: documented | observed | derived.
	Provenance string `yaml:"provenance,omitempty" json:"provenance,omitempty"`
	Connect    int    `yaml:"connect,omitempty" json:"connect,omitempty"` // requests with Stripe-Account
	// Where the calls came from (up to a few of each, sorted).
	Sources    []string `yaml:"sources,omitempty" json:"sources,omitempty"` // input logs
	IPs        []string `yaml:"ips,omitempty" json:"ips,omitempty"`         // source IPs
	Origins    []string `yaml:"origins,omitempty" json:"origins,omitempty"` // API | DASHBOARD | …
	UserAgents []string `yaml:"user_agents,omitempty" json:"user_agents,omitempty"`
	Request    string   `yaml:"request,omitempty" json:"request,omitempty"` // a request id, for 403 evidence
	At         string   `yaml:"at,omitempty" json:"at,omitempty"`           // file:line of that request
}

// UnmappedEntry is an operation no catalog entry covers: the proposal cannot
// say which permission it needs, so it is listed, never dropped.
type UnmappedEntry struct {
	Request   string    `yaml:"request" json:"request"` // "GET /v1/something_new"
	Count     int       `yaml:"count" json:"count"`
	LastSeen  time.Time `yaml:"last_seen,omitempty" json:"last_seen,omitzero"`
	Reason    string    `yaml:"reason,omitempty" json:"reason,omitempty"`   // unknown | not_grantable | …
	Nearest   string    `yaml:"nearest,omitempty" json:"nearest,omitempty"` // closest catalog template
	Note      string    `yaml:"note,omitempty" json:"note,omitempty"`
	Confirmed string    `yaml:"confirmed,omitempty" json:"confirmed,omitempty"` // how a test run proved the key covers it
}

// ConnectInfo summarises Connect traffic (requests with a Stripe-Account header).
type ConnectInfo struct {
	Requests int      `yaml:"requests" json:"requests"`
	Accounts int      `yaml:"accounts" json:"accounts"`
	Advice   string   `yaml:"advice" json:"advice"`
	Problems []string `yaml:"problems,omitempty" json:"problems,omitempty"`
}

// IPJudgement is what the source IPs say about an IP allowlist.
type IPJudgement struct {
	Observed []IPSeen `yaml:"observed" json:"observed"`
	Stable   bool     `yaml:"stable" json:"stable"`
	Advice   string   `yaml:"advice" json:"advice"`
}

// IPSeen is one source IP and how it was seen.
type IPSeen struct {
	IP        string    `yaml:"ip" json:"ip"`
	Requests  int       `yaml:"requests" json:"requests"`
	FirstSeen time.Time `yaml:"first_seen,omitempty" json:"first_seen,omitzero"`
	LastSeen  time.Time `yaml:"last_seen,omitempty" json:"last_seen,omitzero"`
}

// Round is one pass of 403s folded into the manifest (rakmigrate iterate).
type Round struct {
	N  int       `yaml:"round" json:"round"`
	At time.Time `yaml:"at" json:"at"`
	// Input identifies what was read, so re-running on the same input is a no-op.
	Input string `yaml:"input" json:"input"`
	// Sources are the logs the round read.
	Sources  []string `yaml:"sources,omitempty" json:"sources,omitempty"`
	Requests int      `yaml:"requests" json:"requests"` // requests read in this round's logs
	Denials  int      `yaml:"denials" json:"denials"`   // 403s among them
	// ObservedFrom/To bound the request times of the round's logs.
	ObservedFrom time.Time          `yaml:"observed_from,omitempty" json:"observed_from,omitzero"`
	ObservedTo   time.Time          `yaml:"observed_to,omitempty" json:"observed_to,omitzero"`
	Added        []Addition         `yaml:"added,omitempty" json:"added,omitempty"`
	Unresolved   []UnresolvedDenial `yaml:"unresolved,omitempty" json:"unresolved,omitempty"`
	// Stale counts 403s already dealt with: no later than the logs of the
	// round that fixed them, or already listed by a round the key changed after.
	Stale int `yaml:"stale,omitempty" json:"stale,omitempty"`
}

// Addition is a permission a round added, and the 403 that asked for it.
type Addition struct {
	Name string `yaml:"name" json:"name"`
	From string `yaml:"from" json:"from"` // "403 on POST /v1/refunds (req_…) at app.log:12"
}

// UnresolvedDenial is a 403 no added permission fixes, with what to do.
type UnresolvedDenial struct {
	Kind    string    `yaml:"kind" json:"kind"`       // generic | not_grantable | connect_missing | unknown_endpoint | key_outdated
	Request string    `yaml:"request" json:"request"` // "POST /v1/refunds" or the message when no request is known
	Count   int       `yaml:"count" json:"count"`
	Last    time.Time `yaml:"last,omitempty" json:"last,omitzero"`
	Example string    `yaml:"example,omitempty" json:"example,omitempty"` // req id and file:line
	Todo    string    `yaml:"todo" json:"todo"`
}

// Granted is the set of permissions the manifest's key grants.
func (m *Manifest) Granted() permissions.Set {
	var s permissions.Set
	for _, p := range m.Permissions {
		if perm, err := permissions.ParsePermission(p.Name); err == nil {
			s.Add(perm)
		}
	}
	return s
}

// entry returns the permission entry with name, or nil.
func (m *Manifest) entry(name string) *PermissionEntry {
	for i := range m.Permissions {
		if m.Permissions[i].Name == name {
			return &m.Permissions[i]
		}
	}
	return nil
}

// LastChange is when the key's permissions last changed: the latest round
// that added a permission, or the manifest's creation.
func (m *Manifest) LastChange() time.Time {
	t := m.CreatedAt
	for _, r := range m.Rounds {
		if len(r.Added) > 0 && r.At.After(t) {
			t = r.At
		}
	}
	return t
}
