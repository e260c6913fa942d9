package migrate

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/rakmigrate/rakmigrate/secrets"
)

// beforeRename runs between writing the temporary file and renaming it over
// the target. Tests set it to simulate a crash at the worst moment.
var beforeRename = func(tmp string) error { return nil }

// writeFileAtomic replaces name with data so that a reader (or a crash) sees
// either the old file or the new one, never a mix: temp file in the same
// directory, fsync, rename, fsync of the directory.
func writeFileAtomic(name string, data []byte, perm os.FileMode) (err error) {
	dir := filepath.Dir(name)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(name)+".tmp-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err = tmp.Chmod(perm); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing %s: flushing to disk: %w", name, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err = beforeRename(tmp.Name()); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if err = os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync() // best effort: not every file system syncs directories
		d.Close()
	}
	return nil
}

// WriteFileAtomic writes the commands' other outputs (plans) atomically,
// redacted like everything rakmigrate writes.
func WriteFileAtomic(name string, data []byte) error {
	return writeFileAtomic(name, secrets.RedactBytes(data), 0o644)
}
