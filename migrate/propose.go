package migrate

import (
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/rakmigrate/rakmigrate/internal/plural"
	"github.com/rakmigrate/rakmigrate/permissions"
)

// ProposeOptions tune a proposal.
type ProposeOptions struct {
	Name string // the key's name; "" gives "rakmigrate"
	// Window is how much time the logs are expected to cover (--window); a
	// shorter observed window gets a warning. 0 means DefaultWindow.
	Window time.Duration
	// Add forces permissions in (reason override); Exclude keeps permissions
	// out (they stay listed under excluded, with their evidence).
	Add     []permissions.Permission
	Exclude []permissions.Permission
	// Now stamps the manifest; zero uses the last request time.
	Now time.Time
}

// DefaultWindow is the window a proposal expects by default: a monthly cycle,
// so month-end invoicing and payouts are in it.
const DefaultWindow = 30 * 24 * time.Hour

// Propose turns usage into the minimal test-mode key. It refuses zero
// requests (ErrNoRequests). With a split usage, use ProposeSplit.
func Propose(u *Usage, opt ProposeOptions) (*Manifest, error) {
	return propose(u, u.all, opt, nil)
}

// ProposeSplit proposes one key per group of a split usage (NewSplitUsage),
// named "<name>-<group>". Without a split it returns Propose's one manifest.
func ProposeSplit(u *Usage, opt ProposeOptions) ([]*Manifest, error) {
	if u.splitBy == SplitNone {
		m, err := Propose(u, opt)
		if err != nil {
			return nil, err
		}
		return []*Manifest{m}, nil
	}
	if u.all.Requests == 0 {
		return nil, ErrNoRequests
	}
	var out []*Manifest
	labels := groupLabels(u.splitBy, u.Groups())
	for _, g := range u.Groups() {
		o := opt
		o.Name = groupName(opt.Name, labels[g])
		m, err := propose(u, u.groups[g], o, &GroupInfo{SplitBy: string(u.splitBy), Value: g})
		if err != nil {
			return nil, fmt.Errorf("group %s: %w", g, err)
		}
		out = append(out, m)
	}
	return out, nil
}

// groupLabels names each group for its key: the file's base name for
// --split-by source (not its path), kept distinct (usage.jsonl and usage.csv
// keep their extensions when their stems collide; a counter breaks any tie).
func groupLabels(by SplitBy, groups []string) map[string]string {
	labels := map[string]string{}
	count := map[string]int{}
	for _, g := range groups {
		l := g
		if by == SplitSource {
			l = strings.TrimSuffix(filepath.Base(g), filepath.Ext(g))
		}
		labels[g] = l
		count[groupName("", l)]++
	}
	used := map[string]bool{}
	for _, g := range groups {
		l := labels[g]
		if count[groupName("", l)] > 1 && by == SplitSource {
			l = filepath.Base(g)
		}
		base := l
		for i := 2; used[groupName("", l)]; i++ {
			l = fmt.Sprintf("%s-%d", base, i)
		}
		used[groupName("", l)] = true
		labels[g] = l
	}
	return labels
}

