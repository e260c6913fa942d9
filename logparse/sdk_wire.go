package logparse

import (
	"bytes"
	"net/http"
	"time"
)

// Someone trying the API by hand leaves a transcript of the exchange as it
// went over the wire, the request line with a bare path and the host on a
// header line below it:
//
//	curl -v (curl's tool_cb_dbg.c / lib/http.c):   > POST /v1/customers HTTP/2
//	                                               > Host: api.stripe.com
//	                                               …
//	                                               < HTTP/2 403
//	                                               < request-id: req_…
//	                                               {"error": {"message": "…permission…"}}
//	HTTPie --verbose (headers sorted, no marks):    POST /v1/customers HTTP/1.1
//	                                               Accept: */*
//	                                               …
//	                                               Host: api.stripe.com
//
// With the key being replaced, these are requests that key made. A bare
// path is Stripe's only once the Host header says so; the record then takes
// its status, request id, time (the response's Date header) and error from
// the lines after it, like any SDK record.

// wireHostWindow is how far below its request line the Host header may
// come: HTTPie sorts the headers, and a request has a dozen at most.
const wireHostWindow = 16

// wireRequest is a request line waiting for its Host header.
type wireRequest struct {
	method string
	path   []byte // a copy: the line it came from is gone by then
	line   int
}

// wireLine handles the lines of such a transcript; it reports whether the
// line was one (and needs no other reading).
func (s *sdkReader) wireLine(line []byte, n int) bool {
	t, marked := wireText(line)
	if len(t) == 0 {
		return false
	}
	if method, path, ok := httpRequestLine(t); ok {
		s.wire = wireRequest{method: method, path: append(s.wire.path[:0], path...), line: n}
		return true
	}
	if s.wire.method != "" && n-s.wire.line <= wireHostWindow {
		if host, ok := hostHeader(t); ok {
			w := s.wire
			s.wire.method = ""
			if !stripeHosts[string(host)] {
				return true
			}
			f := sdkFacts{method: w.method, url: append(append([]byte("https://"), host...), w.path...)}
			before := len(s.open)
			s.onRequest(&f, n, false)
			if len(s.open) > before {
				r := &s.open[len(s.open)-1]
				r.req.Pos.Line, r.wire = w.line, true
			}
			return true
		}
	}
	r := s.newest()
	if r == nil || !r.wire || r.req.Pos.Line != s.wire.line || n-r.touched > attachWindow {
		return false // not the latest exchange (another went to a host that is not Stripe's)
	}
	// The headers and curl's notes around an exchange belong to it: they
	// keep its record open for the status, request id and body after them.
	if indexVersionPath(t, 0) >= 0 {
		return false // names a request: the scanners read it
	}
	switch {
	case bytes.HasPrefix(t, []byte("HTTP/")):
		// "HTTP/1.1 100 Continue" comes before the real status.
		if status := wireStatus(t); status >= 200 && !r.responded {
			r.req.Status, r.responded = status, true
		}
	case marked || isHeaderLine(t):
		if at, ok := dateHeader(t); ok && r.req.Time.IsZero() {
			r.req.Time = at
		}
		if id, ok := headerValue(t, "request-id:"); ok && r.req.RequestID == "" && bytes.HasPrefix(id, []byte("req_")) {
			r.req.RequestID = string(id)
		}
	default:
		return false // the body: it may hold the error
	}
	r.touched, s.touched = n, n
	return true
}

// wireStatus reads the status of "HTTP/1.1 403 Forbidden" or "HTTP/2 403".
func wireStatus(t []byte) int {
	sp := bytes.IndexByte(t, ' ')
	if sp < 0 || sp+4 > len(t) || sp+4 < len(t) && t[sp+4] != ' ' {
		return 0
	}
	return threeDigitStatus(t, sp+1)
}

// headerValue is the value of the header named by name ("request-id:",
// any case), trimmed.
func headerValue(t []byte, name string) ([]byte, bool) {
	if len(t) < len(name) || !equalFoldASCII(t[:len(name)], name) {
		return nil, false
	}
	return bytes.TrimSpace(t[len(name):]), true
}

// wireText is a line without curl's direction mark ("> ", "< ", "* ") and
// the space around it; marked reports that the line had one.
func wireText(line []byte) (text []byte, marked bool) {
	t := bytes.TrimSpace(line)
	if len(t) >= 1 && (t[0] == '>' || t[0] == '<' || t[0] == '*') && (len(t) == 1 || t[1] == ' ') {
		return bytes.TrimSpace(t[1:]), true
	}
	return t, false
}

// httpRequestLine reads "POST /v1/customers HTTP/1.1": an upper-case method
// the API takes, a path, and the protocol. The path is returned as written.
func httpRequestLine(t []byte) (method string, path []byte, ok bool) {
	if len(t) < 12 || t[0] < 'A' || t[0] > 'Z' {
		return "", nil, false // nearly every line of an application log
	}
	sp := bytes.IndexByte(t, ' ')
	if sp < 3 || sp+1 >= len(t) || t[sp+1] != '/' {
		return "", nil, false
	}
	proto := bytes.LastIndexByte(t, ' ')
	if proto <= sp+1 || !bytes.HasPrefix(t[proto+1:], []byte("HTTP/")) || len(t)-proto-1 > len("HTTP/1.1") {
		return "", nil, false
	}
	method = canonMethod(t[:sp])
	if method == "" || string(t[:sp]) != method {
		return "", nil, false
	}
	return method, t[sp+1 : proto], true
}

// hostHeader reads "Host: api.stripe.com" (any case, a port dropped).
func hostHeader(t []byte) ([]byte, bool) {
	if len(t) < 6 || !equalFoldASCII(t[:5], "host:") {
		return nil, false
	}
	h := bytes.TrimSpace(t[5:])
	if i := bytes.IndexByte(h, ':'); i >= 0 {
		h = h[:i]
	}
	return bytes.ToLower(h), len(h) > 0
}

// dateHeader reads a response's "Date: Wed, 04 Mar 2026 10:15:02 GMT".
func dateHeader(t []byte) (time.Time, bool) {
	v, ok := headerValue(t, "date:")
	if !ok {
		return time.Time{}, false
	}
	at, err := time.Parse(http.TimeFormat, string(v))
	return at, err == nil
}

// isHeaderLine reads "Name: value", the name an HTTP token.
func isHeaderLine(t []byte) bool {
	i := bytes.IndexByte(t, ':')
	if i <= 0 || i+1 < len(t) && t[i+1] != ' ' {
		return false
	}
	for _, c := range t[:i] {
		if !isAlnum(c) && c != '-' {
			return false
		}
	}
	return true
}
