package logparse

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// TestTailBelowASession: a terminal session's capture (script(1), a
// transcript) whose earlier commands printed more than maxPreamble lines
// before `stripe logs tail` ran reads as the tail: every request, the 403
// with its message, and no report for the lines above, through Scan and
// through ScanWorkers' chunks. Before, the capture read as an SDK log: two
// bare denials.
func TestTailBelowASession(t *testing.T) {
	var b strings.Builder
	b.WriteString("Script started on 2026-03-04 10:14:50+00:00 [TERM=\"xterm-256color\" TTY=\"/dev/pts/0\"]\n")
	b.WriteString("dev@box:~/shop$ ls -la\n")
	for i := 0; i < 40; i++ {
		fmt.Fprintf(&b, "-rw-r--r--  1 dev dev %5d Mar  4 10:%02d file%02d.go\n", 100+i*37, i%60, i)
	}
	b.WriteString("dev@box:~/shop$ git status\nOn branch main\nnothing to commit, working tree clean\n")
	b.WriteString("dev@box:~/shop$ stripe logs tail\nGetting ready...\nReady! You're now waiting to receive API request logs (^C to quit)\n")
	for i := 0; i < 300; i++ {
		fmt.Fprintf(&b, "2026-03-04 10:%02d:%02d [200] GET /v1/customers/cus_%d [req_%014d]\n", 15+i/60, i%60, i, i)
		if i == 150 {
			fmt.Fprintf(&b, "2026-03-04 10:17:31 [403] POST /v1/refunds [req_denied000001]\nType: invalid_request_error\nMessage: The provided key 'rk_test_****abc1' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue.\n")
		}
	}
	b.WriteString("^C\ndev@box:~/shop$ exit\nScript done on 2026-03-04 10:20:00+00:00 [COMMAND_EXIT_CODE=\"0\"]\n")
	path := writeFile(t, t.TempDir(), "typescript", []byte(b.String()))
	in := []Input{{Name: "typescript", Path: path}}
	check := func(how string, st []Stats, got []string) {
		t.Helper()
		if len(st) != 1 || st[0].Format != FormatTailText || st[0].Requests != 301 {
			t.Fatalf("%s: %+v", how, st)
		}
		if len(st[0].Problems) > 0 {
			t.Errorf("%s: problems %v", how, st[0].Problems)
		}
		denied := 0
		for _, g := range got {
			if strings.Contains(g, "rak_charge_write") {
				denied++
			}
		}
		if denied != 1 {
			t.Errorf("%s: the 403 with its message %d times", how, denied)
		}
	}
	for _, size := range []int{512, 4 << 10, 1 << 20} {
		withChunkSize(t, size, func() {
			var got []string
			st, err := Scan(context.Background(), in, ScanOptions{}, func(r Request) error {
				got = append(got, render(r))
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			check(fmt.Sprintf("Scan, chunks of %d", size), st, got)
			st, all := scanWorkersRendered(t, in, ScanOptions{})
			check(fmt.Sprintf("ScanWorkers, chunks of %d", size), st, all)
			sort.Strings(got)
			sort.Strings(all)
			if strings.Join(got, "\n") != strings.Join(all, "\n") {
				t.Errorf("chunks of %d: ScanWorkers read other records than Scan", size)
			}
		})
	}
}
