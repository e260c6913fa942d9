package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Canary keys for scan tests, split so this file does not hold them whole.
var (
	scanCanaryLive = "sk_" + "live_CANARYscan000000000000000000001"
	scanCanaryRAK  = "rk_" + "test_CANARYscan000000000000000000002"
	scanCanaryWH   = "whsec_" + "CANARYscan000000000000000000003"
	scanCanaryPK   = "pk_" + "test_CANARYscan000000000000000000004"
)

// scanTestFactory is testFactory with git isolated from the machine's config.
func scanTestFactory() (*Factory, *bytes.Buffer, *bytes.Buffer) {
	f, out, errOut := testFactory("", nil, testClock)
	f.Environ = scanGitEnviron
	return f, out, errOut
}

// scanGitEnviron isolates git from the user's configuration.
func scanGitEnviron() []string {
	return append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
		"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com")
}

func scanGit(t *testing.T, dir string, args ...string) string {
	t.Helper()
	cmd := exec.Command("git", append([]string{"-C", dir}, args...)...)
	cmd.Env = scanGitEnviron()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// scanRepo makes a git repository in a temp dir holding files, chdirs into
// it and returns its path. Files whose name starts with "untracked/" are not
// added.
func scanRepo(t *testing.T, files map[string]string) string {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	dir := t.TempDir()
	scanGit(t, dir, "init", "-q", "-b", "main")
	for name, content := range files {
		scanWrite(t, filepath.Join(dir, name), content)
		if !strings.HasPrefix(name, "untracked/") {
			scanGit(t, dir, "add", name)
		}
	}
	t.Chdir(dir)
	return dir
}

func scanWrite(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func scanRun(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	f, out, errOut := scanTestFactory()
	code := run(append([]string{"scan"}, args...), f)
	all := out.String() + errOut.String()
	if strings.Contains(all, "CANARY") {
		t.Fatalf("scan printed a key:\n%s", all)
	}
	return code, out.String(), errOut.String()
}

func TestScanCommand(t *testing.T) {
	files := map[string]string{
		"config/prod.env":       "STRIPE_KEY=" + scanCanaryLive + "\n",
		"app/main.go":           "package main\n\n// nothing here\nvar x = 1\n",
		"app/webhook.go":        "package main\n\nconst secret = \"" + scanCanaryWH + "\"\n",
		"web/checkout.js":       "Stripe('" + scanCanaryPK + "');\n",
		"docs/example.md":       "Use `" + scanCanaryRAK + "` # rakmigrate:allow\n",
		"vendor/lib/k.txt":      scanCanaryRAK + "\n",
		".rakmigrate-ignore":    "# fixtures\nvendor/\n",
		"img/logo.png":          "\x89PNG\x00\x00" + scanCanaryLive,
		"untracked/leak.txt":    scanCanaryRAK + "\n",
		"app/sub dir/notes.txt": "line\n\nrk_" + "live_CANARYscan000000000000000000005\n",
	}
	tests := []struct {
		name      string
		args      []string
		code      int
		stdout    []string // substrings expected on stdout
		notStdout []string
		stderr    []string
	}{
		{"tracked by default", nil, ExitFindings,
			[]string{"config/prod.env:1:12: error stripe-secret-key", "sk_live_…0001 (live mode)", "STRIPE_KEY=sk_live_…0001",
				"app/webhook.go:3:17: error stripe-webhook-secret", "web/checkout.js:1:9: info stripe-publishable-key", "app/sub dir/notes.txt:3:1:"},
			[]string{"untracked", "vendor", "docs/example.md", "logo.png"},
			[]string{"3 secret(s), 1 publishable key(s) (info) in", "tracked files", "1 allowed inline, 1 ignored paths, 1 binary", "roll it"}},
		{"--all reads untracked files", []string{"--all"}, ExitFindings,
			[]string{"untracked/leak.txt:1:1: error stripe-restricted-key"}, []string{"vendor", ".git/"}, []string{"4 secret(s)"}},
		{"a path argument", []string{"web"}, ExitOK,
			[]string{"web/checkout.js:1:9: info"}, []string{"config"}, []string{"0 secret(s), 1 publishable key(s) (info) in 1 tracked files"}},
		{"a clean path", []string{"app/main.go"}, ExitOK, nil, []string{":"}, []string{"0 secret(s) in 1 tracked files"}},
		{"custom ignore file", []string{"--ignore-file", "none.ignore", "vendor"}, ExitError, nil, nil, []string{"ignore file", "none.ignore"}},
		{"bad format", []string{"--format", "xml"}, ExitUsage, nil, nil, []string{"text, json, sarif"}},
		{"all and staged", []string{"--all", "--staged"}, ExitUsage, nil, nil, []string{"cannot be combined"}},
	}
	scanRepo(t, files)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errOut := scanRun(t, tt.args...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, tt.code, out, errOut)
			}
			for _, s := range tt.stdout {
				if !strings.Contains(out, s) {
					t.Errorf("stdout lacks %q:\n%s", s, out)
				}
			}
			for _, s := range tt.notStdout {
				if strings.Contains(out, s) {
					t.Errorf("stdout has %q:\n%s", s, out)
				}
			}
			for _, s := range tt.stderr {
				if !strings.Contains(errOut, s) {
					t.Errorf("stderr lacks %q:\n%s", s, errOut)
				}
			}
		})
	}
}

