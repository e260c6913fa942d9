package logparse

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// tailChunkInput is a tail-text log with what a cut between two chunks
// must not change: a prompt above the output, status chatter, failed
// requests whose error lines (some blank, some with labels Next does not
// know, one run longer than many chunks) follow them, error lines after a
// request that succeeded, colours and links, a redrawn line, CRLF, a line
// over the limit (maxLine), a malformed line, and a request whose path the
// CLI did not print. With noFinalNewline its last line has no end.
func tailChunkInput(noFinalNewline bool) (data []byte, maxLine int) {
	maxLine = 400
	const denial = "Message: The provided key 'rk_test_****abcd' does not have the required permissions for this endpoint on account 'acct_1Abc'. Having the 'rak_refund_write' permission would allow this request to continue."
	lines := []string{
		"$ stripe logs tail",
		"(a title above the output)",
		"Getting ready...",
		"> Ready! You're now waiting to receive API request logs (^C to quit)",
	}
	for i := 0; i < 60; i++ {
		t := fmt.Sprintf("2026-03-04 10:%02d:%02d", 10+i/60, i%60)
		switch i % 12 {
		case 0:
			lines = append(lines, t+" [200] GET /v1/customers/cus_"+fmt.Sprint(i)+" [req_"+fmt.Sprint(i)+"]")
		case 1:
			lines = append(lines, t+" [403] POST /v1/refunds [req_r"+fmt.Sprint(i)+"]", "Type: invalid_request_error", "", denial, "!!ErrorInsight: the key is restricted")
		case 2:
			lines = append(lines, t+" [402] POST /v1/payment_intents/pi_1/confirm [req_c"+fmt.Sprint(i)+"]", "Type: card_error", "Code: card_declined", "Decline code: insufficient_funds", "Doc URL: https://stripe.com/docs/error-codes/card-declined", "Message: Your card has insufficient funds.")
		case 3:
			// Error lines after a success: the message alone is a denial.
			lines = append(lines, t+" [200] GET /v1/prices [req_p"+fmt.Sprint(i)+"]", "", denial, "Doc URL: https://stripe.com/docs")
		case 4:
			lines = append(lines, "\x1b[2m"+t+"\x1b[0m [\x1b[1;33m403\x1b[0m] GET /v1/balance [\x1b]8;;https://dashboard.stripe.com/logs/req_b"+fmt.Sprint(i)+"\x1b\\req_b"+fmt.Sprint(i)+"\x1b]8;;\x1b\\]\r",
				"\x1b[1m!!\x1b[0m\x1b[1mErrorInsight\x1b[0m: \x1b[1mrestricted\x1b[0m\r", denial+"\r")
		case 5:
			lines = append(lines, "\r\x1b[K⣾ Session expired, reconnecting...\r\x1b[K> Ready! You're now waiting to receive API request logs (^C to quit)",
				t+" [200] GET [View path in dashboard] [req_v"+fmt.Sprint(i)+"]")
		case 6:
			lines = append(lines, t+" [200] POST /v1/customers/"+strings.Repeat("x", maxLine)+" [req_long]")
		case 7:
			// A run of error lines longer than most chunk sizes.
			lines = append(lines, t+" [500] POST /v1/invoices/in_1/pay [req_i"+fmt.Sprint(i)+"]")
			for k := 0; k < 30; k++ {
				lines = append(lines, fmt.Sprintf("Message: attempt %d failed", k), "")
			}
		case 8:
			lines = append(lines, "this line is not from the CLI", t+" [201] POST /v1/customers [req_n"+fmt.Sprint(i)+"]")
		case 9:
			lines = append(lines, t+" [404] GET /v1/customers/cus_gone [req_g"+fmt.Sprint(i)+"]", "Message: No such customer", "^C")
		default:
			lines = append(lines, t+" [200] DELETE /v1/customers/cus_"+fmt.Sprint(i)+" [req_d"+fmt.Sprint(i)+"]")
		}
	}
	lines = append(lines, "2026-03-04 11:00:00 [403] GET /v1/charges [req_last]", "Type: invalid_request_error", denial)
	data = []byte(strings.Join(lines, "\n"))
	if !noFinalNewline {
		data = append(data, '\n')
	}
	return data, maxLine
}

