package permissions

import (
	"fmt"
	"strings"
	"sync"
)

// The embedded data is two tab-separated files written by the generator.
//
// catalog.tsv, one operation per line:
//
//	method  template  permission|-  resolution  provenance  direct(yes|no)  response|-  note
//
// response is the schema the operation returns ("customer"), "list:customer"
// for list endpoints, or "-".
//
// expand.tsv, the spec's expansion data:
//
//	field  schema  name  target[,target…]   an expandable field and the schemas it can expand to
//	incl   schema  name  target|-             an expandable field included in the object (target: what it holds)
//	perm   schema  name  permission  note    the read permission a polymorphic field needs (a fact, not a guess)
//	read   schema  permission|-  note        the read permission of an object (from its retrieve operation)
const catalogColumns = 8

func parseCatalog(catalog, expand string) (*Catalog, error) {
	// Every run parses this: sized once, no per-line slices.
	rows := strings.Count(catalog, "\n") + 1
	ops := make([]Operation, 0, rows)
	resps := make([]response, 0, rows)
	n := 0
	for line := range strings.SplitSeq(catalog, "\n") {
		n++
		if line == "" || line[0] == '#' {
			continue
		}
		op, resp, err := parseCatalogLine(line)
		if err != nil {
			return nil, fmt.Errorf("catalog.tsv:%d: %w", n, err)
		}
		ops = append(ops, op)
		resps = append(resps, resp)
	}
	ex := sync.OnceValue(func() *expansion {
		ex, err := parseExpansion(expand)
		if err != nil {
			// The data is embedded and generated; TestEmbeddedExpansionParses checks it.
			panic("permissions: embedded expand.tsv is broken (run go generate ./permissions): " + err.Error())
		}
		return ex
	})
	return newCatalog(ops, resps, ex)
}

func parseCatalogLine(line string) (Operation, response, error) {
	var f [catalogColumns]string
	got := 0
	for field := range strings.SplitSeq(line, "\t") {
		if got < len(f) {
			f[got] = field
		}
		got++
	}
	if got != catalogColumns {
		return Operation{}, response{}, fmt.Errorf("want %d tab-separated fields, got %d", catalogColumns, got)
	}
	op := Operation{
		Method:     f[0],
		Template:   f[1],
		Resolution: Resolution(f[3]),
		Provenance: Provenance(f[4]),
		Direct:     f[5] == "yes",
		Note:       f[7],
	}
	if f[2] != "-" {
		p, err := ParsePermission(f[2])
		if err != nil {
			return op, response{}, err
		}
		op.Permission = p
	}
	if err := validateOperation(op); err != nil {
		return op, response{}, err
	}
	var resp response
	if f[6] != "-" {
		resp.schema, resp.list = strings.CutPrefix(f[6], "list:")
	}
	return op, resp, nil
}

// validateOperation checks one row's consistency: a resolved operation names
// a permission, an unresolved one names none and says why.
func validateOperation(op Operation) error {
	if methodIndex(op.Method) < 0 || op.Method != strings.ToUpper(op.Method) {
		return fmt.Errorf("method %q: want GET, POST or DELETE", op.Method)
	}
	if err := validateTemplate(op.Template); err != nil {
		return err
	}
	switch op.Resolution {
	case Resolved:
		if op.Permission.Resource == "" {
			return fmt.Errorf("%s %s: resolved but no permission", op.Method, op.Template)
		}
	case Unknown, NotGrantable:
		if op.Permission.Resource != "" {
			return fmt.Errorf("%s %s: %s must not name a permission", op.Method, op.Template, op.Resolution)
		}
		if op.Note == "" {
			return fmt.Errorf("%s %s: %s needs a note saying why", op.Method, op.Template, op.Resolution)
		}
	default:
		return fmt.Errorf("%s %s: resolution %q: want resolved, unknown or not_grantable", op.Method, op.Template, op.Resolution)
	}
	switch op.Provenance {
	case Documented, Observed, Derived, Override:
	default:
		return fmt.Errorf("%s %s: provenance %q: want documented, observed, derived or override", op.Method, op.Template, op.Provenance)
	}
	return nil
}

func validateTemplate(t string) error {
	if !strings.HasPrefix(t, "/v1/") && !strings.HasPrefix(t, "/v2/") {
		return fmt.Errorf("template %q: want a path starting /v1/ or /v2/", t)
	}
	if strings.ContainsAny(t, "?# \t") {
		return fmt.Errorf("template %q: no query, fragment or spaces", t)
	}
	for seg := range strings.SplitSeq(t[1:], "/") {
		if seg == "" {
			return fmt.Errorf("template %q: empty segment", t)
		}
		if strings.ContainsAny(seg, "{}") && !isParam(seg) {
			return fmt.Errorf("template %q: segment %q: a parameter is a whole segment like {id}", t, seg)
		}
	}
	return nil
}
