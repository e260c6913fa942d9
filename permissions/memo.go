package permissions

import (
	"strings"
	"unsafe"
)

// A LookupMemo is LookupOperation with a memory of the paths that name no
// object: POST /v1/customers, GET /v1/prices, GET /v1/customers/search.
// A log repeats those exact strings over and over (every create, every
// list), and comparing a string is cheaper than walking the catalog's trie
// for it: a walk costs a branch misprediction or two per segment on a log
// whose requests come in no order. Paths with an id are not remembered:
// ids are mostly seen once or a few times, and storing them would cost
// a copy per request.
//
// A memo answers exactly as its catalog's LookupOperation does. It belongs
// to one goroutine (a decoding worker); it is small and never grows.
type LookupMemo struct {
	c     *Catalog
	keep  []bool // by operation: its template has no parameter
	slots [memoSlots]memoEntry
}

// memoSlots is how many paths a memo holds. A log's id-less paths are the
// catalog's list and create endpoints it calls: tens, rarely a hundred.
const memoBits, memoSlots = 8, 1 << memoBits

type memoEntry struct {
	path string // the request's path, exactly; "" for an empty slot
	m    int    // method index
	op   int32  // index+1 into Catalog.ops
}

// NewLookupMemo returns an empty memo for c.
func (c *Catalog) NewLookupMemo() *LookupMemo {
	mm := &LookupMemo{c: c, keep: make([]bool, len(c.ops))}
	for i, op := range c.ops {
		mm.keep[i] = !strings.Contains(op.Template, "{")
	}
	return mm
}

// LookupOperation is c.LookupOperation(method, path).
func (mm *LookupMemo) LookupOperation(method, path string) (i int, op *Operation, ok bool) {
	m := methodIndex(method)
	if m < 0 || path == "" {
		return mm.c.LookupOperation(method, path)
	}
	e := &mm.slots[memoSlot(m, path)]
	// memoSlot mixes the method in, but a slot's path alone does not
	// say which method it was kept for.
	if e.path == path && e.m == m {
		return int(e.op - 1), &mm.c.ops[e.op-1], true
	}
	i, op, ok = mm.c.lookupOperation(m, path)
	// First come, first kept: a slot is never overwritten, so two paths
	// sharing one cannot make every request copy a string.
	if ok && mm.keep[i] && e.path == "" {
		*e = memoEntry{path: strings.Clone(path), m: m, op: int32(i + 1)}
	}
	return i, op, ok
}

// memoSlot places a path by its length and its last eight bytes, without
// hashing it whole: the id-less paths of one API nearly always differ
// there, and a path with an id, which is looked up and not kept, should
// cost as little as possible on its way past.
func memoSlot(m int, path string) int {
	n := len(path)
	var w uint64
	if n >= 8 {
		w = *(*uint64)(unsafe.Add(unsafe.Pointer(unsafe.StringData(path)), n-8))
	} else {
		for i := 0; i < n; i++ {
			w = w<<8 | uint64(path[i])
		}
	}
	h := (w ^ uint64(n)<<56 ^ uint64(m)<<48) * 0x9E3779B97F4A7C15
	return int(h >> (64 - memoBits))
}
