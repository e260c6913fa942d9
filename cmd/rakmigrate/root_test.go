package main

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

// configProbe is a throwaway command exposing config-bound flags, so the
// precedence test does not depend on any real command's flags.
func configProbe(f *Factory, got **Config) *cobra.Command {
	root := newRootCmd(f)
	probe := &cobra.Command{
		Use: "probe",
		RunE: func(*cobra.Command, []string) error {
			*got = f.Config
			return nil
		},
	}
	probe.Flags().String("tz", "", "")
	probe.Flags().String("key-file", "", "")
	probe.Flags().Int("max-line", 0, "")
	root.AddCommand(probe)
	return root
}

func TestConfigPrecedence(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	xdg := filepath.Join(dir, "xdg")
	if err := os.MkdirAll(filepath.Join(xdg, "rakmigrate"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name, body string) {
		t.Helper()
		if err := os.WriteFile(name, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write(filepath.Join(xdg, "rakmigrate", "config.yaml"), "tz: Asia/Tokyo\nmax_line: 11\nstripe_bin: /xdg/stripe\n")

	tests := []struct {
		name      string
		local     string // ./rakmigrate.yaml, "" for none
		env       map[string]string
		args      []string
		wantTZ    string
		wantMax   int
		wantStrip string
	}{
		{"xdg only", "", nil, nil, "Asia/Tokyo", 11, "/xdg/stripe"},
		{"local file wins over xdg", "tz: Europe/Paris\n", nil, nil, "Europe/Paris", 0, ""},
		{"env wins over file", "tz: Europe/Paris\n", map[string]string{"RAKMIGRATE_TZ": "UTC"}, nil, "UTC", 0, ""},
		{"flag wins over env", "tz: Europe/Paris\n", map[string]string{"RAKMIGRATE_TZ": "UTC"}, []string{"--tz", "America/Lima"}, "America/Lima", 0, ""},
		{"env without a flag", "", map[string]string{"RAKMIGRATE_STRIPE_BIN": "/env/stripe"}, nil, "Asia/Tokyo", 11, "/env/stripe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Remove("rakmigrate.yaml")
			if tt.local != "" {
				write("rakmigrate.yaml", tt.local)
			}
			env := map[string]string{"XDG_CONFIG_HOME": xdg}
			for k, v := range tt.env {
				env[k] = v
				t.Setenv(k, v) // viper's AutomaticEnv reads the process env
			}
			f, _, errOut := testFactory("", env, testClock)
			var got *Config
			root := configProbe(f, &got)
			root.SetArgs(append([]string{"probe"}, tt.args...))
			if err := root.Execute(); err != nil {
				t.Fatalf("execute: %v (%s)", err, errOut)
			}
			if got.TZ != tt.wantTZ || got.MaxLine != tt.wantMax || got.StripeBin != tt.wantStrip {
				t.Errorf("got tz=%q max_line=%d stripe_bin=%q, want %q %d %q", got.TZ, got.MaxLine, got.StripeBin, tt.wantTZ, tt.wantMax, tt.wantStrip)
			}
		})
	}
}

func TestConfigRefusesKeys(t *testing.T) {
	canary := "rk_test_CANARYconfig000000000000000000000000000000000000zzzz"
	for _, body := range []string{
		"api_key: " + canary + "\n",
		"key_command: echo " + canary + "\n", // a key as the value of any setting
		"upstream: https://x.test/?k=" + canary + "\n",
	} {
		t.Run(body[:8], func(t *testing.T) {
			t.Chdir(t.TempDir())
			if err := os.WriteFile("rakmigrate.yaml", []byte(body), 0o600); err != nil {
				t.Fatal(err)
			}
			f, out, errOut := testFactory("", nil, testClock)
			var got *Config
			root := configProbe(f, &got)
			root.SetArgs([]string{"probe"})
			err := root.Execute()
			code, msg := exitCode(err)
			if code != ExitUsage || !strings.Contains(msg, "keys never go in config files") {
				t.Fatalf("code %d, msg %q", code, msg)
			}
			if strings.Contains(msg+out.String()+errOut.String(), "CANARY") {
				t.Fatal("the key from the config file was echoed")
			}
		})
	}
}

func TestExitCodes(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"version", []string{"--version"}, ExitOK, ""},
		{"unknown command", []string{"no-such-command"}, ExitUsage, "unknown command"},
		{"unknown flag", []string{"--no-such-flag"}, ExitUsage, "unknown flag"},
		{"wizard without a terminal", nil, ExitUsage, "needs a terminal"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(t.TempDir())
			f, _, errOut := testFactory("", nil, testClock)
			if code := run(tt.args, f); code != tt.wantCode {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.wantCode, errOut)
			}
			if !strings.Contains(errOut.String(), tt.wantErr) {
				t.Errorf("stderr %q lacks %q", errOut, tt.wantErr)
			}
		})
	}
}

func TestExitCodeMapping(t *testing.T) {
	base := errors.New("boom")
	tests := []struct {
		err      error
		wantCode int
		wantMsg  string
	}{
		{nil, ExitOK, ""},
		{base, ExitError, "boom"},
		{withExit(ExitNotReady, base), ExitNotReady, "boom"},
		{silentExit(ExitFindings), ExitFindings, ""},
		{usageError("bad %s", "flag"), ExitUsage, "bad flag"},
	}
	for _, tt := range tests {
		code, msg := exitCode(tt.err)
		if code != tt.wantCode || msg != tt.wantMsg {
			t.Errorf("exitCode(%v) = %d %q, want %d %q", tt.err, code, msg, tt.wantCode, tt.wantMsg)
		}
	}
}

func TestFlagErrorsDoNotEchoValues(t *testing.T) {
	t.Chdir(t.TempDir())
	f, out, errOut := testFactory("", nil, testClock)
	code := run([]string{"catalog", "-zhunter2-CANARY-password"}, f)
	if code != ExitUsage {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	if strings.Contains(out.String()+errOut.String(), "CANARY") {
		t.Fatalf("flag value echoed: %q", errOut)
	}
	if !strings.Contains(errOut.String(), "unknown shorthand flag: 'z'") {
		t.Fatalf("stderr %q does not name the flag", errOut)
	}
}
