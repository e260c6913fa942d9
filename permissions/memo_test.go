package permissions

import (
	"strings"
	"testing"
)

// TestLookupMemoMatchesCatalog: a memo answers as LookupOperation does, the
// first time and every time after, for every operation (ids filled in, with
// a host, a query, a lower-case method) and for requests nothing matches.
func TestLookupMemoMatchesCatalog(t *testing.T) {
	c := Default()
	var reqs [][2]string
	for _, op := range c.Operations() {
		p := strings.NewReplacer("{", "x_", "}", "").Replace(op.Template)
		reqs = append(reqs, [2]string{op.Method, p}, [2]string{op.Method, "https://api.stripe.com" + p + "?expand[]=data"},
			[2]string{strings.ToLower(op.Method), p}, [2]string{op.Method, p + "/nope"}, [2]string{op.Method, p + "?limit=3"})
	}
	reqs = append(reqs, [2]string{"PATCH", "/v1/customers"}, [2]string{"GET", ""}, [2]string{"GET", "/"},
		[2]string{"GET", "/v2/nothing/here"}, [2]string{"", "/v1/customers"})
	memo := c.NewLookupMemo()
	for round := range 3 {
		for _, r := range reqs {
			wi, wop, wok := c.LookupOperation(r[0], r[1])
			gi, gop, gok := memo.LookupOperation(r[0], r[1])
			if gi != wi || gop != wop || gok != wok {
				t.Fatalf("round %d, %s %s: memo gives %d %v %v, the catalog %d %v %v", round, r[0], r[1], gi, gop, gok, wi, wop, wok)
			}
		}
	}
}

// TestLookupMemoKeepsOnlyPathsWithoutIDs: once an id-less path is known, a
// lookup of it copies nothing; a path with an id is never kept, so a log of
// ids seen once costs no copy per request.
func TestLookupMemoKeepsOnlyPathsWithoutIDs(t *testing.T) {
	c := Default()
	memo := c.NewLookupMemo()
	fixed := []string{"/v1/customers", "/v1/prices", "/v1/customers/search", "/v1/checkout/sessions"}
	for _, p := range fixed {
		memo.LookupOperation("GET", p)
	}
	if a := testing.AllocsPerRun(100, func() {
		for _, p := range fixed {
			memo.LookupOperation("GET", p)
		}
	}); a != 0 {
		t.Errorf("known id-less paths: %v allocations per round, want 0", a)
	}
	kept := 0
	for _, e := range memo.slots {
		if e.path != "" {
			kept++
		}
	}
	if kept != len(fixed) {
		t.Errorf("%d paths kept, want the %d id-less ones", kept, len(fixed))
	}
	mix := randomLookupMix(t, []string{"GET /v1/customers/cus_", "POST /v1/payment_intents/pi_/confirm", "GET /v1/invoices/in_"})
	n := 0
	if a := testing.AllocsPerRun(10, func() {
		for _, r := range mix[:1000] {
			memo.LookupOperation(r[0], r[1])
		}
		n++
	}); a != 0 {
		t.Errorf("paths with ids: %v allocations per 1000 lookups, want 0", a)
	}
	for _, e := range memo.slots {
		if strings.Contains(e.path, "cus_") || strings.Contains(e.path, "pi_") || strings.Contains(e.path, "in_") {
			t.Errorf("kept %q, a path with an id", e.path)
		}
	}
}

// TestLookupMemoSharedSlot: two id-less paths that share a slot, looked up
// in turn, do not make every lookup copy a path (the first is kept; the
// second is walked), and both get the catalog's answers.
func TestLookupMemoSharedSlot(t *testing.T) {
	c := Default()
	bySlot := map[int]string{}
	var a, b string
	for _, op := range c.Operations() {
		if op.Method != "GET" || strings.Contains(op.Template, "{") {
			continue
		}
		slot := memoSlot(methodIndex("GET"), op.Template)
		if prev, ok := bySlot[slot]; ok {
			a, b = prev, op.Template
			break
		}
		bySlot[slot] = op.Template
	}
	if a == "" {
		t.Skip("no two GET paths share a slot")
	}
	memo := c.NewLookupMemo()
	if allocs := testing.AllocsPerRun(100, func() {
		for _, p := range []string{a, b} {
			wi, _, _ := c.LookupOperation("GET", p)
			if gi, _, _ := memo.LookupOperation("GET", p); gi != wi {
				t.Fatalf("%s: memo gives %d, the catalog %d", p, gi, wi)
			}
		}
	}); allocs != 0 {
		t.Errorf("%s and %s in turn: %v allocations per round, want 0", a, b, allocs)
	}
}

// FuzzLookupMemo: any sequence of requests gets the catalog's answers.
func FuzzLookupMemo(f *testing.F) {
	f.Add("GET", "/v1/customers", "POST", "/v1/customers/cus_1")
	f.Add("get", "/v1/prices?limit=1", "GET", "/v1/prices")
	f.Add("DELETE", "/v1/customers/cus_1/discount", "GET", "https://api.stripe.com/v1/balance")
	c := Default()
	memo := c.NewLookupMemo()
	f.Fuzz(func(t *testing.T, m1, p1, m2, p2 string) {
		for _, r := range [][2]string{{m1, p1}, {m2, p2}, {m1, p1}, {m2, p2}} {
			wi, wop, wok := c.LookupOperation(r[0], r[1])
			gi, gop, gok := memo.LookupOperation(r[0], r[1])
			if gi != wi || gop != wop || gok != wok {
				t.Fatalf("%q %q: memo gives %d %v %v, the catalog %d %v %v", r[0], r[1], gi, gop, gok, wi, wop, wok)
			}
		}
	})
}

// BenchmarkLookupMemoRandom is BenchmarkLookupOperationRandom through a
// memo: what an import pays per request.
func BenchmarkLookupMemoRandom(b *testing.B) {
	benchMemo(b, benchImportOps)
}

// BenchmarkLookupMemoIDs is the memo's worst case: every path holds a
// fresh id, so every lookup passes the memo by. Compare with
// BenchmarkLookupOperationIDs.
func BenchmarkLookupMemoIDs(b *testing.B) {
	benchMemo(b, benchIDOps())
}

func BenchmarkLookupOperationIDs(b *testing.B) {
	benchLookups(b, randomLookupMix(b, benchIDOps()), Default().LookupOperation)
}

func benchIDOps() []string {
	var ops []string
	for _, op := range benchImportOps {
		if strings.Contains(op, "_/") || strings.HasSuffix(op, "_") {
			ops = append(ops, op)
		}
	}
	return ops
}

func benchMemo(b *testing.B, ops []string) {
	benchLookups(b, randomLookupMix(b, ops), Default().NewLookupMemo().LookupOperation)
}
