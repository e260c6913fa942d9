package logparse

import (
	"bytes"
	"strings"
	"time"
)

// This file holds the hand-written scanners the SDK reader runs on a line.
// They replace regular expressions: an application log is mostly lines that
// say nothing about Stripe, and the lines that do are read once, left to
// right, without allocating. Each scanner documents the shapes it accepts;
// sdk_sources.md says which SDK prints which shape.

// sdkFacts is what one line says about a Stripe request. Byte slices point
// into the line and are valid until the next line is read.
type sdkFacts struct {
	method     string // "GET", "POST" or "DELETE" (constants: no allocation)
	url        []byte // the Stripe URL or /v1/ path as written, query included
	status     int
	reqID      []byte
	account    []byte // a Stripe-Account value (Connect), never the account a 403 message names
	apiVersion []byte
	query      []byte // stripe-ruby's debug "Request details" line: query="…"
	denial     string // a Stripe permission message, cut out of the line
	code, kind string // error code and type, when the line names them
	at         time.Time

	retry      bool // another attempt at a request already logged
	startOnly  bool // .NET "Start processing HTTP request": a "Sending" line for the same request follows
	scope      bool // .NET logging scope "=> HTTP POST url": repeats the request, is not one
	methodOnly bool // a method field alone: one line of a multi-line event dump (stripe-node via console.log)
	pyRequest  bool // stripe-python's request line, which it prints twice when both stripe.log and logging are on
	response   bool // names a request already made: its response or failure (stripe-ruby's lines carry elapsed=)
}

// canonMethod turns a verb the Stripe API accepts, in any case an SDK logs
// it ("post", "POST"), into its canonical spelling; "" for anything else.
func canonMethod(w []byte) string {
	switch len(w) {
	case 3:
		if equalFoldASCII(w, "GET") {
			return "GET"
		}
	case 4:
		if equalFoldASCII(w, "POST") {
			return "POST"
		}
	case 6:
		if equalFoldASCII(w, "DELETE") {
			return "DELETE"
		}
	}
	return ""
}

// sdkHostNames are the hosts stripeHosts lists, longest first so that
// "uploads.stripe.com" is not read as a path after "stripe.com".
var sdkHostNames = []string{"meter-events.stripe.com", "uploads.stripe.com", "connect.stripe.com", "files.stripe.com", "api.stripe.com"}

// indexVersionPath finds "/v1/" or "/v2/" from i on.
func indexVersionPath(b []byte, i int) int {
	for i < len(b) {
		j := bytes.Index(b[i:], []byte("/v"))
		if j < 0 {
			return -1
		}
		j += i
		if j+3 < len(b) && (b[j+2] == '1' || b[j+2] == '2') && b[j+3] == '/' {
			return j
		}
		i = j + 2
	}
	return -1
}

// findStripeURL finds the first Stripe API URL on a line: a URL on a Stripe
// host ("https://api.stripe.com/v1/…", "api.stripe.com/v1/…" as stripe-go
// prints it, with an optional port) or a bare "/v1/…" or "/v2/…" path that
// does not continue another path or host ("/api/v1/x", "example.com/v1/x"
// are someone else's API). onHost says whether a Stripe host was named.
func findStripeURL(b []byte) (start, end int, onHost, ok bool) {
	bare := -1 // the first bare path, taken when no URL on a Stripe host follows
	for at := 0; ; {
		i := indexVersionPath(b, at)
		if i < 0 {
			break
		}
		at = i + 4
		hostEnd := i
		k := i
		for k > 0 && isDigit(b[k-1]) {
			k--
		}
		if k < i && k > 0 && b[k-1] == ':' {
			hostEnd = k - 1
		}
		if hs := stripeHostBefore(b, hostEnd); hs >= 0 {
			start = hs
			switch {
			case hasSuffixFold(b[:hs], "https://"):
				start -= len("https://")
			case hasSuffixFold(b[:hs], "http://"):
				start -= len("http://")
			}
			return start, urlEnd(b, start, i), true, true
		}
		if bare < 0 && hostEnd == i && (i == 0 || (!isHostByte(b[i-1]) && b[i-1] != '/')) {
			bare = i // not "/api/v1/x", "example.com/v1/x" or "localhost:12111/v1/x"
		}
	}
	if bare < 0 {
		return 0, 0, false, false
	}
	return bare, urlEnd(b, bare, bare), false, true
}

