package migrate

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/rakmigrate/rakmigrate/secrets"
)

// Encoding of a manifest file.
type Encoding string

const (
	YAML Encoding = "yaml"
	JSON Encoding = "json"
)

// EncodingFor picks the encoding from a file name: JSON for .json, else YAML.
func EncodingFor(path string) Encoding {
	if strings.EqualFold(filepath.Ext(path), ".json") {
		return JSON
	}
	return YAML
}

// Marshal renders the manifest. The output is deterministic (stable order,
// UTC times), so re-running a step that changes nothing writes the same bytes.
func (m *Manifest) Marshal(enc Encoding) ([]byte, error) {
	var b []byte
	var err error
	if enc == JSON {
		b, err = json.MarshalIndent(m, "", "  ")
		b = append(b, '\n')
	} else {
		var buf bytes.Buffer
		e := yaml.NewEncoder(&buf)
		e.SetIndent(2)
		if err = e.Encode(m); err == nil {
			err = e.Close()
		}
		b = buf.Bytes()
	}
	if err != nil {
		return nil, fmt.Errorf("encoding manifest: %w", err)
	}
	// A manifest never holds a key; 403 texts copied into it name masked keys
	// only. Redact anyway: this is a file users commit.
	return secrets.RedactBytes(b), nil
}

// Save writes the manifest atomically (temp file, fsync, rename): YAML, or
// JSON when path ends in .json. A crash leaves the previous file intact.
func (m *Manifest) Save(path string) error {
	return m.SaveAs(path, EncodingFor(path))
}

// SaveAs is Save with the encoding chosen by the caller (--format).
func (m *Manifest) SaveAs(path string, enc Encoding) error {
	b, err := m.Marshal(enc)
	if err != nil {
		return err
	}
	if m.origin.path != "" && m.origin.path == absPath(path) {
		if cur, err := os.ReadFile(path); err == nil && sha256.Sum256(cur) != m.origin.sum {
			return errorf("%s changed on disk since it was read (another rakmigrate run, or an edit): nothing written; run the command again", path)
		}
	}
	if err := writeFileAtomic(path, b, 0o644); err != nil {
		return err
	}
	m.origin = origin{path: absPath(path), sum: sha256.Sum256(b)}
	return nil
}

func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// LoadManifest reads a manifest (YAML or JSON), upgrading an older schema in
// one step. Errors name the file and, for YAML, the line.
func LoadManifest(path string) (*Manifest, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, errorf("manifest %s does not exist: create it with `rakmigrate propose LOG... -o %s`", path, path)
		}
		return nil, errorf("reading manifest: %w", err)
	}
	m, err := ParseManifest(b)
	if err != nil {
		return nil, errorf("manifest %s: %w", path, err)
	}
	m.origin = origin{path: absPath(path), sum: sha256.Sum256(b)}
	return m, nil
}

// ParseManifest decodes a manifest from bytes (JSON is YAML too).
func ParseManifest(b []byte) (*Manifest, error) {
	var probe struct {
		Schema string `yaml:"schema"`
	}
	if err := yaml.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("%w (fix the YAML, or regenerate it with `rakmigrate propose`)", err)
	}
	switch probe.Schema {
	case SchemaV1:
		var m Manifest
		dec := yaml.NewDecoder(bytes.NewReader(b))
		dec.KnownFields(true)
		if err := dec.Decode(&m); err != nil {
			if errors.Is(err, io.EOF) {
				return nil, errors.New("empty file")
			}
			return nil, fmt.Errorf("%w (a field is misspelt or has the wrong type)", err)
		}
		if err := m.validate(); err != nil {
			return nil, err
		}
		return &m, nil
	case "", SchemaV0:
		return upgradeV0(b)
	}
	return nil, fmt.Errorf("schema %q is not one this rakmigrate knows (it reads %s and older): upgrade rakmigrate", probe.Schema, SchemaV1)
}

// validate checks what the engine relies on.
func (m *Manifest) validate() error {
	if m.Mode != ModeTest && m.Mode != ModeLive {
		return fmt.Errorf("mode %q: want test or live", m.Mode)
	}
	seen := map[string]bool{}
	for i, p := range m.Permissions {
		if _, err := parsePerm(p.Name); err != nil {
			return fmt.Errorf("permissions[%d]: %w", i, err)
		}
		if seen[p.Name] {
			return fmt.Errorf("permissions[%d]: %s is listed twice", i, p.Name)
		}
		seen[p.Name] = true
	}
	for i, r := range m.Rounds {
		if r.N != i+1 {
			return fmt.Errorf("rounds[%d]: numbered %d, want %d (rounds are appended by `rakmigrate iterate`, not edited)", i, r.N, i+1)
		}
	}
	return checkText(m)
}
