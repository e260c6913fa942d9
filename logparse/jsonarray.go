package logparse

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"time"
)

// jsonDoc is one JSON document read element by element with positions:
// what the JSON array and HAR readers share.
type jsonDoc struct {
	name string
	dec  *json.Decoder
	// base is the file offset of dec's offset 0: a decoder placed inside
	// the array (placeDecoder) starts on a few bytes of prefix, not at the
	// file's start. Every offset dec gives goes through offset or
	// syntaxErrorAt, which add it.
	base int64
	// src is what dec reads next, past its buffer: lt, or for a decoder
	// placed inside the array (placeDecoder) the rest of the bytes it was
	// given, then lt.
	src     io.Reader
	lt      *lineTracker
	loc     *time.Location
	max     int
	started bool
	done    bool

	// The element cutter (jsoncut.go), for readers that read their array
	// through more and element: cut when it runs, cutFrom when the last
	// element came whole from the decoder (it may start there), cutAround
	// the objects that hold the array. readsOn is set for a reader that
	// reads on after the array with the decoder: the cutter hands back at
	// the array's end.
	cut       *elementCutter
	cutFrom   bool
	cutAround int
	readsOn   bool
	cutN      int // elements cut (for tests)
	// cutBackoff is how many elements the decoder reads whole after a
	// hand-back before the cutter starts again, cutWait how many are left
	// to read (cutKeep).
	cutBackoff int
	cutWait    int
}

func newJSONDoc(name string, r io.Reader, opts Options) jsonDoc {
	lt := &lineTracker{r: r}
	dec := json.NewDecoder(lt)
	dec.UseNumber()
	return jsonDoc{name: name, dec: dec, src: lt, lt: lt, loc: opts.Location, max: maxLine(opts)}
}

// jsonArrayReader streams the objects of one JSON array, element by element,
// so a large export never sits in memory whole. An array of log events
// whose text is an application's log (CloudWatch, Cloud Logging) goes
// through the SDK reader instead (events).
type jsonArrayReader struct {
	jsonDoc
	opts       Options
	sawRequest bool       // an element was a request object
	events     *eventFeed // set when the elements are log events with text
	sdk        *sdkReader
	errBuf     APIError        // tailObject's error object, copied out
	nested     []nestedElement // elements of an element, read before the next (jsonnested.go)
	wrapped    bool            // the array is a member of an object (arrayWrapperKeys)
	inner      int             // objects opened inside the wrapping one on the way to the array (Newman's "run")
	newman     bool            // the array is a Newman report's run.executions (jsonnewman.go)
	ready      []readyItem     // records decoded ahead (a Postman run export, jsonpostmanrun.go)
}

func newJSONArrayReader(name string, r io.Reader, opts Options) *jsonArrayReader {
	a := &jsonArrayReader{jsonDoc: newJSONDoc(name, r, opts), opts: opts}
	a.readsOn = true // a wrapper's other members, another document
	return a
}

// capturedElements are array elements that another tool wrote for one
// request it made or saw, in its own shape: read by their own reader.
var capturedElements = []struct {
	is   func(elementHints) bool // isCharlesTransaction and the like, from the element's hints
	read func(raw []byte, pos Position, loc *time.Location) (Request, bool, error)
}{
	{charlesHints, charlesRequest},
	{brunoHints, func(raw []byte, pos Position, _ *time.Location) (Request, bool, error) { return brunoRequest(raw, pos) }},
}

// captured reads raw when it is one of capturedElements: ok with a
// request, skip when it names a request not to count (a tunnel, another
// host), err when it is broken; hints are hintsOf(raw).
func (a *jsonArrayReader) captured(raw []byte, pos Position, hints elementHints) (r Request, ok, skip bool, err error) {
	if raw[0] != '{' {
		return Request{}, false, false, nil
	}
	for _, c := range capturedElements {
		if !c.is(hints) {
			continue
		}
		r, ok, err = c.read(raw, pos, a.loc)
		if err != nil {
			return Request{}, false, false, err
		}
		if ok {
			a.sawRequest = true
			r.Pos = pos
			return r, true, false, nil
		}
		return Request{}, false, r.Host != "", nil
	}
	return Request{}, false, false, nil
}

