package logparse

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/rakmigrate/rakmigrate/internal/safetext"
)

// addFixtureSeeds seeds a fuzzer with every valid and invalid sample.
func addFixtureSeeds(f *testing.F, dirs ...string) {
	for _, d := range dirs {
		files, _ := filepath.Glob(filepath.Join(fixtureDir, d, "*"))
		for _, p := range files {
			// Small seeds only: the fuzzer minimises what it finds, and
			// minimising mutants of a large seed eats the whole -fuzztime.
			if b, err := os.ReadFile(p); err == nil && len(b) <= 1600 {
				f.Add(b)
			}
		}
	}
}

// drain reads a fuzzed input to the end; it must end, and never panic.
func drain(t *testing.T, data []byte, opts Options) {
	rd, _, err := Open("fuzz", bytes.NewReader(data), opts)
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("Open error is not a *ParseError: %v", err)
		}
		return
	}
	drainReader(t, rd, len(data))
}

// drainReader reads rd (over size bytes of input) to its end: every
// problem a positioned, clean *ParseError, every record a request or a
// denial with a line and no control character.
//
// It must end: at most size+10 steps, a step being a problem or a record at
// a new place. Records at the same place as the one before count as one
// step, up to maxRowCount of them: a headerless table's row may stand for
// that many requests (a uniq -c count).
func drainReader(t *testing.T, rd Reader, size int) {
	t.Helper()
	var last Position
	same := 0
	for i := 0; i < size+10; i++ {
		r, err := rd.Next()
		if err == nil && r.Pos == last && same < maxRowCount {
			same++
			i--
		} else {
			last, same = r.Pos, 0
		}
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Next error is not a *ParseError: %v", err)
			}
			if pe.File != "fuzz" || pe.Error() == "" {
				t.Fatalf("bad position in %v", pe)
			}
			if !safetext.IsClean(pe.Error()) {
				t.Fatalf("error keeps a control character: %q", pe.Error())
			}
			continue
		}
		if r.Method == "" && r.Path == "" && !r.IsDenial() {
			t.Fatalf("record with neither request nor denial: %+v", r)
		}
		if r.Pos.Line < 1 {
			t.Fatalf("record without a line: %+v", r)
		}
		if !recordIsClean(r) {
			t.Fatalf("record keeps a control character: %+v", r)
		}
	}
	t.Fatal("reader does not end")
}

// recordIsClean reports whether no text of r has a control character
// (cleanRequest's promise to every consumer).
func recordIsClean(r Request) bool {
	ok := true
	for _, s := range []string{r.Method, r.Path, r.Host, r.Query, r.RequestID, r.SourceIP, r.Source,
		r.Account, r.UserAgent, r.APIVersion} {
		ok = ok && safetext.IsClean(s)
	}
	if e := r.Error; e != nil {
		for _, s := range []string{e.Type, e.Code, e.Message, e.Param} {
			ok = ok && safetext.IsClean(s)
		}
	}
	return ok
}

func fuzzFormat(f *testing.F, format Format, dirs ...string) {
	addFixtureSeeds(f, dirs...)
	f.Fuzz(func(t *testing.T, data []byte) {
		drain(t, data, Options{Format: format, Location: time.UTC, MaxLine: 4096})
	})
}

