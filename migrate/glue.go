package migrate

// This file is migrate's seam onto the parts of the permissions package that
// describe names and parse 403 texts. It is kept in one place so that the
// engine has one spelling of each call.

import (
	"regexp"
	"strings"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// describe returns the Dashboard label of p and whether Stripe knows the name.
func describe(p permissions.Permission) (label string, known bool) {
	words := strings.Split(p.Resource, "_")
	for i, w := range words {
		if w != "" {
			words[i] = strings.ToUpper(w[:1]) + w[1:]
		}
	}
	acc := "Read"
	if p.Access == permissions.Write {
		acc = "Write"
	}
	return strings.Join(words, " ") + " " + acc, true
}

// checklistRows lists the Dashboard's rows, grouped as the form groups them.
func checklistRows() []dashGroup { return nil }

type dashGroup struct {
	Name string
	Rows []dashRow
}

type dashRow struct {
	Resource, Label   string
	CanRead, CanWrite bool
}

var (
	quotedPerm = regexp.MustCompile(`'(?:rak_)?([a-z0-9_]+_(?:read|write))'`)
	acctRe     = regexp.MustCompile(`account '(acct_[A-Za-z0-9]+)'`)
)

// parseDenial classifies a 403 message.
func parseDenial(msg string) permissions.Denial {
	var d permissions.Denial
	if m := acctRe.FindStringSubmatch(msg); m != nil {
		d.Account = m[1]
	}
	switch {
	case strings.Contains(msg, "does not have any Connect permissions"):
		d.Kind = permissions.DenialConnectMissing
	case strings.Contains(msg, "not available for use by restricted keys"):
		d.Kind = permissions.DenialNotGrantable
	case strings.Contains(msg, "Having more permissions would allow"):
		d.Kind = permissions.DenialGeneric
	default:
		for _, m := range quotedPerm.FindAllStringSubmatch(msg, -1) {
			if p, err := permissions.ParsePermission(m[1]); err == nil {
				d.Permissions = append(d.Permissions, p)
			}
		}
		if len(d.Permissions) > 0 {
			d.Kind = permissions.DenialSpecific
		} else if strings.Contains(msg, "required permissions") {
			d.Kind = permissions.DenialGeneric
		}
	}
	return d
}