// stripeHostBefore returns where a Stripe host name ending at e starts, or -1.
func stripeHostBefore(b []byte, e int) int {
	for _, h := range sdkHostNames {
		if e < len(h) || !equalFoldASCII(b[e-len(h):e], h) {
			continue
		}
		if hs := e - len(h); hs == 0 || !isHostByte(b[hs-1]) {
			return hs // not "evil-api.stripe.com"
		}
	}
	return -1
}

// urlEnd finds where a URL starting at start, with its version path at i,
// ends.
func urlEnd(b []byte, start, i int) int {
	end := i + 4
	for end < len(b) && !isURLStop(b[end]) {
		end++
	}
	return start + len(trimURLBytes(b[start:end]))
}

// isURLStop ends a URL: white space, quotes, brackets that close a value,
// commas, and backslashes (a JSON or repr escape follows).
func isURLStop(c byte) bool {
	switch c {
	case ' ', '\t', '\r', '\n', '\f', '"', '\'', '<', '>', ',', ')', '}', '\\':
		return true
	}
	return false
}

// trimURLBytes drops punctuation that ends a sentence rather than the URL,
// and a "]" that closes something the URL did not open.
func trimURLBytes(u []byte) []byte {
	opens, closes := bytes.Count(u, []byte("[")), bytes.Count(u, []byte("]"))
	for len(u) > 0 {
		c := u[len(u)-1]
		switch {
		case c == '.' || c == ',' || c == ';' || c == ':':
		case c == ']' && opens < closes:
			closes--
		default:
			return u
		}
		u = u[:len(u)-1]
	}
	return u
}

// methodBefore reads the verb in front of a URL ("Requesting POST api…",
// "--> POST https://…", "Sending HTTP request POST https://…",
// "for request post https://…", "{POST /v1/x HTTP/1.1: null}"). scope is set
// for a .NET logging scope ("=> HTTP POST https://…").
func methodBefore(b []byte, start int) (method string, scope bool) {
	k := start
	if m := cellMethodBefore(b, k); m != "" {
		return m, false
	}
	if k == 0 || (b[k-1] != ' ' && b[k-1] != '\t') {
		return "", false
	}
	for k > 0 && (b[k-1] == ' ' || b[k-1] == '\t') {
		k--
	}
	e := k
	for k > 0 && isLetter(b[k-1]) {
		k--
	}
	if k > 0 && (isDigit(b[k-1]) || b[k-1] == '_') {
		return "", false
	}
	method = canonMethod(b[k:e])
	return method, method != "" && hasSuffixFold(b[:k], "=> HTTP ")
}

// cellMethodBefore reads a method in the table cell before the URL's: a
// headerless export such as jq's @csv writes "POST","https://api.stripe.com/…"
// or POST,https://…. The method must fill its cell.
func cellMethodBefore(b []byte, start int) string {
	k, quoted := start, false
	switch {
	case k >= 3 && b[k-1] == '"' && (b[k-2] == ',' || b[k-2] == ';') && b[k-3] == '"':
		k, quoted = k-3, true
	case k >= 1 && (b[k-1] == ',' || b[k-1] == ';'):
		k--
	default:
		return ""
	}
	e := k
	for k > 0 && isLetter(b[k-1]) {
		k--
	}
	cell := k // where the cell starts: its opening quote when quoted
	if quoted {
		if k == 0 || b[k-1] != '"' {
			return ""
		}
		cell--
	}
	if cell > 0 && b[cell-1] != ',' && b[cell-1] != ';' {
		return "" // the cell must start the line or follow a separator
	}
	return canonMethod(b[k:e])
}

