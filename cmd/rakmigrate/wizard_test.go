package main

import (
	"bytes"
	"encoding/base64"
	"os"
	"strings"
	"testing"

	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/secrets"
)

func TestWizardWithoutTerminalExplainsTheCommands(t *testing.T) {
	f, out, errOut := testFactory("", nil, wizardClock)
	code := run(nil, f)
	if code != ExitUsage {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	if out.Len() != 0 {
		t.Fatalf("stdout should stay empty, got %q", out)
	}
	for _, want := range []string{"the wizard needs a terminal", "rakmigrate demo", "rakmigrate propose LOG...", "rakmigrate plan -m"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("help lacks %q:\n%s", want, errOut)
		}
	}
}

func TestWizardWithManifestFlagWithoutTerminal(t *testing.T) {
	f, _, errOut := testFactory("", nil, wizardClock)
	if code := run([]string{"-m", "rak-manifest.yaml"}, f); code != ExitUsage {
		t.Fatalf("exit %d, want %d", code, ExitUsage)
	}
	if !strings.Contains(errOut.String(), "the wizard needs a terminal") {
		t.Fatalf("stderr: %s", errOut)
	}
}

func TestWizardNeverOverwritesAnUnnamedManifest(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile(defaultManifest, []byte("schema: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, _, errOut := testFactory("", nil, wizardClock)
	f.IO.OutTTY, f.IO.InTTY = true, true
	if code := run(nil, f); code != ExitUsage {
		t.Fatalf("exit %d, want %d (stderr %s)", code, ExitUsage, errOut)
	}
	if !strings.Contains(errOut.String(), "rakmigrate -m rak-manifest.yaml") {
		t.Fatalf("stderr does not say how to reopen it: %s", errOut)
	}
	if b, _ := os.ReadFile(defaultManifest); string(b) != "schema: x\n" {
		t.Fatal("the manifest was touched")
	}
}

func TestWizardBadManifestNamesTheFile(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("broken.yaml", []byte("schema: [\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, _, errOut := testFactory("", nil, wizardClock)
	f.IO.OutTTY, f.IO.InTTY = true, true
	if code := run([]string{"-m", "broken.yaml"}, f); code != ExitError {
		t.Fatalf("exit %d, want %d (stderr %s)", code, ExitError, errOut)
	}
	if !strings.Contains(errOut.String(), "broken.yaml") {
		t.Fatalf("the error does not name the file: %s", errOut)
	}
}

func TestWizardIngestOptions(t *testing.T) {
	for _, tc := range []struct {
		tz, order string
		wantErr   string
	}{
		{tz: ""},
		{tz: "Europe/Paris", order: "mdy"},
		{tz: "Mars/Olympus", wantErr: "an IANA zone"},
		{order: "ymd", wantErr: "--date-order"},
	} {
		f, _, _ := testFactory("", nil, wizardClock)
		f.Config = &Config{TZ: tc.tz, DateOrder: tc.order, MaxLine: 4096, Strict: true, InputFormat: "tail-json"}
		opt, err := wizardIngestOptions(f)
		switch {
		case tc.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("tz %q, date order %q: err %v, want %q", tc.tz, tc.order, err, tc.wantErr)
			}
		case err != nil:
			t.Errorf("tz %q, date order %q: %v", tc.tz, tc.order, err)
		default:
			if opt.MaxLine != 4096 || !opt.Strict || opt.Format != "tail-json" || (tc.tz != "" && opt.Location.String() != tc.tz) {
				t.Errorf("tz %q: options %+v", tc.tz, opt)
			}
			if want, _ := logparse.ParseDateOrder(tc.order); opt.DateOrder != want {
				t.Errorf("date order %q: options' %v, want %v", tc.order, opt.DateOrder, want)
			}
		}
	}
}

func TestOSC52CopyRedactsAndWrapsForTmux(t *testing.T) {
	for _, tc := range []struct {
		name   string
		env    map[string]string
		prefix string
	}{
		{"plain", nil, "\x1b]52;c;"},
		{"tmux", map[string]string{"TMUX": "/tmp/tmux-0/default,1,0"}, "\x1bPtmux;\x1b\x1b]52;c;"},
		{"screen", map[string]string{"TERM": "screen-256color"}, "\x1bP\x1b]52;c;"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var term bytes.Buffer
			copyFn := osc52Copier(&term, func(k string) string { return tc.env[k] })
			text := "https://dashboard.stripe.com/test/apikeys/create?name=x&permissions[]=rak_charge_read sk_test_CANARY0123456789abcdefghij"
			if err := copyFn(text); err != nil {
				t.Fatal(err)
			}
			got := term.String()
			if !strings.HasPrefix(got, tc.prefix) {
				t.Fatalf("sequence %q does not start with %q", got, tc.prefix)
			}
			// screen splits the payload into chunks, each in its own DCS.
			got = strings.ReplaceAll(got, "\x1b\\\x1bP", "")
			payload := got[strings.Index(got, "52;c;")+5:]
			payload = payload[:strings.IndexAny(payload, "\x07\x1b")]
			dec, err := base64.StdEncoding.DecodeString(payload)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(dec), "CANARY") || !strings.Contains(string(dec), "rak_charge_read") {
				t.Fatalf("copied %q", dec)
			}
			if string(dec) != secrets.Redact(text) {
				t.Fatalf("copied %q, want the redacted text", dec)
			}
		})
	}
}
