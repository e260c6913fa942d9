package logparse

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/rakmigrate/rakmigrate/internal/lazyregexp"
)

// A Newman JSON report (`newman run collection.json -r json`, the reporter
// in postmanlabs/newman lib/reporters/json: the run summary written with
// JSON.stringify(summary, 0, 2)) holds the requests a collection run made:
//
//	{"collection": {"_": {"postman_id"…}, "item": […], "info": {"schema": "https://schema.getpostman.com/…"}},
//	 "environment": {…}, "globals": {…},
//	 "run": {"stats": {…}, "timings": {…}, "executions": [
//	   {"cursor": {…}, "item": {…the collection's item…},
//	    "request": {"url": {"protocol": "https", "host": ["api","stripe","com"], "path": ["v1","customers"],
//	                        "query": [{"key", "value"}]}, "header": [{"key", "value"}], "method": "POST"},
//	    "response": {"status": "Forbidden", "code": 403, "header": [{"key": "Date", "value": "Mon, 01 Apr 2024 01:12:49 GMT"}…],
//	                 "stream": {"type": "Buffer", "data": [123, 34, …]}, "responseTime": 64}, "assertions": […]}]}}
//
// Unlike the collection itself (requests someone wrote down), these were
// sent, with whatever key the environment held. The request is the one
// sent: its url has the variables resolved ("{{baseUrl}}" is in the item's
// copy only). An execution has no time of its own; the response's Date
// header is when Stripe answered, to the second.

// newmanRunKey is the member of a Newman report that holds the run, and
// newmanExecutionsKey the array of its requests inside it.
const (
	newmanRunKey        = "run"
	newmanExecutionsKey = "executions"
)

type newmanHeader struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

type newmanExecution struct {
	Request struct {
		URL    json.RawMessage `json:"url"`
		Method string          `json:"method"`
		Header []newmanHeader  `json:"header"`
	} `json:"request"`
	Response *newmanResponse
	// RequestError is why no response came ("ENOTFOUND").
	RequestError json.RawMessage `json:"requestError"`
}

type newmanResponse struct {
	Code   int
	Header []newmanHeader
	Stream json.RawMessage // kept for an error response only
}

// newmanURL is a postman-collection Url as its toJSON writes it: host and
// path as arrays of segments (a string in hand-written collections).
type newmanURL struct {
	Protocol string          `json:"protocol"`
	Host     json.RawMessage `json:"host"`
	Port     string          `json:"port"`
	Path     json.RawMessage `json:"path"`
	Query    []struct {
		Key      string `json:"key"`
		Value    string `json:"value"`
		Disabled bool   `json:"disabled"`
	} `json:"query"`
}

// maxNewmanBody bounds the error body kept: Stripe's error objects are
// small; a success body is never kept.
const maxNewmanBody = 64 << 10

// nextNewman reads the next execution of a Newman report's run, token by
// token: JSON.stringify with an indent writes a response body as an array
// of bytes, one per line, so a 60 KB list of customers takes more than a
// megabyte. Only the request, the response's code and headers, and an
// error response's body are kept. ok is false for an execution to another
// host.
func (a *jsonArrayReader) nextNewman() (Request, bool, error) {
	tok, err := a.dec.Token()
	if err != nil {
		a.done = true
		return Request{}, false, a.streamError(err)
	}
	// The element starts where its first token ends, less that token: a
	// "{" (anything else is reported there too).
	line, col := a.lt.pos(a.offset() - 1)
	pos := Position{File: a.name, Line: line, Column: col}
	if tok != json.Delim('{') {
		if d, ok := tok.(json.Delim); ok {
			if err := a.skipOpened(d); err != nil {
				a.done = true
				return Request{}, false, a.streamError(err)
			}
		}
		return Request{}, false, newParseError(pos, ErrMalformed, "execution is not an object", "each run.executions element must be an object")
	}
	var e newmanExecution
	if err := decodeMembers(a.dec, func(key string) error {
		switch key {
		case "request":
			return a.dec.Decode(&e.Request)
		case "requestError":
			return a.dec.Decode(&e.RequestError)
		case "response":
			e.Response = &newmanResponse{}
			return a.newmanResponse(e.Response)
		}
		return a.skipValue()
	}); err != nil {
		a.done = true
		return Request{}, false, a.streamError(err)
	}
	r, ok, err := newmanRequest(&e, pos)
	r.Pos = pos
	return r, ok, err
}

