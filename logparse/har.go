package logparse

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/url"
	"strings"
	"time"
)

// harReader streams log.entries of a HAR 1.2 file, keeping requests to
// Stripe's API hosts only. A 403's message comes from the response body when
// the capture holds it.
//
// Requests made with a client-side key are left out and counted
// (clientKeyRequests): Stripe.js in a browser and the mobile SDKs call the
// API with a publishable or ephemeral key, not with the secret key a
// restricted key replaces, and counting them would grant the restricted key
// what only the browser needs. A request says so in its credentials; in a
// HAR a browser saved, one without credentials (a sanitized export drops
// them) is taken for one too, since a browser never holds a secret key.
type harReader struct {
	jsonDoc
	browser   bool // log.creator or log.browser names a browser
	clientKey int  // requests left out for their client-side key
}

// browserCreators are log.creator names of browsers' own HAR exports
// (Chromium-based browsers all write WebInspector); automation tools such
// as Playwright name the browser in log.browser instead.
var browserCreators = map[string]bool{"WebInspector": true, "Firefox": true, "WebKit Web Inspector": true, "chrome-har": true}

func (h *harReader) clientKeyRequests() int { return h.clientKey }

func newHARReader(name string, r io.Reader, opts Options) *harReader {
	h := &harReader{jsonDoc: newJSONDoc(name, r, opts)}
	h.cutAround = 2 // {"log": {"entries": [
	return h
}

type harHeader struct{ Name, Value string }

type harEntry struct {
	StartedDateTime string `json:"startedDateTime"`
	Request         struct {
		Method   string      `json:"method"`
		URL      string      `json:"url"`
		Headers  []harHeader `json:"headers"`
		PostData struct {
			MimeType string      `json:"mimeType"`
			Text     string      `json:"text"`
			Params   []harHeader `json:"params"`
		} `json:"postData"`
	} `json:"request"`
	Response struct {
		Status  int         `json:"status"`
		Headers []harHeader `json:"headers"`
		Content struct {
			Encoding string `json:"encoding"`
		} `json:"content"`
		// Error is why a browser got no response ("net::ERR_BLOCKED_BY_CLIENT"):
		// Chrome's DevTools write it for a failed request (front_end/models/har/
		// Log.ts, buildResponse: _error: request.localizedFailDescription).
		Error string `json:"_error"`
	} `json:"response"`
	// raw is the entry as read. The response body is decoded from it for
	// a failed request only (harError): a capture's downloads (a report's
	// file, a large list) are never copied out of it. The fast fill
	// (harfast.go) takes a failed request's body while it has the entry
	// parsed: body, with hasBody.
	raw     json.RawMessage
	body    string
	hasBody bool
}

func (h *harReader) Next() (Request, error) {
	if h.done {
		return Request{}, io.EOF
	}
	if !h.started {
		h.started = true
		if err := h.findEntries(); err != nil {
			h.done = true
			return Request{}, err
		}
	}
	for h.more() {
		raw, pos, gated, err := h.element()
		if err != nil {
			// One broken entry (a bad sector, a hand edit): the entries
			// after it are read (jsonDoc.resync); log.entries is two
			// objects down.
			var pe *ParseError
			if errors.As(err, &pe) && errors.Is(err, ErrMalformed) && h.resync(2) {
				pe.Hint = "this entry is skipped; the entries after it are read"
				return Request{}, pe
			}
			h.done = true
			return Request{}, err
		}
		if len(raw) > h.max && !strings.Contains(string(raw[:min(len(raw), 4096)]), "stripe.com") {
			continue // a huge non-Stripe entry (a bundle, an image): not ours
		}
		e := harEntry{raw: raw}
		fill := fillHAREntry
		if gated {
			fill = fillGatedHAREntry // the cutter checked it already
		}
		if !fill(raw, &e) {
			if err := json.Unmarshal(raw, &e); err != nil {
				return Request{}, objectError(raw, pos, err)
			}
		}
		r, ok, err := harRequest(&e, h.loc)
		if err != nil {
			return Request{}, newParseError(pos, ErrMalformed, err.Error(), "fix or remove this entry")
		}
		if !ok {
			continue
		}
		if client, known := clientKeyed(&e, &r); client || (!known && h.browser) {
			h.clientKey++
			continue
		}
		if e.Response.Status == 0 {
			return Request{}, notSent(&e, &r, pos)
		}
		r.Pos = pos
		return r, nil
	}
	h.done = true
	return Request{}, io.EOF
}