// groupName makes a key name from a group value: "checkout-203-0-113-7".
func groupName(base, group string) string {
	if base == "" {
		base = "rakmigrate"
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(group) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if s == "" {
		s = "group"
	}
	return base + "-" + s
}

// candidate accumulates the evidence for one resource while proposing.
type candidate struct {
	perm    permissions.Permission
	reasons map[string]bool
	connect bool
	// namedByStripe: a 403 text named this exact permission.
	namedByStripe bool
	notes         []string
	evidence      []Evidence
}

func propose(u *Usage, t *tally, opt ProposeOptions, group *GroupInfo) (*Manifest, error) {
	if t.Requests == 0 {
		return nil, ErrNoRequests
	}
	name := opt.Name
	if name == "" {
		name = "rakmigrate"
	}
	now := opt.Now
	if now.IsZero() {
		now = t.Last
	}
	m := &Manifest{Schema: SchemaV1, Name: name, Mode: ModeTest, CreatedAt: now.UTC(), Group: group}
	m.Sources = append(m.Sources, u.Sources...)

	cands := map[string]*candidate{}
	need := func(p permissions.Permission, reason string) *candidate {
		c, ok := cands[p.Resource]
		if !ok {
			c = &candidate{perm: p, reasons: map[string]bool{}}
			cands[p.Resource] = c
		}
		if p.Access > c.perm.Access {
			c.perm = p
		}
		c.reasons[reason] = true
		return c
	}

	var connectProblems, authOnly, expandUnknown []string
	for _, o := range t.operations() {
		op := o.Match.Operation
		reason := ReasonObserved
		if o.Proof == 0 && o.Denied > 0 {
			reason = Reason403
		}
		if op.Provenance == permissions.Override {
			reason = ReasonOverride // the user's catalog overrides file maps it
		}
		if o.Proof == 0 && o.Denied == 0 {
			// Only 401s (or unknown statuses): nothing proves the call is made
			// with a valid key. Said, not dropped.
			authOnly = append(authOnly, fmt.Sprintf("%s (%d×)", o.Operation(), o.Count))
			continue
		}
		c := need(op.Permission, reason)
		c.evidence = append(c.evidence, evidenceOf(o))
		if o.Connect > 0 {
			c.connect = true
			if op.Direct {
				connectProblems = append(connectProblems, fmt.Sprintf(
					"%s is called on connected accounts (%s with Stripe-Account) but %s is a Direct permission: a restricted key cannot make that call for a connected account",
					o.Operation(), plural.Count(o.Connect, "request"), op.Permission))
			}
		}
		for _, x := range o.ExpandUnknown {
			expandUnknown = append(expandUnknown, o.Operation()+" expand[]="+x)
		}
		for _, x := range o.Expand {
			xc := need(x, ReasonExpand)
			xc.evidence = append(xc.evidence, Evidence{Operation: o.Operation() + " (expand[])", Count: o.Count, LastSeen: o.Last.UTC(), Provenance: string(permissions.Derived)})
		}
	}

	// 403s in the usage logs (a restricted key already in use, or an app log).
	for _, d := range t.denialList() {
		var granted permissions.Set
		for _, c := range cands {
			granted.Add(c.perm)
		}
		p, ok := d.needed(granted)
		if !ok {
			continue // reported through Incomplete below
		}
		c := need(p, Reason403)
		if d.Denial.Kind == permissions.DenialSpecific && c.perm == p {
			c.namedByStripe = true
		}
		if d.Mapped && o403Covered(c, d) {
			continue
		}
		c.evidence = append(c.evidence, Evidence{Operation: orUnknown(d.Operation()), Count: d.Count, LastSeen: d.Last.UTC(),
			Request: d.Request.RequestID, At: d.Request.Pos.String(), Provenance: string(permissions.Observed)})
		if len(d.Denial.Permissions) > 1 {
			c.notes = append(c.notes, "the 403 accepts any of: "+permList(d.Denial.Permissions))
		}
		if d.Request.Account != "" {
			c.connect = true
		}
	}

	for _, p := range opt.Add {
		c := need(p, ReasonOverride)
		c.notes = append(c.notes, "added by hand (--add)")
	}

	excluded := map[string]permissions.Permission{}
	for _, p := range opt.Exclude {
		excluded[p.Resource] = p
	}
	for _, c := range cands {
		e := entryOf(c)
		if x, ok := excluded[c.perm.Resource]; ok && x.Access <= c.perm.Access {
			e.Note = joinNote(e.Note, "excluded by hand (--exclude): requests above will fail with a 403")
			m.Excluded = append(m.Excluded, e)
			continue
		}
		m.Permissions = append(m.Permissions, e)
	}
	sortEntries(m.Permissions)
	sortEntries(m.Excluded)

	m.Unmapped = t.unmappedEntries(u.cat)
	m.Window = judgeWindow(t.First, t.Last, opt.Window)
	m.IPAllowlist = JudgeIPs(t.ipList(), t.ipOverflow, t.First, t.Last)
	if t.connect > 0 {
		m.Connect = &ConnectInfo{Requests: t.connect, Accounts: len(t.accounts), Problems: connectProblems,
			Advice: "grant the permissions marked connect: true in the key's Connect permissions column too; calls with a Stripe-Account header are authorised by that column only"}
	}
	m.Incomplete = incompleteReasons(m, t)
	if len(expandUnknown) > 0 {
		m.Incomplete = append(m.Incomplete, "expand[] targets the catalog cannot tell (the key may need a read for each): "+strings.Join(expandUnknown, "; "))
	}
	if len(authOnly) > 0 {
		m.Incomplete = append(m.Incomplete, "calls seen only with 401 Invalid API Key prove nothing and are not counted (test them with the new key): "+strings.Join(authOnly, ", "))
	}
	return m, nil
}

// o403Covered reports whether the operation's observed evidence already names d.
func o403Covered(c *candidate, d Observed403) bool {
	for _, e := range c.evidence {
		if e.Operation == d.Operation() && e.Request == "" {
			return true // the 403 is already counted in the operation's statuses
		}
	}
	return false
}

func orUnknown(s string) string {
	if s == "" {
		return "(request not in the log)"
	}
	return s
}

func evidenceOf(o OpUsage) Evidence {
	st := make(map[string]int, len(o.Statuses))
	for k, v := range o.Statuses {
		st[k] = v
	}
	return Evidence{Operation: o.Operation(), Count: o.Count, Statuses: st, FirstSeen: o.First.UTC(), LastSeen: o.Last.UTC(),
		Provenance: string(o.Match.Operation.Provenance), Connect: o.Connect,
		Sources: sorted(o.Inputs), IPs: sorted(o.IPs), Origins: sorted(o.Origins), UserAgents: sorted(o.UserAgents)}
}

// reasonOrder is the precedence of reasons when several apply to one permission.
var reasonOrder = []string{ReasonObserved, Reason403, ReasonExpand, ReasonOverride}

func entryOf(c *candidate) PermissionEntry {
	label, known := describe(c.perm)
	e := PermissionEntry{Name: c.perm.String(), Label: label, Known: known, Connect: c.connect}
	for _, r := range reasonOrder {
		if c.reasons[r] {
			e.Reason = r
			break
		}
	}
	switch {
	case !known && c.namedByStripe:
		e.Known = true
		c.notes = append(c.notes, namedByStripeNote)
	case !known:
		c.notes = append(c.notes, "not a name Stripe's key form accepts: check it by hand")
	}
	e.Note = strings.Join(dedupe(c.notes), "; ")
	ev := c.evidence
	sort.SliceStable(ev, func(i, j int) bool {
		if ev[i].Count != ev[j].Count {
			return ev[i].Count > ev[j].Count
		}
		return ev[i].Operation < ev[j].Operation
	})
	e.Evidence = ev
	return e
}

func sortEntries(es []PermissionEntry) {
	sort.Slice(es, func(i, j int) bool { return es[i].Name < es[j].Name })
}

func sorted(ss []string) []string {
	if len(ss) == 0 {
		return nil
	}
	out := append([]string(nil), ss...)
	sort.Strings(out)
	return out
}

func dedupe(ss []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func joinNote(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

func permList(ps []permissions.Permission) string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.String()
	}
	return strings.Join(names, ", ")
}

// judgeWindow warns when the logs cover less time than expected.
func judgeWindow(first, last time.Time, expected time.Duration) Window {
	w := Window{First: first.UTC(), Last: last.UTC()}
	if first.IsZero() {
		w.First, w.Last = time.Time{}, time.Time{}
	}
	if expected <= 0 {
		expected = DefaultWindow
	} else {
		w.Expected = FormatDuration(expected)
	}
	switch {
	case first.IsZero():
		w.Warning = "the logs carry no request times: nobody can tell whether rarely run jobs (month-end invoicing, payouts) are in them"
	case last.Sub(first) < expected:
		w.Warning = fmt.Sprintf("the logs cover %s, less than the %s expected: jobs that run rarely (month-end invoicing, payouts, yearly renewals) may be missing; test them before going live",
			FormatDuration(last.Sub(first)), FormatDuration(expected))
	}
	return w
}

// FormatDuration renders a duration in its largest units: "13d 4h", "5h",
// "45m", "7s" (Duration.String said "45m0s", and rounding to minutes made
// a 7-second log "0s").
func FormatDuration(d time.Duration) string {
	switch {
	case d < time.Minute-time.Second/2:
		return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
	case d < time.Hour-time.Minute/2:
		return fmt.Sprintf("%dm", int(d.Round(time.Minute)/time.Minute))
	case d < time.Hour:
		d = time.Hour
	}
	days := int(d / (24 * time.Hour))
	hours := int((d % (24 * time.Hour)) / time.Hour)
	switch {
	case days == 0:
		return fmt.Sprintf("%dh", hours)
	case hours == 0:
		return fmt.Sprintf("%dd", days)
	}
	return fmt.Sprintf("%dd %dh", days, hours)
}

func incompleteReasons(m *Manifest, t *tally) []string {
	var out []string
	var unknown, notGrantable int
	for _, u := range m.Unmapped {
		if u.Reason == string(permissions.NotGrantable) {
			notGrantable += u.Count
		} else {
			unknown += u.Count
		}
	}
	if unknown > 0 {
		out = append(out, plural.Count(unknown, "request")+" "+plural.Verb(unknown, "maps", "map")+" to no known permission (see unmapped): the key may need more; a test run will show the 403s")
	}
	if notGrantable > 0 {
		out = append(out, plural.Count(notGrantable, "request")+" "+plural.Verb(notGrantable, "calls", "call")+" endpoints restricted keys cannot use (see unmapped)")
	}
	for _, d := range t.denialList() {
		if _, ok := d.needed(permissions.Set{}); !ok {
			out = append(out, fmt.Sprintf("%d× 403 (%s) on %s names no permission", d.Count, kindText(d.Denial.Kind), orUnknown(d.Operation())))
		}
	}
	if m.Connect != nil && len(m.Connect.Problems) > 0 {
		out = append(out, fmt.Sprintf("%d Connect calls need Direct permissions (see connect.problems)", len(m.Connect.Problems)))
	}
	return out
}

func kindText(k permissions.DenialKind) string {
	if k == permissions.DenialNone {
		return "no message"
	}
	return strings.ReplaceAll(string(k), "_", " ")
}
