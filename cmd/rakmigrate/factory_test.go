package main

import (
	"bytes"
	"net/http"
	"strings"
	"time"
)

// testClock is the fixed "now" of command tests that do not care which day it is.
var testClock = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// wizardClock is a day after the demo sample's last request.
var wizardClock = time.Date(2026, 10, 20, 11, 0, 0, 0, time.UTC)

// testFactory is the outside world of a command test: stdin, an environment
// that only the command sees (children inherit nothing), a fixed clock, and
// buffers for stdout and stderr. Streams are not terminals; tests that need
// one set f.IO.*TTY themselves.
func testFactory(stdin string, env map[string]string, now time.Time) (*Factory, *bytes.Buffer, *bytes.Buffer) {
	var out, errOut bytes.Buffer
	f := &Factory{
		IO:         NewIOStreams(strings.NewReader(stdin), &out, &errOut),
		Getenv:     func(k string) string { return env[k] },
		Environ:    func() []string { return nil },
		Now:        func() time.Time { return now },
		HTTPClient: http.DefaultClient,
	}
	return f, &out, &errOut
}
