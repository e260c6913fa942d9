package permissions

import (
	"strings"
	"sync"
)

// IDSegment is what Generalize writes for a segment that names an object.
const IDSegment = "{id}"

// Generalize returns the path of a request with every segment that names an
// object written as IDSegment, so that the requests to an endpoint the
// catalog lacks are counted as one, not once per object:
// /v1/widgets/wid_1Nq8 and /v1/widgets/wid_9Zx2 are both /v1/widgets/{id}.
//
// A segment names an object when it holds a digit or an uppercase letter
// (Stripe's ids are random base62 after their prefix, so they nearly always
// do) and no template holds it as a literal ("v1" stays). An id of lowercase
// letters only, like the test token pm_card_visa, stays as it is: an
// unmapped request is then listed on its own, never merged wrongly. A
// scheme, host, query and fragment are dropped.
func (c *Catalog) Generalize(path string) string {
	p, _ := splitRequest(path)
	lits := c.literals()
	var b strings.Builder
	changed := false
	for i, seg := range strings.Split(p, "/") {
		if i > 0 {
			b.WriteByte('/')
		}
		if namesObject(seg) && !lits[seg] {
			b.WriteString(IDSegment)
			changed = true
			continue
		}
		b.WriteString(seg)
	}
	if !changed {
		return p
	}
	return b.String()
}

func namesObject(seg string) bool {
	return strings.ContainsFunc(seg, func(r rune) bool { return r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' })
}

// literals is the set of the templates' literal segments, built on first
// use: only requests no operation matches need it.
func (c *Catalog) literals() map[string]bool {
	c.litOnce.Do(func() {
		c.lits = map[string]bool{}
		for _, op := range c.ops {
			for seg := range strings.SplitSeq(op.Template, "/") {
				if !isParam(seg) {
					c.lits[seg] = true
				}
			}
		}
	})
	return c.lits
}

// literalSet is embedded in Catalog.
type literalSet struct {
	litOnce sync.Once
	lits    map[string]bool
}
