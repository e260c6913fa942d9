package permissions

import (
	_ "embed"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
)

// The generated data (see gen/ and rules.yaml). Do not edit by hand: run
// `go generate ./permissions`; TestGeneratedDataIsFresh fails when it drifts.
//
//go:generate go run ./gen -rules rules.yaml -out catalog.tsv -expand-out expand.tsv
//go:embed catalog.tsv
var catalogTSV string

//go:embed expand.tsv
var expandTSV string

// Catalog maps API operations to the permission each needs. It is immutable;
// WithOverrides returns a new one.
type Catalog struct {
	ops       []Operation
	responses []response // parallel to ops: what each operation returns (for expand[])
	root      [numMethods]*node
	// v1 is root's "v1" child per method (nil when none), and the root
	// has no parameter child: nearly every request's path starts "/v1/",
	// and LookupOperation starts there without scanning and finding it.
	v1 [numMethods]*node
	// expand parses expand.tsv on first use: only requests with expand[]
	// need it, and parsing it on every run cost a tenth of a small import.
	expand func() *expansion
	literalSet
}

// response is the schema an operation returns; list is true when it returns
// a list object whose "data" holds the schema.
type response struct {
	schema string
	list   bool
}

// methods the catalog knows; indexes into node.ops.
const numMethods = 3

var methodNames = [numMethods]string{"GET", "POST", "DELETE"}

// methodIndex is m's place in methodNames, in any letter case; -1 for a
// method the catalog does not know. Logs nearly always spell methods in
// capitals: a switch on those constants compiles to a length check and a
// word compare, where the loop below costs a call per name (7% of a lookup
// over a random mix of paths). TestMethodIndex keeps both in step.
func methodIndex(m string) int {
	switch m {
	case "GET":
		return 0
	case "POST":
		return 1
	case "DELETE":
		return 2
	}
	for i, name := range methodNames {
		if strings.EqualFold(m, name) {
			return i
		}
	}
	return -1
}

// node is one segment position of the template trie. Literal children are
// tried before the parameter child, so /v1/customers/search never reads as a
// customer id; ids are never recognised by their shape.
type node struct {
	// litKeys is sorted; litNodes[i] is the child for litKeys[i]. A sorted
	// slice searched by hand beats a map here: most nodes have a handful of
	// children, and no hashing is needed.
	litKeys  []string
	litNodes []*node
	byFirst  *[256][2]uint16 // for big nodes: litKeys[lo:hi] start with byte b
	param    *node
	op       [numMethods]int32 // index+1 into Catalog.ops; 0 = none
}

// child returns the literal child for seg, or nil. Children are sorted, so
// those sharing a first byte are contiguous; big nodes (the /v1 level holds a
// hundred) index those runs by first byte, and a length check skips most
// string compares.
func (n *node) child(seg string) *node {
	if seg == "" {
		return nil
	}
	lo, hi := 0, len(n.litKeys)
	if t := n.byFirst; t != nil {
		// Indexed in place: a copy of the pair went through the stack.
		lo, hi = int(t[seg[0]][0]), int(t[seg[0]][1])
	}
	for i := lo; i < hi; i++ {
		if k := n.litKeys[i]; len(k) == len(seg) && k == seg {
			return n.litNodes[i]
		}
	}
	return nil
}

// bigNode is the child count above which a node indexes its children by
// first byte.
const bigNode = 8

// index builds the first-byte tables of n and its descendants.
func (n *node) index() {
	if len(n.litKeys) > bigNode {
		n.byFirst = new([256][2]uint16)
		for i, k := range n.litKeys {
			r := &n.byFirst[k[0]]
			if r[1] == 0 {
				r[0] = uint16(i)
			}
			r[1] = uint16(i + 1)
		}
	}
	for _, c := range n.litNodes {
		c.index()
	}
	if n.param != nil {
		n.param.index()
	}
}

// addChild returns the literal child for seg, creating it in sorted place.
func (n *node) addChild(seg string) *node {
	if c := n.child(seg); c != nil {
		return c
	}
	i := sort.SearchStrings(n.litKeys, seg)
	c := &node{}
	n.byFirst = nil // stale until index() runs again
	n.litKeys = slices.Insert(n.litKeys, i, seg)
	n.litNodes = slices.Insert(n.litNodes, i, c)
	return c
}

var defaultCatalog = sync.OnceValue(func() *Catalog {
	c, err := parseCatalog(catalogTSV, expandTSV)
	if err != nil {
		panic("permissions: embedded catalog is broken (run go generate ./permissions): " + err.Error())
	}
	return c
})

// Default returns the embedded, generated catalog (parsed once).
func Default() *Catalog { return defaultCatalog() }

// Operations returns a copy of every operation, in catalog order (path, then method).
func (c *Catalog) Operations() []Operation {
	return append([]Operation(nil), c.ops...)
}

// Len is the number of operations.
func (c *Catalog) Len() int { return len(c.ops) }

func newCatalog(ops []Operation, resps []response, ex func() *expansion) (*Catalog, error) {
	c := &Catalog{ops: ops, responses: resps, expand: ex}
	for i := range c.root {
		c.root[i] = &node{}
	}
	for i, op := range ops {
		m := methodIndex(op.Method)
		if m < 0 {
			return nil, fmt.Errorf("%s %s: method must be GET, POST or DELETE", op.Method, op.Template)
		}
		n := c.root[m]
		for seg := range strings.FieldsFuncSeq(op.Template, isSlash) {
			if isParam(seg) {
				if n.param == nil {
					n.param = &node{}
				}
				n = n.param
				continue
			}
			n = n.addChild(seg)
		}
		if prev := n.op[m]; prev != 0 {
			return nil, fmt.Errorf("%s %s: same route as %s", op.Method, op.Template, ops[prev-1].Template)
		}
		n.op[m] = int32(i + 1)
	}
	for m, r := range c.root {
		r.index()
		if r.param == nil {
			c.v1[m] = r.child("v1")
		}
	}
	return c, nil
}

