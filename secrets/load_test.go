package secrets

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const (
	canaryEnvKey  = "sk_test_CANARYenv000000000000000000000001"
	canaryRakEnv  = "rk_test_CANARYrakenv0000000000000000000002"
	canaryFileKey = "rk_test_CANARYfile00000000000000000000003"
	canaryCmdKey  = "rk_test_CANARYcmd000000000000000000000004"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func writeKeyFile(t *testing.T, content string, mode os.FileMode) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "key")
	if err := os.WriteFile(name, []byte(content), mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(name, mode); err != nil {
		t.Fatal(err)
	}
	return name
}

// printer returns a key command that prints content on stdout.
func printer(t *testing.T, content string) string {
	t.Helper()
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	script := filepath.Join(t.TempDir(), "print key.sh")
	body := "#!/bin/sh\ncat <<'END'\n" + content + "\nEND\necho 'note: fetched from vault' >&2\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	return "'" + script + "' --vault test"
}

func TestLoadPrecedence(t *testing.T) {
	bothEnv := envOf(map[string]string{EnvStripeKey: canaryEnvKey, EnvRakmigrateKey: canaryRakEnv})
	file := writeKeyFile(t, canaryFileKey+"\n", 0o600)
	cmd := printer(t, canaryCmdKey)
	tests := []struct {
		name string
		o    LoadOptions
		want string
	}{
		{"command wins", LoadOptions{Getenv: bothEnv, File: file, Command: cmd}, canaryCmdKey},
		{"file next", LoadOptions{Getenv: bothEnv, File: file}, canaryFileKey},
		{"STRIPE_API_KEY next", LoadOptions{Getenv: bothEnv}, canaryEnvKey},
		{"RAKMIGRATE_API_KEY last", LoadOptions{Getenv: envOf(map[string]string{EnvRakmigrateKey: canaryRakEnv})}, canaryRakEnv},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var warnings []string
			tt.o.Warn = func(s string) { warnings = append(warnings, s) }
			k, err := Load(context.Background(), tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if k.Reveal() != tt.want {
				t.Fatalf("got %s, want %s", k, Mask(tt.want))
			}
			for _, w := range warnings {
				if strings.Contains(w, "CANARY") {
					t.Errorf("warning leaks: %s", w)
				}
			}
		})
	}
}

func TestLoadNoKey(t *testing.T) {
	_, err := Load(context.Background(), LoadOptions{Getenv: envOf(nil)})
	if !errors.Is(err, ErrNoKey) {
		t.Fatalf("err = %v, want ErrNoKey", err)
	}
	for _, hint := range []string{"STRIPE_API_KEY", "--key-file", "--key-command"} {
		if !strings.Contains(err.Error(), hint) {
			t.Errorf("no-key error does not mention %s: %v", hint, err)
		}
	}
}

func TestLoadWarnsOnReadableKeyFile(t *testing.T) {
	for _, tt := range []struct {
		mode os.FileMode
		warn bool
	}{{0o600, false}, {0o400, false}, {0o640, true}, {0o644, true}, {0o604, true}} {
		file := writeKeyFile(t, canaryFileKey, tt.mode)
		var warnings []string
		if _, err := Load(context.Background(), LoadOptions{Getenv: envOf(nil), File: file, Warn: func(s string) { warnings = append(warnings, s) }}); err != nil {
			t.Fatal(err)
		}
		got := len(warnings) > 0 && strings.Contains(warnings[0], "chmod 600")
		if got != tt.warn {
			t.Errorf("mode %04o: warnings %q, want warn=%v", tt.mode, warnings, tt.warn)
		}
	}
}

func TestLoadRefusals(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name    string
		o       LoadOptions
		mention string
	}{
		{"missing file", LoadOptions{File: filepath.Join(dir, "nope")}, "no such file"},
		{"directory", LoadOptions{File: dir}, "directory"},
		{"empty file", LoadOptions{File: writeKeyFile(t, "\n\n", 0o600)}, "empty"},
		{"env-style file", LoadOptions{File: writeKeyFile(t, "STRIPE_API_KEY="+canaryFileKey, 0o600)}, "only the key"},
		{"two lines", LoadOptions{File: writeKeyFile(t, canaryFileKey+"\n"+canaryEnvKey, 0o600)}, "more than one"},
		{"huge file", LoadOptions{File: writeKeyFile(t, strings.Repeat(canaryFileKey, 1000), 0o600)}, "larger than"},
		{"publishable", LoadOptions{Getenv: envOf(map[string]string{EnvStripeKey: "pk_test_CANARYpub000000000000000000"})}, "publishable"},
		{"webhook secret", LoadOptions{Getenv: envOf(map[string]string{EnvStripeKey: "whsec_CANARYwh0000000000000000000000"})}, "webhook"},
		{"key in command", LoadOptions{Command: "echo " + canaryCmdKey}, "contains a key"},
		{"bad quotes", LoadOptions{Command: `op read "op://x`}, "quotes"},
		{"missing program", LoadOptions{Command: "rakmigrate-no-such-program-xyz read"}, "failed"},
		{"failing program", LoadOptions{Command: "sh -c 'echo denied " + strings.ReplaceAll(canaryCmdKey, "_", "\\_") + " >&2; echo " + "x" + "; exit 3'"}, "exit status 3"},
		{"command prints garbage", LoadOptions{Command: printer(t, "line one\nline two")}, "more than one"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.o.Getenv == nil {
				tt.o.Getenv = envOf(nil)
			}
			_, err := Load(context.Background(), tt.o)
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), "CANARY") {
				t.Errorf("error leaks a key: %v", err)
			}
			if !strings.Contains(err.Error(), tt.mention) {
				t.Errorf("error %q does not mention %q", err, tt.mention)
			}
		})
	}
}

func TestLoadCommandStderrRedacted(t *testing.T) {
	if _, err := exec.LookPath("sh"); err != nil {
		t.Skip("no sh")
	}
	script := filepath.Join(t.TempDir(), "k.sh")
	body := "#!/bin/sh\necho 'debug: old key was " + canaryEnvKey + "' >&2\necho " + canaryCmdKey + "\n"
	if err := os.WriteFile(script, []byte(body), 0o700); err != nil {
		t.Fatal(err)
	}
	var warnings []string
	k, err := Load(context.Background(), LoadOptions{Getenv: envOf(nil), Command: script, Warn: func(s string) { warnings = append(warnings, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if k.Reveal() != canaryCmdKey {
		t.Fatalf("key = %s", k)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "sk_test_…0001") || strings.Contains(warnings[0], "CANARY") {
		t.Fatalf("stderr not shown redacted: %q", warnings)
	}
}

func TestLoadCommandTimeout(t *testing.T) {
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("no sleep")
	}
	_, err := Load(context.Background(), LoadOptions{Getenv: envOf(nil), Command: "sleep 10", Timeout: 50 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "did not finish within 50ms") {
		t.Fatalf("err = %v", err)
	}
}

func TestLoadUnknownPrefixWarns(t *testing.T) {
	var warnings []string
	k, err := Load(context.Background(), LoadOptions{Getenv: envOf(map[string]string{EnvStripeKey: "oak_CANARYoak00000000000000000000"}), Warn: func(s string) { warnings = append(warnings, s) }})
	if err != nil {
		t.Fatal(err)
	}
	if k.Kind() != KindUnknown || len(warnings) != 1 || !strings.Contains(warnings[0], "unrecognised prefix") || strings.Contains(warnings[0], "CANARY") {
		t.Fatalf("kind %s, warnings %q", k.Kind(), warnings)
	}
}
