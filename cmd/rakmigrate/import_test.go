package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

func importTestFactory(stdin string, tty bool) (*Factory, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	io := NewIOStreams(strings.NewReader(stdin), &out, &errOut)
	io.OutTTY, io.ErrTTY = tty, tty
	clock := time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)
	f := &Factory{IO: io, Getenv: func(string) string { return "" }, Environ: func() []string { return nil },
		Now: func() time.Time { clock = clock.Add(time.Second); return clock }, HTTPClient: http.DefaultClient}
	return f, &out, &errOut
}

const importFixtures = "../../testdata/logs/valid"

func importFixture(rel string) string { return filepath.Join(importFixtures, rel) }

// TestImportFlags: flags and settings reach the scan options, bad values are
// usage errors.
func TestImportFlags(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"bad output format", []string{"import", "--format", "yaml", importFixture("csv/dashboard.csv")}, ExitUsage, `--format "yaml": use table, json or csv`},
		{"bad input format", []string{"import", "--input-format", "xml", importFixture("csv/dashboard.csv")}, ExitUsage, "valid formats are tail-text, tail-json, csv, json, har, sdk"},
		{"bad zone", []string{"import", "--tz", "Mars/Olympus", importFixture("tail-text/plain.log")}, ExitUsage, `--tz "Mars/Olympus"`},
		{"negative max line", []string{"import", "--max-line", "-1", importFixture("tail-text/plain.log")}, ExitUsage, "--max-line -1"},
		{"no args", []string{"import"}, ExitUsage, "requires at least 1 arg"},
		{"missing file", []string{"import", "nope/missing.log"}, ExitError, "input nope/missing.log: no such file or directory"},
		{"forced format that does not fit", []string{"import", "--input-format", "har", importFixture("csv/dashboard.csv")}, ExitError, "this looks like csv, not har"},
		{"empty file", []string{"import", "../../testdata/logs/invalid/empty.log"}, ExitError, "empty.log: empty input"},
		{"binary file", []string{"import", "../../testdata/logs/invalid/binary.bin"}, ExitError, "binary data, not a text log"},
		{"no requests", []string{"import", "../../testdata/logs/invalid/no-columns.csv"}, ExitError, "no Stripe requests found: read as sdk (detected) (formats tried: tail-text, tail-json, csv, json, har, sdk"},
		{"strict", []string{"import", "--strict", "../../testdata/logs/invalid/malformed-line.log"}, ExitError, `malformed-line.log:2:1: malformed record: bad status "2x0"`},
		{"tz applies", []string{"import", "--tz", "Asia/Tokyo", "--format", "json", importFixture("tail-text/plain.log")}, ExitOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, _, errOut := importTestFactory("", false)
			if code := run(tt.args, f); code != tt.wantCode {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.wantCode, errOut)
			}
			if !strings.Contains(errOut.String(), tt.wantErr) {
				t.Errorf("stderr lacks %q:\n%s", tt.wantErr, errOut)
			}
			if tt.wantErr != "" && strings.Count(errOut.String(), tt.wantErr) > 1 {
				t.Errorf("stderr says %q more than once (a warning and the error):\n%s", tt.wantErr, errOut)
			}
		})
	}
}

func TestImportTimeZone(t *testing.T) {
	f, out, errOut := importTestFactory("", false)
	if code := run([]string{"import", "--tz", "Asia/Tokyo", "--format", "json", importFixture("tail-text/plain.log")}, f); code != 0 {
		t.Fatal(errOut)
	}
	var got importOutput
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if first := got.Inputs[0].First; first == nil || !first.Equal(time.Date(2026, 3, 4, 1, 15, 2, 0, time.UTC)) {
		t.Errorf("10:15:02 in Tokyo should be 01:15:02 UTC, got %v", first)
	}
}

// TestImportOutput: rendered output (table, json, csv) against goldens.
func TestImportOutput(t *testing.T) {
	inputs := []string{importFixture("tail-text/plain.log"), importFixture("tail-json/compact.jsonl"), importFixture("sdk/app-403.log")}
	for _, format := range []string{"table", "json", "csv"} {
		t.Run(format, func(t *testing.T) {
			f, out, errOut := importTestFactory("", false)
			args := append([]string{"import", "--tz", "UTC", "--format", format}, inputs...)
			if code := run(args, f); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			assertGolden(t, filepath.Join("import", format+".golden"), out.String())
			// The count itself is pinned by the goldens.
			if !regexp.MustCompile(`read \d+ requests from 3 inputs`).MatchString(errOut.String()) {
				t.Errorf("stderr: %s", errOut)
			}
		})
	}
}

