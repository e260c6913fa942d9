package migrate

import (
	"net/url"
	"sort"
	"strings"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// Dashboard pages for creating a restricted key.
const (
	dashboardCreateLive = "https://dashboard.stripe.com/apikeys/create"
	dashboardCreateTest = "https://dashboard.stripe.com/test/apikeys/create"
)

// PrefillLink is the Dashboard link that opens the key form with name and
// permissions filled in. The form silently ignores names it does not know,
// so the link always comes with the Checklist.
func PrefillLink(set permissions.Set, name string, live bool) string {
	base := dashboardCreateTest
	if live {
		base = dashboardCreateLive
	}
	var b strings.Builder
	b.WriteString(base)
	b.WriteString("?name=")
	b.WriteString(url.QueryEscape(name))
	for _, p := range set.List() {
		b.WriteString("&permissions[]=")
		b.WriteString(url.QueryEscape(p.RAK()))
	}
	return b.String()
}

// ChecklistGroup is one section of the Dashboard's key form.
type ChecklistGroup struct {
	Name string         `json:"name" yaml:"name"`
	Rows []ChecklistRow `json:"rows" yaml:"rows"`
}

// ChecklistRow is one row of the form and the level to pick on it.
type ChecklistRow struct {
	Row        string `json:"row" yaml:"row"`       // "Customers"
	Access     string `json:"access" yaml:"access"` // "Read" | "Write"
	Permission string `json:"permission" yaml:"permission"`
	// Note is set when the form has no such level or row: check by hand.
	Note string `json:"note,omitempty" yaml:"note,omitempty"`
}

// notInForm is the group for permissions the Dashboard form does not list.
const notInForm = "Not in the Dashboard form (check by hand)"

// Checklist lays the set out as the Dashboard form does (group → row →
// Read/Write): what the user compares after opening the prefill link.
func Checklist(set permissions.Set) []ChecklistGroup {
	rows := map[string]struct {
		group string
		row   dashRow
	}{}
	var order []string
	for _, g := range checklistRows() {
		order = append(order, g.Name)
		for _, r := range g.Rows {
			rows[r.Resource] = struct {
				group string
				row   dashRow
			}{g.Name, r}
		}
	}
	byGroup := map[string][]ChecklistRow{}
	for _, p := range set.List() {
		acc := "Read"
		if p.Access == permissions.Write {
			acc = "Write"
		}
		hit, ok := rows[p.Resource]
		if !ok {
			byGroup[notInForm] = append(byGroup[notInForm], ChecklistRow{Row: p.Resource,
				Access: acc, Permission: p.String(), Note: "no such row in the form rakmigrate knows: the prefill link may drop it"})
			continue
		}
		cr := ChecklistRow{Row: hit.row.Label, Access: acc, Permission: p.String()}
		if (p.Access == permissions.Write && !hit.row.CanWrite) || (p.Access == permissions.Read && !hit.row.CanRead) {
			cr.Note = "the form has no " + acc + " level on this row"
		}
		byGroup[hit.group] = append(byGroup[hit.group], cr)
	}
	var out []ChecklistGroup
	for _, g := range order {
		if rs := byGroup[g]; len(rs) > 0 {
			out = append(out, ChecklistGroup{Name: g, Rows: rs})
			delete(byGroup, g)
		}
	}
	var rest []string
	for g := range byGroup {
		rest = append(rest, g)
	}
	sort.Strings(rest)
	for _, g := range rest {
		out = append(out, ChecklistGroup{Name: g, Rows: byGroup[g]})
	}
	return out
}
