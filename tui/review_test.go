package tui

import (
	"strings"
	"testing"
)

// reopened is a harness on a proposed manifest, shown on screen.
func reopened(t *testing.T, screen screenID) *harness {
	h := newHarness(t, Options{Manifest: sampleManifest()})
	h.send(gotoMsg{to: screen})
	return h
}

func TestReviewRowsUnmappedFirstWithHint(t *testing.T) {
	h := reopened(t, screenReview)
	h.mustSee("3 permissions from 4 operations", "1 unmapped", "GET /v1/something_new", "nearest: GET /v1/something/{id}",
		"POST /v1/payment_intents", "payment_intent_write", "880", "documented")
	lines := strings.Split(h.view(), "\n")
	var unmapped, busiest int
	for i, l := range lines {
		if strings.Contains(l, "something_new") && unmapped == 0 {
			unmapped = i
		}
		if strings.Contains(l, "POST /v1/payment_intents") {
			busiest = i
		}
	}
	if unmapped == 0 || unmapped > busiest {
		t.Fatalf("unmapped row should come first:\n%s", h.view())
	}
}

func TestReviewFilter(t *testing.T) {
	h := reopened(t, screenReview)
	h.keys("/", "refund")
	h.mustSee("POST /v1/refunds")
	h.mustNotSee("POST /v1/payment_intents ")
	h.keys("enter")
	h.mustSee(`filter "refund": 1 of 5 rows`)
	h.keys("/", "esc")
	h.mustSee("POST /v1/payment_intents")
}

func TestReviewExcludeKeepsReasonAndSaves(t *testing.T) {
	h := reopened(t, screenReview)
	saves := len(h.eng.saves)
	h.keys("/", "refund", "enter", "x", "enter")
	h.mustSee("a reason is kept in the manifest")
	h.keys("refunds go through support's own key", "enter")
	if len(h.eng.excluded) != 1 || h.eng.excluded[0] != "charge_write: refunds go through support's own key" {
		t.Fatalf("excluded: %v", h.eng.excluded)
	}
	if len(h.eng.saves) <= saves {
		t.Fatal("the change was not saved")
	}
	h.mustSee("✗ charge_write", "excluded")
	// Force it back in.
	h.keys("i", "support key retired", "enter")
	if len(h.eng.included) != 1 {
		t.Fatalf("included: %v", h.eng.included)
	}
}

func TestReviewForceInUnmapped(t *testing.T) {
	h := reopened(t, screenReview)
	h.keys("g", "i", "customer_read", "enter", "nearest template needs it", "enter")
	if len(h.eng.included) != 1 || h.eng.included[0] != "customer_read: nearest template needs it" {
		t.Fatalf("included: %v", h.eng.included)
	}
}

func TestReviewExcludeRefusedOnUnmapped(t *testing.T) {
	h := reopened(t, screenReview)
	h.keys("g", "x")
	h.mustSee("only a permission of the key can be excluded")
}

func TestReviewScrollsLongTables(t *testing.T) {
	h := newHarness(t, Options{Manifest: manyOperations(300)})
	h.send(gotoMsg{to: screenReview})
	h.mustSee("POST /v1/op/0000 ")
	h.keys("G")
	h.mustSee("POST /v1/op/0299 ")
	h.mustNotSee("POST /v1/op/0000 ")
	if n := strings.Count(h.view(), "\n") + 1; n != 30 {
		t.Fatalf("frame is %d lines, want 30", n)
	}
}
