package permissions

import (
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