// keyBefore reads the field name a value at start belongs to, for
// `key=value`, `key: value`, `"key":"value"` and `key: 'value'`.
func keyBefore(b []byte, start int) []byte {
	k := start
	if k > 0 && (b[k-1] == '"' || b[k-1] == '\'') {
		k--
	}
	for k > 0 && b[k-1] == ' ' {
		k--
	}
	if k == 0 || (b[k-1] != '=' && b[k-1] != ':') {
		return nil
	}
	k--
	if k > 0 && (b[k-1] == '"' || b[k-1] == '\'') {
		k--
	}
	e := k
	for k > 0 && (isLetter(b[k-1]) || b[k-1] == '_' || b[k-1] == '-') {
		k--
	}
	return b[k:e]
}

// isURLKey accepts the fields that hold a request's URL: url, path, uri and
// names ending so (request_path, Uri).
func isURLKey(key []byte) bool {
	return hasSuffixFold(key, "url") || hasSuffixFold(key, "path") || hasSuffixFold(key, "uri")
}

// valueAfter reads the value of a field whose name ends at i: optional
// quote and spaces, '=' or ':', optional spaces and quote, then the value's
// first byte. It returns -1 when no separator follows.
func valueAfter(b []byte, i int) int {
	if i < len(b) && (b[i] == '"' || b[i] == '\'') {
		i++
	}
	for i < len(b) && b[i] == ' ' {
		i++
	}
	if i >= len(b) || (b[i] != '=' && b[i] != ':') {
		return -1
	}
	i++
	for i < len(b) && b[i] == ' ' {
		i++
	}
	if i < len(b) && (b[i] == '"' || b[i] == '\'') {
		i++
	}
	return i
}

// fieldMethod reads a method field: method=post (stripe-python,
// stripe-ruby), "method":"POST" (stripe-node events as JSON), method: 'POST'
// (the same through console.log), and names ending so (HttpMethod).
func fieldMethod(b []byte) string {
	for at := 0; at < len(b); {
		j := bytes.Index(b[at:], []byte("ethod"))
		if j < 0 {
			return ""
		}
		j += at
		at = j + 5
		if j == 0 || (b[j-1] != 'm' && b[j-1] != 'M') {
			continue
		}
		v := valueAfter(b, j+5)
		if v < 0 {
			continue
		}
		e := v
		for e < len(b) && isLetter(b[e]) {
			e++
		}
		if m := canonMethod(b[v:e]); m != "" {
			return m
		}
	}
	return ""
}

// threeDigitStatus reads an HTTP status at i: three digits, the first 1-5,
// not followed by another digit.
func threeDigitStatus(b []byte, i int) int {
	if i+3 > len(b) || b[i] < '1' || b[i] > '5' || !isDigit(b[i+1]) || !isDigit(b[i+2]) {
		return 0
	}
	if i+3 < len(b) && isDigit(b[i+3]) {
		return 0
	}
	return int(b[i]-'0')*100 + int(b[i+1]-'0')*10 + int(b[i+2]-'0')
}

// sdkStatusMarks are the literal text a status follows in the shapes
// fieldStatus does not cover.
//
//	OkHttp:              <-- 403 https://api.stripe.com/v1/customers (85ms)
//	Microsoft.Extensions.Http: Received HTTP response headers after 212.3ms - 403
//
// and httpVersionStatus and squidStatus read the others.
var sdkStatusMarks = [][]byte{[]byte("<-- "), []byte("ms - ")}

// httpVersionStatus reads the status after an HTTP version: a status line
// (HttpURLConnection's {null: HTTP/1.1 403 Forbidden}, HTTP/2 403) or the
// request in quotes of the Common Log Format that nginx, Apache and Envoy
// write by default ("POST /v1/refunds HTTP/1.1" 403 …; Envoy's default
// format, envoyproxy.io "Access logging"; nginx's combined, log_format).
func httpVersionStatus(b []byte) int {
	for at := 0; ; {
		j := bytes.Index(b[at:], []byte("HTTP/"))
		if j < 0 {
			return 0
		}
		i := at + j + 5
		at = i
		for k := 0; k < 3 && i < len(b) && (isDigit(b[i]) || b[i] == '.'); k++ {
			i++
		}
		if i < len(b) && b[i] == '"' {
			i++
		}
		if i < len(b) && b[i] == ' ' {
			if st := threeDigitStatus(b, i+1); st != 0 {
				return st
			}
		}
	}
}

