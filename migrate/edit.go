package migrate

import (
	"fmt"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// Exclude leaves a permission out of the key. The entry moves to Excluded
// with its evidence and the reason, so it is never dropped silently; the
// calls that needed it will get 403s.
func (m *Manifest) Exclude(p permissions.Permission, reason string) error {
	for i, e := range m.Permissions {
		q, err := parsePerm(e.Name)
		if err != nil || q.Resource != p.Resource {
			continue
		}
		if q.Access > p.Access {
			return errorf("%s is in the key, not %s: exclude %s to drop the whole row", q, p, q)
		}
		e.Note = joinNote(e.Note, "excluded: "+reason)
		m.Excluded = append(m.Excluded, e)
		m.Permissions = append(m.Permissions[:i], m.Permissions[i+1:]...)
		sortEntries(m.Excluded)
		return nil
	}
	return errorf("%s is not in the key", p)
}

// Include forces a permission into the key (or back in from Excluded) with
// reason override.
func (m *Manifest) Include(p permissions.Permission, reason string) error {
	if p.Resource == "" || p.Access == permissions.None {
		return fmt.Errorf("include: empty permission")
	}
	for i, e := range m.Excluded {
		q, err := parsePerm(e.Name)
		if err == nil && q.Resource == p.Resource {
			m.Excluded = append(m.Excluded[:i], m.Excluded[i+1:]...)
			if q.Access >= p.Access {
				e.Note = joinNote(e.Note, "included again: "+reason)
				m.Permissions = append(m.Permissions, e)
				sortEntries(m.Permissions)
				return nil
			}
			break
		}
	}
	m.upsert(p, ReasonOverride, nil, false, "included by hand: "+reason)
	sortEntries(m.Permissions)
	return nil
}
