// Package capped keeps rows per key in bounded memory, and keeps the same
// rows however the input was split between the goroutines that counted it.
//
// A Map holds at most Max keys: those whose hash is smallest (a bottom-k
// sample). Which keys those are depends only on the set of keys seen, not on
// their order, so maps filled by different workers and then merged keep
// exactly the rows one map fed the whole input would, with exact counts: a
// key is refused or evicted only when Max keys with smaller hashes have been
// seen, and then it is not among the final Max either. What is not kept is
// counted in Dropped.
package capped

import (
	"container/heap"
	"hash/fnv"
	"iter"
	"strings"
)

// Map is a bounded map from string keys to rows of type V.
type Map[V any] struct {
	max     int
	weight  func(*V) int // how many records a row counts, for Dropped
	rows    map[string]*entry[V]
	byHash  hashHeap[V] // largest hash first: the next to go
	dropped int
}

type entry[V any] struct {
	key  string
	hash uint64
	row  *V
}

// New returns an empty map of at most max keys; weight tells how many
// records a row counts when it is evicted.
func New[V any](max int, weight func(*V) int) *Map[V] {
	return &Map[V]{max: max, weight: weight, rows: map[string]*entry[V]{}}
}

// Row returns key's row, made by mk when key is new. It returns nil when the
// map does not keep key: count the record with Drop. key may be borrowed
// (point into a buffer that is reused): the map keeps a copy.
func (m *Map[V]) Row(key string, mk func() *V) *V {
	if e := m.rows[key]; e != nil {
		return e.row
	}
	h := hash(key)
	if !m.makeRoom(h, key) {
		return nil
	}
	e := &entry[V]{key: strings.Clone(key), hash: h, row: mk()}
	m.add(e)
	return e.row
}

// makeRoom makes room for a key of hash h, evicting the largest hash; false
// when h is the largest and the map is full.
func (m *Map[V]) makeRoom(h uint64, key string) bool {
	if m.max <= 0 {
		return false
	}
	if len(m.rows) >= m.max {
		top := m.byHash[0]
		if h > top.hash || h == top.hash && key > top.key {
			return false
		}
		heap.Pop(&m.byHash)
		delete(m.rows, top.key)
		m.dropped += m.weight(top.row)
	}
	return true
}

func (m *Map[V]) add(e *entry[V]) {
	m.rows[e.key] = e
	heap.Push(&m.byHash, e)
}

// Drop counts n records whose row the map did not keep.
func (m *Map[V]) Drop(n int) { m.dropped += n }

// Dropped is how many records were counted in no kept row.
func (m *Map[V]) Dropped() int { return m.dropped }

// Len is the number of rows kept.
func (m *Map[V]) Len() int { return len(m.rows) }

// Merge adds o's rows to m: add folds a row of o into m's row for the same
// key. o must not be used afterwards (its rows may be taken over).
func (m *Map[V]) Merge(o *Map[V], add func(dst, src *V)) {
	m.dropped += o.dropped
	for key, e := range o.rows {
		if mine := m.rows[key]; mine != nil {
			add(mine.row, e.row)
			continue
		}
		if m.makeRoom(e.hash, key) {
			m.add(e)
		} else {
			m.dropped += m.weight(e.row)
		}
	}
}

// All yields the kept rows, in no particular order.
func (m *Map[V]) All() iter.Seq2[string, *V] {
	return func(yield func(string, *V) bool) {
		for key, e := range m.rows {
			if !yield(key, e.row) {
				return
			}
		}
	}
}

// hash is FNV-1a: fixed, so the rows kept are the same from run to run.
func hash(key string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(key))
	return h.Sum64()
}

// hashHeap orders entries largest hash first (ties: largest key first).
type hashHeap[V any] []*entry[V]

func (h hashHeap[V]) Len() int { return len(h) }
func (h hashHeap[V]) Less(i, j int) bool {
	if h[i].hash != h[j].hash {
		return h[i].hash > h[j].hash
	}
	return h[i].key > h[j].key
}
func (h hashHeap[V]) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *hashHeap[V]) Push(x any)   { *h = append(*h, x.(*entry[V])) }
func (h *hashHeap[V]) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
