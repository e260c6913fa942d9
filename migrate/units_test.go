package migrate

import (
	"strings"
	"testing"
	"time"

	"github.com/rakmigrate/rakmigrate/permissions"
)

func TestJudgeIPs(t *testing.T) {
	first := t0
	last := t0.Add(20 * 24 * time.Hour)
	seen := func(ip string, from, to int) IPSeen {
		return IPSeen{IP: ip, Requests: 10, FirstSeen: t0.Add(time.Duration(from) * 24 * time.Hour), LastSeen: t0.Add(time.Duration(to) * 24 * time.Hour)}
	}
	tests := []struct {
		name     string
		ips      []IPSeen
		overflow int
		stable   bool
		advice   string
	}{
		{"none", nil, 0, false, "no source IPs"},
		{"two persistent", []IPSeen{seen("198.51.100.1", 0, 20), seen("198.51.100.2", 1, 19)}, 0, true, "advised"},
		{"one short-lived", []IPSeen{seen("198.51.100.1", 0, 20), seen("203.0.113.9", 4, 5)}, 0, false, "203.0.113.9"},
		{"many", []IPSeen{seen("a", 0, 20), seen("b", 0, 20), seen("c", 0, 20), seen("d", 0, 20), seen("e", 0, 20), seen("f", 0, 20)}, 0, false, "not advised"},
		{"overflowed", []IPSeen{seen("a", 0, 20)}, 2000, false, "2001 source IPs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			j := JudgeIPs(tc.ips, tc.overflow, first, last)
			if j.Stable != tc.stable || !strings.Contains(j.Advice, tc.advice) {
				t.Errorf("stable=%v advice=%q; want %v and %q", j.Stable, j.Advice, tc.stable, tc.advice)
			}
		})
	}
}

func TestPrefillLinkAndChecklist(t *testing.T) {
	set := permissions.NewSet(
		permissions.Permission{Resource: "customer", Access: permissions.Write},
		permissions.Permission{Resource: "plan", Access: permissions.Read},
		permissions.Permission{Resource: "made_up_thing", Access: permissions.Read},
	)
	live := PrefillLink(set, "checkout & co", true)
	want := "https://dashboard.stripe.com/apikeys/create?name=checkout+%26+co&permissions[]=rak_customer_write&permissions[]=rak_made_up_thing_read&permissions[]=rak_plan_read"
	if live != want {
		t.Errorf("live link:\n got %s\nwant %s", live, want)
	}
	if test := PrefillLink(set, "x", false); !strings.HasPrefix(test, "https://dashboard.stripe.com/test/apikeys/create?name=x&") {
		t.Errorf("test link: %s", test)
	}
	groups := Checklist(set)
	var rows []string
	for _, g := range groups {
		for _, r := range g.Rows {
			rows = append(rows, g.Name+"/"+r.Row+"/"+r.Access)
		}
	}
	got := strings.Join(rows, ", ")
	for _, w := range []string{"Core/Customers/Write", "Billing/Prices/Read", notInForm + "/made_up_thing/Read"} {
		if !strings.Contains(got, w) {
			t.Errorf("checklist %q lacks %q", got, w)
		}
	}
	if groups[len(groups)-1].Name != notInForm {
		t.Error("names the form does not know come last, in their own group")
	}
}

func TestCheckDrift(t *testing.T) {
	m := proposeScenario(t)
	u := NewUsage(testCatalog())
	u.Add(req("POST", "/v1/customers", 200, 0))
	u.Add(req("POST", "/v1/refunds", 200, time.Hour))    // charge_write: missing
	u.Add(req("GET", "/v1/prices", 200, 2*time.Hour))    // plan_read: granted
	u.Add(req("GET", "/v1/new_thing", 200, 3*time.Hour)) // unmapped, not in the manifest
	d := CheckDrift(m, u)
	if !d.Drifted() || len(d.Missing) != 1 || d.Missing[0].Permission != "charge_write" || len(d.NewUnmapped) != 1 {
		t.Fatalf("drift = %+v", d)
	}
	if !equalStrings(d.Unused, []string{"payment_intent_write"}) {
		t.Errorf("unused = %v", d.Unused)
	}
	clean := NewUsage(testCatalog())
	clean.Add(req("GET", "/v1/customers/cus_1", 200, 0))
	d = CheckDrift(m, clean)
	if d.Drifted() || !equalStrings(d.Downgradable, []string{"customer_write"}) {
		t.Errorf("reads only: %+v", d)
	}
}

