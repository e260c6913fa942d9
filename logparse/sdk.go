package logparse

import (
	"bytes"
	"io"
	"time"
)

// sdkReader reads debug logs of Stripe's SDKs and application logs. What
// each official SDK really prints was read in its source (details, quoting
// rules and more shapes in sdk_sources.md):
//
//	SDK (source read)                 request line                                              what follows
//	stripe-go v76.25 stripe.go        [INFO] Requesting POST api.stripe.com/v1/customers        Request completed in …; [ERROR] Request error from Stripe (status 403): {json}
//	  (before LeveledLogger)          2026/03/04 10:15:02 Requesting POST api.stripe.com/v1/x   Error encountered from Stripe: {json}
//	stripe-python _api_requestor.py   message='Request to Stripe api' method=post url=https://… message='Stripe API response' path=… response_code=403; error_message=…
//	stripe-ruby api_requestor.rb      message="Request to Stripe API" account=… method=post …   message="Stripe API error" status=403 error_message=…; "Response from Stripe API" … status=403
//	stripe-node RequestSender.ts      no logger: 'request' event {api_version, account, method, path, …}, 'response' event adds status, request_id
//	stripe-php ApiErrorException.php  no request log: "(Status 403) (Request req_…) <message>" in the exception text
//	stripe-java StripeException.java  no request log (HttpURLConnection, no OkHttp): "<message>; code: …; request-id: req_…"
//	stripe-dotnet                     no request log; Microsoft.Extensions.Http: Sending HTTP request POST https://… / Received HTTP response headers after 212.3ms - 403
//
// A request line (method and Stripe URL) opens a record; lines after it add
// a status, request id, Connect account, API version or error. Lines naming
// the same request again (a response line, a retry, a .NET scope) complete
// or extend its record instead of opening another. Any line with a Stripe
// permission message becomes a denial record even with no request on it.
// Lines that are none of these are passed over silently: an application log
// is mostly other things.
type sdkReader struct {
	lr      *lineReader
	loc     *time.Location
	now     func() time.Time // the scan's clock (Options.Now)
	live    bool
	open    []sdkRecord // records that later lines may still complete, in line order
	gone    [16]goneRecord
	goneAt  int
	out     []Request // records ready to return, in order
	outHead int
	heldErr error
	// cutAt is the last line reported cut short (sdk_cut.go): a detail
	// line after it may be the lost request's, so it joins no record
	// touched before it.
	cutAt int
	// logfmt: where the message= key stood on the stripe-python and
	// stripe-ruby lines read so far (sdk_cut.go).
	logfmt  logfmtAt
	scratch []byte
	seq     int
	touched int // the last line that added to any record

	block nodeBlock   // fields of a multi-line stripe-node event dump
	jb    jsonFields  // fields of an object of pretty-printed JSON (sdk_jsonblock.go)
	wire  wireRequest // a request line of a curl -v or HTTPie transcript, waiting for its Host
	goF   goFlight    // stripe-go's requests in flight (sdk_goflight.go)

	// The start of the last line that may begin with a time (a digit or
	// "[" first) and its number: the lines of an exception under a log
	// line carry no time of their own (see entryTime).
	stamp     [40]byte
	stampLen  int
	stampLine int

	// The last permission message, so that one 403 logged twice (a response
	// body at debug level, then the error) is one denial.
	lastDenial     string
	lastDenialLine int
	lastDenialSeq  int
	lastDenialID   string
	lastDenialAt   time.Time
	requestSince   bool
}

// sdkRecord is an open record.
type sdkRecord struct {
	req       Request
	seq       int
	touched   int  // the last line that added to it
	responded bool // a response line naming its method and path completed it
	startOnly bool // opened by .NET "Start processing"; its "Sending" line is still to come
	fromBlock bool // opened from a multi-line event dump
	pyRequest bool // opened by stripe-python's request line
	wire      bool // opened by a request line and Host header (sdk_wire.go)
}

// goneRecord remembers a record that left the open set (at line) before a
// response named it, so that the late response is not read as a new request.
type goneRecord struct {
	method, path string
	line         int
}

// nodeBlock gathers the fields of an event printed over several lines
// (console.log of stripe-node's request or response event).
type nodeBlock struct {
	method     string
	account    []byte
	apiVersion []byte
	sigLine    int // last line with a stripe-node field
	methodLine int
}