func FuzzOpen(f *testing.F)     { fuzzFormat(f, FormatUnknown, "valid/*", "invalid") }
func FuzzTailText(f *testing.F) { fuzzFormat(f, FormatTailText, "valid/tail-text") }
func FuzzTailJSON(f *testing.F) { fuzzFormat(f, FormatTailJSON, "valid/tail-json") }
func FuzzCSV(f *testing.F)      { fuzzFormat(f, FormatCSV, "valid/csv") }
func FuzzJSON(f *testing.F)     { fuzzFormat(f, FormatJSON, "valid/json") }
func FuzzHAR(f *testing.F) {
	f.Add([]byte(`{"log":{"entries":[{"startedDateTime":"2026-03-04T10:15:03Z","request":{"method":"POST","url":"https://api.stripe.com/v1/refunds","headers":[{"name":"Stripe-Account","value":"acct_1"}]},"response":{"status":403,"headers":[{"name":"Request-Id","value":"req_1"}],"content":{"text":"{\"error\":{\"message\":\"Having the 'rak_charge_write' permission would allow this request to continue.\"}}"}}},{"request":{"method":"GET","url":"https://example.com/"},"response":{"status":200}}]}}`))
	fuzzFormat(f, FormatHAR)
}
func FuzzSDK(f *testing.F) { fuzzFormat(f, FormatSDK, "valid/sdk") }

// FuzzFastTailJSON: whenever the hand-written fast path accepts a line, the
// encoding/json path accepts it too and reads exactly the same request.
func FuzzFastTailJSON(f *testing.F) {
	for _, line := range bytes.Split(fixtureBytes(f, "tail-json/compact.jsonl"), []byte("\n")) {
		f.Add(line)
	}
	f.Add([]byte(`{"method":"GET","url":"/v1/a","method":"POST"}`))
	f.Add([]byte(`{"method":"GET","url":"/v1/a?x=1#y","status":200,"livemode":null,"URL":"/v1/b"}`))
	f.Add([]byte(`{"method":"GET","url":"/v1/a","status":200,"created_at":99999999999,"x":-0}`))
	f.Add([]byte(`{"method":"GET","url":"/v1/a","status":200,"error":{"type":"","charge":"","code":"","decline_code":"","message":"","param":"","error_insight":""}}`))
	f.Add([]byte(`{"method":"GET","url":"/v1/a:b/c ","status":200,"request_id":" req_1 ","created_at":1}`))
	f.Add([]byte(`{"livemode":true,"method":"DELETE","url":"/v1/a?b=c","status":404,"request_id":"","created_at":0,"error":{"type":"invalid_request_error","message":"No such thing"}}`))
	f.Add([]byte(`{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"req_1","created_at":1772619302,"error":null} `))
	f.Add([]byte(`{"livemode":false,"method":"GET","url":"/v1/a","status":200,"request_id":"req_1","created_at":1772619302.5,"error":null}`))
	f.Add([]byte(`{"method":"GET","url":"/v1/a#frag","request_id":"req_2","livemode":true}`))
	f.Add([]byte(`{"method":"GET","url":"/v1/a","status":402,"error":{"type":"card_error","message":"Declined","type":"x"}}`))
	f.Add([]byte(`{"method":"GET","url":"/v1/a","status":200,"api_version":"2026-02-25.clover","source":"api","ip_address":"203.0.113.9","account":"acct_1"}`))
	f.Add([]byte(`{"method":"GET","url":"/v1/a","status":403,"content":"Having the 'rak_charge_write' permission would allow this request to continue."}`))
	f.Fuzz(func(t *testing.T, line []byte) {
		var fast, borrowed Request
		ok := fastTailJSON(line, &fast)
		if okb := fastTailJSONMode(line, &borrowed, true); okb != ok || render(borrowed) != render(fast) {
			t.Fatalf("borrowed fast path differs on %s (%v vs %v)\n%s\n%s", line, okb, ok, render(borrowed), render(fast))
		}
		if !ok {
			return
		}
		slow, err := decodeObject(line, nil)
		if err != nil {
			t.Fatalf("fast path accepted what encoding/json rejects (%v): %s", err, line)
		}
		if a, b := render(fast), render(slow); a != b {
			t.Fatalf("fast and slow paths differ on %s\nfast: %s\nslow: %s", line, a, b)
		}
	})
}

func fixtureBytes(f *testing.F, rel string) []byte {
	b, err := os.ReadFile(filepath.Join(fixtureDir, "valid", rel))
	if err != nil {
		f.Fatal(err)
	}
	return b
}