// squidStatus reads the status in a Squid access.log's native format,
// after the cache result: "TCP_MISS/403", "TCP_TUNNEL/200"
// (squid-cache.org, "Squid native access.log format", %Ss/%03>Hs).
func squidStatus(b []byte) int {
	j := bytes.Index(b, []byte("TCP_"))
	if j < 0 {
		return 0
	}
	i := j + 4
	for i < len(b) && i-j < 32 && (b[i] >= 'A' && b[i] <= 'Z' || b[i] == '_') {
		i++
	}
	if i < len(b) && b[i] == '/' {
		return threeDigitStatus(b, i+1)
	}
	return 0
}

// findStatus reads a response status from a line. urlEnd (or -1) is where a
// Stripe URL ends, for "POST /v1/customers 403".
func findStatus(b []byte, urlEnd int) int {
	if st := fieldStatus(b); st != 0 {
		return st
	}
	for _, m := range sdkStatusMarks {
		if i := bytes.Index(b, m); i >= 0 {
			if st := threeDigitStatus(b, i+len(m)); st != 0 {
				return st
			}
		}
	}
	if st := httpVersionStatus(b); st != 0 {
		return st
	}
	if st := squidStatus(b); st != 0 {
		return st
	}
	if urlEnd >= 0 && urlEnd+4 <= len(b) && b[urlEnd] == ' ' {
		if st := threeDigitStatus(b, urlEnd+1); st != 0 && (urlEnd+4 == len(b) || b[urlEnd+4] == ' ') {
			return st
		}
	}
	if urlEnd >= 0 {
		return cellStatusAfter(b, urlEnd)
	}
	return 0
}

// cellStatusAfter reads a status in the table cell after the URL's (a
// headerless CSV: "https://…",403 or …,"403"); the status must fill its
// cell.
func cellStatusAfter(b []byte, urlEnd int) int {
	i := urlEnd
	if i < len(b) && b[i] == '"' {
		i++
	}
	if i >= len(b) || (b[i] != ',' && b[i] != ';') {
		return 0
	}
	i++
	quoted := i < len(b) && b[i] == '"'
	if quoted {
		i++
	}
	st := threeDigitStatus(b, i)
	if st == 0 {
		return 0
	}
	i += 3
	if quoted {
		if i >= len(b) || b[i] != '"' {
			return 0
		}
		i++
	}
	if i < len(b) && b[i] != ',' && b[i] != ';' {
		return 0
	}
	return st
}

// fieldStatus reads status fields: status=403 (stripe-ruby), "status":403
// (stripe-node, stripe-go's error JSON), status: 403, statusCode: 403,
// response_code=403 (stripe-python), "(status 403)" (stripe-go) and
// "(Status 403)" (stripe-php's exception text).
func fieldStatus(b []byte) int {
	for at := 0; at < len(b); {
		j := bytes.Index(b[at:], []byte("tatus"))
		if j < 0 {
			break
		}
		j += at
		at = j + 5
		if j == 0 || (b[j-1] != 's' && b[j-1] != 'S') {
			continue
		}
		after := j + 5
		switch {
		case bytes.HasPrefix(b[after:], []byte("Code")):
			after += 4
		case bytes.HasPrefix(b[after:], []byte("_code")):
			after += 5
		}
		if j >= 2 && b[j-2] == '(' && after < len(b) && b[after] == ' ' {
			if st := threeDigitStatus(b, after+1); st != 0 && after+4 < len(b) && b[after+4] == ')' {
				return st
			}
			continue
		}
		if v := valueAfter(b, after); v >= 0 {
			if st := threeDigitStatus(b, v); st != 0 {
				return st
			}
		}
	}
	if j := bytes.Index(b, []byte("response_code")); j >= 0 {
		if v := valueAfter(b, j+len("response_code")); v >= 0 {
			return threeDigitStatus(b, v)
		}
	}
	return 0
}

