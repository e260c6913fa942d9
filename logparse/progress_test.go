package logparse

import (
	"context"
	"io"
	"testing"
	"time"
)

// A live stream sends a few bytes and then may wait for minutes: while it
// waits, progress must already have been heard, after the requests in those
// bytes were handed on (so a consumer counting requests shows them all).
func TestProgressOnAStreamThatWaits(t *testing.T) {
	pr, pw := io.Pipe()
	events := make(chan string, 16)
	done := make(chan error, 1)
	go func() {
		_, err := Scan(context.Background(), []Input{{Name: "-"}}, ScanOptions{
			Options:  Options{Format: FormatTailJSON},
			Stdin:    pr,
			Progress: func(n, _ int64) { events <- "progress" },
		}, func(Request) error { events <- "request"; return nil })
		done <- err
	}()
	line := `{"livemode":false,"method":"GET","url":"/v1/customers","status":200,"request_id":"req_1","created_at":1767225600,"error":null}` + "\n"
	if _, err := pw.Write([]byte(line + line)); err != nil {
		t.Fatal(err)
	}
	var got []string
	for len(got) < 3 {
		select {
		case e := <-events:
			got = append(got, e)
		case err := <-done:
			t.Fatalf("scan ended before the stream did: %v", err)
		case <-time.After(30 * time.Second): // a hang guard, not a speed check
			t.Fatalf("heard %v while the stream waits; want both requests, then progress", got)
		}
	}
	if got[0] != "request" || got[1] != "request" || got[2] != "progress" {
		t.Fatalf("events %v; want both requests before the progress report", got)
	}
	pw.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}
