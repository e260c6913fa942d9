package logparse

import (
	"bytes"
	"encoding/json"
	"strings"
)

// A Bruno CLI JSON report (`bru run --reporter-json results.json`, or the
// older `--output results.json --format json`) holds the requests a
// collection run made: {"summary": {…}, "results": [result…]} (an array of
// such objects, one per iteration, in later releases), each result as
// usebruno/bruno packages/bruno-cli/src/runner/run-single-request.js
// returns it, with runtime, suitename and name added by commands/run.js:
//
//	{"test": {"filename": "refunds/create.bru"},
//	 "request": {"method": "POST", "url": "https://api.stripe.com/v1/refunds", "headers": {…}, "data": …},
//	 "response": {"status": 403, "statusText": "Forbidden", "headers": {"date": …, "request-id": …},
//	              "data": {"error": {…}}, "url": …, "responseTime": 212},
//	 "error": null, "status": "pass", "assertionResults": […], "testResults": […], …}
//
// Its top-level "status" is the test's outcome ("pass", "fail", "error"),
// not the response's, and response.data is the body axios parsed, so the
// generic object reader would take a customer's "id" for a request id and
// a list's "url" for the path: a result is read here instead. A request
// that failed before any response ("getaddrinfo ENOTFOUND") has a null
// method and url and response.status "error".

// isBrunoResult reports an element that looks like a Bruno run result,
// before it is decoded: its keys are Bruno's own.
func isBrunoResult(raw []byte) bool {
	return bytes.Contains(raw, []byte(`"assertionResults"`)) && bytes.Contains(raw, []byte(`"filename"`))
}

type brunoResult struct {
	Test *struct {
		Filename string `json:"filename"`
	} `json:"test"`
	Request struct {
		Method  *string        `json:"method"`
		URL     *string        `json:"url"`
		Headers map[string]any `json:"headers"`
	} `json:"request"`
	Response struct {
		Status  json.RawMessage `json:"status"`
		Headers map[string]any  `json:"headers"`
		Data    json.RawMessage `json:"data"`
	} `json:"response"`
	Error json.RawMessage `json:"error"`
}

// brunoRequest reads one result of a Bruno report. ok is false when raw is
// no Bruno result after all (the generic reader takes it), or a call to
// another host.
func brunoRequest(raw []byte, pos Position) (Request, bool, error) {
	var b brunoResult
	if json.Unmarshal(raw, &b) != nil || b.Test == nil {
		return Request{}, false, nil
	}
	var r Request
	var status int
	if err := json.Unmarshal(b.Response.Status, &status); err != nil || status == 0 {
		what := b.Test.Filename
		if b.Request.Method != nil && b.Request.URL != nil {
			what = *b.Request.Method + " " + *b.Request.URL
		}
		why := "it got no response"
		var msg string
		if json.Unmarshal(b.Error, &msg) == nil && strings.TrimSpace(msg) != "" {
			why += " (" + strings.TrimSpace(msg) + ")"
		}
		return r, false, newParseError(pos, ErrNotSent, what+": "+why,
			"it never reached Stripe, so it is not counted; run the collection again, or capture requests that got a response")
	}
	if b.Request.URL == nil || b.Request.Method == nil {
		return r, false, newParseError(pos, ErrMalformed, "result without a request method or url",
			"each result needs request.method and request.url")
	}
	if err := setPath(&r, *b.Request.URL); err != nil {
		return r, false, newParseError(pos, ErrMalformed, "request.url: "+err.Error(), "fix or remove this result")
	}
	if foreignHost(&r) {
		return r, false, nil
	}
	if err := setMethod(&r, *b.Request.Method); err != nil {
		return r, false, newParseError(pos, ErrMalformed, "request.method: "+err.Error(), "fix or remove this result")
	}
	if r.Method == "" || r.Path == "" {
		return r, false, newParseError(pos, ErrMalformed, "result without a request method or url",
			"each result needs request.method and request.url")
	}
	r.Status = status
	for k, v := range b.Request.Headers {
		s, _ := v.(string)
		requestHeader(&r, k, s)
	}
	for k, v := range b.Response.Headers {
		s, _ := v.(string)
		responseHeader(&r, k, s)
	}
	if r.Status >= 400 {
		var body struct {
			Error map[string]any `json:"error"`
		}
		var text string
		switch {
		case json.Unmarshal(b.Response.Data, &body) == nil && body.Error != nil:
			fromErrorObject(body.Error, &r)
		case json.Unmarshal(b.Response.Data, &text) == nil:
			fromBodyText(text, &r)
		}
	}
	r.Source = "Bruno"
	return r, true, nil
}
