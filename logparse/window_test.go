package logparse

import (
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
