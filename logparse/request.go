package logparse

import (
	"time"
)

// Request is one API request found in a log.
type Request struct {
	Time       time.Time // zero when the log has no time
	Method     string    // "GET", "POST", "DELETE"; empty for a bare denial record
	Path       string    // "/v1/customers/cus_123": no scheme, host or query; "" when unknown
	Host       string    // "api.stripe.com" when the log names one
	Query      string    // raw query without '?', kept for expand[]
	Status     int       // HTTP status; 0 when unknown
	RequestID  string    // "req_…"
	Livemode   *bool     // nil when the log does not say
	SourceIP   string
	Source     string // API | DASHBOARD | SDK | PROXY, when the log says
	Account    string // connected account (Stripe-Account) for Connect traffic
	UserAgent  string
	APIVersion string
	Error      *APIError // the error the response carried, when the log has it
	Pos        Position  // where the record starts
}

// APIError is the error object of a failed request, as far as the log shows it.
type APIError struct {
	Type    string
	Code    string
	Message string
	Param   string
}

// IsDenial reports whether the request was refused for lack of permission:
// a 403, or a record whose only content is a Stripe permission message
// (SDK and application logs, where no method or path is on the line).
func (r *Request) IsDenial() bool {
	return r.Status == 403 || (r.Error != nil && r.Error.Code == "more_permissions_required")
}

// Position locates a record in its input.
type Position struct {
	File   string // the name the user gave ("-" for stdin)
	Line   int    // 1-based
	Column int    // 1-based; 0 when not meaningful
}

func (p Position) String() string {
	s := p.File
	if p.Line > 0 {
		s += ":" + itoa(p.Line)
		if p.Column > 0 {
			s += ":" + itoa(p.Column)
		}
	}
	return s
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for n >= 10 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	i--
	b[i] = byte('0' + n)
	return string(b[i:])
}

// madeInDashboard reports a request that a person made in the Dashboard:
// its log's source says DASHBOARD, which Stripe's request logs write when
// someone edits resources there (docs.stripe.com/development/dashboard/
// request-logs, "How requests are logged"; `stripe logs tail
// --filter-source DASHBOARD`). No API key made it, so a restricted key
// needs no permission for it: the scan leaves it out and counts it
// (Stats.Dashboard), as a publishable key's requests are (Stats.ClientKey).
// Counting it would grant the key what only people in the Dashboard do.
func madeInDashboard(r *Request) bool { return r.Source == "DASHBOARD" }
