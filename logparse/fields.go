package logparse

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rakmigrate/rakmigrate/internal/lazyregexp"
)

// field is a Request attribute that tables and JSON objects may carry under
// many names.
type field uint8

const (
	fNone field = iota
	fMethod
	fPath
	fStatus
	fID
	fTime
	fIP
	fSource
	fAPIVersion
	fUserAgent
	fAccount
	fMessage
	fLivemode
	fErrorType
	fErrorCode
	fQuery
	fRequestLine // "POST /v1/customers" in one cell
	fHost        // the host the request went to, when the path is not a full URL
)

// synonyms maps a column or key name, normalised by normKey, to the field it
// holds. Users build these tables by hand, so the names vary.
var synonyms = map[string]field{
	"method": fMethod, "httpmethod": fMethod, "verb": fMethod, "requestmethod": fMethod,
	"path": fPath, "url": fPath, "endpoint": fPath, "requestpath": fPath, "requesturl": fPath,
	"uri": fPath, "requesturi": fPath, "route": fPath, "endpointpath": fPath, "apiendpoint": fPath,
	"uripath": fPath, // Splunk's web and access-log field (stats count by method, uri_path)
	"status":  fStatus, "statuscode": fStatus, "responsecode": fStatus, "httpstatus": fStatus,
	"responsestatus": fStatus, "httpstatuscode": fStatus,
	"id": fID, "requestid": fID, "reqid": fID,
	"created": fTime, "createdat": fTime, "date": fTime, "time": fTime, "timestamp": fTime,
	"datetime": fTime, "requestedat": fTime, "starteddatetime": fTime, "ts": fTime,
	"ip": fIP, "ipaddress": fIP, "sourceip": fIP, "remoteaddr": fIP, "sourceipaddress": fIP,
	"source": fSource, "origin": fSource,
	"apiversion": fAPIVersion, "stripeversion": fAPIVersion, "version": fAPIVersion,
	"useragent": fUserAgent, "ua": fUserAgent,
	"account": fAccount, "stripeaccount": fAccount, "accountid": fAccount, "connectedaccount": fAccount,
	"error": fMessage, "message": fMessage, "errormessage": fMessage, "msg": fMessage,
	"livemode": fLivemode, "mode": fLivemode,
	"errortype": fErrorType, "errorcode": fErrorCode,
	"query": fQuery, "querystring": fQuery,
	"request": fRequestLine, "requestline": fRequestLine,
	// Observability exports flatten nested attributes with dots: Elastic
	// Common Schema (http.request.method, url.full, http.response.status_code,
	// user_agent.original, source.ip, @timestamp), OpenTelemetry semantic
	// conventions (url.full, client.address, start_time_unix_nano) and
	// Datadog's standard attributes (http.url, http.status_code, network.client.ip).
	"httprequestmethod": fMethod, "urlfull": fPath, "urloriginal": fPath, "urlpath": fPath,
	"httpurl": fPath, "httptarget": fPath, "httpresponsestatuscode": fStatus,
	"@timestamp": fTime, "starttimeunixnano": fTime, "starttime": fTime, "eventcreated": fTime,
	// A Datadog span's start (unix nanoseconds), and an AWS X-Ray
	// segment's start_time (unix seconds with a fraction).
	"start":             fTime,
	"useragentoriginal": fUserAgent, "httpuseragent": fUserAgent,
	"clientaddress": fIP, "clientip": fIP, "networkclientip": fIP, "sourceaddress": fIP,
	"stripeaccountid": fAccount, "stripeversionheader": fAPIVersion, "stripeapiversion": fAPIVersion,
	"stripeerrortype": fErrorType, "stripeerrorcode": fErrorCode, "stripeerrormessage": fMessage,
	"striperequestid": fID,
	// The host a request went to, kept apart from the path by proxies and
	// meshes (Envoy's authority, HTTP/2's :authority, ECS url.domain,
	// OpenTelemetry server.address): records to other hosts are left out.
	// Not plain "host": structured logs use it for the machine that logged.
	"authority": fHost, ":authority": fHost, "urldomain": fHost, "serveraddress": fHost,
	"httphost": fHost, "requesthost": fHost,
	// Azure Monitor: Application Insights' dependencies name the status
	// resultCode, Log Analytics tables the time TimeGenerated.
	"resultcode": fStatus, "timegenerated": fTime,
	// Looker names a dimension group's timeframes "<name> Time", "<name>
	// Date" (the view's label stripped, see withoutSharedLabel).
	"createdtime": fTime, "createddate": fTime,
}

// fieldNames lists, per field, the names tried (for error messages).
func fieldNames(f field) string { return fieldNameLists()[f] }

// errNoMethodOrPath is checkRequest's error for a record without either,
// built once: it names no part of the record.
var errNoMethodOrPath = sync.OnceValue(func() error {
	return errors.New("no method or path (looked for " + fieldNames(fMethod) + " and " + fieldNames(fPath) + ")")
})

// fieldNameLists is fieldNames for every field, built once: a table of
// rows without a method asks on every row, and rebuilding the list (a walk
// of synonyms, a sort) made such a row cost six good ones.
var fieldNameLists = sync.OnceValue(func() map[field]string {
	byField := map[field][]string{}
	for k, v := range synonyms {
		byField[v] = append(byField[v], k)
	}
	lists := make(map[field]string, len(byField))
	for f, names := range byField {
		sort.Strings(names)
		lists[f] = strings.Join(names, "/")
	}
	return lists
})

