package permissions

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"go.yaml.in/yaml/v3"
)

// OverrideFile is the YAML a user writes to extend or correct the catalog:
//
//	operations:
//	  - method: POST
//	    template: /v1/widgets/{widget}
//	    permission: customer_write      # either spelling
//	    direct: false                   # optional
//	    note: "seen in our 403s"        # optional
//	  - method: GET
//	    template: /v1/beta_thing
//	    resolution: unknown             # or not_grantable; then note is required
//	    note: "private beta"
//
// An entry whose method and template match a catalog operation replaces it;
// any other entry adds an operation. Names Stripe does not list are refused
// unless the entry says unlisted: true (for a name newer than rakmigrate).
type OverrideFile struct {
	Operations []OverrideEntry `yaml:"operations"`
}

// OverrideEntry is one operation of an overrides file.
type OverrideEntry struct {
	Method     string `yaml:"method"`
	Template   string `yaml:"template"`
	Permission string `yaml:"permission"`
	Resolution string `yaml:"resolution"`
	Direct     bool   `yaml:"direct"`
	Note       string `yaml:"note"`
	Unlisted   bool   `yaml:"unlisted"`
}

// OverrideError names the file, the entry and what is wrong with it.
type OverrideError struct {
	File  string
	Line  int // line of the entry in the file; 0 when unknown
	Entry int // 1-based entry number; 0 for the file as a whole
	Op    string
	Err   error
}

func (e *OverrideError) Error() string {
	loc := e.File
	if e.Line > 0 {
		loc = fmt.Sprintf("%s:%d", e.File, e.Line)
	}
	if e.Entry == 0 {
		return fmt.Sprintf("catalog overrides %s: %v", loc, e.Err)
	}
	op := ""
	if e.Op != "" {
		op = " (" + e.Op + ")"
	}
	return fmt.Sprintf("catalog overrides %s: entry %d%s: %v", loc, e.Entry, op, e.Err)
}

func (e *OverrideError) Unwrap() error { return e.Err }

// maxOverrideBytes bounds an overrides file; a catalog is a few hundred rows.
const maxOverrideBytes = 4 << 20

// WithOverrides returns a copy of c with the operations of the YAML read from
// r added or replaced (provenance override). name is used in errors.
func (c *Catalog) WithOverrides(name string, r io.Reader) (*Catalog, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxOverrideBytes+1))
	if err != nil {
		return nil, &OverrideError{File: name, Err: fmt.Errorf("read: %w", err)}
	}
	if len(data) > maxOverrideBytes {
		return nil, &OverrideError{File: name, Err: fmt.Errorf("larger than %d bytes", maxOverrideBytes)}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file overrides nothing
		}
		return nil, &OverrideError{File: name, Err: fmt.Errorf("not valid YAML: %w", err)}
	}
	entries, err := overrideEntries(&doc)
	if err != nil {
		return nil, &OverrideError{File: name, Err: err}
	}
	ops := append([]Operation(nil), c.ops...)
	resps := append([]response(nil), c.responses...)
	// Routes are keyed by shape, so /v1/customers/{id} in the file replaces
	// the catalog's /v1/customers/{customer}.
	index := map[string]int{}
	for i, op := range ops {
		index[op.Method+" "+routeShape(op.Template)] = i
	}
	seen := map[string]int{}
	for i, en := range entries {
		var e OverrideEntry
		fail := func(err error) error {
			return &OverrideError{File: name, Line: en.Line, Entry: i + 1, Op: strings.TrimSpace(e.Method + " " + e.Template), Err: err}
		}
		if err := decodeStrict(en, &e); err != nil {
			return nil, fail(err)
		}
		op, err := e.operation()
		if err != nil {
			return nil, fail(err)
		}
		key := op.Method + " " + routeShape(op.Template)
		if prev, dup := seen[key]; dup {
			return nil, fail(fmt.Errorf("repeats entry %d", prev))
		}
		seen[key] = i + 1
		if j, ok := index[key]; ok {
			ops[j] = op
			continue
		}
		index[key] = len(ops)
		ops = append(ops, op)
		resps = append(resps, response{})
	}
	nc, err := newCatalog(ops, resps, c.expand)
	if err != nil {
		return nil, &OverrideError{File: name, Err: err}
	}
	return nc, nil
}

func overrideEntries(doc *yaml.Node) ([]*yaml.Node, error) {
	root := doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("line %d: want a mapping with an operations: list", root.Line)
	}
	var list *yaml.Node
	for i := 0; i+1 < len(root.Content); i += 2 {
		k := root.Content[i].Value
		if k != "operations" {
			return nil, fmt.Errorf("line %d: unknown key %q (want operations)", root.Content[i].Line, k)
		}
		list = root.Content[i+1]
	}
	if list == nil {
		return nil, errors.New("no operations: list")
	}
	if list.Kind != yaml.SequenceNode {
		return nil, fmt.Errorf("line %d: operations must be a list", list.Line)
	}
	return list.Content, nil
}

// decodeStrict decodes one entry, refusing unknown keys (a typo like
// "permision" must not silently drop the permission).
func decodeStrict(n *yaml.Node, e *OverrideEntry) error {
	if n.Kind != yaml.MappingNode {
		return errors.New("want a mapping with method, template and permission")
	}
	// Decode first so that an error about a key can still name the entry.
	if err := n.Decode(e); err != nil {
		return fmt.Errorf("bad value: %w", err)
	}
	allowed := map[string]bool{"method": true, "template": true, "permission": true, "resolution": true, "direct": true, "note": true, "unlisted": true}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if k := n.Content[i].Value; !allowed[k] {
			return fmt.Errorf("unknown key %q (want method, template, permission, resolution, direct, note, unlisted)", k)
		}
	}
	return nil
}

func (e OverrideEntry) operation() (Operation, error) {
	op := Operation{
		Method:     strings.ToUpper(strings.TrimSpace(e.Method)),
		Template:   strings.TrimSpace(e.Template),
		Provenance: Override,
		Direct:     e.Direct,
		Note:       strings.TrimSpace(e.Note),
	}
	if op.Method == "" || op.Template == "" {
		return op, errors.New("method and template are required")
	}
	res := Resolution(strings.TrimSpace(e.Resolution))
	switch {
	case res == "" || res == Resolved:
		if strings.TrimSpace(e.Permission) == "" {
			return op, errors.New("permission is required (or resolution: unknown / not_grantable with a note)")
		}
		p, err := ParsePermission(e.Permission)
		if err != nil {
			return op, err
		}
		if !IsKnownName(p) && !e.Unlisted {
			return op, fmt.Errorf("%s is not a permission Stripe lists; fix the spelling, or add unlisted: true if Stripe really accepts it", p)
		}
		op.Permission, op.Resolution = p, Resolved
		if op.Note == "" {
			op.Note = "catalog override"
		}
	case res == Unknown || res == NotGrantable:
		if e.Permission != "" {
			return op, fmt.Errorf("resolution %s takes no permission", res)
		}
		op.Resolution = res
	default:
		return op, fmt.Errorf("resolution %q: want resolved, unknown or not_grantable", e.Resolution)
	}
	if err := validateOperation(op); err != nil {
		return op, err
	}
	return op, nil
}

// routeShape erases parameter names: "/v1/customers/{}".
func routeShape(template string) string {
	segs := strings.Split(template, "/")
	for i, s := range segs {
		if isParam(s) {
			segs[i] = "{}"
		}
	}
	return strings.Join(segs, "/")
}
