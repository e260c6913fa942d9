package migrate

import (
	"sort"
	"strings"
	"time"

	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/permissions"
)

// Observed403 is one distinct permission denial seen in the logs: identical
// denials (same operation, same answer) collapse into one with a count.
type Observed403 struct {
	// Request is the latest request that got this denial (its error message
	// redacted). Method and Path are empty for bare records from application
	// logs, where only the message is known.
	Request logparse.Request
	// Denial is what the 403 text says; Kind is DenialNone when the log had no text.
	Denial permissions.Denial
	// Match is the catalog's answer for the request (Mapped false when none).
	Match  permissions.Match
	Mapped bool
	Count  int
	First  time.Time
	Last   time.Time
}

// Operation is "POST /v1/refunds" (the catalog template when mapped), or "" for a bare record.
func (o Observed403) Operation() string {
	if o.Mapped {
		return o.Match.Operation.Method + " " + o.Match.Operation.Template
	}
	return opName(o.Request.Method, o.Request.Path)
}

// where renders the example request for evidence: "req_… at app.log:12".
func (o Observed403) where() string {
	var parts []string
	if o.Request.RequestID != "" {
		parts = append(parts, o.Request.RequestID)
	}
	if pos := o.Request.Pos.String(); pos != "" {
		parts = append(parts, "at "+pos)
	}
	return strings.Join(parts, " ")
}

func denialKey(kind permissions.DenialKind, ps []permissions.Permission, op string, connect bool) string {
	var b strings.Builder
	b.WriteString(string(kind))
	b.WriteByte('|')
	for _, p := range ps {
		b.WriteString(p.String())
		b.WriteByte(',')
	}
	b.WriteByte('|')
	b.WriteString(op)
	if connect {
		b.WriteString("|connect")
	}
	return b.String()
}

func (t *tally) addDenial(r logparse.Request, look lookedUp) {
	var d permissions.Denial
	if look.text != nil {
		d = look.text.denial
		// Keep only a redacted copy of the message: it names a masked key.
		e := *r.Error
		e.Message = look.text.redacted
		r.Error = &e
	}
	op := opName(r.Method, r.Path)
	switch {
	case look.found && look.match.Operation.Template != "":
		op = look.match.Operation.Method + " " + look.match.Operation.Template
	case look.path != "":
		op = opName(r.Method, look.path) // one entry per unknown endpoint, not per object
	}
	key := denialKey(d.Kind, d.Permissions, op, r.Account != "")
	o, ok := t.denials[key]
	if !ok {
		if len(t.denials) >= maxDenials {
			t.denialOvf++
			return
		}
		o = &Observed403{Denial: d, Match: look.match, Mapped: look.mapped}
		t.denials[key] = o
	}
	o.Count++
	if o.Count == 1 || !r.Time.Before(o.Last) {
		o.Request = r
	}
	logparse.Widen(&o.First, &o.Last, r.Time)
}

// DenialsFrom returns the distinct 403s gathered while u was built, in a
// stable order (operation, then kind).
func DenialsFrom(u *Usage) []Observed403 { return u.all.denialList() }

func (t *tally) denialList() []Observed403 {
	out := make([]Observed403, 0, len(t.denials))
	for _, o := range t.denials {
		out = append(out, *o)
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Operation() != b.Operation() {
			return a.Operation() < b.Operation()
		}
		return denialKey(a.Denial.Kind, a.Denial.Permissions, "", a.Request.Account != "") <
			denialKey(b.Denial.Kind, b.Denial.Permissions, "", b.Request.Account != "")
	})
	return out
}

// DenialCount is the number of 403s seen (not distinct).
func (u *Usage) DenialCount() int {
	n := u.all.denialOvf
	for _, o := range u.all.denials {
		n += o.Count
	}
	return n
}

// needed resolves a denial to the permission that fixes it, given what is
// already granted: the one the 403 names (preferring the catalog's when it
// names several), else the catalog's mapping of the request. ok is false when
// the denial cannot be fixed by a permission.
func (o Observed403) needed(granted permissions.Set) (p permissions.Permission, ok bool) {
	switch o.Denial.Kind {
	case permissions.DenialSpecific:
		for _, q := range o.Denial.Permissions {
			if granted.Allows(q) {
				return q, true
			}
		}
		if o.Mapped {
			for _, q := range o.Denial.Permissions {
				if q == o.Match.Operation.Permission {
					return q, true
				}
			}
		}
		return o.Denial.Permissions[0], true
	case permissions.DenialNone, permissions.DenialGeneric:
		// No name in the text (or "more permissions"): the catalog's mapping of
		// the request, unless the key already has it, in which case the 403
		// asks for something the catalog does not know.
		if o.Mapped && (o.Denial.Kind == permissions.DenialNone || !granted.Allows(o.Match.Operation.Permission)) {
			return o.Match.Operation.Permission, true
		}
	}
	return permissions.Permission{}, false
}
