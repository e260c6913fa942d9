package migrate

import (
	"embed"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// The demo sample: a made-up checkout service's usage log (tail JSON, two
// weeks), the tail-text log of a test run with the proposed key (403s in the
// old and new message forms), and four days of that key running clean.
// sample/gen.py made them; every id is fake and says "Demo".
//
//go:embed sample/usage.jsonl sample/test-run-403.log sample/test-run-clean.jsonl
var sampleFS embed.FS

// DemoFiles are the paths of the demo sample once written out.
type DemoFiles struct {
	Dir     string
	Usage   string // usage log of the secret key (tail-json)
	Denials string // test run with the proposed key: 403s (tail-text, UTC times)
	Clean   string // the soak: the fixed key running clean (tail-json)
}

// The demo's clock follows the sample, so its rounds and soak are coherent
// whatever day the demo runs: propose after the usage log, round 1 after the
// 403s, round 2 after the clean run.
var (
	DemoProposeAt = time.Date(2026, 10, 18, 9, 0, 0, 0, time.UTC)
	DemoRound1At  = time.Date(2026, 10, 20, 11, 0, 0, 0, time.UTC)
	DemoRound2At  = time.Date(2026, 10, 24, 15, 0, 0, 0, time.UTC)
	// DemoLocation is the zone of the 403 log's tail-text times.
	DemoLocation = time.UTC
)

// DemoName is the demo key's name.
const DemoName = "demo-checkout"

// WriteDemoInputs writes the embedded sample into dir (created if needed).
func WriteDemoInputs(dir string) (DemoFiles, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return DemoFiles{}, fmt.Errorf("demo: %w", err)
	}
	d := DemoFiles{Dir: dir}
	for _, f := range []struct {
		name string
		dst  *string
	}{
		{"usage.jsonl", &d.Usage},
		{"test-run-403.log", &d.Denials},
		{"test-run-clean.jsonl", &d.Clean},
	} {
		b, err := sampleFS.ReadFile("sample/" + f.name)
		if err != nil {
			return DemoFiles{}, fmt.Errorf("demo sample %s: %w", f.name, err)
		}
		*f.dst = filepath.Join(dir, f.name)
		if err := writeFileAtomic(*f.dst, b, 0o644); err != nil {
			return DemoFiles{}, err
		}
	}
	return d, nil
}
