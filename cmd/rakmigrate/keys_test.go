package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

var (
	keysCanaryEnv  = "rk_" + "test_CANARYkeysenv00000000000000000001"
	keysCanaryFile = "rk_" + "test_CANARYkeysfile0000000000000000002"
	keysCanaryFlag = "sk_" + "live_CANARYkeysflag0000000000000000003"
)

// keysProbe runs a throwaway command with the key flags that loads the key
// and prints its masked form and kind.
func keysProbe(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	f := &Factory{
		IO:         NewIOStreams(strings.NewReader(""), &out, &errOut),
		Getenv:     func(k string) string { return env[k] },
		Environ:    func() []string { return nil },
		Now:        func() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) },
		HTTPClient: http.DefaultClient,
	}
	root := newRootCmd(f)
	probe := &cobra.Command{
		Use: "probe",
		RunE: func(cmd *cobra.Command, _ []string) error {
			k, err := loadKey(cmd.Context(), f)
			if err != nil {
				return err
			}
			cmd.Printf("%s %s %s\n", k, k.Kind(), k.Mode())
			return k.RequireTest("probe")
		},
	}
	addKeyFlags(probe)
	root.AddCommand(probe)
	root.SetArgs(append([]string{"probe"}, args...))
	code := execute(context.Background(), root, f)
	return code, out.String(), errOut.String()
}

func TestKeyFlags(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	keyFile := filepath.Join(dir, "stripe.key")
	if err := os.WriteFile(keyFile, []byte(keysCanaryFile+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	loose := filepath.Join(dir, "loose.key")
	if err := os.WriteFile(loose, []byte(keysCanaryFile), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(loose, 0o644)
	env := map[string]string{"STRIPE_API_KEY": keysCanaryEnv}
	tests := []struct {
		name   string
		env    map[string]string
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{"env", env, nil, ExitOK, "rk_test_…0001 restricted test", ""},
		{"key file beats env", env, []string{"--key-file", keyFile}, ExitOK, "rk_test_…0002", ""},
		{"loose key file warns", nil, []string{"--key-file", loose}, ExitOK, "rk_test_…0002", "chmod 600"},
		{"key command", nil, []string{"--key-command", "cat " + keyFile}, ExitOK, "rk_test_…0002", ""},
		{"no key", nil, nil, ExitError, "", "no Stripe key: set STRIPE_API_KEY"},
		{"live key refused", map[string]string{"STRIPE_API_KEY": keysCanaryFlag}, nil, ExitError, "sk_live_…0003", "test/apikeys"},
		{"--api-key refused", nil, []string{"--api-key", keysCanaryFlag}, ExitUsage, "", "never accepted as a flag value"},
		{"--api-key= refused", nil, []string{"--api-key=" + keysCanaryFlag}, ExitUsage, "", "--api-key: a key is never"},
		{"--key refused", env, []string{"--key", "not-shaped-like-a-key-hunter2"}, ExitUsage, "", "--key: a key is never"},
		{"--secret-key refused", env, []string{"--secret-key", keysCanaryFlag}, ExitUsage, "", "STRIPE_API_KEY"},
		{"-k refused", env, []string{"-khunter2-not-key-shaped"}, ExitUsage, "", "--key: a key is never"},
		{"-k value refused", env, []string{"-k", "hunter2-not-key-shaped"}, ExitUsage, "", "--key: a key is never"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := keysProbe(t, tt.env, tt.args...)
			if code != tt.code || !strings.Contains(out, tt.stdout) || !strings.Contains(errOut, tt.stderr) {
				t.Fatalf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tt.code, out, errOut)
			}
			for _, s := range []string{out, errOut} {
				if strings.Contains(s, "CANARY") || strings.Contains(s, "hunter2") {
					t.Fatalf("a key reached the output:\n%s", s)
				}
			}
		})
	}
}

// A key passed to a command that has no key flags at all: cobra's
// unknown-flag error names the flag, never the value.
func TestUnknownKeyFlagDoesNotEchoValue(t *testing.T) {
	for _, args := range [][]string{
		{"scan", "--api-key", "hunter2-not-key-shaped"},
		{"scan", "--api-key=hunter2-not-key-shaped"},
		{"scan", "--stripe-key", "hunter2-not-key-shaped"},
	} {
		f, out, errOut := scanTestFactory()
		code := run(args, f)
		if code != ExitUsage {
			t.Errorf("%v: exit %d", args, code)
		}
		if s := out.String() + errOut.String(); strings.Contains(s, "hunter2") {
			t.Errorf("%v echoed the value:\n%s", args, s)
		}
	}
}

func TestKeyNeverInConfigFile(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile("rakmigrate.yaml", []byte("api_key: "+keysCanaryFlag+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := keysProbe(t, nil)
	if code != ExitUsage || !strings.Contains(errOut, "keys never go in config files") || strings.Contains(out+errOut, "CANARY") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
}
