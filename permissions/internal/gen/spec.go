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

type spec struct {
	Version string
	Ops     []specOp
	Fields  []specField
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
		for field, prop := range sc.Properties {
			if prop.ExpansionResources == nil {
				continue
			}
			var targets []string
			for _, t := range prop.ExpansionResources.OneOf {
				if n := refName(t.Ref); n != "" && !strings.HasPrefix(n, "deleted_") {
					targets = append(targets, n)
				}
			}
			if len(targets) > 0 {
				sort.Strings(targets)
				s.Fields = append(s.Fields, specField{Schema: name, Field: field, Targets: targets})
			}
		}
	}
	sort.Slice(s.Fields, func(i, j int) bool {
		if s.Fields[i].Schema != s.Fields[j].Schema {
			return s.Fields[i].Schema < s.Fields[j].Schema
		}
		return s.Fields[i].Field < s.Fields[j].Field
	})
	return s, nil
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