// indexEither is the index of the first a or b in s, or -1. It runs for
// every record: strings.IndexAny builds a byte set on each call.
func indexEither[S ~string | ~[]byte](s S, a, b byte) int {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == a || c == b {
			return i
		}
	}
	return -1
}

// lastSpaceBracket is bytes.LastIndex(b, []byte(" [")), without the
// Rabin-Karp set-up that cost a twentieth of reading a tail-text line.
func lastSpaceBracket(b []byte) int {
	for i := len(b) - 1; i > 0; i-- {
		if b[i] == '[' && b[i-1] == ' ' {
			return i - 1
		}
	}
	return -1
}

// normKey folds a header: "HTTP Method", "http_method" and "httpMethod" all
// become "httpmethod". It writes into buf to avoid allocating.
func normKey(buf []byte, s string) []byte {
	buf = buf[:0]
	// "Date (UTC)", "Amount [USD]": the bracketed part is a unit, not the name.
	if i := indexEither(s, '(', '['); i > 0 {
		s = s[:i]
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'A' && c <= 'Z':
			buf = append(buf, c+'a'-'A')
		case c == ' ' || c == '_' || c == '-' || c == '.' || c == '"' || c == '\'':
		default:
			buf = append(buf, c)
		}
	}
	return buf
}

func lookupField(name string) field {
	var b [64]byte
	if len(name) > len(b) {
		return fNone
	}
	f := synonyms[string(normKey(b[:0], name))]
	if f == fNone && len(name) > 1 && name[0] == '@' {
		// Datadog names an event's attributes "@http.method",
		// "@http.status_code" in its CSV exports and facet columns.
		f = synonyms[string(normKey(b[:0], name[1:]))]
	}
	if f == fNone {
		// A nested field flattened to a dotted path, as Cloud Logging's CSV
		// download writes "httpRequest.requestMethod": its last part, when
		// the path is about HTTP and the part names the method, URL or
		// status. Not other fields: "labels.version" is not the API
		// version, "jsonPayload.status" is the application's own.
		if i := strings.LastIndexByte(name, '.'); i >= 0 && i < len(name)-1 && httpPrefix(name[:i]) {
			switch last := synonyms[string(normKey(b[:0], name[i+1:]))]; last {
			case fMethod, fPath, fStatus:
				f = last
			}
		}
	}
	return f
}

// httpPrefix says whether a dotted path's parent names HTTP traffic.
func httpPrefix(p string) bool {
	p = strings.ToLower(p)
	return strings.Contains(p, "http") || strings.Contains(p, "request") || strings.Contains(p, "response")
}

// httpMethods are the verbs a request line may carry.
var httpMethods = map[string]bool{"GET": true, "POST": true, "DELETE": true, "PUT": true, "PATCH": true, "HEAD": true, "OPTIONS": true}

// setMethod stores a method, upper-cased. It fails on anything not a verb.
func setMethod(r *Request, s string) error {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	up := strings.ToUpper(s)
	if !httpMethods[up] {
		return fmt.Errorf("%q is not an HTTP method", s)
	}
	r.Method = up
	return nil
}

// stripeHosts are the API hosts whose requests a RAK governs.
var stripeHosts = map[string]bool{"api.stripe.com": true, "files.stripe.com": true, "meter-events.stripe.com": true, "connect.stripe.com": true, "uploads.stripe.com": true}

// foreignHost reports whether a record names a host that is not Stripe's:
// tables and observability exports carry every outbound call of an app
// (GitHub, OpenAI…), and a RAK governs none of them. Loopback and
// stripe-named hosts stay: stripe-mock, a local proxy, a compose service.
func foreignHost(r *Request) bool {
	h := r.Host
	switch {
	case h == "", stripeHosts[h], h == "localhost", strings.HasPrefix(h, "127."), strings.HasPrefix(h, "["):
		return false
	case strings.HasSuffix(h, ".stripe.com"), strings.Contains(h, "stripe"):
		return false
	}
	return true
}

// setPath stores a path given as "/v1/x?q", "https://api.stripe.com/v1/x?q"
// or "api.stripe.com/v1/x". An empty value leaves the path unknown.
func setPath(r *Request, raw string) error {
	raw = strings.TrimSpace(raw)
	if raw == "" || raw == "[View path in dashboard]" {
		return nil
	}
	// "POST /v1/customers" or "GET https://api.stripe.com/v1/…" in a path
	// cell: the method comes along.
	if m, rest, ok := strings.Cut(raw, " "); ok && httpMethods[strings.ToUpper(m)] {
		if r.Method == "" {
			r.Method = strings.ToUpper(m)
		}
		raw = strings.TrimSpace(rest)
		if raw == "" {
			return nil
		}
	}
	if i := strings.Index(raw, "://"); i >= 0 {
		raw = raw[i+3:]
		slash := strings.IndexByte(raw, '/')
		if slash < 0 {
			r.Host = strings.ToLower(raw)
			return nil
		}
		r.Host = strings.ToLower(raw[:slash])
		raw = raw[slash:]
	} else if raw[0] != '/' && (strings.HasPrefix(raw, "v1/") || strings.HasPrefix(raw, "v2/")) {
		// The path without its leading slash, as a table built by hand or
		// a split on "/" then joined back may hold it: "v1/refunds".
		raw = "/" + raw
	} else if raw[0] != '/' {
		slash := strings.IndexByte(raw, '/')
		if slash <= 0 || !strings.Contains(raw[:slash], ".") {
			return fmt.Errorf("%q is not a path or URL", shorten(raw))
		}
		r.Host = strings.ToLower(raw[:slash])
		raw = raw[slash:]
	}
	if h, _, ok := strings.Cut(r.Host, ":"); ok {
		r.Host = h
	}
	if i := indexEither(raw, '?', '#'); i >= 0 {
		q := raw[i:]
		raw = raw[:i]
		if q[0] == '?' {
			q = q[1:]
			if j := strings.IndexByte(q, '#'); j >= 0 {
				q = q[:j]
			}
			r.Query = dropKeyParams(q)
		}
	}
	r.Path = raw
	return nil
}

