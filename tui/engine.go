package tui

import (
	"context"
	"time"

	"github.com/rakmigrate/rakmigrate/migrate"
)

// Engine is everything the wizard asks of the migration engine. The command
// layer implements it on top of package migrate (cmd/rakmigrate/wizard.go);
// tests pass a fake. Keeping the seam here lets each screen be tested
// without reading a single log.
type Engine interface {
	// Resolve turns what a user typed (a path, a glob, a directory, "-")
	// into the sources it names, or says in plain words why it cannot.
	Resolve(arg string) ([]Source, error)
	// Demo returns the bundled sample: the usage log to propose from and the
	// 403 log of a test run to iterate on.
	Demo() (usage []Source, denials []Source, err error)
	// Ingest reads sources in the background, calling progress as it goes
	// (from another goroutine; the wizard forwards it as messages).
	Ingest(ctx context.Context, sources []Source, progress func(Progress)) (*Ingested, error)
	// Propose turns everything ingested (each batch of sources the user
	// added) into one manifest.
	Propose(ins []*Ingested, name string) (*migrate.Manifest, error)
	// Watch follows a live `stripe logs tail`, handing over what it read
	// every so often (each window's 403s appear while the tail runs) until
	// ctx ends or the tail stops.
	Watch(ctx context.Context, every time.Duration, window func(*Ingested)) error
	// Denials reads the 403s in ingested test-run logs.
	Denials(in *Ingested) []Denial
	// ParseDenial reads one pasted 403 message.
	ParseDenial(message string) Denial
	// Apply folds one test run into the manifest as a round: the logs read
	// (their 403s, and the calls they prove work) and any pasted denials.
	// A run without 403s is recorded too: it is what the live gate's soak
	// counts.
	Apply(m *migrate.Manifest, runs []*Ingested, pasted []Denial) (migrate.Round, error)
	// Exclude leaves a permission out of the key, keeping it listed with the
	// reason; Include forces one in (or back in) with a reason.
	Exclude(m *migrate.Manifest, name, reason string) error
	Include(m *migrate.Manifest, name, reason string) error
	// Matrix groups the key's permissions like the Dashboard's form.
	Matrix(m *migrate.Manifest) []MatrixGroup
	// PrefillLink is the Dashboard link that creates the key with its
	// permissions ticked; Checklist is what to compare the form against.
	PrefillLink(m *migrate.Manifest) string
	Checklist(m *migrate.Manifest) []string
	// Plan writes the live-mode plan, or says why the gate is closed.
	Plan(m *migrate.Manifest) (*PlanResult, error)
	// Save writes the manifest atomically.
	Save(m *migrate.Manifest, path string) error
}

// SourceKind says where requests come from.
type SourceKind string

const (
	SourceFile  SourceKind = "file"  // a log file (plain or .gz)
	SourceStdin SourceKind = "stdin" // the pipe the wizard was started on
	SourceTail  SourceKind = "tail"  // a live `stripe logs tail`
	SourceDemo  SourceKind = "demo"  // the bundled sample
)

// Source is one input the user added.
type Source struct {
	Kind SourceKind
	Name string // path, "-", or a label for tail/demo
	// Opaque is the engine's own handle for the source (e.g. its
	// logparse.Input); the wizard passes it back untouched.
	Opaque any
}

// Progress is a snapshot of an ingest in flight: one batch of sources read
// together, so counts and bytes cover the whole batch.
type Progress struct {
	Source   string // Source.Name being read
	Format   string // detected format, "" until known
	Requests int    // requests counted so far
	Skipped  int    // malformed records skipped
	Done     int64  // bytes read so far, for the bar; 0 when unknown
	Total    int64  // bytes in the batch, 0 when unknown (pipes, tails)
	Problem  string // the latest malformed record, in plain words
}

// Ingested is the outcome of one ingest, kept for Propose and Denials.
type Ingested struct {
	Stats  []SourceStat
	Usage  any // the engine's aggregate; opaque to the wizard
	Denied int // 403s among the requests
}

// SourceStat is the final tally of one source.
type SourceStat struct {
	Name     string
	Format   string
	Requests int
	Skipped  int
	Problems []string
}

// Denial is one 403 with the fix the engine proposes for it.
type Denial struct {
	Request string // "POST /v1/refunds", or "" when only a message is known
	Message string // the 403 text as Stripe wrote it
	Kind    string // specific | generic | not_grantable | connect_missing | unknown
	Fix     []string
	// Advice is what to do when Fix is empty.
	Advice string
	// Opaque is the engine's own record of the denial.
	Opaque any
}

// MatrixGroup is one section of the Dashboard's permission form.
type MatrixGroup struct {
	Name string
	Rows []MatrixRow
}

// MatrixRow is one Dashboard row and what the key grants on it.
type MatrixRow struct {
	Label    string
	Resource string
	Access   string // "none" | "read" | "write"
	CanRead  bool
	CanWrite bool
	Known    bool // false: Stripe does not list this name
}

// PlanResult is the live-mode plan, or the gate's reasons when closed.
type PlanResult struct {
	Markdown string
	JSON     []byte
	// Gate lists every reason the live plan is refused; empty when open.
	Gate []string
}
