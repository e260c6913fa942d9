package logparse

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
)

// widestReader records the largest buffer a reader is asked to fill: a
// json.Decoder or element cutter asks for as much as its buffer has room
// for, so the widest read follows the most the reader holds at once. It
// measures memory without timing anything.
type widestReader struct {
	r      io.Reader
	widest int
	total  int64
}

func (w *widestReader) Read(p []byte) (int, error) {
	w.widest = max(w.widest, len(p))
	n, err := w.r.Read(p)
	w.total += int64(n)
	return n, err
}

// cliffRequest is a small request object as a JSON array holds it.
func cliffRequest(i int) string {
	return fmt.Sprintf(`{"method":"GET","url":"/v1/customers/cus_%d","status":200,"request_id":"req_%d","created_at":1767225600}`, i, i)
}

// cliffReader makes a reader over r, and says how many bytes the reader
// holds besides its buffer (the newlines its line tracker remembers):
// called after the last record, it sees the most ever held, since
// neither grows back smaller.
type cliffReader func(r io.Reader) (Reader, func() int)

// readWidest reads every record of input and returns the requests,
// problems, and the most the reader held at once: its widest read and
// what it holds besides.
func readWidest(t *testing.T, input string, newReader cliffReader) (requests, problems, widest int) {
	t.Helper()
	w := &widestReader{r: strings.NewReader(input)}
	rd, held := newReader(w)
	for range 10 * len(input) {
		_, err := rd.Next()
		switch {
		case err == io.EOF:
			if w.total != int64(len(input)) {
				t.Fatalf("read %d of %d bytes", w.total, len(input))
			}
			return requests, problems, w.widest + held()
		case err != nil:
			problems++
		default:
			requests++
		}
	}
	t.Fatal("the reader never ends")
	return
}

// assertFlat checks that reading the shape at n and 8n holds no more at
// once: the widest read may not grow with n.
func assertFlat(t *testing.T, shape func(n int) string, n int, newReader cliffReader, wantRequests int) {
	t.Helper()
	var widths [2]int
	for i, size := range []int{n, 8 * n} {
		input := shape(size)
		reqs, probs, widest := readWidest(t, input, newReader)
		if reqs != wantRequests {
			t.Fatalf("n=%d: %d requests (%d problems), want %d", size, reqs, probs, wantRequests)
		}
		widths[i] = widest
	}
	if widths[1] > 2*widths[0] {
		t.Errorf("the bytes held grow with the input: %d at n=%d, %d at 8n", widths[0], n, widths[1])
	}
}

func jsonArrayReaderOf(r io.Reader) (Reader, func() int) {
	a := newJSONArrayReader("cliff.json", r, Options{})
	return a, func() int { return 8 * cap(a.lt.nl) }
}

// A wrapper's members after its array (or before it) are skipped token by
// token, not held whole: `aws logs filter-log-events` prints
// searchedLogStreams after the events, one entry per stream searched. (A
// single string of any size is still one token the decoder holds whole.)
func TestCliffWrapperMembersStayFlat(t *testing.T) {
	streams := func(n int) string {
		var b bytes.Buffer
		b.WriteString(`[`)
		for j := range n {
			if j > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, `{"logStreamName":"stream-%d","searchedCompletely":true}`, j)
		}
		b.WriteString(`]`)
		return b.String()
	}
	events := func() string {
		var b bytes.Buffer
		for i := range 100 {
			if i > 0 {
				b.WriteString(",\n")
			}
			b.WriteString(cliffRequest(i))
		}
		return b.String()
	}()
	shapes := map[string]func(n int) string{
		"after":  func(n int) string { return `{"events":[` + events + `],"searchedLogStreams":` + streams(n) + "}\n" },
		"before": func(n int) string { return `{"searchedLogStreams":` + streams(n) + `,"events":[` + events + "]}\n" },
	}
	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			assertFlat(t, shape, 4000, jsonArrayReaderOf, 100)
		})
	}
}

