package gen

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
)

// specOp is one operation of the OpenAPI spec.
type specOp struct {
	Method   string
	Template string
	Response string // schema name, "list:schema", or ""
}

// specField is an expandable field of an object and what it can become.
type specField struct {
	Schema, Field string
	Targets       []string // schema names; deleted_* variants dropped
}

// specIncl is an expandable field that is part of the object itself (line
// items, sub-objects): expanding it reads no other object, but a dotted path
// may go on through it into Target ("schema", "list:schema" or "").
type specIncl struct {
	Schema, Field, Target string
}

type spec struct {
	Version string
	Ops     []specOp
	Fields  []specField
	Incls   []specIncl
}

type schemaJSON struct {
	Ref                string                 `json:"$ref"`
	AnyOf              []schemaJSON           `json:"anyOf"`
	OneOf              []schemaJSON           `json:"oneOf"`
	Properties         map[string]*schemaJSON `json:"properties"`
	Items              *schemaJSON            `json:"items"`
	ExpansionResources *schemaJSON            `json:"x-expansionResources"`
	ExpandableFields   []string               `json:"x-expandableFields"`
	ResourceID         string                 `json:"x-resourceId"`
}

type specJSON struct {
	Info struct {
		Version string `json:"version"`
	} `json:"info"`
	Paths map[string]map[string]struct {
		Responses map[string]struct {
			Content map[string]struct {
				Schema schemaJSON `json:"schema"`
			} `json:"content"`
		} `json:"responses"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]*schemaJSON `json:"schemas"`
	} `json:"components"`
}

func loadSpec(path string) (*spec, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var sj specJSON
	if err := json.Unmarshal(data, &sj); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	s := &spec{Version: sj.Info.Version}
	for p, methods := range sj.Paths {
		for m, op := range methods {
			method := strings.ToUpper(m)
			if method != "GET" && method != "POST" && method != "DELETE" {
				continue
			}
			resp := ""
			if r, ok := op.Responses["200"]; ok {
				if c, ok := r.Content["application/json"]; ok {
					resp = responseName(&c.Schema)
				}
			}
			s.Ops = append(s.Ops, specOp{Method: method, Template: p, Response: resp})
		}
	}
	for name, sc := range sj.Components.Schemas {
		fields := map[string]bool{}
		for field, prop := range sc.Properties {
			exp := prop.ExpansionResources
			if exp == nil && prop.Items != nil {
				exp = prop.Items.ExpansionResources // an array of expandable ids (discounts)
			}
			if exp == nil {
				continue
			}
			if targets := expansionTargets(exp); len(targets) > 0 {
				fields[field] = true
				s.Fields = append(s.Fields, specField{Schema: name, Field: field, Targets: targets})
			}
		}
		for _, field := range sc.ExpandableFields {
			prop, ok := sc.Properties[field]
			if !ok || fields[field] {
				continue
			}
			s.Incls = append(s.Incls, specIncl{Schema: name, Field: field, Target: inclTarget(prop)})
		}
	}
	sort.Slice(s.Incls, func(i, j int) bool {
		if s.Incls[i].Schema != s.Incls[j].Schema {
			return s.Incls[i].Schema < s.Incls[j].Schema
		}
		return s.Incls[i].Field < s.Incls[j].Field
	})
	sort.Slice(s.Fields, func(i, j int) bool {
		if s.Fields[i].Schema != s.Fields[j].Schema {
			return s.Fields[i].Schema < s.Fields[j].Schema
		}
		return s.Fields[i].Field < s.Fields[j].Field
	})
	return s, nil
}

func expansionTargets(exp *schemaJSON) []string {
	var targets []string
	for _, t := range exp.OneOf {
		if n := refName(t.Ref); n != "" && !strings.HasPrefix(n, "deleted_") {
			targets = append(targets, n)
		}
	}
	sort.Strings(targets)
	return targets
}

// inclTarget names the schema an included field holds, so that a dotted
// expand path can go on through it: an object, a list, or an array of objects.
func inclTarget(prop *schemaJSON) string {
	if n := responseName(prop); n != "" {
		return n
	}
	if prop.Items != nil {
		if n := responseName(prop.Items); n != "" && !strings.HasPrefix(n, "list:") {
			return n // arrays are expanded element-wise: the path continues into the element
		}
	}
	return ""
}

func refName(ref string) string {
	return strings.TrimPrefix(ref, "#/components/schemas/")
}

// responseName names what an operation returns: "customer" for
// {$ref customer} or anyOf[customer, deleted_customer], "list:customer" for
// a list or search result whose data items are customers.
func responseName(s *schemaJSON) string {
	if s.Ref != "" {
		return refName(s.Ref)
	}
	var kept []string
	for _, a := range append(append([]schemaJSON(nil), s.AnyOf...), s.OneOf...) {
		if n := refName(a.Ref); n != "" && !strings.HasPrefix(n, "deleted_") {
			kept = append(kept, n)
		}
	}
	if len(kept) == 1 {
		return kept[0]
	}
	if d, ok := s.Properties["data"]; ok && d.Items != nil {
		if inner := responseName(d.Items); inner != "" && !strings.HasPrefix(inner, "list:") {
			return "list:" + inner
		}
	}
	return ""
}

// SpecOperations lists the spec's (method, template) pairs, for coverage tests.
func SpecOperations(path string) ([][2]string, error) {
	s, err := loadSpec(path)
	if err != nil {
		return nil, err
	}
	out := make([][2]string, 0, len(s.Ops))
	for _, op := range s.Ops {
		out = append(out, [2]string{op.Method, op.Template})
	}
	return out, nil
}
