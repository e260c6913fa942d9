package logparse

import (
	"reflect"
	"testing"
	"time"
)

// TestWindowMergeIsAdd: counting a stream in parts and merging the parts in
// order gives what counting it whole gives, whatever the cut.
func TestWindowMergeIsAdd(t *testing.T) {
	live, test := true, false
	at := func(s int64) time.Time { return time.Unix(1767225600+s, 0).UTC() }
	reqs := []Request{
		{Time: at(5), Livemode: &test},
		{},
		{Time: at(2), Livemode: &live},
		{Time: at(9)},
		{Time: at(2), Livemode: &test},
		{Livemode: &live},
	}
	var whole Window
	for i := range reqs {
		whole.Add(&reqs[i])
	}
	want := Window{Requests: 6, First: at(2), Last: at(9), Test: 2, Live: 2}
	if whole != want {
		t.Fatalf("Add: %+v, want %+v", whole, want)
	}
	for cut := 0; cut <= len(reqs); cut++ {
		var a, b Window
		for i := range reqs[:cut] {
			a.Add(&reqs[i])
		}
		for i := range reqs[cut:] {
			b.Add(&reqs[cut+i])
		}
		a.Merge(b)
		if a != whole {
			t.Errorf("cut at %d: %+v, want %+v", cut, a, whole)
		}
	}
}

// TestCopies: an input counting the same requests over the same span as an
// earlier one is taken for its copy; a span that differs by an instant, a
// different count or test/live split, or too little to tell is not.
func TestCopies(t *testing.T) {
	t0 := time.Date(2026, 3, 4, 10, 15, 2, 0, time.UTC)
	w := Window{Requests: 8, First: t0, Last: t0.Add(time.Hour), Test: 8}
	later := w
	later.Last = later.Last.Add(time.Nanosecond)
	live := w
	live.Test, live.Live = 7, 1
	one := Window{Requests: 1, First: t0, Last: t0}
	untimed := Window{Requests: 8, Test: 8}
	inZone := w
	inZone.First, inZone.Last = w.First.In(time.FixedZone("CET", 3600)), w.Last.In(time.FixedZone("CET", 3600))
	got := Copies([]Window{w, later, live, one, one, untimed, untimed, inZone, w})
	want := [][2]int{{7, 0}, {8, 0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Copies = %v, want %v", got, want)
	}
}