// TestImportJSONContract: the fields other tools read.
func TestImportJSONContract(t *testing.T) {
	f, out, errOut := importTestFactory("", false)
	if code := run([]string{"import", "--format", "json", importFixture("csv/dashboard.csv")}, f); code != 0 {
		t.Fatal(errOut)
	}
	var got struct {
		Requests   *int `json:"requests"`
		Operations []struct {
			Method, Path string
			Count        int
		} `json:"operations"`
		Inputs []struct {
			Dashboard int `json:"dashboard_left_out"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	// Its fourth row is the Dashboard's (a person searching customers
	// there): left out, and said.
	if got.Requests == nil || *got.Requests != 3 || len(got.Operations) != 3 || len(got.Inputs) != 1 || got.Inputs[0].Dashboard != 1 {
		t.Fatalf("got %s", out)
	}
	if !strings.Contains(errOut.String(), "left out 1 request made in the Dashboard") {
		t.Errorf("stderr does not say what was left out: %s", errOut)
	}
	seen := map[string]int{}
	for _, op := range got.Operations {
		seen[op.Method+" "+op.Path] = op.Count
	}
	if seen["GET /v1/payment_intents/{intent}"] != 1 || seen["POST /v1/refunds"] != 1 {
		t.Errorf("operations not grouped by template: %v", seen)
	}
}

// TestImportStdinAndWarnings: "-" reads stdin; malformed records are warned
// about with file:line:col and counted, and the run still succeeds.
func TestImportStdinAndWarnings(t *testing.T) {
	in := "2026-03-04 10:15:02 [200] POST /v1/customers [req_1]\n2026-03-04 10:15:03 [2x0] GET /v1/customers [req_2]\n"
	f, out, errOut := importTestFactory(in, false)
	if code := run([]string{"import", "-"}, f); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut.String(), `warning: -:2:1: malformed record: bad status "2x0"`) {
		t.Errorf("no positioned warning: %s", errOut)
	}
	if !strings.Contains(out.String(), "1 request, 1 malformed record skipped") {
		t.Errorf("table: %s", out)
	}
}

// TestImportNeverPrintsKeys: a key inside a log line (and inside a bad
// record) never reaches stdout or stderr.
func TestImportNeverPrintsKeys(t *testing.T) {
	key := "sk_live_CANARY" + strings.Repeat("Z", 40)
	in := "2026-03-04 10:15:02 [403] POST /v1/refunds [req_1]\nMessage: The provided key '" + key + "' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue.\n" +
		"2026-03-04 10:15:03 [abc] " + key + "\n"
	for _, format := range []string{"table", "json", "csv"} {
		f, out, errOut := importTestFactory(in, false)
		run([]string{"import", "--format", format, "-"}, f)
		if strings.Contains(out.String()+errOut.String(), "CANARY") {
			t.Errorf("%s output carries the key:\n%s\n%s", format, out, errOut)
		}
	}
}

// TestImportProgress: a bar on a terminal, nothing when piped.
func TestImportProgress(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.jsonl")
	var b strings.Builder
	for i := 0; b.Len() < 3<<20; i++ {
		b.WriteString(`{"livemode":false,"method":"GET","url":"/v1/prices","status":200,"request_id":"req_1","created_at":1772619302,"error":null}` + "\n")
	}
	if err := os.WriteFile(big, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tty := range []bool{true, false} {
		f, _, errOut := importTestFactory("", tty)
		if code := run([]string{"import", big}, f); code != 0 {
			t.Fatal(errOut)
		}
		hasBar := strings.Contains(errOut.String(), "reading [")
		if hasBar != tty {
			t.Errorf("tty=%v: progress bar shown=%v:\n%q", tty, hasBar, errOut)
		}
		if !tty && strings.Contains(errOut.String(), "\r") {
			t.Errorf("carriage returns on a pipe: %q", errOut)
		}
	}
}

// TestProgressBarReachesTheTerminalAtOnce: each redraw is written through
// to the terminal when it is drawn, not held back with the line it never
// ends (stderr redacts line by line), and Done clears it the same way.
func TestProgressBarReachesTheTerminalAtOnce(t *testing.T) {
	f, _, errOut := importTestFactory("", true)
	bar := newProgressBar(f, "reading")
	bar.Update(1<<20, 4<<20)
	if got := errOut.String(); !strings.HasPrefix(got, "\r\x1b[Kreading [######") {
		t.Fatalf("after one redraw the terminal has %q", got)
	}
	bar.Done()
	if got := errOut.String(); !strings.HasSuffix(got, "MiB/s\r\x1b[K") {
		t.Fatalf("after Done the terminal has %q", got)
	}
}

func TestRenderProgress(t *testing.T) {
	tests := []struct {
		done, total int64
		want        string
	}{
		{0, 4 << 20, "reading [························]   0%  0.0/4.0 MiB"},
		{2 << 20, 4 << 20, "reading [############············]  50%  2.0/4.0 MiB  1.0 MiB/s"},
		{5 << 20, 0, "reading 5.0 MiB  2.5 MiB/s"},
	}
	for _, tt := range tests {
		elapsed := time.Duration(0)
		if tt.done > 0 {
			elapsed = 2 * time.Second
		}
		if got := renderProgress("reading", tt.done, tt.total, elapsed); got != tt.want {
			t.Errorf("renderProgress(%d, %d) = %q, want %q", tt.done, tt.total, got, tt.want)
		}
	}
}

// TestImportParallelMatchesStdin: a large file is counted by several
// goroutines out of order; the same bytes through stdin are read in order
// by one. Totals, operations, denials (with where each was first seen) and
// the warnings must be the same.
func TestImportParallelMatchesStdin(t *testing.T) {
	t.Run("all listed", testImportParallelMatchesStdin)
	t.Run("capped", func(t *testing.T) {
		defer func(n int) { importMaxRows = n }(importMaxRows)
		importMaxRows = 7
		testImportParallelMatchesStdin(t)
	})
}

func testImportParallelMatchesStdin(t *testing.T) {
	var data bytes.Buffer
	// /v1/nowhere/N is one unmapped row (its ids have digits); the
	// /v1/elsewhere/ ones are many, fewer than importMaxRows keeps.
	paths := []string{"/v1/customers/cus_%d", "/v1/payment_intents", "/v1/nowhere/%d", "/v1/prices", "/v1/elsewhere/%s"}
	for i := 0; i < 40000; i++ {
		switch {
		case i%9973 == 5:
			data.WriteString("{not json\n")
		case i%7919 == 3:
			fmt.Fprintf(&data, `{"livemode":false,"status":403,"error":{"message":"The provided key 'rk_test_****%d' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue."}}`+"\n", i%2)
		default:
			p := paths[i%len(paths)]
			switch {
			case strings.Contains(p, "%s"):
				p = fmt.Sprintf(p, strings.Repeat("x", 1+(i/5)%40))
			case strings.Contains(p, "%"):
				p = fmt.Sprintf(p, i%50)
			}
			fmt.Fprintf(&data, `{"livemode":%t,"method":"GET","url":"%s","status":%d,"request_id":"req_%d","created_at":%d,"error":null}`+"\n", i%3 == 0, p, 200+203*(btoi(i%101 == 0)), i, 1772619302+(i*7919)%40000)
		}
	}
	path := filepath.Join(t.TempDir(), "big.jsonl")
	if err := os.WriteFile(path, data.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	importJSON := func(stdin string, arg string) (importOutput, string) {
		t.Helper()
		f, out, errOut := importTestFactory(stdin, false)
		if code := run([]string{"import", "--format", "json", arg}, f); code != 0 {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		var o importOutput
		if err := json.Unmarshal(out.Bytes(), &o); err != nil {
			t.Fatal(err)
		}
		return o, errOut.String()
	}
	file, fileErr := importJSON("", path)
	pipe, pipeErr := importJSON(data.String(), "-")
	capped := importMaxRows < 41 // the fixture's unmapped operations
	if len(file.Denials) != 2 || file.Skipped == 0 || !capped && (len(file.Operations) < 20 || file.UnlistedUnmapped != 0) {
		t.Fatalf("fixture too tame: %d denials, %d skipped, %d operations, %d unlisted",
			len(file.Denials), file.Skipped, len(file.Operations), file.UnlistedUnmapped)
	}
	if max := importMaxRows; capped {
		// The rows listed are the same however the file was split.
		unmapped := 0
		for _, op := range file.Operations {
			if !op.Mapped {
				unmapped++
			}
		}
		if unmapped != max || file.UnlistedUnmapped == 0 {
			t.Fatalf("importMaxRows %d: %d unmapped rows listed, %d requests unlisted", max, unmapped, file.UnlistedUnmapped)
		}
	}
	for i := range pipe.Denials {
		pipe.Denials[i].First = strings.Replace(pipe.Denials[i].First, "-:", path+":", 1)
	}
	pipe.Inputs[0].Input = file.Inputs[0].Input
	for i, p := range pipe.Inputs[0].Problems {
		pipe.Inputs[0].Problems[i] = strings.Replace(p, "-:", path+":", 1)
	}
	a, _ := json.Marshal(file)
	b, _ := json.Marshal(pipe)
	if !bytes.Equal(a, b) {
		t.Errorf("file and stdin differ:\n%s\n%s", a, b)
	}
	warnings := func(s string) string {
		var w []string
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "warning: ") {
				w = append(w, strings.Replace(l, "warning: -:", "warning: "+path+":", 1))
			}
		}
		return strings.Join(w, "\n")
	}
	if wf, wp := warnings(fileErr), warnings(pipeErr); wf != wp || wf == "" {
		t.Errorf("warnings differ:\n%s\n%s", wf, wp)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestImportShowsNoControlCharacters: a crafted log (terminal sequences in a
// path, a 403 message and a file name) prints as text in every format.
func TestImportShowsNoControlCharacters(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "tail\x1b]0;pwned\x07.jsonl")
	log := `{"livemode":false,"method":"GET","url":"/v1/customers/cus_\u001b[2J","status":200,"request_id":"req_1","created_at":1767225600,"error":null}` + "\n" +
		`{"livemode":false,"method":"POST","url":"/v1/nothing_\u009b31m","status":403,"request_id":"req_2","created_at":1767225601,"error":{"type":"invalid_request_error","message":"denied \u001b]52;c;cm0gLXJmIH4K\u0007"}}` + "\n" +
		`{"message":"The provided key 'rk_test_****abc123' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue.\u001b[1A","status":403}` + "\n"
	if err := os.WriteFile(name, []byte(log), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"table", "json", "csv"} {
		f, out, errOut := importTestFactory("", false)
		if code := run([]string{"import", "--format", format, dir}, f); code != 0 {
			t.Fatalf("%s: exit %d: %s", format, code, errOut)
		}
		for _, s := range []string{out.String(), errOut.String()} {
			if i := strings.IndexFunc(s, func(r rune) bool { return r == 0x1b || r == 0x07 || (r >= 0x80 && r < 0xa0) }); i >= 0 {
				t.Errorf("%s: output keeps a control character at %d: %q", format, i, s[max(0, i-20):min(len(s), i+20)])
			}
		}
	}
}

// TestImportLeavesOutClientKeyRequests: a HAR's Stripe.js requests are left
// out with a note (and counted in the JSON), and a browser HAR with nothing
// else is an error that says why and what to capture instead.
func TestImportLeavesOutClientKeyRequests(t *testing.T) {
	f, out, errOut := importTestFactory("", false)
	if code := run([]string{"import", "--format", "json", importFixture("har/capture.har")}, f); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut.String(), "capture.har: left out 2 requests made with a publishable or ephemeral key") {
		t.Errorf("no note: %s", errOut)
	}
	var got importOutput
	if err := json.Unmarshal(out.Bytes(), &got); err != nil || got.Requests != 2 || got.Inputs[0].ClientKey != 2 {
		t.Errorf("json: %v %+v", err, got)
	}

	f, _, errOut = importTestFactory("", false)
	if code := run([]string{"import", "../../testdata/logs/invalid/har-browser-stripejs.har"}, f); code == 0 {
		t.Fatal("a HAR of Stripe.js requests only imported")
	}
	for _, want := range []string{"its 3 Stripe requests were made with a publishable or ephemeral key", "stripe logs tail"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("error lacks %q: %s", want, errOut)
		}
	}
	if strings.Contains(errOut.String(), "CANARY") {
		t.Errorf("the error shows the key: %s", errOut)
	}
}

// TestImportGroupsUnmappedByEndpoint: requests to an endpoint the catalog
// lacks are one row per endpoint, its ids written {id}, with the first raw
// path in byte order as the example; an id without a digit or a capital
// stays a row of its own.
func TestImportGroupsUnmappedByEndpoint(t *testing.T) {
	var in strings.Builder
	for i, p := range []string{"/v1/widgets/wid_9Zq", "/v1/widgets/wid_1Ab?expand[]=x", "/v1/widgets/wid_5Cd/parts/prt_7",
		"/v1/widgets/wid_3Ef/parts/prt_8", "/v1/widgets/plain", "/v1/customers/cus_4Gh/widgets"} {
		fmt.Fprintf(&in, `{"livemode":false,"method":"GET","url":%q,"status":%d,"request_id":"req_%d","created_at":1772619302,"error":null}`+"\n",
			p, 200+203*btoi(i == 0), i)
	}
	f, out, errOut := importTestFactory(in.String(), false)
	if code := run([]string{"import", "--format", "json", "-"}, f); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var o importOutput
	if err := json.Unmarshal(out.Bytes(), &o); err != nil {
		t.Fatal(err)
	}
	want := []importOperation{
		{Method: "GET", Path: "/v1/widgets/{id}", Count: 2, Denied: 1, Example: "/v1/widgets/wid_1Ab"},
		{Method: "GET", Path: "/v1/widgets/{id}/parts/{id}", Count: 2, Example: "/v1/widgets/wid_3Ef/parts/prt_8"},
		{Method: "GET", Path: "/v1/customers/{id}/widgets", Count: 1, Example: "/v1/customers/cus_4Gh/widgets"},
		{Method: "GET", Path: "/v1/widgets/plain", Count: 1},
	}
	if !reflect.DeepEqual(o.Operations, want) {
		t.Errorf("operations:\n%+v\nwant\n%+v", o.Operations, want)
	}
	f, out, errOut = importTestFactory(in.String(), false)
	if code := run([]string{"import", "-"}, f); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, line := range []string{"/v1/widgets/{id}             (unmapped) e.g. /v1/widgets/wid_1Ab", "4 operations are not in the permission catalog"} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("table lacks %q:\n%s", line, out)
		}
	}
}

// TestImportSummarisesManyInputs: a directory of many logs is counted by
// format on stderr, not named file by file; the output lists every one.
func TestImportSummarisesManyInputs(t *testing.T) {
	dir := t.TempDir()
	line := `{"livemode":false,"method":"GET","url":"/v1/prices","status":200,"request_id":"req_1","created_at":1772619302,"error":null}` + "\n"
	for i := range importNamedInputs + 2 {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%02d.jsonl", i)), []byte(line), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "app.log"), []byte("2026-03-04 10:15:02 INFO started\n"+
		"2026-03-04 10:15:03 ERROR Stripe: The provided key 'rk_test_****abcd' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	f, out, errOut := importTestFactory("", false)
	if code := run([]string{"import", dir}, f); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	want := fmt.Sprintf("read %d requests from %d inputs: %d tail-json, 1 sdk (each is listed in the output)\n", importNamedInputs+3, importNamedInputs+3, importNamedInputs+2)
	if errOut.String() != want {
		t.Errorf("stderr %q, want %q", errOut, want)
	}
	if n := strings.Count(out.String(), "\n"+dir); n != importNamedInputs+3 {
		t.Errorf("output names %d inputs, want %d:\n%s", n, importNamedInputs+3, out)
	}
}

// TestImportNotSentAndClock: a HAR entry that was never sent is said as
// such, not as malformed; a syslog date without a year takes the year of
// the command's clock (f.Now), not the machine's.
func TestImportNotSentAndClock(t *testing.T) {
	f, out, errOut := importTestFactory("", false)
	if code := run([]string{"import", "--tz", "UTC", importFixture("har/fiddler-tunnel.har")}, f); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if first, _, _ := strings.Cut(out.String(), "\n"); first != "1 request, 1 never sent (logged without a response) skipped" {
		t.Errorf("summary line %q", first)
	}
	f, out, errOut = importTestFactory("", false)
	f.Now = func() time.Time { return time.Date(2031, 6, 1, 0, 0, 0, 0, time.UTC) }
	if code := run([]string{"import", "--tz", "UTC", "--format", "json", importFixture("sdk/go-syslog.log")}, f); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var o importOutput
	if err := json.Unmarshal(out.Bytes(), &o); err != nil {
		t.Fatal(err)
	}
	if in := o.Inputs[0]; in.First == nil || in.First.Year() != 2031 {
		t.Errorf("first request at %v, want the clock's year 2031", in.First)
	}
}

// TestImportListsUnreadFiles: a file in a directory that is not read (an
// empty one, an editor's backup) is said as skipped, with why, in the
// summary, below the table, and in JSON; it is no row of the table.
func TestImportListsUnreadFiles(t *testing.T) {
	dir := t.TempDir()
	line := `{"livemode":false,"method":"GET","url":"/v1/prices","status":200,"request_id":"req_1","created_at":1772619302,"error":null}` + "\n"
	for name, body := range map[string]string{"a.jsonl": line, "a.jsonl~": line, "empty.log": ""} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, out, errOut := importTestFactory("", false)
	if code := run([]string{"import", dir}, f); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"a.jsonl~ (skipped: not a log file)", "empty.log (skipped: empty input)"} {
		if !strings.Contains(errOut.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, errOut)
		}
	}
	if !strings.Contains(out.String(), "Not read (found in a directory): "+filepath.Join(dir, "a.jsonl~")+" (not a log file), "+filepath.Join(dir, "empty.log")+" (empty input)") ||
		strings.Contains(out.String(), "empty.log  ") {
		t.Errorf("table:\n%s", out)
	}
	f, out, errOut = importTestFactory("", false)
	if code := run([]string{"import", "--format", "json", dir}, f); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var o importOutput
	if err := json.Unmarshal(out.Bytes(), &o); err != nil {
		t.Fatal(err)
	}
	unread := map[string]string{}
	for _, in := range o.Inputs {
		unread[filepath.Base(in.Input)] = in.Unread
	}
	if want := map[string]string{"a.jsonl": "", "a.jsonl~": "not a log file", "empty.log": "empty input"}; !reflect.DeepEqual(unread, want) {
		t.Errorf("unread %v, want %v", unread, want)
	}
}

// TestImportCopies: a log given twice (beside its gzipped copy) is named as
// a likely copy, on stderr and in the JSON output; a different log is not.
func TestImportCopies(t *testing.T) {
	dir := t.TempDir()
	data, err := os.ReadFile(importFixture("tail-json/compact.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "tail.jsonl")
	if err := os.WriteFile(plain, data, 0o644); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(data)
	zw.Close()
	copied := filepath.Join(dir, "tail.jsonl.gz")
	if err := os.WriteFile(copied, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	other := importFixture("csv/dashboard.csv")

	f, out, errOut := importTestFactory("", false)
	if code := run([]string{"import", "--format", "json", plain, other, copied}, f); code != 0 {
		t.Fatal(errOut)
	}
	want := "note: " + copied + " holds the same 6 requests over the same span as " + plain + ", so it is likely a copy"
	if !strings.Contains(errOut.String(), want) || strings.Count(errOut.String(), "likely a copy") != 1 {
		t.Errorf("stderr lacks %q once:\n%s", want, errOut)
	}
	var got struct {
		Inputs []struct {
			Input  string `json:"input"`
			CopyOf string `json:"copy_of"`
		} `json:"inputs"`
	}
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Inputs) != 3 || got.Inputs[0].CopyOf != "" || got.Inputs[1].CopyOf != "" || got.Inputs[2].CopyOf != plain {
		t.Errorf("inputs %+v, want the third a copy of the first", got.Inputs)
	}

	// propose says the same in its list of what it read.
	f, out, errOut = importTestFactory("", false)
	if code := run([]string{"propose", plain, copied, "-o", filepath.Join(dir, "m.yaml")}, f); code != 0 {
		t.Fatal(errOut)
	}
	if want := "read " + copied + " (tail-json): 6 requests; the same requests over the same span as " + plain + ", likely a copy (counted twice)"; !strings.Contains(out.String()+errOut.String(), want) {
		t.Errorf("propose lacks %q:\n%s\n%s", want, out, errOut)
	}
}