func maxLine(opts Options) int {
	if opts.MaxLine > 0 {
		return opts.MaxLine
	}
	return DefaultMaxLine
}

func (a *jsonArrayReader) Next() (Request, error) {
	for len(a.ready) > 0 {
		it := &a.ready[0]
		if it.count <= 0 {
			a.ready = a.ready[1:]
			continue
		}
		if it.count--; it.count == 0 {
			r, err := it.r, it.err
			a.ready = a.ready[1:]
			return r, err
		}
		return it.r, it.err
	}
	if a.sdk != nil {
		return a.nextEvent()
	}
	if a.done {
		return Request{}, io.EOF
	}
	if !a.started {
		a.started = true
		tok, err := a.dec.Token()
		if err != nil {
			a.done = true
			return Request{}, a.streamError(err)
		}
		d, _ := tok.(json.Delim)
		a.wrapped = d == '{'
		if d == '{' {
			d, err = a.wrappedArray()
			if err != nil {
				a.done = true
				return Request{}, err
			}
		}
		if d != '[' {
			a.done = true
			return Request{}, newParseError(Position{File: a.name, Line: 1, Column: 1}, ErrMalformed,
				"expected a JSON array of request objects",
				"or an object holding the array under "+strings.Join(arrayWrapperKeys, " or "))
		}
		a.cutAround = 0
		if a.wrapped {
			a.cutAround = 1 + a.inner
		}
	}
	for len(a.nested) > 0 || a.moreElements() {
		if a.newman {
			// Read token by token: an execution holds its response body
			// as an array of bytes, one per line (jsonnewman.go).
			r, ok, err := a.nextNewman()
			if err != nil {
				return Request{}, err
			}
			if !ok {
				continue
			}
			a.sawRequest = true
			return r, nil
		}
		var raw json.RawMessage
		var pos Position
		gated := false // raw passed fastObjectOK (the cutter checked it)
		if len(a.nested) > 0 {
			raw, pos = a.nested[0].raw, a.nested[0].pos
			a.nested[0] = nestedElement{}
			a.nested = a.nested[1:]
		} else {
			var err error
			raw, pos, gated, err = a.element()
			if err != nil {
				var pe *ParseError
				if errors.As(err, &pe) && errors.Is(err, ErrMalformed) && a.resync() {
					pe.Hint = "this element is skipped; the elements after it are read"
					return Request{}, pe
				}
				a.done = true
				return Request{}, err
			}
			if len(raw) > a.max && !knownLargeRecord(raw) {
				return Request{}, newParseError(pos, ErrLineTooLong, "JSON object longer than "+itoa(a.max)+" bytes",
					"raise --max-line if such records are real")
			}
		}
		if a.wrapped && a.inner == 0 && raw[0] == '{' && isPostmanRunResult(raw) {
			if err := a.postmanRun(raw, pos); err != nil {
				a.done = true
				return Request{}, err
			}
			a.done = true
			return a.Next()
		}
		hints := hintsOf(raw)
		if a.descend(raw, pos, hints) {
			continue
		}
		if r, ok, skip, err := a.captured(raw, pos, hints); err != nil || ok {
			return r, err
		} else if skip {
			continue // a tunnel, or a call to another host
		}
		if raw[0] != '{' {
			return Request{}, newParseError(pos, ErrMalformed, "array element is not an object: "+snippet(raw),
				"each element must be a request object")
		}
		if r, ok := a.tailObject(raw); ok {
			a.sawRequest = true
			r.Pos = pos
			return r, nil
		}
		r, err := decodeObjectGated(raw, a.loc, gated)
		if err != nil {
			if isOtherBreadcrumb(raw) {
				continue
			}
			if text, at, ok := eventText(raw, a.loc); ok && r.Method == "" && r.Path == "" {
				// Not a request but a log event with text (a Cloud Logging
				// export skips the service's incoming requests first).
				a.startEvents(text, at, pos)
				return a.nextEvent()
			}
			return Request{}, objectError(raw, pos, err)
		}
		if !a.sawRequest && r.Method == "" && r.Path == "" {
			// A 403 message alone: the first of an array of log events
			// (an exception logged before any request line)?
			if text, at, ok := eventText(raw, a.loc); ok {
				a.startEvents(text, at, pos)
				return a.nextEvent()
			}
		}
		a.sawRequest = true
		if foreignHost(&r) {
			continue
		}
		r.Pos = pos
		return r, nil
	}
	a.done = true
	if _, err := a.dec.Token(); err != nil {
		return Request{}, a.streamError(err)
	}
	if a.wrapped {
		// The rest of the wrapping object, then perhaps another one: an
		// OTLP file exporter writes one per line, `aws logs` pages may be
		// joined with cat.
		if err := a.skipRest(); err != nil {
			return Request{}, err
		}
		if a.dec.More() {
			a.started, a.done = false, false
			return a.Next()
		}
	}
	return Request{}, io.EOF
}

