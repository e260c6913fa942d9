package logparse

import (
	"testing"
	"time"
)

// mapRequest is the reference reading of an object: its tree of values
// (parseObject), then requestFromObject.
func mapRequest(rec []byte, loc *time.Location) (Request, error) {
	obj, err := parseObject(rec)
	if err != nil {
		return Request{}, err
	}
	return requestFromObject(obj, loc)
}

// checkFlatSame holds decodeObject (the flat path where it applies) to
// the map path: the same request, or the same error.
func checkFlatSame(t *testing.T, rec []byte) {
	t.Helper()
	want, wantErr := mapRequest(rec, time.UTC)
	for _, gated := range []bool{false, true} {
		if gated && !fastObjectOK(rec) {
			continue // the gate's promise does not hold
		}
		got, err := decodeObjectGated(rec, time.UTC, gated)
		if (err == nil) != (wantErr == nil) || err != nil && err.Error() != wantErr.Error() {
			t.Fatalf("%s (gated %v): error %v, the map path's %v", rec, gated, err, wantErr)
		}
		if render(got) != render(want) {
			t.Fatalf("%s (gated %v):\n got %s\nwant %s", rec, gated, render(got), render(want))
		}
	}
}

// TestFlatRequestMatchesMap: a flat object reads the same straight from
// the parser as through its map, whatever its members do: synonyms that
// collide, a key repeated, nulls, numbers as written, booleans, a body as
// text, headers and request objects that are not objects, a bad value.
func TestFlatRequestMatchesMap(t *testing.T) {
	for _, rec := range []string{
		`{"method":"POST","path":"/v1/payment_intents","status_code":200,"request_id":"req_1","timestamp":"2026-03-04T10:15:02Z"}`,
		`{"method":"GET","url":"https://api.stripe.com/v1/customers/cus_1","path":"/v1/charges","status":403}`,
		`{"method":"GET","method":"POST","path":"/v1/refunds","path":"/v1/prices"}`,
		`{"method":null,"path":"/v1/refunds","status":null,"created":null}`,
		`{"method":"GET","path":"/v1/prices","status":4.03e2,"created":1772619302.5}`,
		`{"method":"GET","path":"/v1/prices","livemode":true,"status":true}`,
		`{"method":"POST","path":"/v1/refunds","status":403,"body":"{\"error\":{\"message\":\"The provided key 'rk_test_****abc1' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_refund_write' permission would allow this request to continue.\"}}"}`,
		`{"method":"POST","path":"/v1/refunds","status":403,"message":"Having the 'rak_refund_write' permission would allow this request to continue."}`,
		`{"method":"GET","path":"/v1/prices","headers":"x","request":"GET /v1/x","response":7}`,
		`{"method":"GET","path":"/v1/prices","created":"yesterday"}`,
		`{"method":"GET","path":"/v1/prices","status":"abc"}`,
		`{"message":"The provided key 'rk_test_****abc1' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_refund_write' permission would allow this request to continue.","status":403}`,
		`{"timeGenerated":"2026-03-04T10:15:02Z","type":"Http","target":"api.stripe.com","name":"GET /v1/customers","resultCode":"200"}`,
		`{"level":"info","msg":"hello"}`,
		`{}`,
		`{"method":"GET","path":"/v1/prices","error":{"message":"x"}}`,
		`{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9,"j":10,"k":11,"l":12,"m":13,"n":14,"o":15,"p":16,"q":17,"r":18,"s":19,"t":20,"u":21,"v":22,"w":23,"x":24,"y":25,"z":26,"method":"GET","path":"/v1/prices"}`,
		`{"method":"GET","path":"/v1/caf\u00e9","source":"\ud83d\ude00"}`,
	} {
		checkFlatSame(t, []byte(rec))
	}
	// The flat path is the one taken for a flat object naming a request.
	v, err := objectParsers.Get().Parse(`{"method":"GET","path":"/v1/prices","status":200}`)
	if err != nil {
		t.Fatal(err)
	}
	o, _ := v.Object()
	if _, ok, err := flatRequest(o, time.UTC); !ok || err != nil {
		t.Errorf("flatRequest on a flat request object: ok %v, error %v", ok, err)
	}
}

// FuzzFlatRequest holds the flat path to the map path on any object.
func FuzzFlatRequest(f *testing.F) {
	addFixtureObjects(f, "json", "tail-json", "sdk")
	f.Add([]byte(`{"method":"GET","method":"POST","path":"/v1/refunds","status":null}`))
	f.Fuzz(func(t *testing.T, rec []byte) {
		checkFlatSame(t, rec)
	})
}
