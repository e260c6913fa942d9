package permissions

import (
	"fmt"
	"net/url"
	"sort"
	"strings"
)

// expansion is the spec's expansion data: which fields of which objects can
// be expanded, into what, and the read permission of each object.
type expansion struct {
	fields map[string][]string   // "charge.customer" → ["customer"] (deleted_* variants dropped)
	perms  map[string]Permission // "balance_transaction.source" → balance_transaction_source_read
	reads  map[string]Permission // "customer" → customer_read
	why    map[string]string     // "schema" → why its read permission is unknown
	// incls are expandable fields included in the object itself
	// ("checkout.session.line_items" → "list:item"): no other object to read.
	incls map[string]string
}

func parseExpansion(data string) (*expansion, error) {
	ex := &expansion{fields: map[string][]string{}, incls: map[string]string{}, perms: map[string]Permission{}, reads: map[string]Permission{}, why: map[string]string{}}
	for n, line := range strings.Split(data, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		bad := func(msg string) error { return fmt.Errorf("expand.tsv:%d: %s", n+1, msg) }
		switch {
		case f[0] == "field" && len(f) == 4:
			ex.fields[f[1]+"."+f[2]] = strings.Split(f[3], ",")
		case f[0] == "incl" && len(f) == 4:
			ex.incls[f[1]+"."+f[2]] = f[3]
		case f[0] == "perm" && len(f) == 5:
			p, err := ParsePermission(f[3])
			if err != nil {
				return nil, bad(err.Error())
			}
			ex.perms[f[1]+"."+f[2]] = p
		case f[0] == "read" && len(f) == 4:
			if f[2] == "-" {
				ex.why[f[1]] = f[3]
				continue
			}
			p, err := ParsePermission(f[2])
			if err != nil {
				return nil, bad(err.Error())
			}
			ex.reads[f[1]] = p
		default:
			return nil, bad("want field/incl/perm/read rows with 4, 4, 5 or 4 tab-separated fields")
		}
	}
	return ex, nil
}

// maxExpandDepth is Stripe's limit on nested expansion.
const maxExpandDepth = 4

// apply adds the read permissions the query's expand[] values need to m, and
// records the values whose target cannot be determined in m.ExpandUnresolved.
// A nested value (latest_invoice.customer) needs the read of every object it
// expands on the way, so each level adds its permission.
func (ex *expansion) apply(m *Match, resp response, query string) {
	for _, v := range expandValues(query) {
		ps, why := ex.resolve(resp, v)
		for _, p := range ps {
			if !containsPermission(m.Expand, p) {
				m.Expand = append(m.Expand, p)
			}
		}
		if why != "" {
			m.ExpandUnresolved = append(m.ExpandUnresolved, v+": "+why)
		}
	}
	sort.Slice(m.Expand, func(i, j int) bool { return m.Expand[i].String() < m.Expand[j].String() })
}

type inclNext struct {
	schema   string
	skipData bool
}

// inclStep moves from an included field into the schema it holds; a list
// must be followed by "data".
func (ex *expansion) inclStep(target string, rest []string) (inclNext, bool) {
	if target == "-" || target == "" {
		return inclNext{}, false
	}
	if item, ok := strings.CutPrefix(target, "list:"); ok {
		if len(rest) < 2 || rest[0] != "data" {
			return inclNext{}, false
		}
		return inclNext{schema: item, skipData: true}, true
	}
	return inclNext{schema: target}, true
}

func containsPermission(ps []Permission, p Permission) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

// expandValues returns the expand[] values of a raw query, in order
// (expand[]=a, expand%5B%5D=a, expand[0]=a and expand=a all count).
func expandValues(query string) []string {
	var out []string
	for query != "" {
		var kv string
		kv, query, _ = strings.Cut(query, "&")
		k, v, _ := strings.Cut(kv, "=")
		k, err := url.QueryUnescape(k)
		if err != nil || (k != "expand" && !strings.HasPrefix(k, "expand[")) {
			continue
		}
		v, err = url.QueryUnescape(v)
		if err != nil || v == "" {
			continue
		}
		out = append(out, v)
	}
	return out
}

// resolve follows a dotted expand path ("data.source", "latest_invoice.customer")
// from the operation's response and returns the read permission of each object
// it expands, up to the first level it cannot determine (then why says so).
func (ex *expansion) resolve(resp response, value string) ([]Permission, string) {
	if resp.schema == "" {
		return nil, "the catalog does not know what this operation returns"
	}
	parts := strings.Split(value, ".")
	if resp.list {
		if parts[0] != "data" {
			return nil, "list responses expand fields under data. (e.g. data." + value + ")"
		}
		parts = parts[1:]
	}
	if len(parts) == 0 || len(parts) > maxExpandDepth {
		return nil, fmt.Sprintf("an expand path has 1 to %d fields", maxExpandDepth)
	}
	for _, part := range parts {
		if part == "" {
			return nil, "an expand path has no empty fields (a..b)"
		}
	}
	var out []Permission
	schema := resp.schema
	for i, field := range parts {
		key := schema + "." + field
		if p, ok := ex.perms[key]; ok {
			// Stripe names the permission of this field; a deeper level
			// would need the concrete object, which is polymorphic.
			out = append(out, p)
			if i < len(parts)-1 {
				return out, fmt.Sprintf("%s.%s is polymorphic: cannot follow it further", schema, field)
			}
			return out, ""
		}
		if target, ok := ex.incls[key]; ok {
			// Included in the object already read: no other object's
			// permission; a longer path goes on into what it holds.
			if i == len(parts)-1 {
				return out, ""
			}
			next, ok := ex.inclStep(target, parts[i+1:])
			if !ok {
				return out, fmt.Sprintf("cannot follow %s.%s further", schema, field)
			}
			if next.skipData {
				parts[i+1] = "" // consumed "data" of an included list
			}
			schema = next.schema
			continue
		}
		if field == "" {
			continue // the "data" of an included list
		}
		targets, ok := ex.fields[key]
		if !ok {
			return out, fmt.Sprintf("%s has no expandable field %q in the spec", schema, field)
		}
		if len(targets) != 1 {
			return out, fmt.Sprintf("%s.%s can expand to %s: the permission depends on the object", schema, field, strings.Join(targets, ", "))
		}
		schema = targets[0]
		p, ok := ex.reads[schema]
		if !ok {
			why := ex.why[schema]
			if why == "" {
				why = "no read permission known for this object"
			}
			return out, schema + ": " + why
		}
		out = append(out, p)
	}
	return out, ""
}
