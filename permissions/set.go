package permissions

import (
	"sort"
)

// Set is a minimal set of permissions: it keeps only the strongest access per
// resource, so adding customer_write makes customer_read redundant. The zero
// value is an empty set ready to use.
type Set struct {
	m map[string]Access
}

// NewSet returns a set holding ps.
func NewSet(ps ...Permission) Set {
	var s Set
	for _, p := range ps {
		s.Add(p)
	}
	return s
}

// Add grants p; it reports whether the set changed (false when p was already covered).
func (s *Set) Add(p Permission) bool {
	if p.Resource == "" || p.Access == None {
		return false
	}
	if s.m == nil {
		s.m = make(map[string]Access)
	}
	if s.m[p.Resource] >= p.Access {
		return false
	}
	s.m[p.Resource] = p.Access
	return true
}

// Allows reports whether the set grants p (directly or through write).
func (s Set) Allows(p Permission) bool {
	return p.Access == None || s.m[p.Resource] >= p.Access
}

// Len is the number of resources with any access.
func (s Set) Len() int { return len(s.m) }

// List returns the permissions sorted by name.
func (s Set) List() []Permission {
	out := make([]Permission, 0, len(s.m))
	for r, a := range s.m {
		out = append(out, Permission{Resource: r, Access: a})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].String() < out[j].String() })
	return out
}

// Union returns a set granting everything either set grants.
func (s Set) Union(o Set) Set {
	var u Set
	for r, a := range s.m {
		u.Add(Permission{r, a})
	}
	for r, a := range o.m {
		u.Add(Permission{r, a})
	}
	return u
}

// Minus returns what s grants that o does not: for each resource, s's
// permission when o's access is lower. (customer_write minus customer_read is
// customer_write: the write is still extra.)
func (s Set) Minus(o Set) Set {
	var d Set
	for r, a := range s.m {
		if o.m[r] < a {
			d.Add(Permission{r, a})
		}
	}
	return d
}
