package permissions

import "testing"

func TestGeneralize(t *testing.T) {
	c := Default()
	for _, tc := range []struct{ in, want string }{
		{"/v1/widgets/wid_1Nq8aBc", "/v1/widgets/{id}"},
		{"/v1/widgets/wid_9Zx2/parts/prt_77", "/v1/widgets/{id}/parts/{id}"},
		{"https://api.stripe.com/v2/core/events/evt_123?limit=3#x", "/v2/core/events/{id}"},
		{"/v1/customers/cus_ABC/widgets", "/v1/customers/{id}/widgets"},
		{"/v1/widgets/pm_card_visa", "/v1/widgets/pm_card_visa"}, // no digit, no capital: kept
		{"/v1/widgets", "/v1/widgets"},
		{"/v1/countries/US", "/v1/countries/{id}"},
		{"", ""},
		{"/", "/"},
		{"//v1//x9", "//v1//{id}"},
	} {
		if got := c.Generalize(tc.in); got != tc.want {
			t.Errorf("Generalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}