// moreElements is more for the array's elements; a Newman report's
// executions are read token by token with the decoder alone.
func (a *jsonArrayReader) moreElements() bool {
	if a.newman {
		return a.dec.More()
	}
	return a.more()
}

// knownLargeRecord reports a record that is large for its response body,
// which its reader passes over: a Bruno result (the body as parsed JSON)
// or a Charles transaction (the body as text). A 1 MB list response is no
// reason to lose the request it answered.
func knownLargeRecord(raw []byte) bool {
	return raw[0] == '{' && (isBrunoResult(raw) || isCharlesTransaction(raw))
}

// skipRest reads the members of the wrapping object after its array, and
// its closing brace (and those of the objects opened inside it on the way).
func (a *jsonArrayReader) skipRest() error {
	for ; a.inner > 0; a.inner-- {
		if err := a.skipMembers(); err != nil {
			return err
		}
	}
	return a.skipMembers()
}

// skipMembers reads the rest of an object's members and its closing brace.
func (a *jsonArrayReader) skipMembers() error { return a.skipRestOf('{') }

// skipElements reads the rest of an array (its "[" read) and its closing
// bracket.
func (a *jsonArrayReader) skipElements() error { return a.skipRestOf('[') }

// skipRestOf reads the rest of the open object or array d with
// skipOpened: a member of any size (an `aws logs` output's
// searchedLogStreams after its events) passes a token at a time.
func (a *jsonArrayReader) skipRestOf(d json.Delim) error {
	if err := a.skipOpened(d); err != nil {
		return a.streamError(err)
	}
	return nil
}

// tailObject reads an element exactly as `stripe logs tail --format JSON`
// prints an event (jq -s -c of a tail) with tailLine, which makes no map;
// false for anything else, which decodeObject reads. The strings alias raw,
// which no later element reuses.
func (a *jsonArrayReader) tailObject(raw []byte) (Request, bool) {
	var r Request
	if n := tailLine(raw, &r, &a.errBuf); n != len(raw) {
		return Request{}, false
	}
	if r.Error != nil {
		e := *r.Error // a.errBuf is used again by the next element
		r.Error = &e
	}
	return r, true
}

// arrayWrapperKeys hold the array of records in the outputs that wrap it in
// an object: `aws logs filter-log-events` and `get-log-events` print
// {"events": [...], "searchedLogStreams": [...], "nextToken"}; Splunk's REST
// results (output_mode=json) {"preview", "init_offset", "messages",
// "fields", "results": [...]}. Not "data": Stripe's own list objects (an
// events export, not a request log) keep theirs there.
//
// OTLP JSON traces nest theirs: {"resourceSpans" (Grafana Tempo's API:
// "batches"): [{"resource", "scopeSpans": [{"scope", "spans": [span…]}]}]}
// (jsonnested.go reads the levels between).
//
// `aws xray batch-get-traces` prints {"Traces": [{"Id", "Segments": [{"Id",
// "Document": "<a segment as a JSON string>"}]}]} (jsonnested.go opens the
// documents).
//
// A Newman JSON report holds its requests under "run": {"executions": [...]}
// (jsonnewman.go): the run object is walked into, the collection and
// environment before it skipped.
var arrayWrapperKeys = []string{"events", "results", "resourceSpans", "batches", "Traces", newmanExecutionsKey}

// nestedWrapperKeys hold the arrays of the levels inside a wrapped array:
// OTLP's scopes and their spans (instrumentationLibrarySpans before OTLP
// 0.15).
var nestedWrapperKeys = []string{"scopeSpans", "instrumentationLibrarySpans", "spans", "Segments"}

