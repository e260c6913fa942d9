// Package gen builds the permission catalog's embedded data from Stripe's
// OpenAPI spec (stripe-mock module), the stripe-go v76 sources and the
// hand-kept rules file. It fails on any operation nobody decided about and on
// any permission name rakmigrate does not know.
package gen

import (
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// Inputs are the generator's sources.
type Inputs struct {
	SpecPath  string // …/stripe-mock@vX/embedded/openapi/spec3.json
	SpecLabel string // "stripe-mock v0.203.0" for notes
	SDKDir    string // …/stripe-go/v76@vX
	SDKLabel  string
	Rules     *Rules
}

// Output is what the generator writes.
type Output struct {
	Catalog []byte // catalog.tsv
	Expand  []byte // expand.tsv
}

type row struct {
	op       permissions.Operation
	response string
	sources  []string
}

var methodOrder = map[string]int{"GET": 0, "POST": 1, "DELETE": 2}

// Generate builds the data. Errors list every undecided operation at once.
func Generate(in Inputs) (*Output, error) {
	sp, err := loadSpec(in.SpecPath)
	if err != nil {
		return nil, fmt.Errorf("spec: %w", err)
	}
	sdk, err := ScanSDK(in.SDKDir)
	if err != nil {
		return nil, fmt.Errorf("stripe-go: %w", err)
	}
	if errs := in.Rules.CheckExamples(); len(errs) > 0 {
		return nil, fmt.Errorf("rules examples:\n  %w", errors.Join(errs...))
	}

	rows := map[string]*row{} // METHOD shape → row
	add := func(method, template, response, source string) {
		key := method + " " + Shape(template)
		if r, ok := rows[key]; ok {
			r.sources = appendUnique(r.sources, source)
			if r.response == "" {
				r.response = response
			}
			return
		}
		rows[key] = &row{op: permissions.Operation{Method: method, Template: template}, response: response, sources: []string{source}}
	}
	for _, op := range sp.Ops {
		add(op.Method, op.Template, op.Response, "spec")
	}
	for _, op := range sdk {
		add(op.Method, nameParams(op.Template), "", "stripe-go")
	}
	for _, x := range in.Rules.Extra {
		method, template, ok := strings.Cut(x.Op, " ")
		if !ok || x.Source == "" {
			return nil, fmt.Errorf("extra %q: want op \"METHOD /path\" and a source", x.Op)
		}
		add(method, template, x.Response, "extra:"+x.Source)
	}

	opRules := map[string]*OpRule{}
	for i := range in.Rules.Operations {
		o := &in.Rules.Operations[i]
		method, template, ok := strings.Cut(o.Op, " ")
		if !ok {
			return nil, fmt.Errorf("operations: %q: want \"METHOD /path\"", o.Op)
		}
		key := method + " " + Shape(template)
		if _, ok := rows[key]; !ok {
			return nil, fmt.Errorf("operations: %q matches no operation of the spec, stripe-go or extra (stale rule?)", o.Op)
		}
		if _, dup := opRules[key]; dup {
			return nil, fmt.Errorf("operations: %q decided twice", o.Op)
		}
		opRules[key] = o
	}

	var errs []error
	for key, r := range rows {
		if err := decide(r, opRules[key], in.Rules); err != nil {
			errs = append(errs, err)
			continue
		}
		r.op.Note = noteWithSources(r.op.Note, r.sources)
	}
	if len(errs) > 0 {
		sort.Slice(errs, func(i, j int) bool { return errs[i].Error() < errs[j].Error() })
		return nil, fmt.Errorf("%d operations undecided or invalid:\n  %w", len(errs), errors.Join(errs...))
	}

	list := make([]*row, 0, len(rows))
	for _, r := range rows {
		list = append(list, r)
	}
	sort.Slice(list, func(i, j int) bool {
		a, b := list[i].op, list[j].op
		if a.Template != b.Template {
			return a.Template < b.Template
		}
		return methodOrder[a.Method] < methodOrder[b.Method]
	})
	expand, err := expansionData(sp, list, in.Rules)
	if err != nil {
		return nil, err
	}
	return &Output{Catalog: catalogData(list, in), Expand: expand}, nil
}

func appendUnique(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

// decide fills r.op's permission, resolution, provenance, Direct and note
// from the per-operation rule or the longest-prefix rule.
func decide(r *row, o *OpRule, rs *Rules) error {
	op := &r.op
	where := op.Method + " " + op.Template
	if o != nil {
		op.Direct, op.Note = o.Direct, o.Note
		op.Provenance = permissions.Provenance(o.Provenance)
		if op.Provenance == "" {
			op.Provenance = permissions.Derived
		}
		switch o.Resolution {
		case "", "resolved":
			p, err := knownPermission(o.Permission)
			if err != nil {
				return fmt.Errorf("%s: operations rule: %w", where, err)
			}
			op.Permission, op.Resolution = p, permissions.Resolved
		case "unknown", "not_grantable":
			if o.Permission != "" || o.Note == "" {
				return fmt.Errorf("%s: operations rule: %s takes no permission and needs a note", where, o.Resolution)
			}
			op.Resolution = permissions.Resolution(o.Resolution)
		default:
			return fmt.Errorf("%s: operations rule: resolution %q", where, o.Resolution)
		}
		switch op.Provenance {
		case permissions.Documented, permissions.Observed, permissions.Derived:
		default:
			return fmt.Errorf("%s: operations rule: provenance %q", where, o.Provenance)
		}
		return nil
	}
	i, err := rs.ruleFor(op.Template)
	if err != nil {
		return err
	}
	if i < 0 {
		return fmt.Errorf("%s: no rule decides it (add a rule or an operations entry to rules.yaml)", where)
	}
	rule := rs.Rules[i]
	op.Provenance, op.Direct = permissions.Derived, rule.Direct
	if rule.Resolution != "" {
		op.Resolution, op.Note = permissions.Resolution(rule.Resolution), rule.Note
		return nil
	}
	access := "write"
	if op.Method == "GET" {
		access = "read"
	} else if rule.WriteResolution != "" && rule.Access == "" {
		op.Resolution, op.Note = permissions.Resolution(rule.WriteResolution), rule.WriteNote
		return nil
	}
	if rule.Access != "" {
		access = rule.Access
	}
	p, err := knownPermission(rule.Stem + "_" + access)
	if err != nil {
		return fmt.Errorf("%s: rule %s: %w", where, rule.Prefix, err)
	}
	op.Permission, op.Resolution = p, permissions.Resolved
	op.Note = "rule " + rule.Prefix + " → " + rule.Stem + "; " + op.Method + " → " + access
	if rule.Note != "" {
		op.Note += "; " + rule.Note
	}
	return nil
}

func knownPermission(name string) (permissions.Permission, error) {
	p, err := permissions.ParsePermission(name)
	if err != nil {
		return p, err
	}
	if !permissions.IsKnownName(p) {
		return p, fmt.Errorf("%s is not a name Stripe accepts, documents or was seen to send (names.go)", p)
	}
	return p, nil
}

func noteWithSources(note string, sources []string) string {
	inSpec := false
	for _, s := range sources {
		if s == "spec" {
			inSpec = true
		}
	}
	var tags []string
	if !inSpec {
		for _, s := range sources {
			if s == "stripe-go" {
				tags = append(tags, "stripe-go v76 only (not in the current spec)")
			} else if src, ok := strings.CutPrefix(s, "extra:"); ok {
				tags = append(tags, src+" (not in the spec)")
			}
		}
	}
	if len(tags) > 0 {
		note = strings.Join(tags, "; ") + "; " + note
	}
	return strings.NewReplacer("\t", " ", "\n", " ").Replace(note)
}

func catalogData(list []*row, in Inputs) []byte {
	var b strings.Builder
	fmt.Fprintf(&b, "# Generated by permissions/gen from %s, %s and rules.yaml. DO NOT EDIT.\n", in.SpecLabel, in.SDKLabel)
	b.WriteString("# method\ttemplate\tpermission\tresolution\tprovenance\tdirect\tresponse\tnote\n")
	for _, r := range list {
		op := r.op
		perm := op.Permission.String()
		if perm == "" {
			perm = "-"
		}
		direct := "no"
		if op.Direct {
			direct = "yes"
		}
		resp := r.response
		if resp == "" {
			resp = "-"
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", op.Method, op.Template, perm, op.Resolution, op.Provenance, direct, resp, op.Note)
	}
	return []byte(b.String())
}

// expansionData writes the spec's expandable fields, the rules' fixed
// permissions for polymorphic fields, and each object's read permission: the
// permission of the GET operations that return it, preferring the shortest
// template (/v1/payment_methods/{pm} over /v1/customers/{c}/payment_methods/{pm});
// when those disagree the object's read permission is unknown.
func expansionData(sp *spec, list []*row, rs *Rules) ([]byte, error) {
	var b strings.Builder
	b.WriteString("# Generated by permissions/gen. DO NOT EDIT.\n")
	needed := map[string]bool{}
	for _, f := range sp.Fields {
		fmt.Fprintf(&b, "field\t%s\t%s\t%s\n", f.Schema, f.Field, strings.Join(f.Targets, ","))
		for _, t := range f.Targets {
			needed[t] = true
		}
	}
	for _, in := range sp.Incls {
		t := in.Target
		if t == "" {
			t = "-"
		}
		fmt.Fprintf(&b, "incl\t%s\t%s\t%s\n", in.Schema, in.Field, t)
	}
	for _, e := range rs.Expand {
		schema, field, ok := strings.Cut(e.Field, ".")
		if !ok {
			return nil, fmt.Errorf("expand %q: want schema.field", e.Field)
		}
		p, err := knownPermission(e.Permission)
		if err != nil {
			return nil, fmt.Errorf("expand %s: %w", e.Field, err)
		}
		fmt.Fprintf(&b, "perm\t%s\t%s\t%s\t%s\n", schema, field, p, e.Note)
	}
	type cand struct {
		perm  string
		segs  int
		where string
	}
	best := map[string][]cand{}
	for _, r := range list {
		if r.op.Method != "GET" || r.response == "" || strings.HasPrefix(r.response, "list:") {
			continue
		}
		perm := "-"
		if r.op.Resolution == permissions.Resolved {
			perm = r.op.Permission.String()
		}
		best[r.response] = append(best[r.response], cand{perm, strings.Count(r.op.Template, "/"), r.op.Template})
	}
	var schemas []string
	for s := range needed {
		schemas = append(schemas, s)
	}
	for s := range best {
		if !needed[s] {
			schemas = append(schemas, s)
		}
	}
	sort.Strings(schemas)
	for _, s := range schemas {
		cs := best[s]
		if len(cs) == 0 {
			fmt.Fprintf(&b, "read\t%s\t-\tno GET operation returns this object\n", s)
			continue
		}
		sort.Slice(cs, func(i, j int) bool {
			if cs[i].segs != cs[j].segs {
				return cs[i].segs < cs[j].segs
			}
			return cs[i].where < cs[j].where
		})
		top := cs[0]
		agree := true
		for _, c := range cs[1:] {
			if c.segs == top.segs && c.perm != top.perm {
				agree = false
			}
		}
		switch {
		case !agree:
			fmt.Fprintf(&b, "read\t%s\t-\tthe operations returning it need different permissions\n", s)
		case top.perm == "-":
			fmt.Fprintf(&b, "read\t%s\t-\tGET %s has no known permission\n", s, top.where)
		default:
			fmt.Fprintf(&b, "read\t%s\t%s\tGET %s\n", s, top.perm, top.where)
		}
	}
	return []byte(b.String()), nil
}