// findEntries walks the top object to the start of log.entries.
func (h *harReader) findEntries() error {
	if err := h.expect('{'); err != nil {
		return err
	}
	for h.dec.More() {
		key, err := h.key()
		if err != nil {
			return err
		}
		if key != "log" {
			if err := h.skip(); err != nil {
				return err
			}
			continue
		}
		if err := h.expect('{'); err != nil {
			return err
		}
		for h.dec.More() {
			k, err := h.key()
			if err != nil {
				return err
			}
			switch k {
			case "entries":
				return h.expect('[')
			case "creator":
				var c any // an object with a name, by HAR 1.2; anything else says nothing
				if err := h.dec.Decode(&c); err != nil {
					return h.streamError(err)
				}
				if obj, ok := c.(map[string]any); ok {
					name, _ := obj["name"].(string)
					h.browser = h.browser || browserCreators[name]
				}
				continue
			case "browser":
				h.browser = true
			}
			if err := h.skip(); err != nil {
				return err
			}
		}
		break
	}
	return newParseError(Position{File: h.name, Line: 1, Column: 1}, ErrMalformed, "no log.entries array",
		"a HAR file is {\"log\": {\"entries\": [...]}}; export it again with \"Save all as HAR\"")
}

func (h *harReader) expect(d json.Delim) error {
	tok, err := h.dec.Token()
	if err != nil {
		return h.streamError(err)
	}
	if got, ok := tok.(json.Delim); !ok || got != d {
		line, col := h.lt.pos(h.offset())
		return newParseError(Position{File: h.name, Line: line, Column: col}, ErrMalformed,
			"expected "+string(d)+" in the HAR structure", "")
	}
	return nil
}

func (h *harReader) key() (string, error) {
	tok, err := h.dec.Token()
	if err != nil {
		return "", h.streamError(err)
	}
	s, _ := tok.(string)
	return s, nil
}

// skip reads a member before the entries (pages, a tool's own) a token at
// a time: a member of any size is never held whole.
func (h *harReader) skip() error {
	if err := h.skipValue(); err != nil {
		return h.streamError(err)
	}
	return nil
}

// harRequest maps one entry; ok is false for entries that are not Stripe API
// calls (other hosts, CORS preflights).
func harRequest(e *harEntry, loc *time.Location) (Request, bool, error) {
	var r Request
	if err := setPath(&r, e.Request.URL); err != nil {
		return r, false, err
	}
	if !stripeHosts[r.Host] || strings.EqualFold(e.Request.Method, "OPTIONS") {
		return r, false, nil
	}
	if err := setMethod(&r, e.Request.Method); err != nil {
		return r, false, err
	}
	if r.Method == "" || r.Path == "" {
		return r, false, errors.New("entry to " + r.Host + " without a request method or path (HAR 1.2 requires both)")
	}
	// A POST sends expand[] in its form body, not the query; the expanded
	// objects need read permissions all the same.
	if pairs := formExpands(e); pairs != "" {
		if r.Query != "" {
			r.Query += "&"
		}
		r.Query += pairs
	}
	if e.StartedDateTime != "" {
		t, err := parseTime(e.StartedDateTime, loc)
		if err != nil {
			return r, false, err
		}
		r.Time = t
	}
	if e.Response.Status >= 100 {
		r.Status = e.Response.Status
	}
	for _, hd := range e.Request.Headers {
		requestHeader(&r, hd.Name, hd.Value)
	}
	for _, hd := range e.Response.Headers {
		responseHeader(&r, hd.Name, hd.Value)
	}
	if r.Status >= 400 {
		harError(e, &r)
	}
	r.Source = "HAR"
	return r, true, nil
}

// formExpands returns the expand parameters of a form-encoded request body
// ("expand[]=customer&expand[]=latest_charge"), as they were sent; other
// parameters (amounts, card data, metadata) are never kept.
func formExpands(e *harEntry) string {
	pd := &e.Request.PostData
	if !strings.Contains(strings.ToLower(pd.MimeType), "x-www-form-urlencoded") {
		return ""
	}
	var out []string
	isExpand := func(name string) bool {
		n, err := url.QueryUnescape(name)
		return err == nil && (n == "expand" || strings.HasPrefix(n, "expand["))
	}
	if pd.Text != "" {
		for _, kv := range strings.Split(pd.Text, "&") {
			if k, _, _ := strings.Cut(kv, "="); isExpand(k) {
				out = append(out, kv)
			}
		}
	} else {
		for _, p := range pd.Params {
			if isExpand(p.Name) {
				out = append(out, url.QueryEscape(p.Name)+"="+url.QueryEscape(p.Value))
			}
		}
	}
	return strings.Join(out, "&")
}

