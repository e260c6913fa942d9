package migrate

// This file is migrate's seam onto the parts of the permissions package that
// describe names and parse 403 texts, kept in one place so the engine has one
// spelling of each call.

import (
	"github.com/rakmigrate/rakmigrate/permissions"
)

// describe returns the Dashboard label of p and whether Stripe knows the name.
func describe(p permissions.Permission) (label string, known bool) {
	in := permissions.Describe(p)
	return in.Label, in.Known || in.ObservedOnly
}

type dashGroup struct {
	Name string
	Rows []dashRow
}

type dashRow struct {
	Resource, Label   string
	CanRead, CanWrite bool
}

// checklistRows lists the Dashboard's rows, grouped as the form groups them.
func checklistRows() []dashGroup {
	var out []dashGroup
	for _, g := range permissions.Groups() {
		dg := dashGroup{Name: g.Name}
		for _, r := range g.Rows {
			dg.Rows = append(dg.Rows, dashRow{Resource: r.Resource, Label: r.Label, CanRead: r.CanRead, CanWrite: r.CanWrite})
		}
		out = append(out, dg)
	}
	return out
}

// parseDenial classifies a 403 message.
func parseDenial(msg string) permissions.Denial { return permissions.ParseDenial(msg) }
