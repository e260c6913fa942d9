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
		if _, _, ok := c.LookupOperation("POST", "/v1/payment_intents/pi_123/confirm"); !ok {
			b.Fatal("no match")
		}
	}
}

// TestPlainRequestPath holds the word-at-a-time check to its definition at
// every offset of each byte that matters.
func TestPlainRequestPath(t *testing.T) {
	for _, c := range []byte{':', '?', '#', '/', 'a', 0, 0x80, 0xff, ';', '>', '"'} {
		for at := 1; at < 20; at++ {
			b := []byte("/" + strings.Repeat("a", 19))
			b[at] = c
			want := c != ':' && c != '?' && c != '#'
			if got := plainRequestPath(string(b)); got != want {
				t.Errorf("%q: %v, want %v", b, got, want)
			}
		}
	}
	for _, s := range []string{"", "v1/customers", "https://api.stripe.com/v1/x"} {
		if plainRequestPath(s) {
			t.Errorf("%q taken for a plain path", s)
		}
	}
}