// findRequestID finds a Stripe request id: "req_" at a word start and at
// least six letters or digits.
func findRequestID(b []byte) []byte {
	for at := 0; at < len(b); {
		j := bytes.Index(b[at:], []byte("req_"))
		if j < 0 {
			return nil
		}
		j += at
		at = j + 4
		if j > 0 && isWordByte(b[j-1]) {
			continue
		}
		e := j + 4
		for e < len(b) && isAlnum(b[e]) {
			e++
		}
		if e-j-4 >= 6 {
			return b[j:e]
		}
	}
	return nil
}

// findAccount finds the connected account a request was made for: an
// "acct_…" value of a field named account, stripe_account, Stripe-Account or
// stripeAccount. The account a 403 message names ("on account 'acct_…'") is
// the key's own and is not taken.
func findAccount(b []byte) []byte {
	for at := 0; at < len(b); {
		j := bytes.Index(b[at:], []byte("acct_"))
		if j < 0 {
			return nil
		}
		j += at
		at = j + 5
		e := j + 5
		for e < len(b) && isAlnum(b[e]) {
			e++
		}
		if e == j+5 || (e < len(b) && b[e] == '_') {
			continue
		}
		if key := keyBefore(b, j); hasSuffixFold(key, "account") {
			return b[j:e]
		}
	}
	return nil
}

// findAPIVersion reads an api_version field (stripe-ruby, stripe-node):
// a date, optionally with a release name ("2025-03-31.basil").
func findAPIVersion(b []byte) []byte {
	j := bytes.Index(b, []byte("api_version"))
	if j < 0 {
		return nil
	}
	v := valueAfter(b, j+len("api_version"))
	if v < 0 || v >= len(b) || !isDigit(b[v]) {
		return nil
	}
	e := v
	for e < len(b) && (isAlnum(b[e]) || b[e] == '-' || b[e] == '.') {
		e++
	}
	return b[v:e]
}

// rubyQuery reads the query stripe-ruby logs at debug level on its
// "Request details" line, which follows the request line.
func rubyQuery(b []byte) []byte {
	if !bytes.Contains(b, []byte("Request details")) {
		return nil
	}
	j := bytes.Index(b, []byte(" query="))
	if j < 0 {
		return nil
	}
	v := b[j+len(" query="):]
	if len(v) > 0 && v[0] == '"' {
		if e := bytes.IndexByte(v[1:], '"'); e >= 0 {
			return v[1 : e+1]
		}
		return nil
	}
	if e := bytes.IndexByte(v, ' '); e >= 0 {
		v = v[:e]
	}
	return v
}

// isRetry spots another attempt at a request already logged: stripe-go and
// stripe-python log "Initiating retry N for request …"; stripe-ruby logs its
// request line again with num_retries above zero.
func isRetry(b []byte) bool {
	if bytes.Contains(b, []byte("Initiating retry")) {
		return true
	}
	j := bytes.Index(b, []byte("num_retries="))
	if j < 0 {
		return false
	}
	v := j + len("num_retries=")
	return v < len(b) && isDigit(b[v]) && (b[v] != '0' || (v+1 < len(b) && isDigit(b[v+1])))
}

// stripePhrases tie a bare /v1/ path on a line to Stripe (an application's
// own API may use /v1/ too). Each holds "stripe" and is matched around every
// "stripe" found, ignoring case.
var stripePhrases = []string{"stripe api", "to stripe", "from stripe", "stripe request", "stripe response",
	"stripe.com", "stripe::", "stripeclient", "stripe-node", "stripe-go", "stripe-php", "stripe-java", "stripe.net",
	"stripe-python", "stripe-ruby", "stripe http", "httpclient.stripe", "stripe-version", "stripe-account",
	// The User-Agent every official SDK sends ("Stripe/v1 PhpBindings/13.13.0",
	// GoBindings, JavaBindings…), which an HTTP client's own log of the
	// request carries: Guzzle's MessageFormatter::CLF around stripe-php's
	// client ("{hostname} {req_header_User-Agent} - [{date_common_log}]
	// \"{method} {target} HTTP/{version}\" {code} …"), an access log.
	"stripe/v1 "}

