package migrate

import (
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"github.com/rakmigrate/rakmigrate/permissions"
)

// SchemaV0 is the first manifest shape (rakmigrate before evidence): a flat
// list of permission names in either spelling and a flat list of IPs. A file
// without a schema line is read as v0.
const SchemaV0 = "rakmigrate.dev/manifest/v0"

type manifestV0 struct {
	Schema      string    `yaml:"schema"`
	Name        string    `yaml:"name"`
	Mode        string    `yaml:"mode"`
	Created     time.Time `yaml:"created"`
	Permissions []string  `yaml:"permissions"`
	IPAllowlist []string  `yaml:"ip_allowlist"`
	Unmapped    []string  `yaml:"unmapped"`
}

// upgradeV0 turns a v0 manifest into v1 in one step: every name becomes an
// entry in the plain spelling with reason override (v0 kept no evidence, and
// the entry says so), IPs become observed addresses with no judgement.
func upgradeV0(b []byte) (*Manifest, error) {
	var old manifestV0
	if err := yaml.Unmarshal(b, &old); err != nil {
		return nil, fmt.Errorf("reading a v0 manifest: %w", err)
	}
	if old.Name == "" && len(old.Permissions) == 0 {
		return nil, fmt.Errorf("no schema, name or permissions: this is not a rakmigrate manifest")
	}
	m := &Manifest{Schema: SchemaV1, Name: old.Name, Mode: strings.ToLower(old.Mode), CreatedAt: old.Created.UTC()}
	if m.Mode == "" {
		m.Mode = ModeTest
	}
	var set permissions.Set
	for i, name := range old.Permissions {
		p, err := parsePerm(name)
		if err != nil {
			return nil, fmt.Errorf("v0 permissions[%d]: %w", i, err)
		}
		set.Add(p)
	}
	for _, p := range set.List() {
		label, known := describe(p)
		m.Permissions = append(m.Permissions, PermissionEntry{Name: p.String(), Label: label, Known: known, Reason: ReasonOverride,
			Note: "carried over from a v0 manifest, which kept no evidence: re-run `rakmigrate propose` on logs to get it"})
	}
	for _, ip := range old.IPAllowlist {
		m.IPAllowlist.Observed = append(m.IPAllowlist.Observed, IPSeen{IP: ip})
	}
	m.IPAllowlist.Advice = "carried over from a v0 manifest without a judgement: re-run `rakmigrate propose` on logs with source IPs"
	for _, u := range old.Unmapped {
		m.Unmapped = append(m.Unmapped, UnmappedEntry{Request: u, Reason: string(permissions.Unknown)})
	}
	if len(m.Unmapped) > 0 {
		m.Incomplete = append(m.Incomplete, fmt.Sprintf("%d unmapped requests carried over from v0", len(m.Unmapped)))
	}
	if err := m.validate(); err != nil {
		return nil, err
	}
	return m, nil
}

func parsePerm(name string) (permissions.Permission, error) {
	return permissions.ParsePermission(name)
}