func templateSegments(t string) []string {
	return strings.FieldsFunc(t, isSlash)
}

func isSlash(r rune) bool { return r == '/' }

func isParam(seg string) bool {
	return len(seg) >= 2 && seg[0] == '{' && seg[len(seg)-1] == '}'
}

// Lookup finds the operation for one request. path is "/v1/customers/cus_1",
// optionally with "?query" (expand[] then fills Match.Expand) or a full URL
// (https://api.stripe.com/v1/…, files.stripe.com, meter-events.stripe.com, or
// "api.stripe.com/v1/…" as SDK debug logs print it). It reports false when no
// operation matches. An operation whose Resolution is Unknown or NotGrantable
// is still a match: read Operation.Resolution. A plain path does not allocate.
func (c *Catalog) Lookup(method, path string) (Match, bool) {
	m := methodIndex(method)
	if m < 0 {
		return Match{}, false
	}
	p, query := splitRequest(path)
	i := c.root[m].find(p, m)
	if i == 0 {
		return Match{}, false
	}
	match := Match{Operation: c.ops[i-1]}
	if query != "" && c.expand != nil {
		c.expand().apply(&match, c.responses[i-1], query)
	}
	return match, true
}

// splitRequest strips a scheme and host, and splits off the query and any
// fragment. It allocates nothing.
func splitRequest(s string) (path, query string) {
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
		if j := strings.IndexByte(s, '/'); j >= 0 {
			s = s[j:]
		} else {
			s = "/"
		}
	} else if len(s) > 0 && s[0] != '/' {
		// "api.stripe.com/v1/customers" (stripe-go debug logs): drop the host.
		if j := strings.IndexByte(s, '/'); j > 0 && strings.Contains(s[:j], ".") {
			s = s[j:]
		}
	}
	if i := strings.IndexByte(s, '#'); i >= 0 {
		s = s[:i]
	}
	if i := strings.IndexByte(s, '?'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return s, ""
}

// find walks the trie segment by segment, literals first, backtracking to the
// parameter child when a literal branch dead-ends. Empty segments (trailing
// or doubled slashes) are skipped.
func (n *node) find(path string, m int) int32 {
	op, _ := n.walk(path, m, &pathSeparators)
	return op
}

// Segment tables for walk: 1 ends a segment, 2 means the text is not a
// plain path (a scheme's ':', a query's '?', a fragment's '#').
var pathSeparators, plainPathStops = [256]uint8{'/': 1}, [256]uint8{'/': 1, ':': 2, '?': 2, '#': 2}

// walk is find with the segment table as a parameter. With plainPathStops
// it also checks, in the same pass, that path is plain, and gives up
// (plain false) at the first byte that says otherwise: the caller then
// splits the request and walks again. One pass per request instead of two
// (this runs once per request of a large import).
func (n *node) walk(path string, m int, stops *[256]uint8) (op int32, plain bool) {
	i := 0
	for i < len(path) && path[i] == '/' {
		i++
	}
	if i == len(path) {
		return n.op[m], true
	}
	j := i
	for j < len(path) && stops[path[j]] == 0 {
		j++
	}
	if j < len(path) && stops[path[j]] == 2 {
		return 0, false
	}
	seg, rest := path[i:j], path[j:]
	if next := n.child(seg); next != nil {
		if op, plain := next.walk(rest, m, stops); op != 0 || !plain {
			return op, plain
		}
	}
	if n.param != nil {
		return n.param.walk(rest, m, stops)
	}
	// A dead end may come before a byte that makes the path not plain.
	return 0, stops == &pathSeparators || plainTail(rest, stops)
}

// plainTail reports whether rest holds none of the bytes stops marks 2.
func plainTail(rest string, stops *[256]uint8) bool {
	for i := 0; i < len(rest); i++ {
		if stops[rest[i]] == 2 {
			return false
		}
	}
	return true
}

// Nearest suggests the closest known operation for an unmapped request, as
// "GET /v1/customers/{customer}": the template sharing the longest run of
// leading segments (literal equal or parameter), preferring literal hits, the
// same method, a template matched whole, then the same segment count. "" when nothing shares even the version.
func (c *Catalog) Nearest(method, path string) string {
	p, _ := splitRequest(path)
	segs := templateSegments(p)
	best, bestScore := -1, 0
	for i, op := range c.ops {
		ts := templateSegments(op.Template)
		n := 0
		for n < len(ts) && n < len(segs) && (ts[n] == segs[n] || isParam(ts[n])) {
			n++
		}
		if n == 0 {
			continue
		}
		// A literal hit outranks a parameter hit at the same depth.
		score := n * 8
		for k := 0; k < n; k++ {
			if ts[k] == segs[k] {
				score++
			}
		}
		if strings.EqualFold(op.Method, method) {
			score += 4
		}
		if n == len(ts) {
			score += 3 // the whole template matched: the request extends it
		}
		if len(ts) == len(segs) {
			score++
		}
		if score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 || bestScore < 2*8 {
		return ""
	}
	return c.ops[best].Method + " " + c.ops[best].Template
}
