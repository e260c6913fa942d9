package logparse

import (
	"math"
	"time"
)

// Window is what every reader of a stream of requests counts: how many,
// the first and last time, and how many were test and live. Stats holds
// one per input; migrate's usage tallies hold one per group.
type Window struct {
	Requests int
	First    time.Time // zero when no request had a time
	Last     time.Time
	Test     int // requests with Livemode false
	Live     int // requests with Livemode true; nil Livemode counts in neither
}

// Add counts r.
func (w *Window) Add(r *Request) {
	w.Requests++
	Widen(&w.First, &w.Last, r.Time)
	if r.Livemode != nil {
		if *r.Livemode {
			w.Live++
		} else {
			w.Test++
		}
	}
}

// Merge adds the counts of o, read after w's: where both hold the same
// first or last time, w's is kept, as Add keeps the earlier record's.
func (w *Window) Merge(o Window) {
	w.Requests += o.Requests
	w.Test += o.Test
	w.Live += o.Live
	if !o.First.IsZero() && (w.First.IsZero() || o.First.Before(w.First)) {
		w.First = o.First
	}
	if o.Last.After(w.Last) {
		w.Last = o.Last
	}
}

// Widen stretches the span [*first, *last] to take in t; a zero t (a record
// without a time) changes nothing, and a zero *first is an empty span.
func Widen(first, last *time.Time, t time.Time) {
	if t.IsZero() {
		return
	}
	if first.IsZero() || t.Before(*first) {
		*first = t
	}
	if t.After(*last) {
		*last = t
	}
}

// secondSpan is the span of times given as whole Unix seconds in UTC:
// cheaper to widen per record than a Window's times.
type secondSpan struct{ lo, hi int64 }

func newSecondSpan() secondSpan { return secondSpan{lo: math.MaxInt64, hi: math.MinInt64} }

func (s *secondSpan) add(sec int64) {
	s.lo = min(s.lo, sec)
	s.hi = max(s.hi, sec)
}

// into widens w's span to take in s's.
func (s *secondSpan) into(w *Window) {
	if s.lo <= s.hi {
		Widen(&w.First, &w.Last, unixSeconds(s.lo))
		Widen(&w.First, &w.Last, unixSeconds(s.hi))
	}
}

// SameAs reports whether w and o count the same requests over the same
// span to the instant: what two copies of one log give (a.log beside
// a.log.gz, an export saved twice), and two different logs all but never
// do. A window of fewer than two requests, or without times, is too little
// to tell.
func (w Window) SameAs(o Window) bool {
	return w.Requests >= 2 && !w.First.IsZero() && w.Requests == o.Requests &&
		w.First.Equal(o.First) && w.Last.Equal(o.Last) && w.Test == o.Test && w.Live == o.Live
}

// Copies finds the inputs that look like copies of an earlier one
// (Window.SameAs): for each, its index and the earlier one's. Their
// requests are counted twice; the caller says so.
func Copies(windows []Window) [][2]int {
	type key struct {
		requests, test, live int
		first, last          int64
	}
	seen := make(map[key]int)
	var out [][2]int
	for i, w := range windows {
		if !w.SameAs(w) {
			continue // too little to tell
		}
		k := key{w.Requests, w.Test, w.Live, w.First.UnixNano(), w.Last.UnixNano()}
		if j, ok := seen[k]; ok {
			out = append(out, [2]int{i, j})
			continue
		}
		seen[k] = i
	}
	return out
}
