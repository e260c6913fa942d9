package logparse

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"time"
)

// sdkReader reads debug logs of Stripe's SDKs and application logs. It knows
// the request lines the SDKs print (see sdkRequestRules), the lines that add
// a status, request id or error to the request before them, and any line that
// carries a Stripe permission message, which becomes a denial record even
// without a method or path. Lines that are none of these are not requests and
// are passed over silently: an application log is mostly other things.
type sdkReader struct {
	lr        *lineReader
	loc       *time.Location
	live      bool
	pending   *Request
	pendLine  int
	pendStart bool      // the pending request came from a .NET "Start processing" line
	out       []Request // records ready to return, in order
	heldErr   error
	scratch   []byte
}

func newSDKReader(lr *lineReader, opts Options, live bool) *sdkReader {
	loc := opts.Location
	if loc == nil {
		loc = time.Local
	}
	return &sdkReader{lr: lr, loc: loc, live: live}
}

// attachWindow is how many lines after a request line its status or error
// may come and still belong to it.
const attachWindow = 6

// stripePathRe finds a Stripe API path: a full URL on a Stripe host, or a
// bare /v1/ or /v2/ path (accepted only on lines that mention Stripe).
const stripeURL = `(?:https?://)?(?:api|files|meter-events|uploads|connect)\.stripe\.com(?::\d+)?/v[12]/[^\s"'<>,)}]*`
const barePath = `/v[12]/[^\s"'<>,)}]*`

// sdkRequestRules are the request lines of the SDKs and of HTTP client
// loggers they run on. Group 1 is the method, group 2 the URL or path.
//
//	stripe-go:      [INFO] Requesting POST api.stripe.com/v1/customers
//	OkHttp (Java):  --> POST https://api.stripe.com/v1/customers
//	.NET HttpClient: Sending HTTP request POST https://api.stripe.com/v1/customers
//	any:            POST https://api.stripe.com/v1/customers 403
var sdkRequestRules = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b(GET|POST|DELETE)\s+(` + stripeURL + `)`),
	regexp.MustCompile(`\b(GET|POST|DELETE)\s+(` + barePath + `)`),
}

// sdkKVMethod and sdkKVPath read key=value and JSON-style request fields:
//
//	stripe-python: message='Request to Stripe api' method=post url=https://api.stripe.com/v1/customers
//	stripe-ruby:   message="Request to Stripe API" method=post num_retries=0 path=/v1/customers
//	stripe-node request events logged as JSON: {"method":"POST","path":"/v1/customers",...}
var (
	sdkKVMethod = regexp.MustCompile(`(?i)\bmethod["']?\s*[=:]\s*["']?(get|post|delete)\b`)
	sdkKVPath   = regexp.MustCompile(`(?i)\b(?:url|path|uri)["']?\s*[=:]\s*["']?(` + stripeURL + `|` + barePath + `)`)
)

// sdkStatusRules find a response status; group 1.
//
//	stripe-python: message='Stripe API response' path=… response_code=403
//	stripe-ruby:   message="Response from Stripe API" … status=403
//	stripe-go:     [ERROR] Request error from Stripe (status 403): {…}
//	OkHttp:        <-- 403 https://api.stripe.com/v1/customers (120ms)
//	.NET:          Received HTTP response headers after 120.5ms - 403
var sdkStatusRules = []*regexp.Regexp{
	regexp.MustCompile(`(?i)\b(?:status|status_code|response_code|http_status|statusCode)["']?\s*[=:]\s*["']?([1-5]\d\d)\b`),
	regexp.MustCompile(`\(status ([1-5]\d\d)\)`),
	regexp.MustCompile(`<-- ([1-5]\d\d)\b`),
	regexp.MustCompile(`(?i)after [\d.]+ ?ms - ([1-5]\d\d)\b`),
}

// sdkStatusHints are literals each status rule needs, checked first.
var sdkStatusHints = [][]byte{[]byte("tatus"), []byte("(status "), []byte("<-- "), []byte("ms - ")}

