package permissions

// LookupOperation is Lookup for hot loops that count requests per operation:
// it copies nothing and allocates nothing. It returns the operation's index
// (0 ≤ i < Len, stable for this catalog, for per-operation tables) and the
// operation itself, shared with the catalog and read-only. The request's
// query is ignored: expand[] permissions need Lookup. ok is false when no
// operation matches, exactly when Lookup's is.
func (c *Catalog) LookupOperation(method, path string) (i int, op *Operation, ok bool) {
	m := methodIndex(method)
	if m < 0 {
		return -1, nil, false
	}
	return c.lookupOperation(m, path)
}

// lookupOperation is LookupOperation for the method with index m.
func (c *Catalog) lookupOperation(m int, path string) (i int, op *Operation, ok bool) {
	// A plain path, as logs nearly always hold, is walked as it is; the
	// walk notices anything else on the way.
	var n int32
	plain := len(path) > 0 && path[0] == '/'
	switch {
	case plain && c.v1[m] != nil && len(path) > 4 && path[:4] == "/v1/":
		// What the root's walk would do: "v1" is a literal child, and a
		// dead end under it has no parameter to fall back on.
		n, plain = c.v1[m].walk(path[3:], m, &plainPathStops)
	case plain:
		n, plain = c.root[m].walk(path, m, &plainPathStops)
	}
	if !plain {
		p, _ := splitRequest(path)
		n = c.root[m].find(p, m)
	}
	if n == 0 {
		return -1, nil, false
	}
	return int(n - 1), &c.ops[n-1], true
}
