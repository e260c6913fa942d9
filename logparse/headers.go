package logparse

import (
	"strings"
	"time"
)

// requestHeader reads a header of a captured request (HAR, Charles, Newman,
// Bruno): the connected account, the client, the API version, and from
// Authorization only whether the key was a test or a live one (the key
// itself goes no further than modeOfAuth).
func requestHeader(r *Request, name, value string) {
	switch strings.ToLower(name) {
	case "stripe-account":
		r.Account = value
	case "user-agent":
		r.UserAgent = value
	case "stripe-version":
		r.APIVersion = value
	case "authorization":
		r.Livemode = modeOfAuth(value)
	}
}

// responseHeader reads a header of a captured response: Stripe's request
// id, the API version it answered with, and its Date when the capture gave
// the request no time of its own.
func responseHeader(r *Request, name, value string) {
	switch strings.ToLower(name) {
	case "request-id":
		r.RequestID = value
	case "stripe-version":
		r.APIVersion = value
	case "date":
		if t, err := time.Parse(time.RFC1123, value); err == nil && r.Time.IsZero() {
			r.Time = t.UTC()
		}
	}
}