var (
	sdkReqID   = regexp.MustCompile(`\b(req_[A-Za-z0-9]{6,})`)
	sdkAccount = regexp.MustCompile(`(?i)(?:stripe[-_]account|"account")["']?\s*[=:]\s*["']?(acct_[A-Za-z0-9]+)`)
	sdkTime    = regexp.MustCompile(`(\d{4}[-/]\d\d[-/]\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?)`)
)

// stripeContexts are phrases that tie a bare /v1/ path on a line to Stripe
// (an application's own API may use /v1/ too).
var stripeContexts = []string{"stripe api", "to stripe", "from stripe", "stripe request", "stripe response",
	"stripe.com", "stripe::", "stripeclient", "stripe-node", "stripe-go", "stripe-php", "stripe-java", "stripe.net",
	"stripe-python", "stripe-ruby", "stripe http", "httpclient.stripe"}

func stripeContext(text string) bool {
	lower := strings.ToLower(text)
	if !strings.Contains(lower, "stripe") {
		return false
	}
	for _, c := range stripeContexts {
		if strings.Contains(lower, c) {
			return true
		}
	}
	return false
}

// trimURL drops punctuation that ends a sentence rather than the URL.
func trimURL(u string) string {
	for len(u) > 0 {
		c := u[len(u)-1]
		if strings.IndexByte(".,;:", c) >= 0 || (c == ']' && strings.Count(u, "[") < strings.Count(u, "]")) {
			u = u[:len(u)-1]
			continue
		}
		break
	}
	return u
}

// sdkLine is what one line says.
type sdkLine struct {
	method, path string
	status       int
	reqID        string
	account      string
	denial       string
	at           time.Time
	startOnly    bool // .NET "Start processing HTTP request": a "Sending" line follows
}

func (s *sdkReader) Next() (Request, error) {
	for {
		if len(s.out) > 0 {
			r := s.out[0]
			s.out = s.out[1:]
			return r, nil
		}
		if s.pending != nil && s.live && s.lr.buffered() == 0 {
			s.flush()
			continue
		}
		if s.heldErr != nil {
			err := s.heldErr
			s.heldErr = nil
			return Request{}, err
		}
		line, err := s.lr.next()
		if err != nil {
			if s.pending != nil {
				s.flush()
			}
			if len(s.out) > 0 {
				if err != io.EOF {
					s.heldErr = err // after the records that are ready
				}
				continue
			}
			return Request{}, err
		}
		if bytes.IndexByte(line, 0x1b) >= 0 {
			s.scratch = stripANSI(line, s.scratch)
			line = s.scratch
		}
		s.process(line)
	}
}

func (s *sdkReader) flush() {
	s.out = append(s.out, *s.pending)
	s.pending = nil
}

func (s *sdkReader) process(line []byte) {
	l, ok := s.parseLine(line)
	if !ok {
		if s.pending != nil && s.lr.line-s.pendLine > attachWindow {
			s.flush()
		}
		return
	}
	pos := Position{File: s.lr.name, Line: s.lr.line, Column: 1}
	if l.method != "" && l.path != "" {
		// A response line repeating the pending request completes it.
		if p := s.pending; p != nil && p.Method == l.method && samePath(p, l.path) && p.Status == 0 && (l.status != 0 || l.reqID != "" || s.pendStart) {
			s.pendStart = false
			s.complete(p, l)
			return
		}
		if s.pending != nil {
			s.flush()
		}
		var r Request
		_ = setMethod(&r, l.method)
		if setPath(&r, l.path) != nil {
			return
		}
		if r.Host != "" && !stripeHosts[r.Host] {
			return
		}
		r.Time, r.Source, r.Pos = l.at, "SDK", pos
		s.complete(&r, l)
		s.pending, s.pendLine, s.pendStart = &r, s.lr.line, l.startOnly
		return
	}
	// A line about the pending request: its status, id or error.
	if p := s.pending; p != nil && s.lr.line-s.pendLine <= attachWindow && (p.Error == nil || p.Error.Message == "") &&
		(l.denial == "" || p.Status == 0 || p.Status == 403) && (l.path == "" || samePath(p, l.path)) {
		s.complete(p, l)
		if l.denial != "" {
			s.flush()
		}
		return
	}
	if l.denial != "" {
		if s.pending != nil {
			s.flush()
		}
		s.out = append(s.out, Request{Time: l.at, Status: 403, RequestID: l.reqID, Account: l.account,
			Error: &APIError{Message: l.denial}, Pos: pos})
	}
}

