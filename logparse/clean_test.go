package logparse

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileLogs carry terminal control sequences where a log can carry text:
// in a path, a request id, a 403 message (an OSC 52 clipboard write), as
// JSON escapes and as raw bytes. Whatever reads them, nothing of it may
// reach a consumer.
var hostileLogs = map[string]string{
	"tail.jsonl": `{"livemode":false,"method":"GET","url":"/v1/customers/cus_\u001b[2J","status":200,"request_id":"req_\u009b31m","created_at":1767225600,"error":null}` + "\n" +
		`{"livemode":false,"method":"POST","url":"/v1/charges","status":403,"request_id":"req_2","created_at":1767225600,"error":{"type":"invalid_request_error","message":"Having the 'rak_charge_write' permission would allow this request to continue.\u001b]52;c;cm0gLXJmIH4K\u0007"}}` + "\n" +
		`{"livemode":false,"method":"GET","url":"/v1/prices` + "\x7f" + `","status":200,"request_id":"req_3","created_at":1767225600,"error":null}` + "\n",
	"export.csv": "method,path,status,request_id,message\nGET,/v1/products/prod_\x1b[31m,200,req_\x1b]0;title\x07,\nPOST,/v1/refunds,403,req_4,\"denied\x1b[1A\nline two\"\n",
	"array.json": `[{"method":"GET","url":"/v1/invoices/in_\u001b[H","status":200}]`,
}

func TestRecordsAreCleaned(t *testing.T) {
	dir := t.TempDir()
	var inputs []Input
	for name, body := range hostileLogs {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, Input{Name: name, Path: p})

		// Open, as the tail command reads a live stream.
		rd, _, err := Open(name, bytes.NewReader([]byte(body)), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for {
			r, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			checkClean(t, name+" via Open", r)
		}
	}
	n := 0
	if _, err := Scan(context.Background(), inputs, ScanOptions{}, func(r Request) error {
		n++
		checkClean(t, "Scan", r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := ScanWorkers(context.Background(), inputs, ScanOptions{}, func() func(*Request) error {
		return func(r *Request) error { checkClean(t, "ScanWorkers", *r); return nil }
	}); err != nil {
		t.Fatal(err)
	}
	if n != 6 {
		t.Errorf("read %d records, want 6: cleaning must not drop any", n)
	}
}

func checkClean(t *testing.T, via string, r Request) {
	t.Helper()
	if !recordIsClean(r) {
		t.Errorf("%s: record keeps a control character: %+v", via, r)
	}
	if r.Error != nil && strings.Contains(r.Error.Message, "rak_charge_write") && !strings.Contains(r.Error.Message, "would allow this request") {
		t.Errorf("%s: cleaning lost the message: %q", via, r.Error.Message)
	}
}
