// Package permissions is rakmigrate's knowledge of Stripe's restricted-key
// permissions: the catalog of API operations and the permission each needs
// (with where that mapping comes from), permission names and their Dashboard
// labels, minimal sets, and the parsing of the 403 texts Stripe returns.
package permissions

import (
	"fmt"
	"strings"
)

// Access is the level a restricted key grants on one Dashboard row.
type Access uint8

const (
	None Access = iota
	Read
	Write // Write covers Read
)

func (a Access) String() string {
	switch a {
	case Read:
		return "read"
	case Write:
		return "write"
	}
	return "none"
}

// Permission is one grant: a resource stem and an access level. Its plain
// spelling is "customer_write"; Stripe's older spelling adds "rak_".
type Permission struct {
	Resource string // "customer", "plan", "connected_account", …
	Access   Access
}

// String is the plain spelling, the one rakmigrate stores: "customer_write".
func (p Permission) String() string {
	if p.Resource == "" {
		return ""
	}
	return p.Resource + "_" + p.Access.String()
}

// RAK is the "rak_"-prefixed spelling used by prefill links and older 403s.
func (p Permission) RAK() string {
	if p.Resource == "" {
		return ""
	}
	return "rak_" + p.String()
}

// Covers reports whether holding p also allows q (write implies read).
func (p Permission) Covers(q Permission) bool {
	return p.Resource == q.Resource && p.Access >= q.Access
}

// ParsePermission reads either spelling ("rak_charge_read" or "charge_read"),
// case-insensitively. It checks the shape only; whether Stripe knows the name
// is Lookup's business (see names.go).
func ParsePermission(s string) (Permission, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	name = strings.TrimPrefix(name, "rak_")
	for _, a := range []Access{Read, Write} {
		suffix := "_" + a.String()
		if stem, ok := strings.CutSuffix(name, suffix); ok && stem != "" && validStem(stem) {
			return Permission{Resource: stem, Access: a}, nil
		}
	}
	return Permission{}, fmt.Errorf("%q is not a permission name (want e.g. customer_read or rak_customer_write)", s)
}

func validStem(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return s[0] != '_' && s[len(s)-1] != '_'
}
