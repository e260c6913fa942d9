package logparse

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// Charles Proxy saves a session as JSON (File > Export Session > JSON
// Session File, .chlsj): an array of transactions, each
//
//	{"status": "COMPLETE", "method": "POST", "protocolVersion": "HTTP/1.1", "scheme": "https",
//	 "host": "api.stripe.com", "actualPort": 443, "path": "/v1/refunds", "query": "…" | null,
//	 "tunnel": false, "times": {"start": "2026-03-04T10:15:04.000+00:00", …}, "durations": {…},
//	 "request": {"header": {"firstLine": "POST /v1/refunds HTTP/1.1", "headers": [{"name", "value"}]}, "body": {"text"}},
//	 "response": {"status": 403, "header": {"firstLine", "headers": […]}, "body": {"text"} | {"encoded": base64}}}
//
// (the shape Charles importers read, e.g. Rockxy's CharlesJSONSessionImporterTests).
// Its top-level "status" is the transaction's state, not the response's,
// and the host sits apart from the path: a transaction is read here, not
// by the generic object reader. A tunnel (CONNECT, TLS not decrypted)
// names no path and is passed over; a transaction without a response is
// never sent.

// isCharlesTransaction reports an element that looks like a transaction of
// a Charles JSON session, before it is decoded.
func isCharlesTransaction(raw []byte) bool {
	return bytes.Contains(raw, []byte(`"actualPort"`)) && bytes.Contains(raw, []byte(`"protocolVersion"`)) ||
		bytes.Contains(raw, []byte(`"actualPort"`)) && bytes.Contains(raw, []byte(`"tunnel"`))
}

type charlesHeaders struct {
	Headers []struct {
		Name  string `json:"name"`
		Value string `json:"value"`
	} `json:"headers"`
}

type charlesBody struct {
	Text    *string `json:"text"`
	Encoded string  `json:"encoded"`
}

type charlesTransaction struct {
	Status string  `json:"status"`
	Method string  `json:"method"`
	Scheme string  `json:"scheme"`
	Host   string  `json:"host"`
	Path   string  `json:"path"`
	Query  *string `json:"query"`
	Tunnel bool    `json:"tunnel"`
	Times  struct {
		Start string `json:"start"`
	} `json:"times"`
	Request struct {
		Header charlesHeaders `json:"header"`
	} `json:"request"`
	Response *struct {
		Status int            `json:"status"`
		Header charlesHeaders `json:"header"`
		Body   charlesBody    `json:"body"`
	} `json:"response"`
}

// charlesRequest reads one transaction. ok is false for a tunnel, a call to
// another host, or raw that is no transaction after all (r.Host says which
// of the first two).
func charlesRequest(raw []byte, pos Position, loc *time.Location) (r Request, ok bool, err error) {
	var c charlesTransaction
	if json.Unmarshal(raw, &c) != nil || c.Host == "" || c.Method == "" {
		return r, false, nil
	}
	r.Host = strings.ToLower(c.Host)
	if foreignHost(&r) || c.Tunnel || strings.EqualFold(c.Method, "CONNECT") {
		r.Host = "-" // known, and not read: not the generic reader's either
		return r, false, nil
	}
	target := c.Path
	if c.Query != nil && *c.Query != "" {
		target += "?" + *c.Query
	}
	if err := setPath(&r, target); err != nil || r.Path == "" {
		return r, false, newParseError(pos, ErrMalformed, "transaction to "+c.Host+" without a path", "fix or remove this transaction")
	}
	if err := setMethod(&r, c.Method); err != nil {
		return r, false, newParseError(pos, ErrMalformed, err.Error(), "fix or remove this transaction")
	}
	if t, err := parseTime(c.Times.Start, loc); err == nil && c.Times.Start != "" {
		r.Time = t
	}
	for _, h := range c.Request.Header.Headers {
		requestHeader(&r, h.Name, h.Value)
	}
	if c.Response == nil || c.Response.Status == 0 {
		state := ""
		if c.Status != "" && c.Status != "COMPLETE" {
			state = " (" + strings.ToLower(c.Status) + ")"
		}
		return r, false, newParseError(pos, ErrNotSent, r.Method+" "+r.Path+": it got no response"+state,
			"it never reached Stripe or was cut short, so it is not counted; capture requests that got a response")
	}
	r.Status = c.Response.Status
	for _, h := range c.Response.Header.Headers {
		responseHeader(&r, h.Name, h.Value)
	}
	if r.Status >= 400 {
		body := ""
		if c.Response.Body.Text != nil {
			body = *c.Response.Body.Text
		} else if b, err := base64.StdEncoding.DecodeString(c.Response.Body.Encoded); err == nil {
			body = string(b)
		}
		if body != "" {
			fromBodyText(body, &r)
		}
	}
	r.Source = "Charles"
	return r, true, nil
}
