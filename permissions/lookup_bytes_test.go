package permissions

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestLookupOperationMatchesLookup: for every operation's template (with its
// parameters filled in, with a host and with a query) and for paths nothing
// matches, LookupOperation agrees with Lookup.
func TestLookupOperationMatchesLookup(t *testing.T) {
	c := Default()
	var paths [][2]string
	for _, op := range c.Operations() {
		p := strings.NewReplacer("{", "x_", "}", "").Replace(op.Template)
		paths = append(paths, [2]string{op.Method, p}, [2]string{op.Method, "https://api.stripe.com" + p + "?expand[]=data"},
			[2]string{strings.ToLower(op.Method), p + "/nope"})
	}
	paths = append(paths, [2]string{"PATCH", "/v1/customers"}, [2]string{"GET", ""}, [2]string{"GET", "/v2/nothing/here"})
	mapped := 0
	for _, mp := range paths {
		want, wok := c.Lookup(mp[0], mp[1])
		i, op, ok := c.LookupOperation(mp[0], mp[1])
		if ok != wok {
			t.Fatalf("%s %s: ok %v, Lookup says %v", mp[0], mp[1], ok, wok)
		}
		if !ok {
			if i != -1 || op != nil {
				t.Errorf("%s %s: no match but %d, %v", mp[0], mp[1], i, op)
			}
			continue
		}
		mapped++
		if *op != want.Operation || c.Operations()[i] != want.Operation {
			t.Errorf("%s %s: %+v (index %d), Lookup says %+v", mp[0], mp[1], *op, i, want.Operation)
		}
	}
	if mapped < len(c.Operations()) {
		t.Errorf("only %d of %d lookups matched", mapped, len(c.Operations()))
	}
}

func BenchmarkLookupOperation(b *testing.B) {
	c := Default()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		r := benchMix[i%len(benchMix)]
		c.LookupOperation(r.method, r.path)
	}
}

// BenchmarkLookupOperationRandom looks up the operations of
// scripts/bench-import.sh's log in a random order, with fresh ids: the
// branch predictor cannot learn the mix, as it can benchMix's cycle. An
// import pays about this per request.
func BenchmarkLookupOperationRandom(b *testing.B) {
	benchLookups(b, randomLookupMix(b, benchImportOps), Default().LookupOperation)
}

// benchLookups looks mix up with lookup, in turn.
func benchLookups(b *testing.B, mix [][2]string, lookup func(method, path string) (int, *Operation, bool)) {
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r := mix[i&(len(mix)-1)]
		lookup(r[0], r[1])
	}
}

// benchImportOps are the operations of scripts/bench-import.sh's log; a
// "_" ending a segment stands for an id.
var benchImportOps = []string{"GET /v1/customers/cus_", "POST /v1/payment_intents", "GET /v1/payment_intents/pi_",
	"POST /v1/payment_intents/pi_/confirm", "GET /v1/prices", "POST /v1/customers", "GET /v1/products/prod_",
	"POST /v1/subscriptions", "GET /v1/invoices/in_", "POST /v1/refunds", "GET /v1/customers/search", "POST /v1/checkout/sessions"}

// randomLookupMix draws 65,536 requests from ops in a random order, each
// id fresh, and checks the catalog maps every one.
func randomLookupMix(tb testing.TB, ops []string) [][2]string {
	rnd := rand.New(rand.NewPCG(42, 0))
	const alnum = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	mix := make([][2]string, 1<<16)
	for i := range mix {
		method, path, _ := strings.Cut(ops[rnd.IntN(len(ops))], " ")
		id := make([]byte, 14)
		for k := range id {
			id[k] = alnum[rnd.IntN(len(alnum))]
		}
		if strings.HasSuffix(path, "_") { // the id's prefix ends the path or a segment
			path += string(id)
		} else {
			path = strings.Replace(path, "_/", "_"+string(id)+"/", 1)
		}
		mix[i] = [2]string{method, path}
	}
	c := Default()
	for _, r := range mix {
		if _, _, ok := c.LookupOperation(r[0], r[1]); !ok {
			tb.Fatalf("%s %s: no operation", r[0], r[1])
		}
	}
	return mix
}

// TestLookupOperationNotPlain: a scheme, query or fragment anywhere, in a
// path that matches or one that dead-ends, gives what splitting first gives.
func TestLookupOperationNotPlain(t *testing.T) {
	c := Default()
	for _, base := range []string{"/v1/customers/cus_1", "/v1/payment_intents/pi_1/confirm", "/v1/customers/search", "/v1/no_such_thing/x/y"} {
		for at := 1; at <= len(base); at++ {
			for _, ins := range []string{"?expand[]=x", "#frag", ":x", "://host/v1/prices"} {
				path := base[:at] + ins + base[at:]
				p, _ := splitRequest(path)
				want := c.root[methodIndex("GET")].find(p, methodIndex("GET"))
				i, _, ok := c.LookupOperation("GET", path)
				if got := int32(i + 1); !ok && want != 0 || ok && got != want {
					t.Errorf("%q: LookupOperation gives %d (%v), splitting first gives %d", path, i, ok, want-1)
				}
			}
		}
	}
}
