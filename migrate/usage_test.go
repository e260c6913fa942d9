package migrate

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/permissions"
)

// TestUnmappedByEndpoint: requests to an endpoint the catalog lacks are one
// entry per endpoint, their ids written {id}, not one per object; the
// nearest known template is still offered.
func TestUnmappedByEndpoint(t *testing.T) {
	u := NewUsage(permissions.Default())
	for _, p := range []string{"/v1/customers/cus_1Ab/widgets", "/v1/customers/cus_2Cd/widgets", "/v1/customers/cus_3Ef/widgets", "/v1/widgets/pm_card_visa"} {
		u.Add(logparse.Request{Method: "GET", Path: p, Status: 200})
	}
	var got []string
	for _, e := range u.Unmapped() {
		got = append(got, e.Request+" "+e.Nearest)
		if e.Request == "GET /v1/customers/{id}/widgets" && e.Count != 3 {
			t.Errorf("%s: count %d, want 3", e.Request, e.Count)
		}
	}
	want := []string{"GET /v1/customers/{id}/widgets GET /v1/customers/{customer}", "GET /v1/widgets/pm_card_visa "}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("unmapped:\n%q\nwant\n%q", got, want)
	}
}

// TestDenialMemo: a message is read once and kept redacted; past
// maxDenialMemo distinct messages they are still read right, and the memo
// stops growing.
func TestDenialMemo(t *testing.T) {
	var m denialMemo
	msg := func(i int) string {
		return fmt.Sprintf("The provided key 'rk_test_CANARY%08d' does not have the required permissions for this endpoint on account 'acct_%d'. Having the 'rak_charge_write' permission would allow this request to continue.", i, i)
	}
	for i := range maxDenialMemo + 10 {
		rd := m.read(msg(i))
		if rd.denial.Kind != permissions.DenialSpecific || len(rd.denial.Permissions) != 1 || strings.Contains(rd.redacted, "CANARY") {
			t.Fatalf("message %d: %+v", i, rd)
		}
	}
	if len(m) != maxDenialMemo {
		t.Errorf("memo holds %d messages, want %d", len(m), maxDenialMemo)
	}
	if a, b := m.read(msg(3)), m.read(msg(3)); a != b {
		t.Errorf("a message read twice was parsed twice")
	}
}

// TestDenialsOnAnUnknownEndpointAreOne: 403s on an endpoint the catalog
// lacks are one observed denial per endpoint, however many objects.
func TestDenialsOnAnUnknownEndpointAreOne(t *testing.T) {
	u := NewUsage(permissions.Default())
	msg := "The provided key 'rk_test_****abcd' does not have the required permissions for this endpoint on account 'acct_1'. Having the 'rak_charge_write' permission would allow this request to continue."
	for i := range 50 {
		u.Add(logparse.Request{Method: "POST", Path: fmt.Sprintf("/v1/widgets/wid_%dQ/frob", i), Status: 403, Error: &logparse.APIError{Message: msg}})
	}
	if ds := DenialsFrom(u); len(ds) != 1 || ds[0].Count != 50 {
		t.Fatalf("denials: %d, want one seen 50 times: %+v", len(ds), ds)
	}
}