// dropKeyParams removes query parameters that carry an API key: Stripe.js
// sends its publishable key as ?key=pk_…, and a key has no business in a
// record (rakmigrate only needs expand[] from the query).
func dropKeyParams(q string) string {
	if !strings.Contains(q, "_test_") && !strings.Contains(q, "_live_") {
		return q
	}
	var kept []string
	for _, kv := range strings.Split(q, "&") {
		_, v, _ := strings.Cut(kv, "=")
		if keyPattern().MatchString(v) {
			continue
		}
		kept = append(kept, kv)
	}
	return strings.Join(kept, "&")
}

// keyPattern matches a Stripe API key as a whole parameter value.
var keyPattern = lazyregexp.New(`^[a-z]{2,4}_(test|live)_[A-Za-z0-9]+$`)

func shorten(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

// parseStatus reads "403", "403 Forbidden" or a JSON number. A word with no
// digit in it is the state of something else that a tool calls "status"
// (a test run's "pass"/"fail", a proxy transaction's "COMPLETE", an app's
// "success"): no HTTP status, and nothing wrong with the record.
func parseStatus(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" || stateWord(s) {
		return 0, nil
	}
	end := 0
	for end < len(s) && s[end] >= '0' && s[end] <= '9' {
		end++
	}
	if end == 0 || end > 3 || (end < len(s) && s[end] != ' ' && s[end] != '.') {
		return 0, fmt.Errorf("status %q is not an HTTP status code", shorten(s))
	}
	n, _ := strconv.Atoi(s[:end])
	if n < 100 || n > 599 {
		return 0, fmt.Errorf("status %d is not an HTTP status code", n)
	}
	return n, nil
}

// stateWord reports a value of letters, spaces, '_' and '-' only.
func stateWord(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if (c < 'a' || c > 'z') && s[i] != ' ' && s[i] != '_' && s[i] != '-' {
			return false
		}
	}
	return true
}

// timeLayouts are the zone-less and zoned layouts tables use; unix seconds
// and milliseconds are handled before them.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05 MST",
	"2006-01-02 15:04:05.999999999 MST", // BigQuery TIMESTAMP as text
}

var localLayouts = []string{
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006/01/02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	// The Dashboard's own rendering, copied from its tables.
	"Jan 2, 2006, 3:04:05 PM",
	"Jan 2, 2006 3:04:05 PM",
	"Jan 2, 2006, 3:04 PM",
	"Jan 2, 2006, 15:04:05",
	// Metabase's CSV export "with formatting" (its default since v50):
	// the date style "January 31, 2018", the time style "5:24 PM".
	"January 2, 2006, 3:04 PM",
	"January 2, 2006, 3:04:05 PM",
	"January 2, 2006, 3:04:05.000 PM",
	// Azure Monitor Logs' CSV export writes times as the portal shows them
	// in en-US: "3/4/2026, 10:15:02.123 AM". Only a 12-hour clock with
	// capital AM/PM makes a slashed date month-first; others stay errors.
	"1/2/2006, 3:04:05.999999999 PM",
	"1/2/2006, 3:04:05 PM",
	// Kibana's default dateFormat "MMM D, YYYY @ HH:mm:ss.SSS", which its
	// Discover CSV export writes, in the dateFormat:tz zone (the browser's).
	"Jan 2, 2006 @ 15:04:05.999999999",
	"Jan 2, 2006 @ 15:04:05",
	// Spreadsheets re-saved in a day-first locale write dotted dates; they
	// are never month-first. Slashed dates stay errors: 03/04 is ambiguous.
	"02.01.2006 15:04:05",
	"02.01.2006 15:04",
}

// parseTime reads unix seconds (or milliseconds), RFC 3339, or a zone-less
// "YYYY-MM-DD HH:MM:SS" taken in loc. A slashed date is read only when its
// numbers say the order (parseTimeOrder).
func parseTime(s string, loc *time.Location) (time.Time, error) {
	return parseTimeOrder(s, loc, DateOrderAuto)
}

