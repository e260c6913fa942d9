package logparse

import "bytes"

// A request described by an object of pretty-printed JSON, one field a line:
// a Sentry event's HTTP breadcrumb as its JSON view or API shows it (the
// breadcrumb's data holds method, url, status_code; Sentry's event payload,
// develop.sentry.dev/sdk/data-model/event-payloads/breadcrumbs), or any such
// object an application logs with the response's status. The line scanner sees the url line alone; the
// fields are gathered here and the request is read when its object closes,
// whatever order the keys come in (Sentry's JSON view sorts them).
type jsonFields struct {
	method string
	url    []byte // owned copy
	status int
	reqID  []byte // owned copy
	first  int    // the line of the first field gathered
	// The last "timestamp" field seen and its line: a breadcrumb's time
	// stands beside its data object, not in it. It is the request's time
	// only when no object opened on a line of its own ("{", the next
	// breadcrumb) since: with its keys sorted, a breadcrumb's timestamp
	// comes after its data, and the one before is another breadcrumb's.
	at      []byte
	atLine  int
	objLine int
	// The record the last object made without a time, and the line it
	// closed on: a breadcrumb with sorted keys ("category", "data", …,
	// "timestamp", "type") gives its time after its data closed.
	untimed, untimedLine int
}

// keep is what a new object starts with: the fields that stand beside an
// object rather than in it.
func (jb *jsonFields) keep() jsonFields {
	return jsonFields{at: jb.at, atLine: jb.atLine, objLine: jb.objLine, untimed: jb.untimed, untimedLine: jb.untimedLine}
}

// jsonObjectLine gathers line b, which starts with white space, into s.jb
// when it is a field of a pretty-printed JSON object, and reads the request
// when the object closes.
func (s *sdkReader) jsonObjectLine(b []byte, n int) {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	if i == len(b) {
		return
	}
	t := b[i:]
	switch t[0] {
	case '}':
		s.closeJSONObject(n)
		return
	case '{':
		s.jb.objLine = n
		return
	case '"':
	default:
		return
	}
	end := bytes.IndexByte(t[1:], '"')
	if end < 0 {
		return
	}
	key, rest := t[1:1+end], t[2+end:]
	if tail := bytes.TrimRight(rest, " \t,"); len(tail) > 0 && (tail[len(tail)-1] == '{' || tail[len(tail)-1] == '[') {
		s.jb = s.jb.keep() // a new object opens: what was gathered is not its
		return
	}
	rest = bytes.TrimLeft(rest, " \t")
	if len(rest) == 0 || rest[0] != ':' {
		return
	}
	value := bytes.TrimRight(bytes.TrimLeft(rest[1:], " \t"), " \t,")
	value = bytes.TrimSuffix(bytes.TrimPrefix(value, []byte(`"`)), []byte(`"`))
	switch string(key) {
	case "method":
		if m := canonMethod(value); m != "" {
			s.jb.method = m
		}
	case "url":
		s.jb.url = append(s.jb.url[:0], value...)
		if bytes.IndexByte(s.jb.url, '\\') >= 0 {
			s.jb.url = bytes.ReplaceAll(s.jb.url, []byte(`\/`), []byte("/")) // PHP's json_encode
		}
	case "status_code", "status", "statusCode":
		s.jb.status = threeDigitStatus(value, 0)
		if len(value) != 3 {
			s.jb.status = 0
		}
	case "request_id":
		s.jb.reqID = append(s.jb.reqID[:0], value...)
	case "timestamp":
		s.jb.at, s.jb.atLine = append(s.jb.at[:0], value...), n
		s.timeUntimed(value, n)
		return
	default:
		return
	}
	if s.jb.first == 0 {
		s.jb.first = n
	}
}

// closeJSONObject reads the request the closing object described, when it
// names a method, a URL on one of Stripe's hosts and the response's status.
// Without a status it may describe a request never made: a Postman
// collection or an Insomnia export holds requests someone wrote down.
func (s *sdkReader) closeJSONObject(n int) {
	jb := s.jb
	s.jb = jb.keep()
	if jb.method == "" || len(jb.url) == 0 || jb.status == 0 {
		return
	}
	var t Request
	if setPath(&t, string(jb.url)) != nil || !stripeHosts[t.Host] || t.Path == "" {
		return // a bare path or another host: nothing ties it to Stripe
	}
	f := sdkFacts{method: jb.method, url: jb.url, status: jb.status}
	if len(jb.reqID) > 0 && bytes.HasPrefix(jb.reqID, []byte("req_")) {
		f.reqID = jb.reqID
	}
	if len(jb.at) > 0 && jb.atLine > jb.objLine && n-jb.atLine <= 12 {
		if at, err := parseTime(string(bytes.Trim(jb.at, `"`)), s.loc); err == nil {
			f.at = at
		}
	}
	seq := s.seq
	s.onRequest(&f, jb.first, false)
	if f.at.IsZero() && s.seq > seq {
		s.jb.untimed, s.jb.untimedLine = s.seq, n
	}
}

// timeUntimed gives the record the last object made without a time the
// "timestamp" at line n, when it stands beside that object: it comes soon
// after the object closed and no other object opened since.
func (s *sdkReader) timeUntimed(value []byte, n int) {
	seq := s.jb.untimed
	if seq == 0 || n-s.jb.untimedLine > 12 || s.jb.objLine > s.jb.untimedLine {
		return
	}
	s.jb.untimed = 0
	for i := range s.open {
		if r := &s.open[i]; r.seq == seq && r.req.Time.IsZero() {
			if at, err := parseTime(string(bytes.Trim(value, `"`)), s.loc); err == nil {
				r.req.Time = at
			}
			return
		}
	}
}