// clientKeyed reports whether e (read as r) was made with a client-side
// key (a publishable or ephemeral key), and known whether anything says
// which key it was made with at all: the Authorization header (Bearer, or
// Basic as curl -u sends it), the key parameter Stripe.js puts in the query
// or the form body, or the key a 403's message names ("The provided key
// 'rk_test_…' does not have…"). The key is looked at here and kept nowhere.
func clientKeyed(e *harEntry, r *Request) (client, known bool) {
	key := ""
	for _, hd := range e.Request.Headers {
		if strings.EqualFold(hd.Name, "authorization") {
			key = credential(hd.Value)
		}
	}
	if key == "" {
		if u, err := url.Parse(e.Request.URL); err == nil {
			key = u.Query().Get("key")
		}
	}
	if key == "" {
		pd := &e.Request.PostData
		if pd.Text != "" {
			if q, err := url.ParseQuery(pd.Text); err == nil {
				key = q.Get("key")
			}
		}
		for _, p := range pd.Params {
			if p.Name == "key" {
				key = p.Value
			}
		}
	}
	if key == "" && r.Error != nil {
		if _, rest, ok := strings.Cut(r.Error.Message, "provided key '"); ok {
			key = rest
		}
	}
	for _, prefix := range clientKeyPrefixes {
		if strings.HasPrefix(key, prefix) {
			return true, true
		}
	}
	return false, strings.HasPrefix(key, "sk_") || strings.HasPrefix(key, "rk_")
}

// clientKeyPrefixes are the keys made for client code: publishable keys
// (Stripe.js, the mobile SDKs) and ephemeral keys (minted by a server for
// one customer's mobile session).
var clientKeyPrefixes = []string{"pk_test_", "pk_live_", "ek_test_", "ek_live_"}

// credential is the key in an Authorization header value.
func credential(v string) string {
	if rest, ok := strings.CutPrefix(v, "Basic "); ok {
		b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(rest))
		if err != nil {
			return ""
		}
		user, _, _ := strings.Cut(string(b), ":")
		return user
	}
	if rest, ok := strings.CutPrefix(v, "Bearer "); ok {
		return strings.TrimSpace(rest)
	}
	return strings.TrimSpace(v)
}

// modeOfAuth says test or live from an Authorization header: "Bearer
// sk_test_…", or "Basic base64(sk_live_…:)" as curl -u sends it.
func modeOfAuth(v string) *bool {
	switch v = credential(v); {
	case strings.Contains(v, "_live_"):
		b := true
		return &b
	case strings.Contains(v, "_test_"):
		b := false
		return &b
	}
	return nil
}

// harError reads Stripe's error object from a captured response body.
func harError(e *harEntry, r *Request) {
	text, ok := e.body, e.hasBody
	if !ok {
		if text, ok = harBodyText(e.raw); !ok {
			return
		}
	}
	if strings.EqualFold(e.Response.Content.Encoding, "base64") {
		b, ok := decodeBody(text)
		if !ok {
			return
		}
		text = string(b)
	}
	if text == "" {
		return
	}
	var body struct {
		Error *struct{ Type, Code, Message, Param string } `json:"error"`
	}
	if json.Unmarshal([]byte(text), &body) == nil && body.Error != nil {
		r.Error = &APIError{Type: body.Error.Type, Code: body.Error.Code, Message: body.Error.Message, Param: body.Error.Param}
		return
	}
	if msg, ok := extractDenial(text); ok {
		r.Error = &APIError{Message: msg}
	}
}

// harBodyText is an entry's response.content.text as json.Unmarshal reads
// it; false when the entry does not unmarshal.
func harBodyText(raw []byte) (string, bool) {
	var entry struct {
		Response struct {
			Content struct {
				Text string `json:"text"`
			} `json:"content"`
		} `json:"response"`
	}
	if json.Unmarshal(raw, &entry) != nil {
		return "", false
	}
	return entry.Response.Content.Text, true
}

// decodeBody reads a base64 body as capture tools write it: with or without
// padding, wrapped at 76 columns, and possibly the raw gzip bytes of the
// response when the tool kept them undecoded.
func decodeBody(text string) ([]byte, bool) {
	text = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, text)
	b, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		if b, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(text, "=")); err != nil {
			return nil, false
		}
	}
	if len(b) > 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, false
		}
		// An error body is small; a capped read keeps a hostile body from
		// inflating without bound.
		out, err := io.ReadAll(io.LimitReader(zr, 1<<20))
		if err != nil && len(out) == 0 {
			return nil, false
		}
		return out, true
	}
	return b, true
}

// notSent reports an entry whose response status is 0: the request never
// reached Stripe, so it was not made with the key. Insomnia exports a
// request it never sent that way (Kong/insomnia
// packages/insomnia/src/common/har.ts, exportHarResponse with no response),
// and a browser a request it blocked or cancelled, with the reason in
// response._error.
func notSent(e *harEntry, r *Request, pos Position) *ParseError {
	why := "its response status is 0"
	if reason := strings.TrimSpace(e.Response.Error); reason != "" {
		why += " (" + reason + ")"
	}
	return newParseError(pos, ErrNotSent, r.Method+" "+r.Path+": "+why,
		"it was blocked, cancelled or never sent, so it is not counted; send it, or capture requests that got a response")
}