// parseTimeOrder is parseTime reading slashed dates in order o; Auto reads
// those whose numbers decide (14/03/2026, 3/14/2026) and fails on the
// others, saying both readings.
func parseTimeOrder(s string, loc *time.Location, o DateOrder) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if ms, ok := dotNetDate(s); ok {
		return time.UnixMilli(ms).UTC(), nil
	}
	if isDigits(s) && len(s) > 17 {
		// Nanoseconds (OpenTelemetry's *_unix_nano): too precise for a float.
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil || len(s) > 19 {
			return time.Time{}, fmt.Errorf("time %q is out of range", shorten(s))
		}
		return time.Unix(0, n).UTC(), nil
	}
	if isDigits(s) || (len(s) > 1 && isDigits(strings.Replace(s, ".", "", 1)) && strings.Count(s, ".") == 1) {
		if t, ok := decimalUnix(s); ok {
			return t, nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err == nil {
			return unixTime(f)
		}
	}
	if e := strings.IndexAny(s, "eE"); e > 0 && e < len(s)-1 && isDigits(strings.Replace(s[:e], ".", "", 1)) && isDigits(strings.TrimPrefix(s[e+1:], "+")) {
		// Unix seconds in exponent notation, as X-Ray's segment documents
		// write start_time (1.772619302123E9): milliseconds kept.
		if f, err := strconv.ParseFloat(s, 64); err == nil {
			t, err := unixTime(f)
			return t.Round(time.Millisecond), err
		}
	}
	if loc == nil {
		loc = time.Local
	}
	if mayBeSlashed(s) {
		if kind := cellKind(s, o); kind != notSlashed {
			return slashTime(s, loc, o, kind)
		}
	}
	var buf [maxTimeShape]byte
	shape, remember := timeShape(s, &buf)
	if remember && unreadableTimes.has(shape) {
		return time.Time{}, errUnreadableTime(s)
	}
	// Try the likely family first: every failed time.Parse allocates its
	// error, and a table of zone-less times would pay for six per row.
	zoned := func() (time.Time, bool) {
		for _, l := range timeLayouts {
			if t, err := time.Parse(l, s); err == nil {
				return t, true
			}
		}
		return time.Time{}, false
	}
	local := func() (time.Time, bool) {
		for _, l := range localLayouts {
			if t, err := time.ParseInLocation(l, s, loc); err == nil {
				return t, true
			}
		}
		return time.Time{}, false
	}
	first, second := local, zoned
	if likelyZoned(s) {
		first, second = zoned, local
	}
	if t, ok := first(); ok {
		return t, nil
	}
	if t, ok := second(); ok {
		return t, nil
	}
	if remember && noLayoutMatches(timeShapeOnes(shape)) {
		unreadableTimes.add(shape)
	}
	return time.Time{}, errUnreadableTime(s)
}

// errUnreadableTime is parseTimeOrder's error for a time no layout reads.
func errUnreadableTime(s string) error {
	return errors.New("time " + strconv.Quote(shorten(s)) + " is not unix seconds, RFC 3339 or YYYY-MM-DD HH:MM:SS")
}

// maxTimeShape is the longest time whose shape unreadableTimes keeps.
const maxTimeShape = 64

// timeShape is s with every digit made '0' (into buf), and whether a
// failure to read s may be remembered by it (see noLayoutMatches). A time
// holding GMT, or a sign and a digit after a space, is not: a zone name
// (MST, which stands after a space in every layout, see
// TestCostTimeShapeLayouts) may be an offset, which time.Parse reads as a
// number whatever its length and refuses over 24 ("GMT+011" and "+011"
// read, "GMT+111" and "+111" do not).
func timeShape(s string, buf *[maxTimeShape]byte) ([]byte, bool) {
	if len(s) > maxTimeShape || strings.Contains(s, "GMT") {
		return nil, false
	}
	b := buf[:len(s)]
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			c = '0'
		} else if (c == '+' || c == '-') && i > 0 && s[i-1] == ' ' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9' {
			return nil, false
		}
		b[i] = c
	}
	return b, true
}

// timeShapeOnes is a time of the shape whose digits are all '1'.
func timeShapeOnes(shape []byte) string {
	b := []byte(string(shape))
	for i, c := range b {
		if c == '0' {
			b[i] = '1'
		}
	}
	return string(b)
}

// noLayoutMatches reports whether v fails every layout for want of a match
// (or with text left over), never for a number out of range. Given a time
// whose digits are all 1 (timeShapeOnes), that says every time of its
// shape fails: time.Parse takes a layout's numbers by how many digits
// there are and its words, AM/PM, zone letters and separators byte for
// byte, so where a time of that shape stops matching depends on its shape
// alone, and 1s are in range for every number (month, day, hour 11; year
// 1111; offset +11:11), so no other failure comes first. A time of the
// shape may still fail earlier, on a number out of range: it fails all the
// same.
func noLayoutMatches(v string) bool {
	for _, layouts := range [][]string{timeLayouts, localLayouts} {
		for _, l := range layouts {
			_, err := time.Parse(l, v)
			var pe *time.ParseError
			if !errors.As(err, &pe) || pe.Message != "" && !strings.HasPrefix(pe.Message, ": extra text") {
				return false
			}
		}
	}
	return true
}

// unreadableTimes are the shapes of times that no layout matches: a
// column of one bad kind of time ("N/A", "04-03-2026 10:15", "someday")
// tried all forty layouts on every row, each failure allocating its error,
// which made such a row cost ten good ones. A few kinds are the rule, so
// the set is small; it is emptied if it ever fills.
var unreadableTimes = shapeSet{m: map[string]struct{}{}}

const maxUnreadableShapes = 1024

