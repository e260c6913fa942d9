package gen

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Rules is the hand-kept rules file (permissions/rules.yaml).
type Rules struct {
	// Rules map a template prefix to a permission stem (or to unknown /
	// not_grantable with a reason). The longest matching prefix wins.
	Rules []Rule `yaml:"rules"`
	// Operations decide single operations, over any rule.
	Operations []OpRule `yaml:"operations"`
	// Extra lists operations that neither the spec nor stripe-go holds (the
	// v2 paths of stripe-facts §5); rules and operations then decide them.
	Extra []ExtraOp `yaml:"extra"`
	// Expand names the read permission of polymorphic expandable fields where
	// Stripe says which it is (balance_transaction.source).
	Expand []ExpandRule `yaml:"expand"`
}

// Rule maps a prefix of templates to a stem.
type Rule struct {
	Prefix     string `yaml:"prefix"` // "/v1/customers" or "/v1/charges/{}/refunds"
	Stem       string `yaml:"stem"`
	Access     string `yaml:"access"`     // force read or write regardless of the method
	Resolution string `yaml:"resolution"` // unknown | not_grantable (then no stem)
	Direct     bool   `yaml:"direct"`
	Note       string `yaml:"note"`
	// WriteResolution decides the POST/DELETE operations under a read-only
	// stem (unknown or not_grantable), with WriteNote saying why.
	WriteResolution string   `yaml:"write_resolution"`
	WriteNote       string   `yaml:"write_note"`
	Match           []string `yaml:"match"`    // example templates this rule must decide
	NoMatch         []string `yaml:"no_match"` // example templates it must not decide
}

// OpRule decides one operation.
type OpRule struct {
	Op         string `yaml:"op"` // "GET /v1/account"
	Permission string `yaml:"permission"`
	Resolution string `yaml:"resolution"`
	Provenance string `yaml:"provenance"` // documented | observed | derived
	Direct     bool   `yaml:"direct"`
	Note       string `yaml:"note"`
}

// ExtraOp is an operation to add to the catalog.
type ExtraOp struct {
	Op       string `yaml:"op"`
	Response string `yaml:"response"`
	Source   string `yaml:"source"`
}

// ExpandRule fixes the permission one expandable field needs.
type ExpandRule struct {
	Field      string `yaml:"field"` // "balance_transaction.source"
	Permission string `yaml:"permission"`
	Note       string `yaml:"note"`
}

// LoadRules reads and checks the rules file.
func LoadRules(path string) (*Rules, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Rules
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&r); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for i, rule := range r.Rules {
		if err := rule.check(); err != nil {
			return nil, fmt.Errorf("%s: rule %d (%s): %w", path, i+1, rule.Prefix, err)
		}
	}
	return &r, nil
}

func (r Rule) check() error {
	if !strings.HasPrefix(r.Prefix, "/v1/") && !strings.HasPrefix(r.Prefix, "/v2/") {
		return fmt.Errorf("prefix must start with /v1/ or /v2/")
	}
	switch r.Resolution {
	case "":
		if r.Stem == "" {
			return fmt.Errorf("needs a stem, or resolution unknown/not_grantable with a note")
		}
	case "unknown", "not_grantable":
		if r.Stem != "" || r.Note == "" {
			return fmt.Errorf("resolution %s takes no stem and needs a note", r.Resolution)
		}
	default:
		return fmt.Errorf("resolution %q: want unknown or not_grantable", r.Resolution)
	}
	if r.WriteResolution != "" && (r.Stem == "" || r.WriteNote == "" || (r.WriteResolution != "unknown" && r.WriteResolution != "not_grantable")) {
		return fmt.Errorf("write_resolution must be unknown or not_grantable, on a rule with a stem, with a write_note")
	}
	if r.Access != "" && r.Access != "read" && r.Access != "write" {
		return fmt.Errorf("access %q: want read or write", r.Access)
	}
	if len(r.Match) == 0 {
		return fmt.Errorf("needs at least one match: example")
	}
	return nil
}

// prefixMatches reports whether the rule's prefix covers template, segment by
// segment ({…} in either matches a parameter).
func prefixMatches(prefix, template string) bool {
	ps := strings.Split(strings.Trim(prefix, "/"), "/")
	ts := strings.Split(strings.Trim(template, "/"), "/")
	if len(ps) > len(ts) {
		return false
	}
	for i, p := range ps {
		t := ts[i]
		pParam := strings.HasPrefix(p, "{")
		tParam := strings.HasPrefix(t, "{")
		if pParam != tParam || (!pParam && p != t) {
			return false
		}
	}
	return true
}

// ruleFor returns the rule with the longest prefix covering template, or -1.
// Two rules of equal length covering one template are a rules-file error.
func (rs *Rules) ruleFor(template string) (int, error) {
	best, bestLen := -1, -1
	for i, r := range rs.Rules {
		if !prefixMatches(r.Prefix, template) {
			continue
		}
		n := strings.Count(strings.Trim(r.Prefix, "/"), "/")
		if n == bestLen {
			return -1, fmt.Errorf("%s: rules %q and %q both match", template, rs.Rules[best].Prefix, r.Prefix)
		}
		if n > bestLen {
			best, bestLen = i, n
		}
	}
	return best, nil
}

// CheckExamples verifies every rule's match and no_match examples.
func (rs *Rules) CheckExamples() []error {
	var errs []error
	for i, r := range rs.Rules {
		for _, ex := range r.Match {
			got, err := rs.ruleFor(ex)
			if err != nil {
				errs = append(errs, err)
			} else if got != i {
				errs = append(errs, fmt.Errorf("rule %s: example %s is decided by %s", r.Prefix, ex, describeRule(rs, got)))
			}
		}
		for _, ex := range r.NoMatch {
			if got, err := rs.ruleFor(ex); err == nil && got == i {
				errs = append(errs, fmt.Errorf("rule %s: no_match example %s is decided by it", r.Prefix, ex))
			}
		}
	}
	return errs
}

func describeRule(rs *Rules, i int) string {
	if i < 0 {
		return "no rule"
	}
	return "rule " + rs.Rules[i].Prefix
}
