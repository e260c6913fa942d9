package secrets

import (
	"fmt"
	"net/url"
	"path/filepath"
)

// SARIF 2.1.0, the subset code-scanning services read: one run, the rules
// table, one result per finding with its location and redacted snippet.
type sarifLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool    sarifTool     `json:"tool"`
	Results []sarifResult `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	InformationURI string      `json:"informationUri"`
	Version        string      `json:"version,omitempty"`
	Rules          []sarifRule `json:"rules"`
}

type sarifRule struct {
	ID                   string       `json:"id"`
	Name                 string       `json:"name"`
	ShortDescription     sarifText    `json:"shortDescription"`
	Help                 sarifText    `json:"help"`
	DefaultConfiguration sarifDefault `json:"defaultConfiguration"`
}

type sarifDefault struct {
	Level string `json:"level"`
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifResult struct {
	RuleID    string          `json:"ruleId"`
	RuleIndex int             `json:"ruleIndex"`
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           sarifRegion   `json:"region"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int       `json:"startLine"`
	StartColumn int       `json:"startColumn"`
	Snippet     sarifText `json:"snippet"`
}

// sarifLevel maps a severity to SARIF's vocabulary.
var sarifLevel = map[Severity]string{SeverityError: "error", SeverityInfo: "note"}

// ruleHelp is the advice attached to every rule.
const ruleHelp = "Remove the key from the file and from git history, then roll it in the Stripe Dashboard " +
	"(Developers → API keys → Roll key): a key that reached a repository is exposed. Load keys from " +
	"STRIPE_API_KEY or a secrets manager instead. Mark a deliberate fake with a `rakmigrate:allow` comment " +
	"or list its path in .rakmigrate-ignore."

// SARIF returns findings as a SARIF 2.1.0 log (marshal it with encoding/json).
func SARIF(findings []Finding, version string) any {
	rules := make([]sarifRule, len(ScanRules))
	index := map[string]int{}
	for i, r := range ScanRules {
		index[r.ID] = i
		help := ruleHelp
		if r.Severity == SeverityInfo {
			help = "Publishable keys are meant for client code; reported for inventory only."
		}
		rules[i] = sarifRule{
			ID: r.ID, Name: r.ID, ShortDescription: sarifText{r.Summary}, Help: sarifText{help},
			DefaultConfiguration: sarifDefault{sarifLevel[r.Severity]},
		}
	}
	results := make([]sarifResult, 0, len(findings))
	for _, f := range findings {
		results = append(results, sarifResult{
			RuleID: f.Rule, RuleIndex: index[f.Rule], Level: sarifLevel[f.Severity],
			Message: sarifText{Describe(f)},
			Locations: []sarifLocation{{PhysicalLocation: sarifPhysical{
				ArtifactLocation: sarifArtifact{URI: (&url.URL{Path: filepath.ToSlash(f.Path)}).String()},
				Region:           sarifRegion{StartLine: f.Line, StartColumn: f.Column, Snippet: sarifText{f.Preview}},
			}}},
		})
	}
	return sarifLog{
		Version: "2.1.0",
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Runs: []sarifRun{{
			Tool:    sarifTool{Driver: sarifDriver{Name: "rakmigrate", InformationURI: "https://github.com/rakmigrate/rakmigrate", Version: version, Rules: rules}},
			Results: results,
		}},
	}
}

// Describe is a one-line account of a finding: what was found, masked.
func Describe(f Finding) string {
	what := ruleFor(f.Kind).Summary
	if f.Mode != ModeUnknown {
		return fmt.Sprintf("%s %s (%s mode)", what, f.Masked, f.Mode)
	}
	return fmt.Sprintf("%s %s", what, f.Masked)
}