// shapeSet is a set of shapes shared by the decoding goroutines.
type shapeSet struct {
	mu sync.RWMutex
	m  map[string]struct{}
}

func (s *shapeSet) has(shape []byte) bool {
	s.mu.RLock()
	_, ok := s.m[string(shape)] // no copy made for a lookup
	s.mu.RUnlock()
	return ok
}

func (s *shapeSet) add(shape []byte) {
	s.mu.Lock()
	if len(s.m) >= maxUnreadableShapes {
		clear(s.m)
	}
	s.m[string(shape)] = struct{}{}
	s.mu.Unlock()
}

// likelyZoned guesses whether a time names its zone: a trailing Z, an
// offset after the date, or a trailing zone abbreviation (UTC, CEST). Only
// the order of attempts depends on it.
func likelyZoned(s string) bool {
	n := len(s)
	if n == 0 {
		return false
	}
	if c := s[n-1]; c == 'Z' || c == 'z' {
		return true
	}
	if n > 10 && strings.ContainsAny(s[10:], "+-") {
		return true
	}
	letters := 0
	for i := n - 1; i >= 0 && s[i] >= 'A' && s[i] <= 'Z'; i-- {
		letters++
	}
	return letters >= 3
}

// dotNetDate reads "/Date(1772619302000)/" (optionally "+0100" before the
// closing parenthesis): how .NET's DataContractJsonSerializer and Windows
// PowerShell 5.1's ConvertTo-Json write a DateTime. The number is UTC
// milliseconds; the offset only says where it was displayed.
func dotNetDate(s string) (int64, bool) {
	rest, ok := strings.CutPrefix(s, "/Date(")
	if !ok {
		return 0, false
	}
	rest, ok = strings.CutSuffix(rest, ")/")
	if !ok {
		return 0, false
	}
	if i := strings.IndexAny(rest[min(1, len(rest)):], "+-"); i >= 0 {
		rest = rest[:i+1]
	}
	ms, err := strconv.ParseInt(rest, 10, 64)
	return ms, err == nil
}

// decimalUnix reads "1772619302.123" (Sentry, zap, Python's time.time())
// and "1772619302123.5" (milliseconds) digit by digit: through a float64
// .123 would come out as .122999906. The length of the whole part gives
// the unit, as in unixTime.
func decimalUnix(s string) (time.Time, bool) {
	whole, frac, _ := strings.Cut(s, ".")
	if whole == "" || len(whole) > 17 || len(frac) > 9 || !isDigits(whole) || (frac != "" && !isDigits(frac)) {
		return time.Time{}, false
	}
	unit := int64(time.Second)
	switch {
	case len(whole) > 14:
		unit = int64(time.Microsecond)
	case len(whole) > 11:
		unit = int64(time.Millisecond)
	}
	n, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt(frac+strings.Repeat("0", 9-len(frac)), 10, 64) // nanoseconds of one unit
	perSecond := int64(time.Second) / unit
	return time.Unix(n/perSecond, n%perSecond*unit+f*unit/int64(time.Second)).UTC(), true
}