// mentionsStripe reports whether a line says it is about Stripe's API.
func mentionsStripe(b []byte) bool {
	for i := 0; i+6 <= len(b); i++ {
		if b[i]|0x20 != 's' || !equalFoldASCII(b[i:i+6], "stripe") {
			continue
		}
		for _, p := range stripePhrases {
			o := strings.Index(p, "stripe")
			if s := i - o; s >= 0 && s+len(p) <= len(b) && equalFoldASCII(b[s:s+len(p)], p) {
				return true
			}
		}
	}
	return false
}

// nodeSignatures are fields only stripe-node's request and response events
// carry; a bare path near them is Stripe's even when the line says nothing
// else (the event printed with console.log spans several lines).
var nodeSignatures = [][]byte{[]byte("request_start_time"), []byte("stripe-node"), []byte("api_version: '")}

func hasNodeSignature(b []byte) bool {
	for _, s := range nodeSignatures {
		if bytes.Contains(b, s) {
			return true
		}
	}
	return false
}

// sdkDenial cuts a permission message out of a line. Unlike extractDenial it
// ends the message at the first closing sentence after its start: a line may
// carry the same message twice (a JSON error with the message and a stack
// that repeats it). Escapes of JSON, Python repr and logfmt quoting, applied
// once or twice (a JSON error inside a quoted logfmt value), are undone. Only
// the message is copied out of the line.
func sdkDenial(line []byte) (string, bool) {
	known := false
	for _, p := range denialPhraseBytes {
		if bytes.Contains(line, p) {
			known = true
			break
		}
	}
	if !known {
		return "", false
	}
	start := -1
	for _, s := range denialStartBytes {
		if i := bytes.Index(line, s); i >= 0 {
			start = i
			break
		}
	}
	if start < 0 {
		return extractDenial(string(line))
	}
	msg := line[start:]
	end := -1
	for _, e := range denialEndBytes {
		if i := bytes.Index(msg, e); i >= 0 && (end < 0 || i+len(e) < end) {
			end = i + len(e)
		}
	}
	if end < 0 {
		return extractDenial(string(line))
	}
	const edit = " You can edit permissions at "
	if rest := msg[end:]; bytes.HasPrefix(rest, []byte(edit)) {
		url := rest[len(edit):]
		if i := bytes.IndexAny(url, " \t\"'\\,;)}"); i >= 0 {
			url = url[:i]
		}
		end += len(edit) + len(bytes.TrimRight(url, ".:"))
	}
	out := string(bytes.TrimSpace(msg[:end]))
	for i := 0; i < 3 && strings.IndexByte(out, '\\') >= 0; i++ {
		out = denialUnescaper.Replace(out)
	}
	return out, true
}

// The permission-message tables of denial.go, as bytes for scanning lines.
var denialPhraseBytes, denialStartBytes, denialEndBytes = toBytes(denialPhrases), toBytes(denialStarts), toBytes(denialEnds)

func toBytes(ss []string) [][]byte {
	out := make([][]byte, len(ss))
	for i, s := range ss {
		out[i] = []byte(s)
	}
	return out
}