// TestTailTextChunksMatchSequential: a tail-text file decoded in chunks of
// many sizes, by Scan and by ScanWorkers, gives what the sequential reader
// gives: the same records (every failed request with all its error lines),
// problems and Stats.
func TestTailTextChunksMatchSequential(t *testing.T) {
	for _, noEnd := range []bool{false, true} {
		data, maxLine := tailChunkInput(noEnd)
		dir := t.TempDir()
		checkChunkedTailText(t, writeFile(t, dir, "tail.log", data), maxLine, []int{1, 2, 5, 17, 64, 97, 401, 4096, 1 << 20})
		// Compressed, it is cut as it is read (readChunks), not at offsets.
		checkChunkedTailText(t, writeFile(t, dir, "tail.log.gz", gz(t, data)), maxLine, []int{1, 2, 5, 17, 64, 97, 401, 4096, 1 << 20})
		// Cut off mid-stream: the requests before the cut, then its error.
		packed := gz(t, data)
		checkChunkedTailText(t, writeFile(t, dir, "cut.log.gz", packed[:len(packed)*4/5]), maxLine, []int{1, 17, 401, 4096})
		// Framed by a CI runner, every line with its timestamp in front.
		framed := bytes.ReplaceAll(data, []byte("\n"), []byte("\n2026-03-04T10:15:02.1234567Z "))
		framed = append([]byte("2026-03-04T10:15:01.1234567Z ##[group]Run stripe logs tail\n"), framed...)
		checkChunkedTailText(t, writeFile(t, dir, "framed.log", framed), maxLine+29, []int{1, 5, 97, 4096})
		// A run of lines that follow one request longer than readChunks
		// holds looking for a place to cut: the rest of the stream goes to
		// one chunk, read on to its end.
		run := append(append([]byte("2026-03-04 10:15:01 [403] POST /v1/refunds [req_run]\n"),
			bytes.Repeat([]byte("Type: invalid_request_error\n\n"), 400)...), data...)
		checkChunkedTailText(t, writeFile(t, dir, "run.log.gz", gz(t, run)), maxLine, []int{1, 64, 1024})
		// A tmux pane captured without -J: long lines cut into rows.
		checkChunkedTailText(t, writeFile(t, dir, "pane.log", []byte(paneRows(string(data), 61))), maxLine, []int{1, 5, 17, 97, 4096})
		checkChunkedTailText(t, writeFile(t, dir, "pane.log.gz", gz(t, []byte(paneRows(string(data), 61)))), maxLine, []int{1, 5, 17, 97, 4096})
		// A GitLab job log whose runner cut long lines into "00O+" pieces.
		checkChunkedTailText(t, writeFile(t, dir, "gitlab.log", gitlabPieces(data, 45)), maxLine+33, []int{1, 5, 17, 97, 4096})
		// grep -Hn over saved tails: "file:N:" in front of every line.
		checkChunkedTailText(t, writeFile(t, dir, "grep.log", grepHn(data)), maxLine+40, []int{1, 5, 17, 97, 4096})
		// Piped through moreutils' ts: "Mar 04 10:15:02 " in front.
		tsd := append([]byte("Mar 04 10:15:02 "), bytes.ReplaceAll(data, []byte("\n"), []byte("\nMar 04 10:15:02 "))...)
		checkChunkedTailText(t, writeFile(t, dir, "ts.log", tsd), maxLine+16, []int{1, 5, 17, 97, 4096})
	}
}