// wrappedArray walks an object (its "{" read) to the array under one of
// arrayWrapperKeys, skipping other members, and returns that array's
// opening delimiter (0 when there is none).
func (a *jsonArrayReader) wrappedArray() (json.Delim, error) {
	for a.dec.More() {
		tok, err := a.dec.Token()
		if err != nil {
			return 0, a.streamError(err)
		}
		key, _ := tok.(string)
		if key == newmanRunKey && a.inner == 0 {
			tok, err := a.dec.Token()
			if err != nil {
				return 0, a.streamError(err)
			}
			switch tok {
			case json.Delim('{'):
				a.inner++ // the run's members are walked as the top's were
			case json.Delim('['):
				if err := a.skipElements(); err != nil {
					return 0, err
				}
			}
			continue
		}
		for _, k := range arrayWrapperKeys {
			if key != k {
				continue
			}
			tok, err := a.dec.Token()
			if err != nil {
				return 0, a.streamError(err)
			}
			d, _ := tok.(json.Delim)
			a.newman = key == newmanExecutionsKey && a.inner > 0
			return d, nil
		}
		if err := a.skipValue(); err != nil {
			return 0, a.streamError(err)
		}
	}
	return 0, nil
}

// decodeRaw reads the next value with the decoder and says where it
// starts.
func (a *jsonDoc) decodeRaw() (json.RawMessage, Position, error) {
	var raw json.RawMessage
	if err := a.dec.Decode(&raw); err != nil {
		return nil, Position{}, a.streamError(err)
	}
	lead := len(raw) - len(bytes.TrimLeft(raw, " \t\r\n"))
	start := a.offset() - int64(len(raw)) + int64(lead)
	raw = bytes.TrimSpace(raw)
	line, col := a.lt.pos(start)
	return raw, Position{File: a.name, Line: line, Column: col}, nil
}

// forgetLines lets the line tracker forget the newlines the decoder has
// passed, for a reader that reads on without asking for positions (a
// skipped member of a million lines): only positions past the last token
// read are asked for after it. The byte before the offset is that token's
// last, never a newline, so a position asked there (jsonnewman.go) is
// still right.
func (a *jsonDoc) forgetLines() { a.lt.pos(a.offset() - 1) }

// offset is the file offset where the decoder's unread bytes start.
func (a *jsonDoc) offset() int64 { return a.base + a.dec.InputOffset() }

// syntaxErrorAt is the file offset of the byte a decoder's syntax error
// is about. A decoder's SyntaxError.Offset counts only the bytes it
// scanned as values, not the delimiters and blanks its Token and More
// passed over, so inside an array or an object it falls short of the file
// offset by those (a HAR's broken entry was said to break a line early).
// The value the decoder failed on is still in its buffer, from its
// InputOffset on: json.Unmarshal finds the same error in it, with an
// offset that counts from the value's start. Errors that are not the
// value's own (Token's, "expected comma after array element") come with
// the file offset already; they are kept.
func (a *jsonDoc) syntaxErrorAt(se *json.SyntaxError) int64 {
	b, _ := io.ReadAll(a.dec.Buffered())
	lead := len(b) - len(bytes.TrimLeft(b, " \t\r\n"))
	var raw json.RawMessage
	var again *json.SyntaxError
	if errors.As(json.Unmarshal(b[lead:], &raw), &again) && again.Error() == se.Error() {
		return a.offset() + int64(lead) + again.Offset - 1
	}
	return a.base + se.Offset
}

// streamError positions an error of the streaming decoder. Nothing after a
// syntax error can be trusted, so callers stop reading.
func (a *jsonDoc) streamError(err error) error {
	var se *json.SyntaxError
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		line, col := a.lt.pos(a.lt.read)
		return newParseError(Position{File: a.name, Line: line, Column: col}, ErrTruncated,
			"the JSON document ends before it closes", "the file was cut off; re-export it")
	case errors.As(err, &se):
		line, col := a.lt.pos(a.syntaxErrorAt(se))
		return newParseError(Position{File: a.name, Line: line, Column: col}, ErrMalformed,
			"invalid JSON: "+se.Error(), "reading stops here; fix the file")
	}
	return err
}