var denialUnescaper = strings.NewReplacer(`\"`, `"`, `\'`, `'`, `\\`, `\`, `\/`, `/`)

// parseStamp reads the time at the start of a log line, looking in its first
// 64 bytes: "2026-03-04 10:15:02,123" (Python logging), "2026/03/04
// 10:15:02" (Go's log), "[2026-03-04T10:15:02.123456 #42]" (Ruby's Logger),
// RFC 3339 with a zone (logrus time="…", Spring Boot), "[04-Mar-2026
// 10:15:02 UTC]" (PHP's error_log), "time":1772619302000 (pino) and
// "ts":1772619302.123 (zap). A time without a zone is taken in loc.
func parseStamp(b []byte, loc *time.Location) (time.Time, bool) {
	if len(b) > 64 {
		b = b[:64]
	}
	for i := 0; i+10 <= len(b); i++ {
		if !isDigit(b[i]) || (i > 0 && isDigit(b[i-1])) {
			continue
		}
		if t, ok := isoStamp(b[i:], loc); ok {
			return t, true
		}
		if t, ok := phpStamp(b[i:], loc); ok {
			return t, true
		}
	}
	for _, key := range epochKeys {
		if j := bytes.Index(b, key); j >= 0 {
			if t, ok := epochStamp(b[j+len(key):]); ok {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// jsonTimeKeys name RFC 3339 times in JSON log lines, wherever they stand
// on the line: Docker's json-file driver writes "time" last, Splunk's
// export {"result": {"_raw", "_time"}} after the event's text.
// Python's json.dumps (structlog's JSONRenderer, python-json-logger) puts a
// space after the colon: `"timestamp": "2026-…"`.
var jsonTimeKeys = [][]byte{[]byte(`"time":`), []byte(`"timestamp":`), []byte(`"@timestamp":`), []byte(`"@t":`), []byte(`"_time":`)}

// jsonString is the start of the JSON string value at b, after the space a
// pretty or Python encoder puts before it, or false when b holds no string.
func jsonString(b []byte) ([]byte, bool) {
	if len(b) > 0 && b[0] == ' ' {
		b = b[1:]
	}
	if len(b) == 0 || b[0] != '"' {
		return nil, false
	}
	return b[1:], true
}

// lineStamp is parseStamp, then a JSON time field anywhere on the line.
func lineStamp(b []byte, loc *time.Location) (time.Time, bool) {
	if t, ok := parseStamp(b, loc); ok {
		return t, true
	}
	if len(b) > 15 && b[10] == '.' && b[14] == ' ' && isDigit(b[0]) && isDigit(b[13]) {
		// Squid's native access.log: "%ts.%03tu", unix seconds and
		// milliseconds, first on the line.
		if t, ok := epochStamp(b[:14]); ok {
			return t, true
		}
	}
	for _, key := range jsonTimeKeys {
		if j := bytes.Index(b, key); j >= 0 {
			if v, ok := jsonString(b[j+len(key):]); ok {
				if t, ok := isoStamp(v, loc); ok {
					return t, true
				}
			}
		}
	}
	if len(b) > 64 {
		// Past parseStamp's reach: journalctl writes a long __CURSOR first.
		for _, key := range epochKeys {
			if j := bytes.Index(b, key); j >= 0 {
				if t, ok := epochStamp(b[j+len(key):]); ok {
					return t, true
				}
			}
		}
	}
	return time.Time{}, false
}

// epochKeys hold unix times in JSON logs: pino's "time" (milliseconds),
// zap's "ts" (seconds with a fraction), "timestamp", Fluent Bit's "date"
// (seconds with a fraction), and journalctl -o json's
// "__REALTIME_TIMESTAMP" (microseconds, as a string).
var epochKeys = [][]byte{[]byte(`"time":`), []byte(`"ts":`), []byte(`"timestamp":`), []byte(`"date":`), []byte(`"__REALTIME_TIMESTAMP":"`)}

// epochStamp reads unix seconds (10 digits) or milliseconds (13 digits),
// with an optional fraction, or microseconds (16 digits).
func epochStamp(v []byte) (time.Time, bool) {
	n := 0
	var x int64
	for n < len(v) && isDigit(v[n]) {
		x = x*10 + int64(v[n]-'0')
		n++
	}
	frac, scale := int64(0), int64(1)
	if n < len(v) && v[n] == '.' {
		for k := n + 1; k < len(v) && isDigit(v[k]) && scale < 1e9; k++ {
			frac = frac*10 + int64(v[k]-'0')
			scale *= 10
		}
	}
	switch n {
	case 10:
		return time.Unix(x, frac*(1e9/scale)).UTC(), true
	case 13:
		return time.UnixMilli(x).Add(time.Duration(frac * (1e6 / scale))).UTC(), true
	case 16:
		return time.UnixMicro(x).UTC(), true
	}
	return time.Time{}, false
}

func digits(b []byte, i, n int) (int, bool) {
	if i+n > len(b) {
		return 0, false
	}
	v := 0
	for _, c := range b[i : i+n] {
		if !isDigit(c) {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// isoStamp reads YYYY-MM-DD or YYYY/MM/DD, 'T' or ' ', HH:MM:SS, an
// optional fraction after '.' or ',', and an optional zone.
func isoStamp(b []byte, loc *time.Location) (time.Time, bool) {
	if len(b) < 19 || (b[4] != '-' && b[4] != '/') || b[7] != b[4] || (b[10] != 'T' && b[10] != ' ') || b[13] != ':' || b[16] != ':' {
		return time.Time{}, false
	}
	y, ok1 := digits(b, 0, 4)
	mo, ok2 := digits(b, 5, 2)
	d, ok3 := digits(b, 8, 2)
	h, ok4 := digits(b, 11, 2)
	mi, ok5 := digits(b, 14, 2)
	s, ok6 := digits(b, 17, 2)
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || y < 1970 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 {
		return time.Time{}, false
	}
	i := 19
	nsec := 0
	if i < len(b) && (b[i] == '.' || b[i] == ',') && i+1 < len(b) && isDigit(b[i+1]) {
		i++
		scale := 100000000
		for i < len(b) && isDigit(b[i]) {
			nsec += int(b[i]-'0') * scale
			scale /= 10
			i++
		}
	}
	zone := loc
	if i+5 < len(b) && b[i] == ' ' && (b[i+1] == '+' || b[i+1] == '-') {
		i++ // "2026-03-04 10:15:02 -0500"
	}
	switch {
	case i < len(b) && b[i] == 'Z':
		zone = time.UTC
	case i+5 <= len(b) && (b[i] == '+' || b[i] == '-'):
		zh, okh := digits(b, i+1, 2)
		j := i + 3
		if j < len(b) && b[j] == ':' {
			j++
		}
		zm, okm := digits(b, j, 2)
		if okh && okm {
			off := zh*3600 + zm*60
			if b[i] == '-' {
				off = -off
			}
			zone = time.FixedZone("", off)
		}
	}
	if zone == nil {
		zone = time.Local
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, nsec, zone), true
}

var monthAbbrevs = [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}

// phpStamp reads PHP's error_log time, "04-Mar-2026 10:15:02 UTC".
func phpStamp(b []byte, loc *time.Location) (time.Time, bool) {
	if len(b) < 20 || b[2] != '-' || b[6] != '-' || b[11] != ' ' || b[14] != ':' || b[17] != ':' {
		return time.Time{}, false
	}
	mo := 0
	for k, m := range monthAbbrevs {
		if string(b[3:6]) == m {
			mo = k + 1
		}
	}
	d, ok1 := digits(b, 0, 2)
	y, ok2 := digits(b, 7, 4)
	h, ok3 := digits(b, 12, 2)
	mi, ok4 := digits(b, 15, 2)
	s, ok5 := digits(b, 18, 2)
	if mo == 0 || !(ok1 && ok2 && ok3 && ok4 && ok5) || y < 1970 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 {
		return time.Time{}, false
	}
	zone := loc
	if bytes.HasPrefix(b[20:], []byte(" UTC")) {
		zone = time.UTC
	}
	if zone == nil {
		zone = time.Local
	}
	return time.Date(y, time.Month(mo), d, h, mi, s, 0, zone), true
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return (c|0x20) >= 'a' && (c|0x20) <= 'z' }
func isAlnum(c byte) bool  { return isDigit(c) || isLetter(c) }

// isWordByte is what a regexp's \w matches.
func isWordByte(c byte) bool { return isAlnum(c) || c == '_' }

// isHostByte may appear inside a host name or a path segment.
func isHostByte(c byte) bool { return isAlnum(c) || c == '.' || c == '-' || c == '_' }

// equalFoldASCII compares b with an ASCII string, ignoring case.
func equalFoldASCII(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := 0; i < len(b); i++ {
		x, y := b[i], s[i]
		if x == y {
			continue
		}
		if x|0x20 != y|0x20 || !isLetter(x) {
			return false
		}
	}
	return true
}

func hasSuffixFold(b []byte, s string) bool {
	return len(b) >= len(s) && equalFoldASCII(b[len(b)-len(s):], s)
}
