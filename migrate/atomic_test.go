package migrate

import (
	"bufio"
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// A write interrupted between the temp file and the rename leaves the last
// good manifest readable and no temp file behind.
func TestSaveFailureKeepsLastGood(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rak-manifest.yaml")
	m := proposeScenario(t)
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)

	crash := errors.New("power cut")
	beforeRename = func(string) error { return crash }
	t.Cleanup(func() { beforeRename = func(string) error { return nil } })
	m.Name = "changed"
	if err := m.Save(path); !errors.Is(err, crash) {
		t.Fatalf("err = %v, want the injected failure", err)
	}
	now, _ := os.ReadFile(path)
	if !bytes.Equal(good, now) {
		t.Error("a failed write changed the manifest")
	}
	if _, err := LoadManifest(path); err != nil {
		t.Errorf("the last good manifest must stay readable: %v", err)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temp files left behind: %v", entries)
	}
}

// crashEnv makes the test binary act as a writer that is killed mid-write.
const crashEnv = "RAKMIGRATE_TEST_CRASH_WRITER"

func TestMain(m *testing.M) {
	if path := os.Getenv(crashEnv); path != "" {
		crashWriter(path)
		return
	}
	os.Exit(m.Run())
}

// crashWriter loads the manifest, changes it, and saves it; between the
// fsync of the temp file and the rename it says READY and waits to be killed.
func crashWriter(path string) {
	man, err := LoadManifest(path)
	if err != nil {
		os.Exit(3)
	}
	beforeRename = func(string) error {
		os.Stdout.WriteString("READY\n")
		time.Sleep(time.Minute)
		return nil
	}
	man.Name = "half-written"
	_ = man.Save(path)
	os.Exit(4) // not reached when killed
}

// A process killed in the middle of a save (after writing the new content,
// before the rename) leaves the previous manifest intact.
func TestKillMidWriteKeepsLastGood(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rak-manifest.yaml")
	if err := proposeScenario(t).Save(path); err != nil {
		t.Fatal(err)
	}
	good, _ := os.ReadFile(path)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || line != "READY\n" {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("writer did not reach the rename: %q %v", line, err)
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()

	now, _ := os.ReadFile(path)
	if !bytes.Equal(good, now) {
		t.Fatal("the kill left a changed manifest")
	}
	m, err := LoadManifest(path)
	if err != nil || m.Name != "checkout" {
		t.Fatalf("the last good manifest must load: %v %v", m, err)
	}
	// The orphaned temp file is hidden and never mistaken for the manifest.
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".rak-manifest.yaml.tmp-*"))
	if len(matches) != 1 {
		t.Errorf("expected the killed writer's temp file, found %v", matches)
	}
}

// Two runs on one manifest: the second save refuses to drop the first's round.
func TestSaveRefusesConcurrentChange(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rak-manifest.yaml")
	if err := proposeScenario(t).Save(path); err != nil {
		t.Fatal(err)
	}
	a, _ := LoadManifest(path)
	b, _ := LoadManifest(path)
	a.Name = "first"
	if err := a.Save(path); err != nil {
		t.Fatal(err)
	}
	b.Name = "second"
	if err := b.Save(path); err == nil {
		t.Fatal("the second save overwrote the first run's change")
	}
	if m, _ := LoadManifest(path); m.Name != "first" {
		t.Errorf("name = %s", m.Name)
	}
	a.Name = "first again" // the same run may save twice
	if err := a.Save(path); err != nil {
		t.Errorf("a run saving its own file again: %v", err)
	}
}