// isOtherBreadcrumb spots a Sentry breadcrumb that is not an HTTP request
// (a console line, a navigation, a click): a trail of breadcrumbs copied
// out of an event mixes them with the "http" ones, and they are not
// malformed requests. Breadcrumbs carry "category" and "timestamp"
// (develop.sentry.dev/sdk/data-model/event-payloads/breadcrumbs).
func isOtherBreadcrumb(raw []byte) bool {
	var crumb struct {
		Type      *string         `json:"type"`
		Category  *string         `json:"category"`
		Timestamp json.RawMessage `json:"timestamp"`
	}
	if json.Unmarshal(raw, &crumb) != nil || crumb.Category == nil || crumb.Timestamp == nil {
		return false
	}
	return crumb.Type == nil || *crumb.Type != "http"
}

// eventTextKeys name the text of a log event in the JSON exports of log
// platforms, most specific first: Grafana's Loki export {"line",
// "timestamp", "fields"}, `aws logs filter-log-events` and CloudWatch's
// {"timestamp", "message", "logStreamName"}, Splunk's {"_raw", "_time"},
// Docker's {"log", "stream", "time"}, Google Cloud Logging's textPayload.
var eventTextKeys = []string{"line", "_raw", "textPayload", "log", "message", "msg"}

// eventText reads a log event that is not a request object: its text and
// the time the platform recorded. ok is false when it has no text.
func eventText(raw []byte, loc *time.Location) (text string, at time.Time, ok bool) {
	obj, err := decodeMap(raw)
	if err != nil {
		return "", time.Time{}, false
	}
	return eventTextOf(obj, loc)
}

func eventTextOf(obj map[string]any, loc *time.Location) (text string, at time.Time, ok bool) {
	for _, k := range eventTextKeys {
		if s, isText := obj[k].(string); isText {
			return s, envelopeTime(obj, loc), true
		}
	}
	return "", time.Time{}, false
}

// decodeMap decodes one JSON object, numbers kept as written.
func decodeMap(raw []byte) (map[string]any, error) {
	var obj map[string]any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		return nil, err
	}
	if obj == nil {
		return nil, errors.New("expected a JSON object, found null")
	}
	return obj, nil
}

// namesRequest says whether an object's own keys name a method or a path:
// such an element is a request record even when it has text too.
func namesRequest(obj map[string]any) bool {
	for k := range obj {
		switch lookupField(k) {
		case fMethod, fPath, fRequestLine:
			return true
		}
	}
	return false
}

// feedRing is how many lines of the event feed remember the element they
// came from. The SDK reader hands a record on at most keyedWindow lines
// after its last line; a longer wait (a record touched again and again)
// falls back to the newest element's position.
const feedRing = 4096

// eventFeed turns the remaining elements of a JSON array of log events into
// the lines of a log, one per line of each event's text, each stamped
// with the event's time when its text has none, for the SDK reader.
//
// An element that is not a log event cannot become a line: Read returns it
// as an error between lines, which the SDK reader hands on after the
// records it holds (an elementProblem, or an elementRequest for a request
// object among the events). Nothing piles up, however many there are.
type eventFeed struct {
	a       *jsonArrayReader
	pending []byte
	line    int // lines written so far
	at      [feedRing]feedLine
	last    Position
	err     error // io.EOF, or what ended the document
}

type feedLine struct {
	n   int
	pos Position
}

// elementProblem carries a positioned problem with one element through the
// SDK reader, so that its position is not taken for a line of the feed.
type elementProblem struct{ pe *ParseError }

func (e elementProblem) Error() string { return e.pe.Error() }

// elementRequest carries a request object found among log events.
type elementRequest struct{ r Request }

func (e elementRequest) Error() string { return "request object among log events" }

func (a *jsonArrayReader) startEvents(text string, at time.Time, pos Position) {
	a.events = &eventFeed{a: a}
	a.events.add(text, at, pos)
	lr := newLineReader(a.name, nil, bufio.NewReader(a.events), a.max)
	a.sdk = newSDKReader(lr, a.opts, false)
}