const (
	// attachWindow is how many lines after a record's last line a status,
	// request id or error without a URL may come and still belong to it.
	attachWindow = 6
	// keyedWindow is how long a record waits for a response line that
	// names its method and path (Python and Ruby log one per request; other
	// requests may be logged in between).
	keyedWindow = 64
	// maxOpen bounds the records waiting at once, so memory stays flat.
	maxOpen = 32
	// denialRepeatWindow is how close a repeated identical permission
	// message must be to count as the same 403 logged again.
	denialRepeatWindow = 40
)

func newSDKReader(lr *lineReader, opts Options, live bool) *sdkReader {
	loc := opts.Location
	if loc == nil {
		loc = time.Local
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &sdkReader{lr: lr, loc: loc, now: now, live: live, open: make([]sdkRecord, 0, maxOpen+1)}
}

func (s *sdkReader) Next() (Request, error) {
	for {
		if s.outHead < len(s.out) {
			r := s.out[s.outHead]
			s.out[s.outHead] = Request{}
			s.outHead++
			if s.outHead == len(s.out) {
				s.out, s.outHead = s.out[:0], 0
			}
			return r, nil
		}
		if len(s.open) > 0 && s.live && s.lr.quiet(liveQuietSDK) {
			s.emitAll() // a live stream gone quiet: do not hold records while waiting for input
			continue
		}
		if s.heldErr != nil {
			err := s.heldErr
			s.heldErr = nil
			return Request{}, err
		}
		line, err := s.lr.nextText()
		if err != nil {
			s.emitAll()
			if len(s.out) > 0 {
				if err != io.EOF {
					s.heldErr = err // after the records that are ready
				}
				continue
			}
			return Request{}, err
		}
		if i := bytes.IndexByte(line, 0); i >= 0 {
			return Request{}, s.hole(line, i)
		}
		var rest []byte // after a bare CR inside the line (see pushBack)
		if i := bytes.IndexByte(line, '\r'); i >= 0 && i < len(line)-1 {
			line, rest = line[:i], append(append(make([]byte, 0, len(line)-i+len(s.lr.pre)), line[i+1:]...), '\n')
		}
		if bytes.IndexByte(line, 0x1b) >= 0 {
			s.scratch = stripANSI(line, s.scratch)
			line = s.scratch
		}
		if col, why, response := cutSDKLine(line, &s.logfmt); col > 0 {
			if !response {
				s.cutAt = s.lr.line
			}
			if rest != nil {
				s.pushBack(rest)
			}
			return Request{}, newParseError(Position{File: s.lr.name, Line: s.lr.line, Column: col}, ErrMalformed, why+": "+snippet(line),
				"the log lost bytes here (a copy taken while it was written, a size limit on lines); the lines after it are read")
		}
		s.process(line)
		if rest != nil {
			s.pushBack(rest)
		}
	}
}

// pushBack has rest (a line and its "\n") read next under the number of
// the line just processed: what followed a bare CR inside it, which is a
// line end there (a piece of a classic Mac file joined to a LF log, a
// program redrawing a line). Read as one line, the requests after the
// first CR went without a word.
func (s *sdkReader) pushBack(rest []byte) {
	s.lr.pre = append(rest, s.lr.pre...)
	s.lr.line--
}

// hole handles a run of NULs at line[i:], inside a line (a run at a line's
// start, where logrotate's copytruncate leaves one, the line reader drops):
// a write cut short, or a hole punched over what was logged. The text
// before the run is read as a line, what follows it as the next line under
// the same number, and the hole is reported where it starts: whatever was
// logged there is lost, and the lines around it are no proof of it.
func (s *sdkReader) hole(line []byte, i int) error {
	pe := newParseError(Position{File: s.lr.name, Line: s.lr.line, Column: i + 1}, ErrTruncated,
		"a run of NUL bytes (a hole) cuts this line: what was logged there is lost",
		"the log was overwritten or cut here by logrotate's copytruncate or a full disk; the lines around it are read")
	rest := bytes.TrimLeft(line[i:], "\x00")
	if len(rest) > 0 {
		rest = append(append(make([]byte, 0, len(rest)+1+len(s.lr.pre)), rest...), '\n')
		rest = append(rest, s.lr.pre...)
	}
	s.process(line[:i]) // under this line's number
	if len(rest) > 0 {
		s.lr.pre = rest
		s.lr.line--
	}
	return pe
}

// emitFront moves the oldest open record to the output.
func (s *sdkReader) emitFront() {
	r := &s.open[0]
	if !r.responded && r.req.Method != "" {
		s.gone[s.goneAt] = goneRecord{r.req.Method, r.req.Path, s.lr.line}
		s.goneAt = (s.goneAt + 1) % len(s.gone)
	}
	s.out = append(s.out, r.req)
	copy(s.open, s.open[1:])
	s.open[len(s.open)-1] = sdkRecord{}
	s.open = s.open[:len(s.open)-1]
}

func (s *sdkReader) emitAll() {
	for len(s.open) > 0 {
		s.emitFront()
	}
}

// expire emits records no later line can complete any more.
func (s *sdkReader) expire(line int) {
	for len(s.open) > 0 && (line-s.open[0].touched > keyedWindow || len(s.open) > maxOpen) {
		s.emitFront()
	}
}

func (s *sdkReader) process(line []byte) {
	n := s.lr.line
	s.expire(n)
	if len(line) > 0 {
		switch c := line[0]; {
		case c == ' ' || c == '\t':
			s.jsonObjectLine(line, n)
		case c-'0' < 10 || c == '[':
			s.stampLen, s.stampLine = copy(s.stamp[:], line), n
		}
	}
	if s.wireLine(line, n) || s.goLine(line, n) {
		return
	}
	f, ok := s.scan(line, n)
	if !ok || f.scope {
		return
	}
	if f.url != nil {
		s.logfmt.note(line)
	}
	switch {
	case f.url != nil && f.method != "":
		s.onRequest(&f, n, false)
		s.goRequestLine(line, n)
	case f.url != nil:
		s.onURLOnly(&f, n)
	default:
		s.onDetail(&f, n)
	}
}

// onRequest handles a line naming a method and a Stripe URL: a new request,
// or a line repeating one already open (its response, a retry, .NET's
// "Sending" after "Start processing").
func (s *sdkReader) onRequest(f *sdkFacts, n int, fromBlock bool) {
	path := urlPath(f.url)
	if len(path) == 0 {
		return
	}
	if f.retry {
		if r := s.findOpen(f.method, path, false, true); r != nil {
			// Another attempt: the last one's response decides.
			r.responded, r.req.Status, r.req.RequestID, r.req.Error = false, 0, "", nil
			r.touched, s.touched = n, n
			return
		}
	}
	if r := s.findStartOnly(f.method, path); r != nil && !f.startOnly {
		r.startOnly = false
		s.complete(r, f, n)
		return
	}
	if f.response {
		if r := s.findOpen(f.method, path, true, false); r != nil && idFits(r, f) {
			s.complete(r, f, n)
			r.responded = true
			return
		}
		if s.wasGone(f.method, path, n) {
			return
		}
	}
	if f.pyRequest && s.isPythonEcho(f, path, n) {
		return
	}
	var t Request
	if setPath(&t, string(f.url)) != nil || t.Path == "" || (t.Host != "" && !stripeHosts[t.Host]) {
		return
	}
	if t.Query == "*" {
		t.Query = "" // .NET 9 redacts query strings to "?*"
	}
	t.Method, t.Time, t.Source = f.method, f.at, "SDK"
	t.Pos = Position{File: s.lr.name, Line: n, Column: 1}
	s.seq++
	s.open = append(s.open, sdkRecord{req: t, seq: s.seq, touched: n, startOnly: f.startOnly, fromBlock: fromBlock,
		responded: f.status != 0, pyRequest: f.pyRequest})
	s.requestSince = true
	s.complete(&s.open[len(s.open)-1], f, n)
}

// isPythonEcho spots stripe-python's request line printed a second time:
// with stripe.log (or STRIPE_LOG) set it prints each line to stderr and also
// hands it to the "stripe" logger, so an application logging to stderr gets
// it twice in a row, once with the logger's prefix (which may carry the
// time the bare line lacks).
func (s *sdkReader) isPythonEcho(f *sdkFacts, path []byte, n int) bool {
	r := s.newest()
	if r == nil || r.req.Pos.Line != n-1 || r.responded || r.req.Status != 0 || !r.pyRequest ||
		r.req.Method != f.method || r.req.Path != string(path) {
		return false
	}
	if r.req.Time.IsZero() {
		r.req.Time = f.at
	}
	r.touched, s.touched = n, n
	return true
}

// urlPath is the path of a URL as setPath would store it: no scheme, host,
// port, query or fragment. It does not allocate.
func urlPath(u []byte) []byte {
	if i := bytes.Index(u, []byte("://")); i >= 0 {
		u = u[i+3:]
	}
	if len(u) > 0 && u[0] != '/' {
		i := bytes.IndexByte(u, '/')
		if i < 0 {
			return nil
		}
		u = u[i:]
	}
	if i := indexEither(u, '?', '#'); i >= 0 {
		u = u[:i]
	}
	return u
}

// onURLOnly handles a line with a Stripe URL but no method: a response
// (stripe-python's "Stripe API response" path=…, OkHttp's "<-- 403 url"),
// or the path line of a multi-line stripe-node event.
func (s *sdkReader) onURLOnly(f *sdkFacts, n int) {
	if s.block.method != "" && n-s.block.methodLine <= 2 && n-s.block.sigLine <= attachWindow {
		f.method = s.block.method
		if f.account == nil {
			f.account = s.block.account
		}
		if f.apiVersion == nil {
			f.apiVersion = s.block.apiVersion
		}
		s.block = nodeBlock{sigLine: s.block.sigLine}
		s.onRequest(f, n, true)
		return
	}
	if path := urlPath(f.url); len(path) > 0 {
		if r := s.findOpen("", path, true, false); r != nil && idFits(r, f) {
			s.complete(r, f, n)
			if f.status != 0 {
				r.responded = true
			}
			return
		}
	}
	f.url = nil
	if f.denial != "" {
		s.onDetail(f, n)
	}
}

// onDetail handles a line with no Stripe URL: a status, request id, error or
// permission message for the request logged just before, or a permission
// message on its own.
func (s *sdkReader) onDetail(f *sdkFacts, n int) {
	if f.methodOnly {
		return
	}
	r := s.newest()
	if s.goErrorUnknown(n) {
		r = nil // stripe-go, concurrent requests: which one is not known
	}
	if r != nil && r.touched < s.cutAt && (f.reqID == nil || r.req.RequestID != string(f.reqID)) {
		r = nil // a request line between them was cut: this may be its line
	}
	if r != nil && n-r.touched <= attachWindow && idFits(r, f) && detailFits(r, f) && denialFits(r, f) {
		s.complete(r, f, n)
		if r.fromBlock && (f.status != 0 || f.reqID != nil) {
			s.mergeBlockResponse(r)
		}
		return
	}
	if f.denial == "" || s.isRepeat(f, n) {
		return
	}
	s.seq++
	at := f.at
	if at.IsZero() {
		at = s.entryTime(n)
	}
	rec := sdkRecord{seq: s.seq, touched: n, req: Request{Time: at, Status: 403,
		Pos: Position{File: s.lr.name, Line: n, Column: 1}}}
	s.open = append(s.open, rec)
	s.complete(&s.open[len(s.open)-1], f, n)
}

// entryTime is the time of the log entry line n belongs to when it has
// none of its own: an exception's message under the timestamped line that
// logged it (Spring Boot's console, Logback, log4j, Python's logging with
// exc_info) is a line of that entry, as multi-line log shippers read it. It
// is the time of the last line that began with one, at most keyedWindow
// lines before; zero when there is none.
func (s *sdkReader) entryTime(n int) time.Time {
	if s.stampLine == 0 || s.stampLine >= n || n-s.stampLine > keyedWindow {
		return time.Time{}
	}
	at, _ := lineStamp(s.stamp[:s.stampLen], s.loc)
	return at
}

// detailFits says whether a line without a URL may add to r: a permission
// message only to a request without one that did not succeed, a status only
// where it does not contradict the one r has.
func detailFits(r *sdkRecord, f *sdkFacts) bool {
	denied := r.req.Error != nil && r.req.Error.Message != ""
	if f.denial != "" && (denied || (r.req.Status != 0 && r.req.Status != 403)) {
		return false
	}
	if denied && f.status != 0 && f.status != r.req.Status {
		return false // a permission message settles the status: 403
	}
	return f.status == 0 || r.req.Status == 0 || r.req.Status == f.status || !r.responded
}

// denialFits says whether a permission message on a line without a URL is
// evidently about r, the request logged just before it: the line names r's
// request id, or r's response already said 403 (stripe-python's "Stripe API
// response … response_code=403", .NET's "Received … - 403", then the
// error), or the line is the SDK's own response to r, which has none yet: it
// carries the status or a request id (stripe-go's "Request error from
// Stripe (status 403): {…"request_id"…}", stripe-ruby's "Stripe API error
// status=403 … request_id=…"). An application's own line with a 403's
// message and nothing else may be about any request, or none logged: it
// stands alone as a denial record.
func denialFits(r *sdkRecord, f *sdkFacts) bool {
	switch {
	case f.denial == "":
		return true
	case f.reqID != nil && r.req.RequestID != "":
		return string(f.reqID) == r.req.RequestID
	case r.req.Status == 403:
		return true
	}
	return r.req.Status == 0 && !r.responded && (f.status == 403 || f.reqID != nil)
}

// idFits refuses to join two different request ids.
func idFits(r *sdkRecord, f *sdkFacts) bool {
	return f.reqID == nil || r.req.RequestID == "" || string(f.reqID) == r.req.RequestID
}

// mergeBlockResponse: a stripe-node response event printed over several
// lines looks like a request until its status line; once that shows, the
// record it opened is folded into the request it answers.
func (s *sdkReader) mergeBlockResponse(r *sdkRecord) {
	idx := -1
	for i := range s.open {
		if &s.open[i] == r {
			idx = i
		}
	}
	for i := 0; i < idx; i++ {
		o := &s.open[i]
		if o.responded || o.req.Method != r.req.Method || o.req.Path != r.req.Path || (o.req.RequestID != "" && r.req.RequestID != "" && o.req.RequestID != r.req.RequestID) {
			continue
		}
		if r.req.Status != 0 {
			o.req.Status = r.req.Status
		}
		if o.req.RequestID == "" {
			o.req.RequestID = r.req.RequestID
		}
		if o.req.Account == "" {
			o.req.Account = r.req.Account
		}
		if o.req.Error == nil {
			o.req.Error = r.req.Error
		}
		o.responded = true
		o.touched = r.touched // the rest of the dump (request_id, elapsed…) belongs to o now
		copy(s.open[idx:], s.open[idx+1:])
		s.open[len(s.open)-1] = sdkRecord{}
		s.open = s.open[:len(s.open)-1]
		return
	}
}

// isRepeat reports whether a permission message is the one logged just
// before for the same 403 (and adds what the repeat says to that record).
// Different request ids or times more than two seconds apart make it a new
// 403, as does a request line in between.
func (s *sdkReader) isRepeat(f *sdkFacts, n int) bool {
	if f.denial != s.lastDenial || n-s.lastDenialLine > denialRepeatWindow || s.requestSince {
		return false
	}
	if f.reqID != nil && s.lastDenialID != "" && string(f.reqID) != s.lastDenialID {
		return false
	}
	if !f.at.IsZero() && !s.lastDenialAt.IsZero() {
		if d := f.at.Sub(s.lastDenialAt); d > 2*time.Second || d < -2*time.Second {
			return false
		}
	}
	s.lastDenialLine = n
	for i := range s.open {
		if r := &s.open[i]; r.seq == s.lastDenialSeq {
			// The lines after a repeat still describe this 403 (stripe-node's
			// error dump: raw.message, then request_log_url, headers with the
			// request id, requestId): they may add to it for attachWindow more.
			r.touched, s.touched = n, n
			if r.req.RequestID == "" && f.reqID != nil {
				r.req.RequestID = string(f.reqID)
				s.lastDenialID = r.req.RequestID
			}
			if r.req.Status == 0 {
				r.req.Status = 403
			}
		}
	}
	return true
}

// complete adds what a line says to a record.
func (s *sdkReader) complete(r *sdkRecord, f *sdkFacts, n int) {
	r.touched, s.touched = n, n
	if f.status != 0 {
		r.req.Status = f.status
	}
	if f.reqID != nil && r.req.RequestID == "" {
		r.req.RequestID = string(f.reqID)
	}
	if f.account != nil && r.req.Account == "" {
		r.req.Account = string(f.account)
	}
	if f.apiVersion != nil && r.req.APIVersion == "" {
		r.req.APIVersion = string(f.apiVersion)
	}
	if f.query != nil && r.req.Query == "" {
		r.req.Query = string(f.query)
	}
	if r.req.Time.IsZero() {
		r.req.Time = f.at
	}
	if f.denial != "" {
		e := apiErr(&r.req)
		e.Message = f.denial
		if e.Code == "" {
			e.Code = f.code
		}
		if e.Type == "" {
			e.Type = f.kind
		}
		if r.req.Status == 0 {
			r.req.Status = 403
		}
		s.lastDenial, s.lastDenialLine, s.lastDenialSeq = f.denial, n, r.seq
		s.lastDenialID, s.lastDenialAt, s.requestSince = r.req.RequestID, f.at, false
	}
}

// newest is the open record a line last added to (the one opened last
// among equals): a line without a URL belongs to the request logged just
// before it.
func (s *sdkReader) newest() *sdkRecord {
	var best *sdkRecord
	for i := range s.open {
		if r := &s.open[i]; best == nil || r.touched >= best.touched {
			best = r
		}
	}
	return best
}

// findOpen finds an open record for method (any when "") and path: the
// oldest one not yet answered when unanswered is set (responses come in
// request order), else the newest.
func (s *sdkReader) findOpen(method string, path []byte, unanswered, newestFirst bool) *sdkRecord {
	match := func(r *sdkRecord) bool {
		return r.req.Path == string(path) && (method == "" || r.req.Method == method) && (!unanswered || !r.responded)
	}
	if newestFirst {
		for i := len(s.open) - 1; i >= 0; i-- {
			if match(&s.open[i]) {
				return &s.open[i]
			}
		}
		return nil
	}
	for i := range s.open {
		if match(&s.open[i]) {
			return &s.open[i]
		}
	}
	return nil
}

func (s *sdkReader) findStartOnly(method string, path []byte) *sdkRecord {
	for i := range s.open {
		if r := &s.open[i]; r.startOnly && r.req.Method == method && r.req.Path == string(path) {
			return r
		}
	}
	return nil
}

// wasGone reports (and forgets) a record already emitted that a late
// response names.
func (s *sdkReader) wasGone(method string, path []byte, n int) bool {
	for i := range s.gone {
		g := &s.gone[i]
		if g.method == method && g.path == string(path) && n-g.line <= keyedWindow {
			*g = goneRecord{}
			return true
		}
	}
	return false
}

// scan reads what a line says. ok is false when it says nothing about a
// Stripe request. Most lines of an application log are rejected by the
// literal checks at the top, before any scanner runs.
func (s *sdkReader) scan(b []byte, n int) (f sdkFacts, ok bool) {
	if opensOrClosesObject(b) {
		s.block = nodeBlock{} // an event dump starts or ends
	}
	pathAt := indexVersionPath(b, 0)
	maybeDenial := bytes.Contains(b, []byte("ermission")) // every permission message says "permission(s)"
	inBlock := s.block.sigLine > 0 && n-s.block.sigLine <= attachWindow
	indented := len(b) > 0 && (b[0] == ' ' || b[0] == '\t')
	if pathAt < 0 && !maybeDenial && !inBlock {
		// An event dump's fields are indented; other lines can only add
		// to a record logged just before.
		if (len(s.open) == 0 || n-s.touched > attachWindow || !mayCarryDetail(b)) && !(indented && hasNodeSignature(b)) {
			return f, false
		}
	}
	if indented && hasNodeSignature(b) {
		if !inBlock {
			s.block = nodeBlock{} // a new event dump starts
		}
		s.block.sigLine = n
		inBlock = true
	}
	urlEnd := -1
	if pathAt >= 0 {
		if start, end, onHost, found := findStripeURL(b); found {
			method, scope := methodBefore(b, start)
			keyed := method == "" && isURLKey(keyBefore(b, start))
			if method == "" {
				method = fieldMethod(b)
			}
			// A bare path is Stripe's only where the line (or the event
			// dump it belongs to) says so.
			if onHost || inBlock || ((method != "" || keyed) && (mentionsStripe(b) || hasNodeSignature(b))) {
				f.url, f.method, f.scope = b[start:end], method, scope
				urlEnd = end
			}
		}
	}
	if maybeDenial {
		if msg, found := sdkDenial(b); found {
			f.denial = msg
			if bytes.Contains(b, []byte("more_permissions_required")) {
				f.code = "more_permissions_required"
			}
			if bytes.Contains(b, []byte("invalid_request_error")) {
				f.kind = "invalid_request_error"
			}
		}
	}
	f.status = findStatus(b, urlEnd)
	switch {
	case f.denial != "" && f.status != 403:
		f.status = 0 // a permission message is a 403; another number on its line is something else
	case f.status != 0 && f.url == nil && f.denial == "" && !inBlock && !statusAboutStripe(b):
		f.status = 0 // the application's own "status=200" after a Stripe line is not that request's
	}
	f.reqID = findRequestID(b)
	f.account = findAccount(b)
	if f.url != nil || inBlock {
		f.apiVersion = findAPIVersion(b)
	}
	if f.url == nil {
		f.query = rubyQuery(b)
	}
	if f.url == nil && f.denial == "" && inBlock {
		// One field of a multi-line event dump.
		if m := fieldMethod(b); m != "" {
			s.block.method, s.block.methodLine = m, n
			f.methodOnly = true
		}
		if f.account != nil {
			s.block.account = append(s.block.account[:0], f.account...)
		}
		if f.apiVersion != nil {
			s.block.apiVersion = append(s.block.apiVersion[:0], f.apiVersion...)
		}
	}
	if f.url == nil && f.denial == "" && f.status == 0 && f.reqID == nil && f.account == nil && f.query == nil && !f.methodOnly {
		return f, false
	}
	if f.url != nil {
		f.pyRequest = bytes.Contains(b, []byte("Request to Stripe api"))
		f.response = f.status != 0 || f.reqID != nil || bytes.Contains(b, []byte("elapsed"))
		f.retry = isRetry(b)
		f.startOnly = bytes.Contains(b, []byte("Start processing HTTP request"))
	}
	f.at, _ = lineStamp(b, s.loc)
	if f.at.IsZero() && len(b) > 0 && b[0] >= 'A' && b[0] <= 'S' {
		f.at = s.syslogTime(b)
	}
	return f, true
}

// stripeStatusMarks are the status lines without a URL that SDKs and the
// HTTP clients they run on print after a request line (the Go error line and
// the Python and Ruby ones say "Stripe" and need no mark).
var stripeStatusMarks = [][]byte{
	[]byte("Received HTTP response headers after"), // Microsoft.Extensions.Http
	[]byte("End processing HTTP request after"),    // Microsoft.Extensions.Http
	[]byte("{null: HTTP/"),                         // HttpURLConnection's response headers
	[]byte("<-- "),                                 // OkHttp
}

// statusAboutStripe reports whether a status on a line without a URL may
// be a Stripe response's.
func statusAboutStripe(b []byte) bool {
	for _, m := range stripeStatusMarks {
		if bytes.Contains(b, m) {
			return true
		}
	}
	return mentionsStripe(b)
}

// opensOrClosesObject spots the first and last line of an object printed
// over several lines ("stripe request {", "}").
func opensOrClosesObject(b []byte) bool {
	e := len(b)
	for e > 0 && (b[e-1] == ' ' || b[e-1] == '\t' || b[e-1] == ',') {
		e--
	}
	return e > 0 && (b[e-1] == '{' || (b[e-1] == '}' && bytes.IndexByte(b[:e-1], '{') < 0))
}

// mayCarryDetail is a cheap test for the lines that complete an open
// record: a status, a request id, an account, a query.
func mayCarryDetail(b []byte) bool {
	for _, m := range detailMarks {
		if bytes.Contains(b, m) {
			return true
		}
	}
	return false
}

var detailMarks = [][]byte{[]byte("tatus"), []byte("_code"), []byte("<-- "), []byte("ms - "), []byte("req_"), []byte("HTTP/"), []byte("acct_"), []byte(" query=")}