// newmanResponse reads an execution's response object: its code and
// headers, and its body only when the code says it failed.
func (a *jsonArrayReader) newmanResponse(resp *newmanResponse) error {
	tok, err := a.dec.Token()
	if err != nil {
		return err
	}
	if tok != json.Delim('{') {
		if d, ok := tok.(json.Delim); ok {
			return a.skipOpened(d)
		}
		return nil // null
	}
	return decodeMembers(a.dec, func(key string) error {
		switch key {
		case "code":
			var n json.Number
			if err := a.dec.Decode(&n); err != nil {
				return err
			}
			c, _ := n.Int64()
			resp.Code = int(c)
			return nil
		case "header":
			return a.dec.Decode(&resp.Header)
		case "stream":
			if resp.Code < 400 {
				return a.skipValue() // newman writes the code before the stream
			}
			if err := a.dec.Decode(&resp.Stream); err != nil {
				return err
			}
			if len(resp.Stream) > 16*maxNewmanBody {
				resp.Stream = nil
			}
			return nil
		}
		return a.skipValue()
	})
}

// decodeMembers calls member for each key of an object whose "{" was read,
// which must read the key's value, then reads the closing "}".
func decodeMembers(dec *json.Decoder, member func(key string) error) error {
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, _ := tok.(string)
		if err := member(key); err != nil {
			return err
		}
	}
	_, err := dec.Token()
	return err
}

// skipValue reads the next value without keeping it.
func (a *jsonDoc) skipValue() error {
	tok, err := a.dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); ok {
		return a.skipOpened(d)
	}
	return nil
}

// skipOpened reads the rest of an object or array whose delimiter d was
// read, token by token: a value of any size passes through the decoder's
// buffer a token at a time (a RawMessage would hold it whole), and the
// newlines it holds are forgotten as they pass (forgetLines).
func (a *jsonDoc) skipOpened(d json.Delim) error {
	if d != '{' && d != '[' {
		return nil
	}
	for depth := 1; depth > 0; {
		tok, err := a.dec.Token()
		if err != nil {
			return err
		}
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		a.forgetLines()
	}
	return nil
}

// newmanRequest reads one execution of a Newman report. ok is false for an
// execution to another host than Stripe's (a collection may call several
// APIs); an execution that got no response is ErrNotSent.
func newmanRequest(e *newmanExecution, pos Position) (Request, bool, error) {
	var r Request
	if err := setPath(&r, newmanURLString(e.Request.URL)); err != nil {
		return r, false, newParseError(pos, ErrMalformed, err.Error(), "fix or remove this execution")
	}
	if foreignHost(&r) {
		return r, false, nil
	}
	if err := setMethod(&r, e.Request.Method); err != nil {
		return r, false, newParseError(pos, ErrMalformed, err.Error(), "fix or remove this execution")
	}
	if r.Method == "" || r.Path == "" {
		return r, false, newParseError(pos, ErrMalformed, "execution without a request method or URL",
			"each run.executions element needs request.method and request.url")
	}
	for _, hd := range e.Request.Header {
		requestHeader(&r, hd.Key, hd.Value)
	}
	if e.Response == nil || e.Response.Code == 0 {
		why := "it got no response"
		if len(e.RequestError) > 0 {
			var re struct {
				Code    string `json:"code"`
				Message string `json:"message"`
			}
			if json.Unmarshal(e.RequestError, &re) == nil && (re.Message != "" || re.Code != "") {
				why += " (" + strings.TrimSpace(re.Code+" "+re.Message) + ")"
			}
		}
		return r, false, newParseError(pos, ErrNotSent, r.Method+" "+r.Path+": "+why,
			"it never reached Stripe, so it is not counted; run the collection again, or capture requests that got a response")
	}
	r.Status = e.Response.Code
	for _, hd := range e.Response.Header {
		responseHeader(&r, hd.Key, hd.Value)
	}
	if r.Status >= 400 {
		newmanError(e.Response.Stream, &r)
	}
	r.Source = "Newman"
	return r, true, nil
}