func unixTime(f float64) (time.Time, error) {
	switch {
	case f > 1e17 || f < 0 || math.IsNaN(f):
		return time.Time{}, fmt.Errorf("time %v is out of range", f)
	case f > 1e14: // microseconds
		f /= 1e6
	case f > 1e11: // milliseconds
		f /= 1e3
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseLivemode reads true/false or live/test.
func parseLivemode(s string) (*bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "":
		return nil, nil
	case "true", "live", "1", "yes":
		v := true
		return &v, nil
	case "false", "test", "0", "no", "sandbox":
		v := false
		return &v, nil
	}
	return nil, fmt.Errorf("livemode %q is neither true/false nor live/test", shorten(s))
}

// setField stores one textual value. Tables and JSON objects both come here,
// so a column means the same in every format.
func setField(r *Request, f field, v string, loc *time.Location) error {
	switch f {
	case fMethod:
		return setMethod(r, v)
	case fPath:
		return setPath(r, v)
	case fStatus:
		n, err := parseStatus(v)
		if err != nil {
			return err
		}
		if n != 0 { // an empty cell or a state word leaves a status read elsewhere
			r.Status = n
		}
	case fID:
		// Exports often hold a row "ID" next to the "Request ID": a req_…
		// value wins over anything else, whichever column comes first.
		v = strings.TrimSpace(v)
		if r.RequestID == "" || (strings.HasPrefix(v, "req_") && !strings.HasPrefix(r.RequestID, "req_")) {
			r.RequestID = v
		}
	case fTime:
		return setTime(r, v, loc, DateOrderAuto)
	case fIP:
		r.SourceIP = strings.TrimSpace(v)
	case fSource:
		r.Source = strings.ToUpper(strings.TrimSpace(v))
	case fAPIVersion:
		r.APIVersion = strings.TrimSpace(v)
	case fUserAgent:
		r.UserAgent = v
	case fAccount:
		r.Account = strings.TrimSpace(v)
	case fHost:
		// A full URL in the path says the host too, and wins.
		if h := strings.ToLower(strings.TrimSpace(v)); r.Host == "" && h != "" {
			if name, _, ok := strings.Cut(h, ":"); ok && !strings.HasPrefix(h, "[") {
				h = name
			}
			r.Host = h
		}
	case fMessage:
		// The first message wins: keys are read in sorted order, so an
		// "error"/"error.message" comes before a log line's own "message".
		if v = strings.TrimSpace(v); v != "" && (r.Error == nil || r.Error.Message == "") {
			apiErr(r).Message = v
		}
	case fErrorType:
		if v != "" {
			apiErr(r).Type = v
		}
	case fErrorCode:
		if v != "" {
			apiErr(r).Code = v
		}
	case fLivemode:
		b, err := parseLivemode(v)
		if err != nil {
			return err
		}
		r.Livemode = b
	case fQuery:
		r.Query = strings.TrimPrefix(v, "?")
	case fRequestLine:
		m, p, ok := strings.Cut(strings.TrimSpace(v), " ")
		if !ok {
			return fmt.Errorf("%q is not \"METHOD /path\"", shorten(v))
		}
		if err := setMethod(r, m); err != nil {
			return err
		}
		return setPath(r, p)
	}
	return nil
}

// setTime stores a time cell, a slashed date read in order o.
func setTime(r *Request, v string, loc *time.Location, o DateOrder) error {
	if tod, ok := timeOfDay(v, loc); ok {
		r.Time = withTimeOfDay(r.Time, tod)
		return nil
	}
	t, err := parseTimeOrder(v, loc, o)
	if err != nil {
		return err
	}
	if onlyTimeOfDay(r.Time) && isMidnight(t) {
		t = withTimeOfDay(t, r.Time) // the Time column came first
	}
	r.Time = t
	return nil
}

func apiErr(r *Request) *APIError {
	if r.Error == nil {
		r.Error = &APIError{}
	}
	return r.Error
}

// fromObject fills a Request from a decoded JSON object: top-level synonyms,
// nested "request"/"response" objects, and an "error" object. When none of
// that names a method or path, the request may sit deeper in a log
// platform's envelope (fromEnvelope).
func fromObject(obj map[string]any, loc *time.Location, r *Request) error {
	lifted := otlpAttributes(obj)
	if err := readObject(obj, loc, r); err != nil {
		return err
	}
	if lifted && (r.Method != "" || r.Path != "") && serverSpan(obj) {
		r.Host = "(incoming)" // a request the service received (see below)
	}
	if r.Method == "" && r.Path == "" {
		if err := fromExportSchema(obj, loc, r); err != nil {
			return err
		}
	}
	if r.Method == "" && r.Path == "" {
		fromEnvelope(obj, loc, r)
		if (r.Method != "" || r.Path != "") && serverSpan(obj) {
			// A trace's span for a request the service received, not one
			// it sent (Zipkin keeps the request in its tags): its path is
			// the service's own ("/invoices"). Left out as a request to
			// another host is. Only for a request found inside the span,
			// so a top-level record reads as the tail-json fast path has it.
			r.Host = "(incoming)"
		}
	}
	return nil
}

// fromExportSchema reads the keys that mean request fields only together
// (exportSchemas: Application Insights' dependencies as `az monitor
// log-analytics query` prints them).
func fromExportSchema(obj map[string]any, loc *time.Location, r *Request) error {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	cols := exportColumns(keys)
	if cols == nil {
		return nil
	}
	for _, k := range keys {
		f, ok := cols[lookupNested(k)]
		if !ok {
			continue
		}
		if f == fNone {
			if lookupField(k) == fID {
				r.RequestID = "" // the telemetry item's id, not Stripe's
			}
			continue
		}
		s, ok := scalarString(obj[k])
		if !ok {
			return fmt.Errorf("%s: expected a string or number, found %s", k, jsonKind(obj[k]))
		}
		if err := setField(r, f, s, loc); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	return nil
}

// serverSpan reports whether a trace span says it is the server side:
// Zipkin's "kind": "SERVER", OTLP JSON's "SPAN_KIND_SERVER" or 2, Jaeger's
// "span.kind": "server"; consumers likewise.
func serverSpan(obj map[string]any) bool {
	for _, k := range []string{"kind", "span.kind", "spanKind"} {
		switch v := obj[k].(type) {
		case string:
			switch strings.ToUpper(v) {
			case "SERVER", "SPAN_KIND_SERVER", "CONSUMER", "SPAN_KIND_CONSUMER":
				return true
			}
		case json.Number:
			if v == "2" || v == "5" { // OTLP's SPAN_KIND_SERVER, SPAN_KIND_CONSUMER
				return true
			}
		}
	}
	return false
}

// envelopeDepth bounds how deep fromEnvelope looks: Datadog's export puts
// the request at attributes.attributes.http, three objects down.
const envelopeDepth = 4

// fromEnvelope finds the request in an object a log platform wrapped around
// it, e.g. a Datadog log export element {"id", "type": "log", "attributes":
// {"timestamp", "status": "info", "attributes": {"http": {"method", "url",
// "status_code"}}}}: the shallowest nested object that names a method or a
// path. The envelope's own fields say what the platform logged (its event
// id, its "info" status), not what the request was, so only its time is
// kept, from the nearest object that has one.
func fromEnvelope(obj map[string]any, loc *time.Location, r *Request) {
	type node struct {
		obj           map[string]any
		parent, depth int
	}
	queue := []node{{obj, -1, 0}}
	for i := 0; i < len(queue) && i < 256; i++ {
		n := queue[i]
		if i > 0 {
			var sub Request
			if readObject(n.obj, loc, &sub) == nil && (sub.Method != "" || sub.Path != "") {
				for p := n.parent; sub.Time.IsZero() && p >= 0; p = queue[p].parent {
					sub.Time = envelopeTime(queue[p].obj, loc)
				}
				*r = sub
				return
			}
		}
		if n.depth >= envelopeDepth {
			continue
		}
		keys := make([]string, 0, len(n.obj))
		for k, v := range n.obj {
			if _, ok := v.(map[string]any); ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			queue = append(queue, node{n.obj[k].(map[string]any), i, n.depth + 1})
		}
	}
}

// envelopeTime is the time an envelope object records, if any.
func envelopeTime(obj map[string]any, loc *time.Location) time.Time {
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if lookupField(k) != fTime {
			continue
		}
		if s, ok := scalarString(obj[k]); ok && s != "" {
			if t, err := parseTime(s, loc); err == nil {
				return t
			}
		}
	}
	return time.Time{}
}

// nestedKind is what readObject does with a key's value besides reading it
// as a field.
type nestedKind uint8

const (
	nestedNone    nestedKind = iota
	nestedObject             // an object holding request fields: read as part of this one
	nestedHeaders            // request or response headers (fromHeaders)
	nestedBody               // a response body, whose error may be a 403's message
)

// nestedKeys are the keys, as lookupNested has them, whose values readObject
// looks into: {"request": {"method", "url"}} from proxies, {"http":
// {"method", "url", "status_code"}} from Datadog, Google Cloud Logging's
// {"httpRequest": {"requestMethod", "requestUrl", "status"}}, a Sentry HTTP
// breadcrumb's {"data": {"method", "url", "status_code"}}; headers; bodies.
// The tail-json fast path leaves a line with any of them to readObject.
var nestedKeys = map[string]nestedKind{
	"request": nestedObject, "response": nestedObject, "http": nestedObject, "httprequest": nestedObject, "data": nestedObject,
	"headers": nestedHeaders,
	"body":    nestedBody, "responsebody": nestedBody, "content": nestedBody,
}

// readObject reads one object's fields and its nested containers.
func readObject(obj map[string]any, loc *time.Location, r *Request) error {
	// Deterministic order: a map range is random and two synonyms may collide.
	keys := make([]string, 0, len(obj))
	for k := range obj {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := obj[k]
		if s, ok := scalarString(v); ok {
			// As a flat object's members are read (jsonflat.go).
			_, str := v.(string)
			if err := readScalarMember(k, s, str, loc, r); err != nil {
				return err
			}
			continue
		}
		switch nestedKeys[lookupNested(k)] {
		case nestedObject:
			if sub, ok := v.(map[string]any); ok {
				if err := readObject(sub, loc, r); err != nil {
					return fmt.Errorf("%s.%w", k, err)
				}
				continue
			}
		case nestedHeaders:
			fromHeaders(v, r)
			continue
		case nestedBody:
			if b, ok := v.(map[string]any); ok {
				if e, ok := b["error"].(map[string]any); ok {
					fromErrorObject(e, r)
				} else if text, ok := b["text"].(string); ok {
					// A HAR entry's content {"text", "encoding"}: entries
					// copied out of a HAR into an array.
					if enc, _ := b["encoding"].(string); strings.EqualFold(enc, "base64") {
						if raw, ok := decodeBody(text); ok {
							text = string(raw)
						}
					}
					fromBodyText(text, r)
				}
			}
			continue
		}
		f := lookupField(k)
		if f == fNone {
			continue
		}
		if e, ok := v.(map[string]any); ok && f == fMessage {
			fromErrorObject(e, r)
			continue
		}
		return fmt.Errorf("%s: expected a string or number, found %s", k, jsonKind(v))
	}
	return nil
}

// fromBodyText reads a response body kept as text: Stripe's JSON error, or
// a permission message inside other text.
func fromBodyText(b string, r *Request) {
	var doc struct {
		Error map[string]any `json:"error"`
	}
	if json.Unmarshal([]byte(b), &doc) == nil && doc.Error != nil {
		fromErrorObject(doc.Error, r)
	} else if msg, ok := extractDenial(b); ok {
		apiErr(r).Message = msg
	}
}

func lookupNested(k string) string {
	var b [32]byte
	if len(k) > len(b) {
		return ""
	}
	return string(normKey(b[:0], k))
}

// fromHeaders reads the headers of a request or a response (which one is
// seldom said) from a header object or a HAR-style [{name, value}] list.
func fromHeaders(v any, r *Request) {
	set := func(name, value string) {
		requestHeader(r, name, value)
		responseHeader(r, name, value)
	}
	switch h := v.(type) {
	case map[string]any:
		for k, val := range h {
			if s, ok := val.(string); ok {
				set(k, s)
			}
		}
	case []any:
		for _, e := range h {
			if m, ok := e.(map[string]any); ok {
				n, _ := m["name"].(string)
				val, _ := m["value"].(string)
				set(n, val)
			}
		}
	}
}

// fromErrorObject reads Stripe's error object {type, code, message, param}.
func fromErrorObject(e map[string]any, r *Request) {
	str := func(k string) string { s, _ := scalarString(e[k]); return s }
	ae := APIError{Type: str("type"), Code: str("code"), Message: str("message"), Param: str("param")}
	if ae != (APIError{}) {
		r.Error = &ae
	}
}

// scalarString renders a JSON scalar as text; null is "".
func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), true
	case bool:
		return strconv.FormatBool(x), true
	}
	return "", false
}