// gitlabPieces frames each line of data as a GitLab job log with
// FF_TIMESTAMPS does, cutting lines longer than width into a first piece
// and "00O+" pieces.
func gitlabPieces(data []byte, width int) []byte {
	var b bytes.Buffer
	for i, l := range strings.Split(string(data), "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		tag := "00O "
		for {
			n := min(width, len(l))
			b.WriteString("2026-03-04T10:15:02.123456Z " + tag + l[:n])
			l, tag = l[n:], "00O+ "
			if l == "" {
				break
			}
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}

// TestTailTextIsCut: a tail-text file is cut after its first request line,
// whatever comes above it, and not when no request line is in sight.
func TestTailTextIsCut(t *testing.T) {
	const req = "2026-03-04 10:15:02 [200] GET /v1/prices [req_1]\n"
	for _, tc := range []struct {
		name, before, after string // cut between them; not cut with before ""
	}{
		{"first line", req, "next\n"},
		{"after a prompt and chatter", "$ stripe logs tail\nGetting ready...\n\n" + req, "Message: x\n" + req},
		{"not the path", "2026-03-04 10:15:02 [200] GET [View path in dashboard] [req_1]\n", req},
		{"no request in sight", "", "Getting ready...\n" + strings.TrimSuffix(req, "\n")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rd, format, err := Open("t.log", strings.NewReader(tc.before+tc.after), Options{Format: FormatTailText})
			if err != nil || format != FormatTailText {
				t.Fatal(format, err)
			}
			ch, ok := asChunkable(rd)
			if !ok {
				t.Fatal("a tail-text reader is not chunkable")
			}
			plan, ok := ch.cut()
			if want := len(tc.before); ok != (want > 0) || plan.origin != int64(want) {
				t.Fatalf("cut at %d (%v), want %d", plan.origin, ok, want)
			}
		})
	}
}

// checkChunkedTailText compares chunked and sequential reads of path:
// Scan and ScanWorkers at each chunk size give the sequential reader's
// error, records, problems and Stats (a failed run's too: each counts the
// requests it handed on).
func checkChunkedTailText(t *testing.T, path string, maxLine int, sizes []int) {
	t.Helper()
	inputs := []Input{{Name: filepath.Base(path), Path: path}}
	opt := func(problems *strings.Builder) ScanOptions {
		return ScanOptions{Options: Options{MaxLine: maxLine, Location: time.UTC}, OnProblem: func(pe *ParseError) { problems.WriteString(pe.Error() + "\n") }}
	}
	var wantProblems strings.Builder
	var want []string
	parallelDecode = false
	wst, wantErr := Scan(context.Background(), inputs, opt(&wantProblems), func(r Request) error { want = append(want, render(r)); return nil })
	parallelDecode = true
	oldSlack := lineSlack
	defer func() { lineSlack = oldSlack }()
	for i, size := range sizes {
		// Reads that end inside lines, or right at their ends, as well.
		lineSlack = []int64{oldSlack, 1, 7, 64}[i%4]
		withChunkSize(t, size, func() {
			var problems strings.Builder
			var got []string
			st, err := Scan(context.Background(), inputs, opt(&problems), func(r Request) error { got = append(got, render(r)); return nil })
			if fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Fatalf("chunks of %d: Scan error %v, want %v", size, err, wantErr)
			}
			if strings.Join(got, "\n") != strings.Join(want, "\n") || problems.String() != wantProblems.String() {
				t.Fatalf("chunks of %d: Scan differs from the sequential reader:\n%s\nproblems:\n%s\nwant:\n%s", size, diffLines(got, want), problems.String(), wantProblems.String())
			}
			checkSameStats(t, fmt.Sprintf("chunks of %d: Scan", size), st, wst)

			problems.Reset()
			var mu sync.Mutex
			got = got[:0]
			st, err = ScanWorkers(context.Background(), inputs, opt(&problems), func() func(*Request) error {
				return func(r *Request) error { s := render(*r); mu.Lock(); got = append(got, s); mu.Unlock(); return nil }
			})
			if fmt.Sprint(err) != fmt.Sprint(wantErr) {
				t.Fatalf("chunks of %d: ScanWorkers error %v, want %v", size, err, wantErr)
			}
			if !sameMultiset(got, want) || problems.String() != wantProblems.String() {
				t.Fatalf("chunks of %d: ScanWorkers differs from the sequential reader; problems:\n%s\nwant:\n%s", size, problems.String(), wantProblems.String())
			}
			checkSameStats(t, fmt.Sprintf("chunks of %d: ScanWorkers", size), st, wst)
		})
	}
}

// FuzzTailTextChunks holds chunked tail-text decoding to the sequential
// reader on any input, cut anywhere.
func FuzzTailTextChunks(f *testing.F) {
	data, _ := tailChunkInput(true)
	f.Add(data[:2000], uint16(37))
	f.Add([]byte("2026-03-04 10:15:02 [403] GET /v1/x [req_1]\nMessage: a\n\nMessage: b\n2026-03-04 10:15:03 [200] GET /v1/y [req_2]\nType: t\n"), uint16(3))
	f.Add([]byte("prompt\n2026-03-04 10:15:02 [200] GET /v1/x [req_1]\r\nCode: c\r\n\r\n"), uint16(1))
	f.Add([]byte("2026-03-04T10:15:01.1Z ##[group]Run x\n2026-03-04T10:15:02.1Z 2026-03-04 10:15:02 [403] GET /v1/x [req_1]\n2026-03-04T10:15:02.2Z Message: a\n2026-03-04T10:15:02.3Z other\n2026-03-04T10:15:03.1Z 2026-03-04 10:15:03 [200] GET /v1/y [req_2]\n"), uint16(2))
	f.Add([]byte(paneRows(string(data[:3000]), 53)), uint16(41))
	f.Add(gitlabPieces(data[:3000], 37), uint16(29))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, size uint16) {
		if !bytes.HasPrefix(data, []byte("20")) && !bytes.Contains(data, []byte("\n20")) {
			return // no request line: read whole, nothing to compare
		}
		path := filepath.Join(dir, "fuzz.log")
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
		checkChunkedTailText(t, path, 200, []int{int(size%512) + 1})
		// The same bytes compressed: cut as a stream (readChunks).
		checkChunkedTailText(t, writeFile(t, dir, "fuzz.log.gz", gz(t, data)), 200, []int{int(size%512) + 1})
	})
}

// grepHn prefixes each line of data as `grep -Hn "" logs/tail.log` does.
func grepHn(data []byte) []byte {
	var b bytes.Buffer
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if i == len(lines)-1 && l == "" {
			break
		}
		fmt.Fprintf(&b, "logs/tail-0304.log:%d:%s", i+1, l)
		if i < len(lines)-1 {
			b.WriteByte('\n')
		}
	}
	return b.Bytes()
}