// add writes one event's lines.
func (f *eventFeed) add(text string, at time.Time, pos Position) {
	f.last = pos
	stamp := ""
	if !at.IsZero() {
		stamp = at.UTC().Format(time.RFC3339Nano) + " "
	}
	for _, l := range strings.Split(strings.TrimRight(text, "\r\n"), "\n") {
		f.line++
		f.at[f.line%feedRing] = feedLine{f.line, pos}
		if stamp != "" {
			if _, has := lineStamp([]byte(l), f.a.loc); !has {
				f.pending = append(f.pending, stamp...)
			}
		}
		f.pending = append(f.pending, strings.ReplaceAll(l, "\r", "")...)
		f.pending = append(f.pending, '\n')
	}
}

// Read hands out the lines of the next events.
func (f *eventFeed) Read(p []byte) (int, error) {
	for len(f.pending) == 0 {
		if f.err != nil {
			return 0, f.err
		}
		if err := f.nextElement(); err != nil {
			return 0, err
		}
	}
	n := copy(p, f.pending)
	f.pending = f.pending[n:]
	if len(f.pending) == 0 {
		f.pending = f.pending[:0:0] // let a large event's buffer go
	}
	return n, nil
}

// nextElement reads one element: its lines go to pending; anything else
// comes back as an error for Read to hand on.
func (f *eventFeed) nextElement() error {
	a := f.a
	if !a.more() {
		a.done = true
		f.err = io.EOF
		if _, err := a.dec.Token(); err != nil {
			return elementProblem{toParseError(a.streamError(err), a.name)}
		}
		return nil
	}
	raw, pos, _, err := a.element()
	if err != nil {
		a.done = true
		f.err = io.EOF
		return elementProblem{toParseError(err, a.name)}
	}
	if len(raw) > a.max {
		return elementProblem{newParseError(pos, ErrLineTooLong, "JSON object longer than "+itoa(a.max)+" bytes",
			"raise --max-line if such records are real")}
	}
	obj, err := decodeMap(raw)
	if err != nil {
		return elementProblem{objectError(raw, pos, err)}
	}
	// Most elements are events: their text is taken without looking for a
	// request in them, unless their own keys name one.
	if !namesRequest(obj) {
		if text, at, ok := eventTextOf(obj, a.loc); ok {
			f.add(text, at, pos)
			return nil
		}
	}
	var r Request
	if fromObject(obj, a.loc, &r) == nil && checkRequest(&r) == nil && (r.Method != "" || r.Path != "") {
		if foreignHost(&r) {
			return nil // the service's own incoming requests, in a Cloud Logging export
		}
		r.Pos = pos
		return elementRequest{r}
	}
	if text, at, ok := eventTextOf(obj, a.loc); ok {
		f.add(text, at, pos)
		return nil
	}
	if isOtherBreadcrumb(raw) {
		return nil
	}
	return elementProblem{newParseError(pos, ErrMalformed, "log event without text: "+snippet(raw),
		"each element of an array of log events needs one of "+strings.Join(eventTextKeys, "/"))}
}

// toParseError makes sure an error of the document has a position.
func toParseError(err error, name string) *ParseError {
	var pe *ParseError
	if errors.As(err, &pe) {
		return pe
	}
	return newParseError(Position{File: name}, ErrMalformed, err.Error(), "")
}

// position maps a line of the feed back to the element it came from.
func (f *eventFeed) position(line int) Position {
	if l := f.at[line%feedRing]; l.n == line && line > 0 {
		return l.pos
	}
	return f.last
}

// nextEvent returns the next record the SDK reader finds in the events,
// at the position of the element it starts in, or what an element that is
// not an event says.
func (a *jsonArrayReader) nextEvent() (Request, error) {
	r, err := a.sdk.Next()
	var problem elementProblem
	var req elementRequest
	var pe *ParseError
	switch {
	case err == nil:
		r.Pos = a.events.position(r.Pos.Line)
		return r, nil
	case errors.As(err, &problem):
		return Request{}, problem.pe
	case errors.As(err, &req):
		return req.r, nil
	case errors.As(err, &pe) && pe.File == a.name:
		// The line reader's own problem (an event's line over the limit).
		p := a.events.position(pe.Line)
		pe.Line, pe.Column = p.Line, p.Column
	}
	return Request{}, err
}
