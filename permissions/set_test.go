package permissions

import (
	"fmt"
	"testing"
)

func TestSetMinimal(t *testing.T) {
	var s Set
	if !s.Add(Permission{"customer", Read}) {
		t.Fatal("first add reported no change")
	}
	if !s.Add(Permission{"customer", Write}) {
		t.Fatal("write over read reported no change")
	}
	if s.Add(Permission{"customer", Read}) {
		t.Fatal("read under write reported a change")
	}
	if got := fmt.Sprint(s.List()); got != "[customer_write]" {
		t.Fatalf("List = %s", got)
	}
	if !s.Allows(Permission{"customer", Read}) || s.Allows(Permission{"charge", Read}) {
		t.Fatal("Allows wrong")
	}
	if s.Add(Permission{}) || s.Add(Permission{"x", None}) {
		t.Fatal("empty permissions must not be added")
	}
}

func TestSetUnionMinus(t *testing.T) {
	a := NewSet(Permission{"customer", Write}, Permission{"charge", Read}, Permission{"plan", Read})
	b := NewSet(Permission{"customer", Read}, Permission{"charge", Write})
	tests := []struct {
		name string
		got  Set
		want string
	}{
		{"union", a.Union(b), "[charge_write customer_write plan_read]"},
		{"a minus b", a.Minus(b), "[customer_write plan_read]"},
		{"b minus a", b.Minus(a), "[charge_write]"},
		{"minus self", a.Minus(a), "[]"},
	}
	for _, tt := range tests {
		if got := fmt.Sprint(tt.got.List()); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.name, got, tt.want)
		}
	}
	if a.Len() != 3 {
		t.Errorf("Len = %d", a.Len())
	}
}

func TestImpliesNeverDropsAPermission(t *testing.T) {
	// checkout_session implies payment_intent_read in Stripe's notes, but the
	// set keeps both: implied notes are information only.
	s := NewSet(Permission{"checkout_session", Write}, Permission{"payment_intent", Read})
	if s.Len() != 2 {
		t.Fatalf("set dropped an implied permission: %v", s.List())
	}
}