func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "an array"
	}
	return fmt.Sprintf("%T", v)
}

// checkRequest makes sure a record names a request (or is a bare denial).
func checkRequest(r *Request) error {
	// A bare "message" on a successful request is the log's own text, not an error.
	if e := r.Error; e != nil && e.Type == "" && e.Code == "" && !looksLikeDenial(e.Message) &&
		(r.Status < 400 || restatesRequest(e.Message, r)) {
		r.Error = nil
	}
	if r.Method == "" && r.Path == "" {
		if r.Error != nil && r.Error.Message != "" && (r.Status == 403 || looksLikeDenial(r.Error.Message)) {
			r.Status = 403
			if msg, ok := extractDenial(r.Error.Message); ok {
				r.Error.Message = msg // the permission message, not the log line around it
			}
			return nil
		}
		return errNoMethodOrPath()
	}
	if r.Method == "" {
		// Concatenated, not fmt.Errorf: a table of such rows builds one per
		// row, and boxing the arguments doubled its allocations.
		return errors.New("no method for " + shorten(r.Path) + " (looked for " + fieldNames(fMethod) + ")")
	}
	if onlyTimeOfDay(r.Time) {
		// A time of day and no date: the request is real, its time unknown.
		r.Time = time.Time{}
	}
	return nil
}