// newmanURLString puts a request's url back together: a string as is, an
// object from its parts.
func newmanURLString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var u newmanURL
	if json.Unmarshal(raw, &u) != nil {
		return ""
	}
	host := joinSegments(u.Host, ".")
	path := joinSegments(u.Path, "/")
	if host == "" && path == "" {
		return ""
	}
	var b strings.Builder
	if host != "" {
		proto := u.Protocol
		if proto == "" {
			proto = "https"
		}
		b.WriteString(strings.TrimSuffix(proto, ":") + "://" + host)
		if u.Port != "" {
			b.WriteString(":" + u.Port)
		}
	}
	if !strings.HasPrefix(path, "/") {
		b.WriteByte('/')
	}
	b.WriteString(path)
	sep := "?"
	for _, q := range u.Query {
		if q.Disabled || q.Key == "" {
			continue
		}
		b.WriteString(sep + url.QueryEscape(q.Key) + "=" + url.QueryEscape(q.Value))
		sep = "&"
	}
	return b.String()
}

// joinSegments joins an array of URL segments, or returns a string as is.
func joinSegments(raw json.RawMessage, sep string) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []string
	if json.Unmarshal(raw, &parts) != nil {
		return ""
	}
	return strings.Join(parts, sep)
}

// newmanError reads Stripe's error object from the response body Newman
// kept as a Node Buffer ({"type": "Buffer", "data": [bytes]}).
func newmanError(stream json.RawMessage, r *Request) {
	var buf struct {
		Data []int `json:"data"`
	}
	if len(stream) == 0 || json.Unmarshal(stream, &buf) != nil || len(buf.Data) == 0 || len(buf.Data) > maxNewmanBody {
		return
	}
	body := make([]byte, len(buf.Data))
	for i, c := range buf.Data {
		body[i] = byte(c)
	}
	var resp struct {
		Error *struct{ Type, Code, Message, Param string } `json:"error"`
	}
	if json.Unmarshal(body, &resp) == nil && resp.Error != nil {
		r.Error = &APIError{Type: resp.Error.Type, Code: resp.Error.Code, Message: resp.Error.Message, Param: resp.Error.Param}
		return
	}
	if msg, ok := extractDenial(string(body)); ok {
		r.Error = &APIError{Message: msg}
	}
}

// newmanReportStart matches the first members of a Newman JSON report: the
// run's collection as postman-collection's toJSON writes it, its id under
// "_". A collection exported from Postman keeps its id in "info" instead,
// and Postman's API wraps one as {"collection": {"info": …}}.
var newmanReportStart = lazyregexp.New(`\A\s*\{\s*"collection"\s*:\s*\{\s*"_"\s*:\s*\{[^{}]*"postman_id"\s*:`)

// isNewmanReport reports whether b, the start of a JSON document, is a
// Newman JSON report: read as a wrapped array (its run.executions).
func isNewmanReport(b []byte) bool {
	return len(b) > 0 && newmanReportStart().Match(b[:min(len(b), 512)])
}

// isPostmanCollection reports whether a top-level object is a Postman
// collection: exported from the app ({"info": {"schema":
// "https://schema.getpostman.com/…"}, "item": […]}) or as Postman's API
// returns one ({"collection": {…}}).
func isPostmanCollection(m map[string]json.RawMessage) bool {
	if c, ok := m["collection"]; ok && len(m) == 1 {
		var inner map[string]json.RawMessage
		if json.Unmarshal(c, &inner) != nil {
			return false
		}
		m = inner
	}
	var info struct {
		Schema string `json:"schema"`
	}
	return json.Unmarshal(m["info"], &info) == nil && strings.HasPrefix(info.Schema, "https://schema.getpostman.com/")
}