func TestBuildReport(t *testing.T) {
	m := proposeScenario(t)
	all := []permissions.Permission{{Resource: "customer", Access: permissions.Read}, {Resource: "customer", Access: permissions.Write},
		{Resource: "payout", Access: permissions.Read}, {Resource: "payout", Access: permissions.Write}}
	m.Permissions = append(m.Permissions, PermissionEntry{Name: "tax_rate_read", Reason: ReasonOverride, Note: "by hand", Known: true})
	r := BuildReport(m, all)
	verdicts := map[string]string{}
	for _, row := range r.Rows {
		verdicts[row.Permission+" "+row.Label] = row.Verdict
		verdicts[row.Permission] = row.Verdict
	}
	for name, want := range map[string]string{"customer_write": VerdictUsed, "customer_read": VerdictUsed, "payout_write": VerdictUnused,
		"tax_rate_read": VerdictCantKnow, "? GET /v1/mystery": VerdictCantKnow} {
		if verdicts[name] != want {
			t.Errorf("%s: %q, want %q", name, verdicts[name], want)
		}
	}
	if r.Sum.Unused != 2 || !strings.Contains(r.Sum.Summary, "fewer") {
		t.Errorf("totals = %+v", r.Sum)
	}
}

func TestProposeSplitByIP(t *testing.T) {
	u := NewSplitUsage(testCatalog(), SplitIP)
	a, b := req("POST", "/v1/customers", 200, 0), req("GET", "/v1/prices", 200, time.Hour)
	a.SourceIP, b.SourceIP = "198.51.100.1", "198.51.100.2"
	u.Add(a)
	u.Add(b)
	ms, err := ProposeSplit(u, ProposeOptions{Name: "svc"})
	if err != nil || len(ms) != 2 {
		t.Fatalf("%d manifests, %v", len(ms), err)
	}
	if ms[0].Name != "svc-198-51-100-1" || ms[0].Permissions[0].Name != "customer_write" || ms[1].Permissions[0].Name != "plan_read" {
		t.Errorf("split: %s %v / %s %v", ms[0].Name, ms[0].Permissions, ms[1].Name, ms[1].Permissions)
	}
}

func TestExcludeInclude(t *testing.T) {
	m := proposeScenario(t)
	pw := permissions.Permission{Resource: "payment_intent", Access: permissions.Write}
	if err := m.Exclude(pw, "moved to another service"); err != nil {
		t.Fatal(err)
	}
	if m.Granted().Allows(pw) || len(m.Excluded) != 1 || len(m.Excluded[0].Evidence) == 0 {
		t.Fatalf("excluded = %+v", m.Excluded)
	}
	if err := m.Exclude(permissions.Permission{Resource: "customer", Access: permissions.Read}, "x"); err == nil {
		t.Error("excluding read of a write row must say to exclude the write")
	}
	if err := m.Include(pw, "back"); err != nil || !m.Granted().Allows(pw) || len(m.Excluded) != 0 {
		t.Errorf("include back: %v %+v", err, m.Excluded)
	}
}

func TestMergeEqualsOneIngest(t *testing.T) {
	reqs := benchRequests(500)
	whole, a, b := NewUsage(testCatalog()), NewUsage(testCatalog()), NewUsage(testCatalog())
	for i, r := range reqs {
		whole.Add(r)
		if i%2 == 0 {
			a.Add(r)
		} else {
			b.Add(r)
		}
	}
	a.Merge(b)
	mw, _ := Propose(whole, ProposeOptions{Name: "m", Now: t0})
	ma, _ := Propose(a, ProposeOptions{Name: "m", Now: t0})
	bw, _ := mw.Marshal(YAML)
	ba, _ := ma.Marshal(YAML)
	if string(bw) != string(ba) {
		t.Errorf("merged usage proposes differently:\n%s\n---\n%s", bw, ba)
	}
}

func TestCheckDriftOnUnexplained403(t *testing.T) {
	m := proposeScenario(t)
	u := NewUsage(testCatalog())
	u.Add(denial("POST", "/v1/customers", msgGeneric, t0, 1)) // granted, yet refused
	if d := CheckDrift(m, u); !d.Drifted() || len(d.Denied) != 1 {
		t.Errorf("a generic 403 on a granted call is drift: %+v", d)
	}
}

func TestSplitBySourceNamesStayDistinct(t *testing.T) {
	got := groupLabels(SplitSource, []string{"logs/a/usage.jsonl", "logs/b/usage.csv", "logs/c/usage.csv", "logs/checkout.jsonl"})
	names := map[string]bool{}
	for _, l := range got {
		n := groupName("k", l)
		if names[n] {
			t.Errorf("duplicate key name %s in %v", n, got)
		}
		names[n] = true
	}
	if got["logs/checkout.jsonl"] != "checkout" {
		t.Errorf("a unique stem is kept short: %v", got)
	}
}
