package migrate

import (
	"fmt"
	"sort"

	"github.com/rakmigrate/rakmigrate/internal/plural"
	"github.com/rakmigrate/rakmigrate/permissions"
)

// Verdicts of the report.
const (
	VerdictUsed     = "used"      // granted, and the logs or a 403 show it is needed
	VerdictUnused   = "unused"    // the secret key granted it; nothing needs it: dropped
	VerdictCantKnow = "cant_know" // granted or needed without proof either way
)

// Report compares the proposed key with the secret key it replaces (which
// grants everything).
type Report struct {
	Name string       `json:"name"`
	Rows []ReportRow  `json:"rows"`
	Sum  ReportTotals `json:"totals"`
}

// ReportRow is one permission and what the evidence says about it.
type ReportRow struct {
	Permission string `json:"permission"`
	Label      string `json:"label"`
	Verdict    string `json:"verdict"`
	Why        string `json:"why"`
}

// ReportTotals is the reduction in plain numbers.
type ReportTotals struct {
	SecretKey int `json:"secret_key_permissions"` // what the secret key grants
	Key       int `json:"restricted_key_permissions"`
	Used      int `json:"used"`
	Unused    int `json:"unused"`
	CantKnow  int `json:"cant_know"`
	// Percent of the secret key's permissions the restricted key drops.
	Reduction float64 `json:"reduction_percent"`
	Summary   string  `json:"summary"`
}

// BuildReport classifies every permission a secret key holds: used (the key
// keeps it, with evidence), can't know (kept without evidence, or a call
// nobody can map), unused (dropped). all is every permission name Stripe
// knows; nil uses the Dashboard form's rows.
func BuildReport(m *Manifest, all []permissions.Permission) Report {
	if all == nil {
		all = formPermissions()
	}
	r := Report{Name: m.Name}
	granted := m.Granted()
	inKey := map[string]PermissionEntry{}
	for _, e := range m.Permissions {
		inKey[e.Name] = e
	}
	var secretCount int
	for _, p := range fullList(all, granted) {
		secretCount++
		label, _ := describe(p)
		row := ReportRow{Permission: p.String(), Label: label}
		e, ok := inKey[p.String()]
		switch {
		case ok && len(e.Evidence) > 0:
			row.Verdict = VerdictUsed
			n := 0
			for _, ev := range e.Evidence {
				n += ev.Count
			}
			row.Why = fmt.Sprintf("%s: %s over %s", e.Reason, plural.Count(n, "request"), plural.Count(len(e.Evidence), "operation"))
		case ok:
			row.Verdict = VerdictCantKnow
			row.Why = "in the key without evidence (" + e.Reason + "): " + e.Note
		case granted.Allows(p):
			row.Verdict = VerdictUsed
			row.Why = "covered by " + p.Resource + "_write"
		default:
			row.Verdict = VerdictUnused
			row.Why = "no request in the window needs it"
		}
		r.Rows = append(r.Rows, row)
	}
	for _, u := range m.Unmapped {
		if u.Confirmed != "" {
			continue
		}
		r.Rows = append(r.Rows, ReportRow{Permission: "?", Label: u.Request, Verdict: VerdictCantKnow,
			Why: plural.Count(u.Count, "request") + "; no known permission covers this call"})
	}
	sort.SliceStable(r.Rows, func(i, j int) bool {
		return verdictRank[r.Rows[i].Verdict] < verdictRank[r.Rows[j].Verdict]
	})
	for _, row := range r.Rows {
		switch row.Verdict {
		case VerdictUsed:
			r.Sum.Used++
		case VerdictUnused:
			r.Sum.Unused++
		default:
			r.Sum.CantKnow++
		}
	}
	r.Sum.SecretKey = secretCount
	r.Sum.Key = granted.Len()
	if secretCount > 0 {
		r.Sum.Reduction = 100 * float64(secretCount-countImplied(granted)) / float64(secretCount)
	}
	r.Sum.Summary = fmt.Sprintf("the secret key grants all %d permissions; the restricted key grants %d (%d with the reads its writes imply): %.0f%% fewer",
		secretCount, granted.Len(), countImplied(granted), r.Sum.Reduction)
	return r
}

var verdictRank = map[string]int{VerdictUsed: 0, VerdictCantKnow: 1, VerdictUnused: 2}

// countImplied counts a write as two grants (it covers the read too).
func countImplied(s permissions.Set) int {
	n := 0
	for _, p := range s.List() {
		n += int(p.Access)
	}
	return n
}

// fullList is every permission a secret key holds: the universe, plus
// anything the key grants that the universe lacks, sorted by name.
func fullList(all []permissions.Permission, granted permissions.Set) []permissions.Permission {
	seen := map[permissions.Permission]bool{}
	var out []permissions.Permission
	for _, p := range all {
		if !seen[p] {
			seen[p] = true
			out = append(out, p)
		}
	}
	for _, p := range granted.List() {
		for a := permissions.Read; a <= p.Access; a++ {
			q := permissions.Permission{Resource: p.Resource, Access: a}
			if !seen[q] {
				seen[q] = true
				out = append(out, q)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// formPermissions lists every level of every row of the Dashboard form.
func formPermissions() []permissions.Permission {
	var out []permissions.Permission
	for _, g := range checklistRows() {
		for _, r := range g.Rows {
			if r.CanRead {
				out = append(out, permissions.Permission{Resource: r.Resource, Access: permissions.Read})
			}
			if r.CanWrite {
				out = append(out, permissions.Permission{Resource: r.Resource, Access: permissions.Write})
			}
		}
	}
	return out
}