// A table may hold the date and the time of day in two columns ("Date",
// "Time"), as spreadsheets and BI tools split them: both are time
// columns. Read left to right, the time of day completes the date before
// it; one read first waits in Request.Time on year 0 for the date, and a
// row that never gets one has no time (checkRequest).

// timeOfDayLayouts are a time column's times of day: 10:15, 10:15:02,
// 10:15:02.123, 10:15 AM.
var timeOfDayLayouts = []string{"15:04:05.999999999", "15:04:05", "15:04", "3:04:05 PM", "3:04 PM", "3:04:05PM", "3:04PM"}

// timeOfDay reads a time of day without a date, on year 0 in loc.
func timeOfDay(v string, loc *time.Location) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if len(v) < 4 || len(v) > 18 || strings.IndexByte(v, ':') < 1 || strings.ContainsAny(v, "-/T") {
		return time.Time{}, false
	}
	if loc == nil {
		loc = time.Local
	}
	for _, l := range timeOfDayLayouts {
		if t, err := time.ParseInLocation(l, v, loc); err == nil {
			return time.Date(0, 1, 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), loc), true
		}
	}
	return time.Time{}, false
}

// onlyTimeOfDay reports a time that timeOfDay read, still without a date.
func onlyTimeOfDay(t time.Time) bool { return !t.IsZero() && t.Year() == 0 }

func isMidnight(t time.Time) bool {
	return t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0
}

// withTimeOfDay puts tod's time of day on date, when date is a date alone
// (midnight); a full time is kept as it is, and no date yet keeps tod.
func withTimeOfDay(date, tod time.Time) time.Time {
	switch {
	case date.IsZero():
		return tod
	case !isMidnight(date) || onlyTimeOfDay(date):
		return date
	}
	y, m, d := date.Date()
	return time.Date(y, m, d, tod.Hour(), tod.Minute(), tod.Second(), tod.Nanosecond(), date.Location())
}

// restatesRequest spots a log platform's own summary of the request ("GET
// https://api.stripe.com/v1/invoices 403" in Datadog's Message column): it
// starts with the method and names the path, so it is not Stripe's error
// message (Stripe's own "Unrecognized request URL (GET: /v1/x)" is kept).
func restatesRequest(msg string, r *Request) bool {
	if strings.TrimSpace(msg) == strconv.Itoa(r.Status) {
		return true // Zipkin's "error" tag holds the status code
	}
	return r.Method != "" && r.Path != "" && strings.HasPrefix(msg, r.Method+" ") && strings.Contains(msg, r.Path)
}

// otlpAttributes lifts an OTLP JSON span's attribute list into obj:
// "attributes": [{"key": "http.url", "value": {"stringValue": "…"}}, …]
// (opentelemetry-proto, common.proto AnyValue in its JSON mapping; int64s
// come as strings). A key obj already holds keeps its value. It reports
// whether obj had such a list.
func otlpAttributes(obj map[string]any) bool {
	list, ok := obj["attributes"].([]any)
	if !ok {
		return false
	}
	if st, ok := obj["status"].(map[string]any); ok && st != nil {
		// The span's status ({"code": "STATUS_CODE_ERROR"}), not the
		// response's: that is the http.status_code attribute.
		delete(obj, "status")
	}
	for _, item := range list {
		kv, ok := item.(map[string]any)
		if !ok {
			continue
		}
		key, _ := kv["key"].(string)
		val, _ := kv["value"].(map[string]any)
		if key == "" || val == nil {
			continue
		}
		if _, taken := obj[key]; taken {
			continue
		}
		for _, kind := range []string{"stringValue", "intValue", "doubleValue", "boolValue"} {
			if v, ok := val[kind]; ok {
				obj[key] = v
				break
			}
		}
	}
	return true
}
