package migrate

import (
	"fmt"
	"sort"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// Drift is what `rakmigrate check` finds: logs that need more than the
// manifest grants, and manifest permissions the logs never used.
type Drift struct {
	// Missing are permissions the logs need that the key lacks: CI fails on them.
	Missing []DriftItem `json:"missing"`
	// NewUnmapped are calls with no known permission that the manifest does not list yet.
	NewUnmapped []UnmappedEntry `json:"new_unmapped"`
	// Denied are 403s in the logs no permission explains (generic, not grantable…).
	Denied []string `json:"denied"`
	// Unused are granted permissions no request in the window used.
	Unused []string `json:"unused"`
	// Downgradable are write permissions only ever used for reads.
	Downgradable []string `json:"downgradable"`
	Requests     int      `json:"requests"`
}

// DriftItem is one missing permission and the calls that need it.
type DriftItem struct {
	Permission string   `json:"permission"`
	Label      string   `json:"label"`
	Operations []string `json:"operations"`
	Count      int      `json:"count"`
}

// Drifted reports whether CI should fail: a permission is missing, a call
// nobody can map is new, or a 403 shows the key lacks something unnamed.
func (d Drift) Drifted() bool {
	return len(d.Missing) > 0 || len(d.NewUnmapped) > 0 || len(d.Denied) > 0
}

// CheckDrift compares the logs (u) with the manifest.
func CheckDrift(m *Manifest, u *Usage) Drift {
	granted := m.Granted()
	d := Drift{Requests: u.Requests()}
	missing := map[string]*DriftItem{}
	used := map[string]permissions.Access{} // resource → strongest access used
	miss := func(p permissions.Permission, op string, n int) {
		it, ok := missing[p.String()]
		if !ok {
			label, _ := describe(p)
			it = &DriftItem{Permission: p.String(), Label: label}
			missing[p.String()] = it
		}
		it.Count += n
		if !contains(it.Operations, op) {
			it.Operations = append(it.Operations, op)
		}
	}
	use := func(p permissions.Permission, op string, n int) {
		if p.Access > used[p.Resource] {
			used[p.Resource] = p.Access
		}
		if !granted.Allows(p) {
			miss(p, op, n)
		}
	}
	for _, o := range u.Operations() {
		if o.Proof == 0 && o.Denied == 0 {
			continue
		}
		use(o.Match.Operation.Permission, o.Operation(), o.Count)
		for _, x := range o.Expand {
			use(x, o.Operation()+" (expand[])", o.Count)
		}
	}
	for _, den := range DenialsFrom(u) {
		p, ok := den.needed(granted)
		if ok {
			use(p, orUnknown(den.Operation()), den.Count)
			continue
		}
		d.Denied = append(d.Denied, fmt.Sprintf("%d× 403 (%s) on %s", den.Count, kindText(den.Denial.Kind), orUnknown(den.Operation())))
	}
	known := map[string]bool{}
	for _, e := range m.Unmapped {
		known[e.Request] = true
	}
	for _, e := range u.Unmapped() {
		if !known[e.Request] {
			d.NewUnmapped = append(d.NewUnmapped, e)
		}
	}
	for _, it := range missing {
		sort.Strings(it.Operations)
		d.Missing = append(d.Missing, *it)
	}
	sort.Slice(d.Missing, func(i, j int) bool { return d.Missing[i].Permission < d.Missing[j].Permission })
	for _, p := range granted.List() {
		switch a := used[p.Resource]; {
		case a == permissions.None:
			d.Unused = append(d.Unused, p.String())
		case a == permissions.Read && p.Access == permissions.Write:
			d.Downgradable = append(d.Downgradable, p.String())
		}
	}
	return d
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
