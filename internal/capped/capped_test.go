package capped

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"testing"
	"unsafe"
)

type row struct{ count int }

func weight(r *row) int { return r.count }
func add(dst, src *row) { dst.count += src.count }

func count(m *Map[row], key string) {
	if r := m.Row(key, func() *row { return &row{} }); r != nil {
		r.count++
	} else {
		m.Drop(1)
	}
}

func snapshot(m *Map[row]) map[string]int {
	out := map[string]int{}
	for k, r := range m.All() {
		out[k] = r.count
	}
	return out
}

// TestSplitMergeKeepsTheSameRows: however the records are dealt out to
// workers, merging their maps gives exactly the map one worker fed all of
// them gets: the same keys, the same counts, the same Dropped.
func TestSplitMergeKeepsTheSameRows(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for trial := range 200 {
		max := rnd.IntN(12)
		keys := 1 + rnd.IntN(40)
		records := make([]string, rnd.IntN(400))
		for i := range records {
			// Skewed: some keys are common, most are rare.
			records[i] = fmt.Sprintf("k%d", min(rnd.IntN(keys), rnd.IntN(keys)))
		}
		whole := New(max, weight)
		for _, k := range records {
			count(whole, k)
		}
		workers := 1 + rnd.IntN(4)
		parts := make([]*Map[row], workers)
		for i := range parts {
			parts[i] = New(max, weight)
		}
		for _, k := range records {
			count(parts[rnd.IntN(workers)], k)
		}
		merged := New(max, weight)
		for _, p := range parts {
			merged.Merge(p, add)
		}
		if got, want := snapshot(merged), snapshot(whole); !maps.Equal(got, want) || merged.Dropped() != whole.Dropped() {
			t.Fatalf("trial %d (max %d, %d workers): merged %v dropped %d, whole %v dropped %d",
				trial, max, workers, got, merged.Dropped(), want, whole.Dropped())
		}
		kept := 0
		for _, n := range snapshot(whole) {
			kept += n
		}
		if kept+whole.Dropped() != len(records) || whole.Len() > max {
			t.Fatalf("trial %d: %d kept + %d dropped != %d records, or %d rows > max %d",
				trial, kept, whole.Dropped(), len(records), whole.Len(), max)
		}
	}
}

// TestUnderTheCapEverythingIsKept: a map never full drops nothing.
func TestUnderTheCapEverythingIsKept(t *testing.T) {
	m := New(3, weight)
	for _, k := range []string{"a", "b", "a", "c", "c", "c"} {
		count(m, k)
	}
	if got := snapshot(m); !maps.Equal(got, map[string]int{"a": 2, "b": 1, "c": 3}) || m.Dropped() != 0 {
		t.Errorf("got %v, dropped %d", got, m.Dropped())
	}
}

// TestRowKeepsItsOwnKey: a key that points into a buffer reused for the
// next record (logparse.ScanWorkers' strings) is copied, not kept.
func TestRowKeepsItsOwnKey(t *testing.T) {
	m := New(4, weight)
	buf := []byte("alpha")
	count(m, unsafe.String(&buf[0], len(buf)))
	copy(buf, "omega")
	if got := snapshot(m); !maps.Equal(got, map[string]int{"alpha": 1}) {
		t.Errorf("after the buffer was reused the map holds %v", got)
	}
}
