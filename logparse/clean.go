package logparse

import "github.com/rakmigrate/rakmigrate/internal/safetext"

// cleanRequest makes the text of a record safe to show: logs are outside
// input, and a control character in a path or a 403 message (an ESC from a
// JSON "\u001b", a raw byte in a CSV) would reach the user's terminal.
// Open wraps every reader in cleanReader but the JSON stream reader, which
// cleans what its encoding/json path decodes: its fast paths (tailLine,
// fastTailJSON) take printable ASCII only, and cleaning their records again
// cost the ordered scan a sixth of its speed. Clean text, nearly all of it,
// costs a scan and no allocation.
func cleanRequest(r *Request) {
	for _, s := range [...]*string{&r.Method, &r.Path, &r.Host, &r.Query, &r.RequestID, &r.SourceIP,
		&r.Source, &r.Account, &r.UserAgent, &r.APIVersion} {
		*s = safetext.Clean(*s)
	}
	if e := r.Error; e != nil {
		if c := (APIError{safetext.Clean(e.Type), safetext.Clean(e.Code), safetext.Clean(e.Message), safetext.Clean(e.Param)}); c != *e {
			r.Error = &c // a copy: the reader may share its error value
		}
	}
}

// cleanReader is a Reader whose records are cleaned (see cleanRequest).
type cleanReader struct{ Reader }

// clientKeyRequests passes on the count of the reader cleaned (see
// harReader).
func (c cleanReader) clientKeyRequests() int {
	if n, ok := c.Reader.(clientKeyCounter); ok {
		return n.clientKeyRequests()
	}
	return 0
}

// clientKeyCounter is a reader that leaves out requests made with a
// client-side key, and counts them.
type clientKeyCounter interface{ clientKeyRequests() int }

func (c cleanReader) Next() (Request, error) {
	r, err := c.Reader.Next()
	if err == nil {
		cleanRequest(&r)
	}
	return r, err
}