func (s *sdkReader) complete(r *Request, l sdkLine) {
	if l.status != 0 {
		r.Status = l.status
	}
	if l.reqID != "" && r.RequestID == "" {
		r.RequestID = l.reqID
	}
	if l.account != "" {
		r.Account = l.account
	}
	if l.denial != "" {
		apiErr(r).Message = l.denial
		if r.Status == 0 {
			r.Status = 403
		}
	}
}

func samePath(r *Request, raw string) bool {
	var t Request
	if setPath(&t, raw) != nil {
		return false
	}
	return t.Path == r.Path
}

// parseLine extracts what the rules find; ok is false when the line says
// nothing about a Stripe request.
func (s *sdkReader) parseLine(b []byte) (sdkLine, bool) {
	var l sdkLine
	hasPath := bytes.Contains(b, []byte("/v1/")) || bytes.Contains(b, []byte("/v2/"))
	maybeDenial := quickDenial(b)
	// Most lines of an application log say nothing about Stripe: leave them
	// before any regular expression runs. A line with neither a path nor a
	// permission message matters only as the status of a pending request.
	if !hasPath && !maybeDenial && (s.pending == nil || !mayCarryStatus(b)) {
		return l, false
	}
	text := string(b)
	mentionsStripe := stripeContext(text)
	if hasPath {
		for i, re := range sdkRequestRules {
			if (i == 0 && !bytes.Contains(b, []byte("stripe.com"))) || (i == 1 && !mentionsStripe) {
				continue // literal pre-checks: the regexps cost microseconds a line
			}
			if m := re.FindStringSubmatch(text); m != nil {
				l.method, l.path = strings.ToUpper(m[1]), trimURL(m[2])
				break
			}
		}
		if l.path == "" {
			if m := sdkKVPath.FindStringSubmatch(text); m != nil && (mentionsStripe || strings.Contains(m[1], "stripe.com")) {
				l.path = trimURL(m[1])
				if mm := sdkKVMethod.FindStringSubmatch(text); mm != nil {
					l.method = strings.ToUpper(mm[1])
				}
			}
		}
	}
	if maybeDenial {
		if msg, ok := extractDenial(text); ok {
			l.denial = msg
		}
	}
	if l.path == "" && l.denial == "" && !mentionsStripe {
		return l, false
	}
	for i, re := range sdkStatusRules {
		if !bytes.Contains(b, sdkStatusHints[i]) && (i != 0 || !mayCarryStatus(b)) {
			continue
		}
		if m := re.FindStringSubmatch(text); m != nil {
			l.status = int(m[1][0]-'0')*100 + int(m[1][1]-'0')*10 + int(m[1][2]-'0')
			break
		}
	}
	if bytes.Contains(b, []byte("req_")) {
		if m := sdkReqID.FindStringSubmatch(text); m != nil {
			l.reqID = m[1]
		}
	}
	if bytes.Contains(b, []byte("acct_")) {
		if m := sdkAccount.FindStringSubmatch(text); m != nil {
			l.account = m[1]
		}
	}
	l.startOnly = strings.Contains(text, "Start processing HTTP request")
	if l.path == "" && l.denial == "" && l.status == 0 && l.reqID == "" {
		return l, false
	}
	head := text
	if len(head) > 64 {
		head = head[:64]
	}
	if m := sdkTime.FindStringSubmatch(head); m != nil {
		if t, err := parseTime(strings.Replace(m[1], ",", ".", 1), s.loc); err == nil {
			l.at = t
		}
	}
	return l, true
}

// mayCarryStatus is a cheap test for the status and request-id lines that
// complete a pending request (see sdkStatusRules).
func mayCarryStatus(b []byte) bool {
	return bytes.Contains(b, []byte("status")) || bytes.Contains(b, []byte("Status")) || bytes.Contains(b, []byte("_code")) ||
		bytes.Contains(b, []byte("<-- ")) || bytes.Contains(b, []byte("ms - ")) || bytes.Contains(b, []byte("req_"))
}
