package migrate

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// Kinds of unresolved denials.
const (
	UnresolvedGeneric         = "generic"          // Stripe did not say which permission
	UnresolvedNotGrantable    = "not_grantable"    // restricted keys can never make the call
	UnresolvedConnectMissing  = "connect_missing"  // the key has no Connect permissions
	UnresolvedUnknownEndpoint = "unknown_endpoint" // no text, and the catalog does not know the call
	UnresolvedKeyOutdated     = "key_outdated"     // the manifest grants it, the key in use does not
	UnresolvedDirectConnect   = "direct_connect"   // a Direct permission used on a connected account
)

// RoundInput is what a round read besides its 403s: it identifies the input
// (so a re-run is a no-op) and bounds the time it covers (for the soak).
type RoundInput struct {
	Requests    int
	First, Last time.Time
	// Confirmed lists unmapped operations ("GET /v1/x") the key answered with 2xx.
	Confirmed []string
	// Sources name the logs read (recorded in the round, not fingerprinted:
	// the same content under another name is the same input).
	Sources []string
}

// Iterate folds the 403s of a test run (u, from Ingest) into m as a new round.
// It returns the round, and changed=false when the same input was already
// folded in (nothing is modified: re-running is idempotent).
func (m *Manifest) Iterate(u *Usage, now time.Time) (Round, bool, error) {
	in := RoundInput{Requests: u.Requests()}
	in.First, in.Last = u.Window()
	for _, un := range u.all.unmapped {
		if un.ok > 0 {
			in.Confirmed = append(in.Confirmed, un.method+" "+un.path)
		}
	}
	sort.Strings(in.Confirmed)
	for _, s := range u.Sources {
		in.Sources = append(in.Sources, s.Path)
	}
	return m.applyRound(DenialsFrom(u), in, now)
}

// ApplyDenials folds 403s gathered elsewhere (the wizard's live feed, the
// proxy) into m as a new round; like Iterate it is idempotent.
func (m *Manifest) ApplyDenials(ds []Observed403, now time.Time) (Round, bool, error) {
	in := RoundInput{}
	for _, d := range ds {
		in.Requests += d.Count
		if !d.First.IsZero() && (in.First.IsZero() || d.First.Before(in.First)) {
			in.First = d.First
		}
		if d.Last.After(in.Last) {
			in.Last = d.Last
		}
	}
	return m.applyRound(ds, in, now)
}

// Grant adds permissions by hand in a new round (reason override), e.g. to
// answer a generic 403 after looking the endpoint up. Idempotent too.
func (m *Manifest) Grant(ps []permissions.Permission, why string, now time.Time) (Round, bool, error) {
	granted := m.Granted()
	r := Round{N: len(m.Rounds) + 1, At: now.UTC()}
	var names []string
	for _, p := range ps {
		names = append(names, p.String())
		if granted.Add(p) {
			m.upsert(p, ReasonOverride, nil, false, "added by hand: "+why)
			r.Added = append(r.Added, Addition{Name: p.String(), From: "added by hand (" + why + ")"})
		}
	}
	if len(r.Added) == 0 {
		return Round{}, false, nil
	}
	r.Input = "grant:" + strings.Join(names, ",")
	m.Rounds = append(m.Rounds, r)
	sortEntries(m.Permissions)
	return r, true, nil
}

func fingerprint(ds []Observed403, in RoundInput) string {
	h := sha256.New()
	fmt.Fprintf(h, "%d|%d|%d|", in.Requests, in.First.UnixNano(), in.Last.UnixNano())
	for _, c := range in.Confirmed {
		fmt.Fprintf(h, "c:%s|", c)
	}
	for _, d := range ds {
		fmt.Fprintf(h, "%s|%d|%s|%d|", denialKey(d.Denial.Kind, d.Denial.Permissions, d.Operation(), d.Request.Account != ""),
			d.Count, d.Request.RequestID, d.Last.UnixNano())
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))[:16]
}

