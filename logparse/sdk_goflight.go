package logparse

import "bytes"

// stripe-go logs each request as it goes out and as it comes back, from
// whichever goroutine made it, with nothing that ties the lines together
// (stripe.go, requestWithRetriesAndTelemetry and ResponseToError):
//
//	[INFO] Requesting POST api.stripe.com/v1/refunds
//	[INFO] Request completed in 87.3ms (retry: 0)
//	[ERROR] Request error from Stripe (status 403): {…"request_id":"req_…"…}
//
// One goroutine's lines come in that order; a server making requests
// concurrently interleaves them, and an error line may then be about any
// request in flight. Once two were in flight at once, until none is, an
// error line is pinned on none of them: a 403 stands alone as a denial
// record (its permission still counts) rather than be put on a request it
// may not be about, which would show the permission as needed by the wrong
// endpoint.

// goFlight tracks how many stripe-go requests are in flight.
type goFlight struct {
	seen   bool // a stripe-go request line was read: look for its other lines
	flight int  // attempts sent and not completed
	mixed  bool // two or more were in flight at once since none was
	doneAt int  // the line of the last completion
	ambig  bool // the last completion may be any of several requests
	timed  bool // the log holds completion lines (a log cut down to some lines may not)
	errAt  int  // the line being processed is stripe-go's error line
	sentAt int  // the line of the last attempt sent
}

var (
	goRequesting = []byte("Requesting ")
	goRetrying   = []byte("Initiating retry ")
	goCompleted  = []byte("Request completed in ")
	goError      = []byte("Request error from Stripe")
)

// goSent notes a stripe-go request line, or a retry of one: an attempt
// that a completion line will follow.
func (g *goFlight) goSent(n int) {
	if n-g.sentAt > keyedWindow {
		// Whatever was in flight that long ago lost its completion line
		// (a log sampled or cut): it says nothing about this request.
		g.flight, g.mixed = 0, false
	}
	g.seen, g.sentAt = true, n
	g.flight++
	if g.flight > 1 {
		g.mixed = true
	}
}

// goCompleted notes a "Request completed" line at line n.
func (g *goFlight) goComplete(n int) {
	g.doneAt, g.ambig, g.timed = n, g.mixed, true
	if g.flight > 0 {
		g.flight--
	}
	if g.flight == 0 {
		g.mixed = false
	}
}

// goLine reads line for stripe-go's own lines, before it is scanned: it
// reports a completion line, which carries nothing else, and marks an error
// line for onDetail.
func (s *sdkReader) goLine(line []byte, n int) bool {
	s.goF.errAt = 0
	if !s.goF.seen {
		return false
	}
	if bytes.Contains(line, goCompleted) {
		s.goF.goComplete(n)
		return true
	}
	if bytes.Contains(line, goError) {
		s.goF.errAt = n
	}
	return false
}

// goRequestLine notes a stripe-go request or retry line.
func (s *sdkReader) goRequestLine(line []byte, n int) {
	if bytes.Contains(line, goRequesting) || bytes.Contains(line, goRetrying) {
		s.goF.goSent(n)
	}
}

// goErrorTarget reports whether stripe-go's error line at n cannot be
// pinned on a request: requests overlapped since the log last had none in
// flight, or the last completion was one of several. It is then a denial
// on its own. Otherwise the line goes to the newest request as any
// detail does: the one in flight, or the one just completed. Without
// completion lines (a log filtered down to some lines) nothing is known.
func (s *sdkReader) goErrorUnknown(n int) bool {
	g := &s.goF
	if g.errAt != n || !g.timed {
		return false
	}
	return g.mixed || g.ambig && n-g.doneAt <= attachWindow
}