func TestScanStagedReadsTheIndex(t *testing.T) {
	dir := scanRepo(t, map[string]string{"a.txt": "clean\n", "b.txt": "clean\n"})
	scanGit(t, dir, "commit", "-q", "-m", "init")

	// Staged: a key on line 2 of a.txt. Then the work tree is cleaned again
	// without staging: the commit would still carry the key.
	scanWrite(t, filepath.Join(dir, "a.txt"), "clean\nkey="+scanCanaryRAK+"\n")
	scanGit(t, dir, "add", "a.txt")
	scanWrite(t, filepath.Join(dir, "a.txt"), "clean\n")
	// Not staged: a key only in the work tree of b.txt.
	scanWrite(t, filepath.Join(dir, "b.txt"), scanCanaryLive+"\n")
	// A staged deletion is nothing to scan.
	scanGit(t, dir, "rm", "-q", "--cached", "b.txt")
	scanGit(t, dir, "add", "b.txt")
	scanWrite(t, filepath.Join(dir, "c.txt"), "new file with "+scanCanaryWH+"\n")
	scanGit(t, dir, "add", "c.txt")

	code, out, errOut := scanRun(t, "--staged")
	if code != ExitFindings {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
	for _, want := range []string{"a.txt:2:5: error stripe-restricted-key", "b.txt:1:1: error stripe-secret-key", "c.txt:1:15: error stripe-webhook-secret"} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	if !strings.Contains(errOut, "3 secret(s) in 3 staged files") {
		t.Errorf("summary: %s", errOut)
	}

	// Once the index is clean again, the staged scan passes even though the
	// work tree of b.txt still holds a key.
	scanWrite(t, filepath.Join(dir, "b.txt"), "clean\n")
	scanGit(t, dir, "add", "a.txt", "b.txt")
	scanGit(t, dir, "rm", "-q", "--cached", "c.txt")
	scanWrite(t, filepath.Join(dir, "b.txt"), scanCanaryLive+"\n")
	if code, out, errOut := scanRun(t, "--staged"); code != ExitOK {
		t.Fatalf("exit %d after cleaning the index\n%s\n%s", code, out, errOut)
	}
}

func TestScanStagedOutsideGit(t *testing.T) {
	t.Chdir(t.TempDir())
	code, _, errOut := scanRun(t, "--staged")
	if code != ExitError || !strings.Contains(errOut, "not inside a git work tree") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

func TestScanOutsideGitScansEverything(t *testing.T) {
	dir := t.TempDir()
	scanWrite(t, filepath.Join(dir, "x", "k.txt"), "k: "+scanCanaryRAK+"\n")
	t.Chdir(dir)
	code, out, errOut := scanRun(t)
	if code != ExitFindings || !strings.Contains(out, filepath.Join("x", "k.txt")+":1:4:") || !strings.Contains(errOut, "not a git repository") {
		t.Fatalf("exit %d\n%s\n%s", code, out, errOut)
	}
}

func TestScanJSONAndSARIF(t *testing.T) {
	scanRepo(t, map[string]string{
		"k.env":  "A=" + scanCanaryLive + "\nB=" + scanCanaryPK + "\n",
		"ok.txt": "fine\n",
	})
	code, out, _ := scanRun(t, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d", code)
	}
	var doc struct {
		Findings []struct {
			Path, Rule, Kind, Mode, Severity, Masked, Preview string
			Line, Column                                      int
		}
		Summary struct {
			Files, Secrets, Info int
			Problems             []string
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(doc.Findings) != 2 || doc.Summary.Secrets != 1 || doc.Summary.Info != 1 || doc.Summary.Files != 2 || doc.Summary.Problems == nil {
		t.Fatalf("json: %+v", doc)
	}
	if f := doc.Findings[0]; f.Path != "k.env" || f.Line != 1 || f.Column != 3 || f.Kind != "secret" || f.Mode != "live" || f.Masked != "sk_live_…0001" || f.Preview != "A=sk_live_…0001" {
		t.Errorf("finding: %+v", f)
	}

	code, out, _ = scanRun(t, "--format", "sarif")
	if code != ExitFindings {
		t.Fatalf("exit %d", code)
	}
	var sarif struct {
		Version string
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name  string
					Rules []struct{ ID string }
				}
			}
			Results []struct {
				RuleID, Level string
				Locations     []struct {
					PhysicalLocation struct {
						ArtifactLocation struct{ URI string }
						Region           struct{ StartLine, StartColumn int }
					}
				}
			}
		}
	}
	if err := json.Unmarshal([]byte(out), &sarif); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if sarif.Version != "2.1.0" || len(sarif.Runs) != 1 || sarif.Runs[0].Tool.Driver.Name != "rakmigrate" || len(sarif.Runs[0].Results) != 2 {
		t.Fatalf("sarif: %+v", sarif)
	}
	r := sarif.Runs[0].Results[1]
	if r.RuleID != "stripe-publishable-key" || r.Level != "note" || r.Locations[0].PhysicalLocation.ArtifactLocation.URI != "k.env" || r.Locations[0].PhysicalLocation.Region.StartLine != 2 {
		t.Errorf("sarif result: %+v", r)
	}

	// Clean trees still print a well-formed document.
	code, out, _ = scanRun(t, "--format", "json", "ok.txt")
	if code != ExitOK || !strings.Contains(out, `"findings": []`) {
		t.Fatalf("clean json (exit %d): %s", code, out)
	}
}

func TestScanUnreadableFileIsAnError(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root reads everything")
	}
	dir := scanRepo(t, map[string]string{"a.txt": "fine\n"})
	if err := os.Chmod(filepath.Join(dir, "a.txt"), 0); err != nil {
		t.Fatal(err)
	}
	code, _, errOut := scanRun(t)
	if code != ExitError || !strings.Contains(errOut, "a.txt") || !strings.Contains(errOut, "not known to be clean") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
}

// TestScanGolden pins the rendered output of each format.
func TestScanGolden(t *testing.T) {
	scanRepo(t, map[string]string{
		"deploy/prod.env": "# production\nSTRIPE_SECRET_KEY=" + scanCanaryLive + "\nWEBHOOK=" + scanCanaryWH + "\n",
		"web/app.js":      "const stripe = Stripe('" + scanCanaryPK + "');\n",
		"docs/setup.md":   "export STRIPE_API_KEY=" + scanCanaryRAK + "  <!-- rakmigrate:allow -->\n",
		"src/main.go":     "package main\n",
	})
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			code, out, errOut := scanRun(t, "--format", format)
			if code != ExitFindings {
				t.Fatalf("exit %d\n%s", code, errOut)
			}
			out = strings.ReplaceAll(out, `"version": "`+version+`"`, `"version": "VERSION"`)
			assertGolden(t, filepath.Join("scan", format+".golden"), out+"--- stderr\n"+errOut)
		})
	}
}
