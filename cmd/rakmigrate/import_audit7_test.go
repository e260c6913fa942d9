package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestImportAudit7Shapes: what the seventh acceptance pass fed `rakmigrate
// import` through the command (ScanWorkers, the path import takes): each
// shape reads as the tail it holds, with the 403 kept on its request.
func TestImportAudit7Shapes(t *testing.T) {
	tests := []struct {
		file             string
		format           string
		requests, denied int
	}{
		// asciinema recordings of the tail that tty-script.log captured.
		{"../../testdata/logs/recordings/asciinema-v2.cast", "tail-text", 4, 1},
		{"../../testdata/logs/recordings/asciinema-v3.cast", "tail-text", 4, 1},
		// `stripe login` above the tail in the same session.
		{importFixture("tail-text/login-then-tail.log"), "tail-text", 7, 1},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			f, out, errOut := importTestFactory("", false)
			if code := run([]string{"import", "--format", "json", tt.file}, f); code != 0 {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var got struct {
				Requests int `json:"requests"`
				Denied   int `json:"denied"`
				Skipped  int `json:"skipped"`
				Inputs   []struct {
					Format string `json:"format"`
				} `json:"inputs"`
			}
			if err := json.Unmarshal(out.Bytes(), &got); err != nil {
				t.Fatalf("%v: %s", err, out)
			}
			if got.Requests != tt.requests || got.Denied != tt.denied || got.Skipped != 0 ||
				len(got.Inputs) != 1 || got.Inputs[0].Format != tt.format {
				t.Errorf("read %+v; want %d requests, %d denied, none skipped, as %s", got, tt.requests, tt.denied, tt.format)
			}
			if strings.Contains(errOut.String(), "warning") {
				t.Errorf("warnings on stderr:\n%s", errOut)
			}
		})
	}
}

// TestImportAudit7ForcedWrongFormat: a log forced into a format it is not
// written in exits 2 and says what it looks like, once.
func TestImportAudit7ForcedWrongFormat(t *testing.T) {
	for _, forced := range []string{"tail-text", "tail-json", "json", "har", "csv"} {
		f, _, errOut := importTestFactory("", false)
		code := run([]string{"import", "--input-format", forced, importFixture("sdk/python.log")}, f)
		if code != ExitError {
			t.Errorf("%s: exit %d, want %d", forced, code, ExitError)
		}
		msg := errOut.String()
		if forced != "csv" && !strings.Contains(msg, "this looks like sdk, not "+forced) {
			t.Errorf("%s: does not say what the log looks like:\n%s", forced, msg)
		}
		if strings.Contains(msg, "pass --input-format NAME") {
			t.Errorf("%s: advises passing --input-format, which was passed:\n%s", forced, msg)
		}
		if forced == "csv" && strings.Count(msg, "the header row names no method and path columns") != 1 {
			t.Errorf("csv: the header problem is not said exactly once:\n%s", msg)
		}
	}
}
