package logparse

import (
	"bytes"
	"context"
	"fmt"
	"testing"
)

// prettyAmidCompact is a JSON-lines log of compact tail events with a few
// pretty-printed ones among them (a TTY capture pasted in, jq . of a few
// lines), one with a nested error object, one cut short before the next.
func prettyAmidCompact(n int) []byte {
	var b bytes.Buffer
	for i := range n {
		switch {
		case i%17 == 5:
			fmt.Fprintf(&b, "{\n  \"created_at\": 1772619302,\n  \"livemode\": false,\n  \"method\": \"POST\",\n  \"url\": \"/v1/refunds\",\n  \"status\": 403,\n  \"request_id\": \"req_p%d\",\n  \"error\": {\n    \"type\": \"invalid_request_error\",\n    \"message\": \"Having the 'rak_refund_write' permission would allow this request to continue.\"\n  }\n}\n", i)
		case i%17 == 11:
			fmt.Fprintf(&b, "{\n    \"created_at\": 1772619302,\n    \"method\": \"GET\",\n    \"url\": \"/v1/prices/price_%d\",\n    \"status\": 200,\n\n    \"request_id\": \"req_p%d\"\n}\n", i, i)
		case i%41 == 30:
			fmt.Fprintf(&b, "{\n  \"created_at\": 1772619302,\n  \"method\": \"GET\",\n  \"url\": \"/v1/cut\",\n  \"error\": {\n") // cut: the next record follows
		default:
			fmt.Fprintf(&b, `{"created_at":1772619302,"livemode":false,"method":"GET","url":"/v1/customers/cus_%d","status":200,"request_id":"req_c%d"}`+"\n", i, i)
		}
	}
	return b.Bytes()
}

// TestPrettyAmidCompactChunked: JSON lines with pretty-printed objects
// among the compact ones are read alike by Scan and ScanWorkers at chunk
// sizes that cut inside every pretty object, from a file and as a stream
// (.gz); every whole object is read and each cut one reported once. Before,
// a chunk could start inside a pretty object: its lines after the cut
// were malformed records, and the object before the cut was "truncated".
func TestPrettyAmidCompactChunked(t *testing.T) {
	dir := t.TempDir()
	data := prettyAmidCompact(300)
	p := writeFile(t, dir, "mixed.jsonl", data)
	sizes := []int{1, 7, 31, 64, 97, 150, 211, 333, 500, 1000, 4096, 1 << 20}
	checkChunkedTailText(t, p, DefaultMaxLine, sizes)
	checkChunkedTailText(t, writeFile(t, dir, "mixed.jsonl.gz", gz(t, data)), DefaultMaxLine, []int{1, 97, 333, 4096})

	var problems []string
	n := 0
	opt := ScanOptions{OnProblem: func(pe *ParseError) { problems = append(problems, pe.Error()) }}
	if _, err := Scan(context.Background(), []Input{{Name: "mixed.jsonl", Path: p}}, opt, func(Request) error { n++; return nil }); err != nil {
		t.Fatal(err)
	}
	cut := 0
	for i := range 300 {
		if i%41 == 30 && i%17 != 5 && i%17 != 11 {
			cut++
		}
	}
	if n != 300-cut || len(problems) != cut {
		t.Errorf("read %d requests and %d problems, want %d and %d: %q", n, len(problems), 300-cut, cut, problems)
	}
}