// A HAR's members before its entries (pages, a tool's own) are skipped a
// token at a time, as a wrapper's are.
func TestCliffHARMembersBeforeEntriesStayFlat(t *testing.T) {
	shape := func(n int) string {
		var b strings.Builder
		b.WriteString(`{"log":{"version":"1.2","pages":[`)
		for j := range n {
			if j > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, `{"id":"page_%d","title":"https://example.com/%d","startedDateTime":"2026-01-01T00:00:00Z"}`, j, j)
		}
		b.WriteString("],\n\"entries\":[")
		for i := range 10 {
			if i > 0 {
				b.WriteString(",\n")
			}
			fmt.Fprintf(&b, `{"startedDateTime":"2026-01-01T00:00:00Z","request":{"method":"GET","url":"https://api.stripe.com/v1/customers/cus_%d","headers":[]},"response":{"status":200,"headers":[]}}`, i)
		}
		b.WriteString("]}}\n")
		return b.String()
	}
	harOf := func(r io.Reader) (Reader, func() int) {
		h := newHARReader("cliff.har", r, Options{})
		return h, func() int { return 8 * cap(h.lt.nl) }
	}
	assertFlat(t, shape, 4000, harOf, 10)
}

// allocatedReading reads input through a JSON array reader and returns
// the bytes it allocated, and the records and problems it read.
func allocatedReading(input string) (allocated uint64, records, problems int) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	rd := newJSONArrayReader("cliff.json", strings.NewReader(input), Options{})
	for {
		_, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			problems++
		}
		records++
	}
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc, records, problems
}

// Elements that are not objects (a list of ids, a log of strings), alone
// or between request objects, are each handed to the decoder: the cutter
// takes the array back only after the decoder has read a run of objects,
// not after each element, whose hand-over allocated a fresh 64 KiB buffer
// (250k numbers took 13 s).
func TestCliffNonObjectElementsCostLittle(t *testing.T) {
	shapes := map[string]func(n int) string{
		"numbers": func(n int) string {
			var b strings.Builder
			b.WriteString("[")
			for j := range n {
				fmt.Fprintf(&b, "%d,", j)
			}
			return b.String() + cliffRequest(0) + "]\n"
		},
		"strings between objects": func(n int) string {
			var b strings.Builder
			b.WriteString("[")
			for j := range n {
				fmt.Fprintf(&b, "%s,\n\"note %d\",\n", cliffRequest(j), j)
			}
			return b.String() + cliffRequest(n) + "]\n"
		},
	}
	for name, shape := range shapes {
		t.Run(name, func(t *testing.T) {
			input := shape(4000)
			allocated, records, _ := allocatedReading(input)
			// A record or problem costs a few hundred bytes (its strings,
			// its position), not a hand-over's buffer and decoder.
			if per := allocated / uint64(records); per > 1024 {
				t.Errorf("%d bytes allocated for %d records and problems: %d each", allocated, records, per)
			}
			t.Logf("%d bytes allocated for %d records and problems (%d bytes read)", allocated, records, len(input))
		})
	}
}

// The decoder's runs between cutter starts (cutBackoff) change who reads
// an element, never what is read: runs of objects, of other values and a
// broken element, in turn, read as the decoder alone reads them; and the
// cutter still cuts the long run of objects at the end.
func TestCliffCutBackoffReadsAsTheDecoder(t *testing.T) {
	var b strings.Builder
	b.WriteString("[\n")
	i := 0
	object := func() { fmt.Fprintf(&b, "  %s,\n", cliffRequest(i)); i++ }
	for round := range 6 {
		for range 3 + round {
			object()
		}
		for j := range 40 << round {
			fmt.Fprintf(&b, "  %d,\n", j)
		}
		b.WriteString("  \"a note\",\n  {\"method\": \"GET\", \"url\": \n")
	}
	for range 3000 {
		object()
	}
	b.WriteString("  " + cliffRequest(i) + "\n]\n")
	data := []byte(b.String())
	want, _ := docCutRead(t, "backoff.json", data, FormatJSON, false)
	got, cut := docCutRead(t, "backoff.json", data, FormatJSON, true)
	if got != want {
		t.Fatalf("with the cutter:\n%s\nwith the decoder alone:\n%s", got, want)
	}
	if cut < 2000 {
		t.Errorf("the cutter cut %d elements of the last run of 3000 objects", cut)
	}
}
