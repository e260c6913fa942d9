package lazyregexp

import "testing"

func TestNew(t *testing.T) {
	re := New(`^a+$`)
	if first, again := re(), re(); first != again {
		t.Error("compiled twice")
	}
	if !re().MatchString("aaa") || re().MatchString("b") {
		t.Error("wrong expression")
	}
	defer func() {
		if recover() == nil {
			t.Error("an invalid expression did not panic on first use")
		}
	}()
	New(`(`)()
}
