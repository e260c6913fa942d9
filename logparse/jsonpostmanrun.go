package logparse

import (
	"bytes"
	"encoding/json"
	"strings"
)

// Postman's Collection Runner exports a run from the app ("Export Results")
// as one object whose results list each request once, with every
// iteration's response time, and whose methods come last, in the
// collection part, keyed by the result's id:
//
//	{"id", "name", "timestamp", "collection_id", …, "status": "finished", "startedAt", "totalFail",
//	 "results": [{"id": "…", "name": "Create refund", "url": "https://api.stripe.com/v1/refunds",
//	              "time": 118, "responseCode": {"code": 403, "name": "Forbidden"},
//	              "tests": {…}, "testPassFailCounts": {…}, "times": [120, 118], "allTests": […]}],
//	 "count": 2, "totalTime": 1104,
//	 "collection": {"requests": [{"id": "…", "method": "POST"}], "runner": {…}}}
//
// (as committed run exports show it, and the converters that rebuild it
// from a Newman report: requests.push({id: item.id, method: request.method})).
// A result stands for as many requests as it has times (one per iteration),
// the last one's status for all: the export keeps no other. It holds no
// bodies and no times of day, so the records have neither a 403's message
// nor a time. The results are held until the methods are read: an export
// is small (no bodies), and maxPostmanRun bounds it.

// maxPostmanRun bounds the bytes of results held while the methods after
// them are read.
const maxPostmanRun = 64 << 20

// isPostmanRunResult reports an element of a Postman run export's results.
func isPostmanRunResult(raw []byte) bool {
	return bytes.Contains(raw, []byte(`"testPassFailCounts"`)) && bytes.Contains(raw, []byte(`"responseCode"`))
}

type postmanRunResult struct {
	ID           string `json:"id"`
	URL          string `json:"url"`
	ResponseCode struct {
		Code int `json:"code"`
	} `json:"responseCode"`
	Times []json.RawMessage `json:"times"`
}

// readyItem is a record (or a problem) decoded ahead, handed out count times.
type readyItem struct {
	r     Request
	err   error
	count int
}

// postmanRun reads the rest of a Postman run export, first its element
// already read, and queues its requests in a.ready.
func (a *jsonArrayReader) postmanRun(first []byte, pos Position) error {
	type held struct {
		raw []byte
		pos Position
	}
	items := []held{{append([]byte(nil), first...), pos}}
	size := len(first)
	for a.more() {
		raw, p, _, err := a.element()
		if err != nil {
			return err
		}
		if size += len(raw); size > maxPostmanRun {
			return newParseError(p, ErrLineTooLong, "Postman run export's results longer than "+itoa(maxPostmanRun)+" bytes",
				"export the run in parts, or run the collection with newman -r json")
		}
		items = append(items, held{raw, p})
	}
	if _, err := a.dec.Token(); err != nil { // the results' "]"
		return a.streamError(err)
	}
	methods := map[string]string{}
	for a.dec.More() {
		tok, err := a.dec.Token()
		if err != nil {
			return a.streamError(err)
		}
		var v json.RawMessage
		if err := a.dec.Decode(&v); err != nil {
			return a.streamError(err)
		}
		if key, _ := tok.(string); key == "collection" {
			var c struct {
				Requests []struct {
					ID     string `json:"id"`
					Method string `json:"method"`
				} `json:"requests"`
			}
			if json.Unmarshal(v, &c) == nil {
				for _, rq := range c.Requests {
					methods[rq.ID] = rq.Method
				}
			}
		}
	}
	if _, err := a.dec.Token(); err != nil { // the export's "}"
		return a.streamError(err)
	}
	a.wrapped = false // read to its end here
	for _, it := range items {
		a.ready = append(a.ready, postmanRunItem(it.raw, it.pos, methods))
	}
	return nil
}

// postmanRunItem reads one result of a Postman run export.
func postmanRunItem(raw []byte, pos Position, methods map[string]string) readyItem {
	var res postmanRunResult
	if err := json.Unmarshal(raw, &res); err != nil {
		return readyItem{err: objectError(raw, pos, err), count: 1}
	}
	var r Request
	if err := setPath(&r, res.URL); err != nil || r.Path == "" {
		return readyItem{err: newParseError(pos, ErrMalformed, "result without a URL: "+snippet(raw), "each result needs its url"), count: 1}
	}
	if foreignHost(&r) {
		return readyItem{}
	}
	method, ok := methods[res.ID]
	if !ok {
		return readyItem{err: newParseError(pos, ErrMalformed, "no method for "+shorten(res.URL)+": the export's collection.requests does not list result "+res.ID,
			"export the run again from the Collection Runner, or run the collection with newman -r json"), count: 1}
	}
	if err := setMethod(&r, method); err != nil || r.Method == "" {
		return readyItem{err: newParseError(pos, ErrMalformed, "result "+res.ID+": method "+shorten(strings.TrimSpace(method))+" is not an HTTP method", "fix or remove this result"), count: 1}
	}
	n := max(len(res.Times), 1)
	if res.ResponseCode.Code == 0 {
		return readyItem{err: newParseError(pos, ErrNotSent, r.Method+" "+r.Path+": it got no response",
			"it never reached Stripe, so it is not counted; run the collection again"), count: 1}
	}
	r.Status = res.ResponseCode.Code
	r.Source = "Postman"
	r.Pos = pos
	return readyItem{r: r, count: min(n, maxRowCount)}
}
