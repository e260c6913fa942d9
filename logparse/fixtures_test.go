package logparse

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

const fixtureDir = "../testdata/logs"

// render prints a request on one line, every field, for golden files.
func render(r Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s %q", r.Pos, r.Method, r.Path)
	add := func(k, v string) {
		if v != "" {
			fmt.Fprintf(&b, " %s=%q", k, v)
		}
	}
	add("host", r.Host)
	add("query", r.Query)
	if r.Status != 0 {
		fmt.Fprintf(&b, " status=%d", r.Status)
	}
	add("id", r.RequestID)
	if !r.Time.IsZero() {
		add("time", r.Time.UTC().Format(time.RFC3339Nano))
	}
	if r.Livemode != nil {
		fmt.Fprintf(&b, " livemode=%v", *r.Livemode)
	}
	add("ip", r.SourceIP)
	add("source", r.Source)
	add("account", r.Account)
	add("ua", r.UserAgent)
	add("api_version", r.APIVersion)
	if e := r.Error; e != nil {
		fmt.Fprintf(&b, " error={type=%q code=%q param=%q message=%q}", e.Type, e.Code, e.Param, e.Message)
	}
	if r.IsDenial() {
		b.WriteString(" DENIAL")
	}
	return b.String()
}

func readAll(t testing.TB, rd Reader) ([]Request, []error) {
	t.Helper()
	var reqs []Request
	var errs []error
	for i := 0; i < 1e6; i++ {
		r, err := rd.Next()
		if errors.Is(err, errEOF) {
			return reqs, errs
		}
		if err != nil {
			errs = append(errs, err)
			continue
		}
		reqs = append(reqs, r)
	}
	t.Fatal("reader never ended")
	return nil, nil
}

func validFixtures(t testing.TB) []string {
	files, err := filepath.Glob(filepath.Join(fixtureDir, "valid", "*", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	return files
}

// TestValidFixtures: every sample is detected as the format of its
// directory, reads without a problem, and yields exactly its golden records.
func TestValidFixtures(t *testing.T) {
	utc := time.UTC
	for _, path := range validFixtures(t) {
		want := Format(filepath.Base(filepath.Dir(path)))
		name := filepath.Base(path)
		t.Run(string(want)+"/"+name, func(t *testing.T) {
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rd, got, err := Open(name, f, Options{Location: utc, Now: fixtureNow})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			if got != want {
				t.Fatalf("detected %q, want %q", got, want)
			}
			reqs, errs := readAll(t, rd)
			var b strings.Builder
			for _, e := range errs {
				if errors.Is(e, ErrNotSent) {
					// Skipped, not malformed: the golden file says so.
					b.WriteString("skipped: " + e.Error() + "\n")
					continue
				}
				t.Errorf("problem: %v", e)
			}
			if len(reqs) == 0 {
				t.Fatal("no requests")
			}
			for _, r := range reqs {
				b.WriteString(render(r))
				b.WriteByte('\n')
			}
			golden := filepath.Join(fixtureDir, "golden", string(want), name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			wantText, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./logparse -run TestValidFixtures -update)", err)
			}
			if b.String() != string(wantText) {
				t.Errorf("records differ from %s:\n got:\n%s\nwant:\n%s", golden, b.String(), wantText)
			}
		})
	}
}

var sentinels = map[string]error{
	"ErrMalformed": ErrMalformed, "ErrLineTooLong": ErrLineTooLong, "ErrBinary": ErrBinary, "ErrEmpty": ErrEmpty,
	"ErrTruncated": ErrTruncated, "ErrNoRequests": ErrNoRequests, "ErrWrongFormat": ErrWrongFormat,
}

// TestInvalidFixtures: each bad input gets its own kind of error and the
// message its .want file expects, with file:line:col.
func TestInvalidFixtures(t *testing.T) {
	wants, _ := filepath.Glob(filepath.Join(fixtureDir, "invalid", "*.want"))
	if len(wants) == 0 {
		t.Fatal("no invalid fixtures")
	}
	for _, wantFile := range wants {
		path := strings.TrimSuffix(wantFile, ".want")
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			spec, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatal(err)
			}
			opt := ScanOptions{}
			var kind, problem error
			var messages []string
			for _, line := range strings.Split(strings.TrimSpace(string(spec)), "\n") {
				k, v, _ := strings.Cut(line, ": ")
				switch k {
				case "forced":
					f, err := ParseFormat(v)
					if err != nil {
						t.Fatal(err)
					}
					opt.Format = f
				case "strict":
					opt.Strict = v == "true"
				case "kind":
					kind = sentinels[v]
				case "problem":
					problem = sentinels[v]
				case "message":
					messages = append(messages, v)
				default:
					t.Fatalf("bad .want line %q", line)
				}
			}
			// Run from the fixture's directory so messages name the file as given.
			dir, _ := os.Getwd()
			defer os.Chdir(dir)
			if err := os.Chdir(filepath.Dir(path)); err != nil {
				t.Fatal(err)
			}
			var problems []*ParseError
			opt.OnProblem = func(pe *ParseError) { problems = append(problems, pe) }
			_, err = Scan(context.Background(), []Input{{Name: name, Path: name}}, opt, func(Request) error { return nil })
			all := ""
			if err != nil {
				all += err.Error() + "\n"
			}
			for _, p := range problems {
				all += p.Error() + "\n"
			}
			if kind != nil && !errors.Is(err, kind) {
				t.Errorf("error %v, want kind %v", err, kind)
			}
			if kind == nil && err != nil {
				t.Errorf("unexpected error %v", err)
			}
			if problem != nil {
				found := false
				for _, p := range problems {
					found = found || errors.Is(p, problem)
				}
				if !found {
					t.Errorf("no problem of kind %v among %v", problem, problems)
				}
			}
			for _, m := range messages {
				if !strings.Contains(all, m) {
					t.Errorf("output lacks %q:\n%s", m, all)
				}
			}
		})
	}
}

// fixtureNow is the clock the fixtures are read by, so that a date without
// a year (syslog) reads the same every year.
func fixtureNow() time.Time { return time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC) }
