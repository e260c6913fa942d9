package gen

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

const (
	specModule = "github.com/stripe/stripe-mock"
	sdkModule  = "github.com/stripe/stripe-go/v76"
)

// PinnedInputs locates the stripe-mock and stripe-go modules go.mod pins and
// loads the rules file.
func PinnedInputs(rulesPath string) (Inputs, error) {
	rules, err := LoadRules(rulesPath)
	if err != nil {
		return Inputs{}, err
	}
	specDir, specVer, err := moduleDir(specModule)
	if err != nil {
		return Inputs{}, err
	}
	sdkDir, sdkVer, err := moduleDir(sdkModule)
	if err != nil {
		return Inputs{}, err
	}
	return Inputs{
		SpecPath:  filepath.Join(specDir, "embedded", "openapi", "spec3.json"),
		SpecLabel: "stripe-mock " + specVer + " spec3.json",
		SDKDir:    sdkDir,
		SDKLabel:  "stripe-go " + sdkVer,
		Rules:     rules,
	}, nil
}

func moduleDir(mod string) (dir, version string, err error) {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}\t{{.Version}}", mod).Output()
	if err != nil {
		return "", "", fmt.Errorf("go list -m %s (is it in go.mod and downloaded? try go mod download %s): %w", mod, mod, err)
	}
	dir, version, _ = strings.Cut(strings.TrimSpace(string(out)), "\t")
	if dir == "" {
		return "", "", fmt.Errorf("module %s is not downloaded: run go mod download %s", mod, mod)
	}
	return dir, version, nil
}

// WriteAtomic writes data to path through a temp file in the same directory.
func WriteAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(f.Name())
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