func (m *Manifest) applyRound(ds []Observed403, in RoundInput, now time.Time) (Round, bool, error) {
	if m.Mode != ModeTest {
		return Round{}, false, errorf("manifest %s is in %s mode: rounds of 403s belong to the test key", m.Name, m.Mode)
	}
	fp := fingerprint(ds, in)
	for _, r := range m.Rounds {
		if r.Input == fp {
			return r, false, nil
		}
	}
	grantedBefore := m.Granted()
	var added permissions.Set
	r := Round{N: len(m.Rounds) + 1, At: now.UTC(), Input: fp, Sources: in.Sources, Requests: in.Requests,
		ObservedFrom: in.First.UTC(), ObservedTo: in.Last.UTC()}
	if in.First.IsZero() {
		r.ObservedFrom, r.ObservedTo = time.Time{}, time.Time{}
	}
	unresolved := map[string]*UnresolvedDenial{}
	note := func(kind, req string, d Observed403, todo string) {
		key := kind + "|" + req
		u, ok := unresolved[key]
		if !ok {
			u = &UnresolvedDenial{Kind: kind, Request: req, Example: d.where(), Todo: todo}
			unresolved[key] = u
		}
		u.Count += d.Count
		if d.Last.After(u.Last) {
			u.Last = d.Last.UTC()
		}
	}
	// Staleness compares log times with log times only (never the wall
	// clock: logs may come from anywhere, fixtures from any date).
	//
	// fixedBy: a 403 for p no later than the logs of the round that added p
	// is the 403 that round fixed.
	fixedBy := func(d Observed403, p permissions.Permission) bool {
		if d.Last.IsZero() {
			return false
		}
		for _, prev := range m.Rounds {
			for _, a := range prev.Added {
				if a.Name == p.String() && !prev.ObservedTo.IsZero() && !d.Last.After(prev.ObservedTo) {
					return true
				}
			}
		}
		return false
	}
	// reportedBefore: an unresolved 403 already listed by an earlier round
	// (its logs ran at least this far) and followed by a change to the key
	// is old news, not a new refusal.
	reportedBefore := func(d Observed403, kind, op string) bool {
		if d.Last.IsZero() {
			return false
		}
		for i, prev := range m.Rounds {
			for _, u := range prev.Unresolved {
				if u.Kind == kind && u.Request == op && !prev.ObservedTo.IsZero() && !d.Last.After(prev.ObservedTo) && changedAfter(m.Rounds[i+1:]) {
					return true
				}
			}
		}
		return false
	}

	for _, d := range ds {
		r.Denials += d.Count
		op := orUnknown(d.Operation())
		if d.Request.Account != "" && d.Mapped && d.Match.Operation.Direct && d.Denial.Kind != permissions.DenialConnectMissing {
			note(UnresolvedDirectConnect, op, d, fmt.Sprintf("%s is a Direct permission: no restricted key can make this call on a connected account; make it without Stripe-Account, or keep it on a secret key", d.Match.Operation.Permission))
			continue
		}
		p, ok := d.needed(grantedBefore.Union(added))
		switch {
		case ok && grantedBefore.Allows(p):
			if fixedBy(d, p) {
				r.Stale += d.Count
				continue
			}
			note(UnresolvedKeyOutdated, op, d, fmt.Sprintf("the manifest grants %s but the key was refused after the last change: update the key in the Dashboard (compare it with `rakmigrate report -m …` checklist), then test again", p))
		case ok:
			if added.Add(p) {
				r.Added = append(r.Added, Addition{Name: p.String(), From: fromText(d)})
			}
			m.upsert(p, Reason403, &Evidence{Operation: op, Count: d.Count, LastSeen: d.Last.UTC(), Request: d.Request.RequestID,
				At: d.Request.Pos.String(), Provenance: string(permissions.Observed)}, d.Request.Account != "", anyOfNote(d))
			if d.Denial.Kind == permissions.DenialSpecific {
				m.trustStripesName(p)
			}
		default:
			kind, todo := unresolvedAdvice(d, m)
			if reportedBefore(d, kind, op) {
				r.Stale += d.Count
				continue
			}
			note(kind, op, d, todo)
		}
	}
	for _, c := range in.Confirmed {
		for i := range m.Unmapped {
			if m.Unmapped[i].Request == c && m.Unmapped[i].Confirmed == "" {
				m.Unmapped[i].Confirmed = fmt.Sprintf("round %d: answered 2xx to the restricted key", r.N)
			}
		}
	}
	for _, u := range unresolved {
		r.Unresolved = append(r.Unresolved, *u)
	}
	sort.Slice(r.Unresolved, func(i, j int) bool {
		if r.Unresolved[i].Kind != r.Unresolved[j].Kind {
			return r.Unresolved[i].Kind < r.Unresolved[j].Kind
		}
		return r.Unresolved[i].Request < r.Unresolved[j].Request
	})
	sort.Slice(r.Added, func(i, j int) bool { return r.Added[i].Name < r.Added[j].Name })
	sortEntries(m.Permissions)
	m.Rounds = append(m.Rounds, r)
	return r, true, nil
}

