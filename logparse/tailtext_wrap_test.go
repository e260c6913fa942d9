package logparse

import (
	"strings"
	"testing"
	"time"
)

const wrapDenial = "The provided key 'rk_test_*********************************9xQ2' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_charge_write' permission would allow this request to continue."

// paneRows is what tmux capture-pane without -J prints of text in a pane
// width columns wide: each line cut into rows, the spaces at a row's end
// trimmed (cmd-capture-pane.c, grid_string_cells with trim).
func paneRows(text string, width int) string {
	var b strings.Builder
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		r := []rune(l)
		for i := 0; i < len(r) || i == 0; i += width {
			b.WriteString(strings.TrimRight(string(r[i:min(i+width, len(r))]), " ") + "\n")
		}
	}
	return b.String()
}

// TestTailTextWrapped: a tail whose long lines were cut into pieces, by a
// terminal's hard wrap (tmux capture-pane without -J) or a GitLab job log
// ("00O+"), reads as the CLI printed it. Before, the pieces after the first
// were malformed lines and the permission's name, which comes last, was
// lost from the 403's message.
func TestTailTextWrapped(t *testing.T) {
	tail := "Getting ready...\n" +
		"2026-03-04 10:15:04 [403] POST /v1/refunds [req_1]\n" +
		"Type: invalid_request_error\n" +
		"Message: " + wrapDenial + "\n" +
		"2026-03-04 10:15:05 [200] GET /v1/balance [req_2]\n"
	denied := `POST "/v1/refunds" status=403 id="req_1" time="2026-03-04T10:15:04Z" error={type="invalid_request_error" code="" param="" message="` + wrapDenial + `"} DENIAL`
	balance := `GET "/v1/balance" status=200 id="req_2" time="2026-03-04T10:15:05Z"`
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		// 100 columns cut the message mid-word: the rows join as they are.
		{"tmux 100 columns", paneRows(tail, 100), []string{denied, balance}},
		// 79 columns cut it after a space, which tmux trimmed from the
		// first row: the second row, one column wider, says so.
		{"tmux 79 columns, first row cut after a space", paneRows(tail, 79), []string{denied, balance}},
		{"tmux 71 columns, two rows cut after a space", paneRows(tail, 71), []string{denied, balance}},
		{"tmux 57 columns", paneRows(tail, 57), []string{denied, balance}},
		// A long request line cut by the pane: just after the space before
		// its id, which tmux trims (87 columns), just before it (86), or
		// in the path (70).
		{"tmux, a request line cut after the space before its id", paneRows(longTail, 87), []string{longReq}},
		{"tmux, a request line cut before the space", paneRows(longTail, 86), []string{longReq}},
		{"tmux, a request line cut in its path", paneRows(longTail, 70), []string{longReq}},
		{"gitlab 00O+", "2026-03-04T10:15:04.1Z 00O 2026-03-04 10:15:04 [403] POST /v1/refunds [req_1]\n" +
			"2026-03-04T10:15:04.2Z 00O Type: invalid_request_error\n" +
			"2026-03-04T10:15:04.3Z 00O Message: " + wrapDenial[:150] + "\n" +
			"2026-03-04T10:15:04.4Z 00O+ " + wrapDenial[150:190] + "\n" +
			"2026-03-04T10:15:04.5Z 00O+ " + wrapDenial[190:] + "\n" +
			"2026-03-04T10:15:05.1Z 00O 2026-03-04 10:15:05 [200] GET /v1/bal\n" +
			"2026-03-04T10:15:05.2Z 00O+ ance [req_2]\n", []string{denied, balance}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			checkShape(t, "t.log", tc.in, Options{Location: time.UTC}, FormatTailText, tc.want)
		})
	}
}

// longTail is a request line 107 columns wide.
const (
	longTail = "2026-03-04 10:15:02 [200] GET /v1/customers/cus_Q1w2E3r4T5y6/payment_methods?type=card [req_Lg1aaaaaaaaaaa]\n"
	longReq  = `GET "/v1/customers/cus_Q1w2E3r4T5y6/payment_methods" query="type=card" status=200 id="req_Lg1aaaaaaaaaaa" time="2026-03-04T10:15:02Z"`
)

// TestTailTextNotWrapped: a line after a message is a piece only when the
// message filled a pane and the line is no wider; else it stays what it
// was (here, malformed).
func TestTailTextNotWrapped(t *testing.T) {
	for _, tc := range []struct{ name, in string }{
		{"short message", "2026-03-04 10:15:04 [403] POST /v1/refunds [req_1]\nMessage: Permission denied.\nnot a piece\n"},
		{"wider than the message", "2026-03-04 10:15:04 [403] POST /v1/refunds [req_1]\nMessage: " + wrapDenial[:60] + "\n" + wrapDenial[60:] + "\n"},
		{"after the last piece", paneRows("2026-03-04 10:15:04 [403] POST /v1/refunds [req_1]\nMessage: "+wrapDenial, 100) + "late\n"},
		// A request line without its id, then a line that gives it none:
		// read as they are.
		{"no id after the join", "2026-03-04 10:15:02 [200] GET /v1/customers/cus_Q1w2E3r4T5y6/payment_methods\nnot a row of it\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, _, err := Open("t.log", strings.NewReader(tc.in), Options{Location: time.UTC})
			if err != nil {
				t.Fatal(err)
			}
			reqs, errs := readAll(t, rd)
			if len(reqs) != 1 || len(errs) != 1 {
				t.Fatalf("got %d records, %d problems (%v); want 1 and 1", len(reqs), len(errs), errs)
			}
		})
	}
}