func fromText(d Observed403) string {
	s := "403 on " + d.Operation()
	if d.Operation() == "" {
		s = "403 text"
	}
	if w := d.where(); w != "" {
		s += " (" + w + ")"
	}
	if d.Count > 1 {
		s += fmt.Sprintf(", %d times", d.Count)
	}
	switch d.Denial.Kind {
	case permissions.DenialGeneric:
		s += "; the text names no permission, the catalog maps the call"
	case permissions.DenialNone:
		s += "; no 403 text in the log, the catalog maps the call"
	}
	if len(d.Denial.Permissions) > 1 {
		s += "; any of " + permList(d.Denial.Permissions) + " allows it"
	}
	return s
}

func anyOfNote(d Observed403) string {
	if len(d.Denial.Permissions) > 1 {
		return "the 403 accepts any of: " + permList(d.Denial.Permissions)
	}
	return ""
}

// unresolvedAdvice says what to do about a 403 no permission fixes.
func unresolvedAdvice(d Observed403, m *Manifest) (kind, todo string) {
	switch d.Denial.Kind {
	case permissions.DenialNotGrantable:
		return UnresolvedNotGrantable, "restricted keys cannot make this call at all: keep it on a separate secret key kept server-side in a secrets manager, or change the integration to avoid it"
	case permissions.DenialConnectMissing:
		var names []string
		for _, p := range m.Permissions {
			if p.Connect {
				names = append(names, p.Name)
			}
		}
		todo := "the key has no Connect permissions: in the Dashboard, grant the key's Connect column"
		if len(names) > 0 {
			todo += " for " + strings.Join(names, ", ")
		} else {
			todo += " for the permissions this call needs"
		}
		return UnresolvedConnectMissing, todo
	case permissions.DenialGeneric:
		return UnresolvedGeneric, "Stripe did not say which permission is missing: look the endpoint up in Stripe's API permissions reference (docs.stripe.com/keys/permissions-reference), then `rakmigrate iterate -m … --add NAME`"
	}
	return UnresolvedUnknownEndpoint, "no permission text and the catalog does not know this call: find its permission in Stripe's API permissions reference, then `rakmigrate iterate -m … --add NAME` (or add a catalog override)"
}

// changedAfter reports whether any of rounds added a permission.
func changedAfter(rounds []Round) bool {
	for _, r := range rounds {
		if len(r.Added) > 0 {
			return true
		}
	}
	return false
}

// namedByStripeNote marks a name rakmigrate's list lacks that a 403 text named.
const namedByStripeNote = "named by Stripe's own 403 text but missing from rakmigrate's list of names: check the Dashboard form offers it"

// trustStripesName marks the entry for p known when a 403 text named it:
// Stripe's own words outrank rakmigrate's list.
func (m *Manifest) trustStripesName(p permissions.Permission) {
	for i := range m.Permissions {
		e := &m.Permissions[i]
		if e.Name == p.String() && !e.Known {
			e.Known = true
			e.Note = joinNote(e.Note, namedByStripeNote)
		}
	}
}

// upsert grants p in the manifest: a new entry, or a stronger access on an
// existing resource's entry (customer_read becomes customer_write, keeping its evidence).
func (m *Manifest) upsert(p permissions.Permission, reason string, ev *Evidence, connect bool, note string) {
	var e *PermissionEntry
	for i := range m.Permissions {
		q, err := parsePerm(m.Permissions[i].Name)
		if err == nil && q.Resource == p.Resource {
			e = &m.Permissions[i]
			if q.Access < p.Access {
				label, known := describe(p)
				e.Name, e.Label, e.Known, e.Reason = p.String(), label, known, reason
			}
			break
		}
	}
	if e == nil {
		label, known := describe(p)
		m.Permissions = append(m.Permissions, PermissionEntry{Name: p.String(), Label: label, Known: known, Reason: reason})
		e = &m.Permissions[len(m.Permissions)-1]
	}
	if ev != nil {
		e.Evidence = append(e.Evidence, *ev)
	}
	e.Connect = e.Connect || connect
	if note != "" && !strings.Contains(e.Note, note) {
		e.Note = joinNote(e.Note, note)
	}
}
