package migrate

import (
	"sort"
	"strings"
	"time"

	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/secrets"
)

// SplitBy says how --split-by groups traffic into one key per group.
type SplitBy string

const (
	SplitNone      SplitBy = "none"
	SplitIP        SplitBy = "ip"
	SplitUserAgent SplitBy = "user-agent"
	SplitSource    SplitBy = "source" // the input the request came from (one log per service)
)

// ParseSplitBy reads the --split-by value.
func ParseSplitBy(s string) (SplitBy, error) {
	switch SplitBy(s) {
	case "", SplitNone:
		return SplitNone, nil
	case SplitIP, SplitUserAgent, SplitSource:
		return SplitBy(s), nil
	}
	return "", errorf("--split-by %q: want none, ip, user-agent or source", s)
}

// Bounds that keep memory flat however large the logs are: past them, new
// distinct values are counted but not remembered one by one.
const (
	maxIPs        = 1024
	maxUnmapped   = 4096
	maxAccounts   = 4096
	maxUserAgents = 64
	maxDenials    = 4096
	maxGroups     = 256
)

// Usage aggregates requests: per operation, counts by status class, first and
// last seen, source IPs, Connect traffic; the 403s; the unmapped requests.
// Add is the only way in; memory stays bounded by the number of distinct
// operations, not requests.
type Usage struct {
	cat     Catalog
	splitBy SplitBy
	all     *tally
	groups  map[string]*tally
	// groupOverflow counts requests of groups past maxGroups (kept in all only).
	groupOverflow int
	messages      denialMemo

	// Sources are the inputs read, filled by Ingest (or AddSource).
	Sources []SourceInfo
}

// NewUsage starts an empty aggregate that maps requests with c.
func NewUsage(c Catalog) *Usage { return NewSplitUsage(c, SplitNone) }

// NewSplitUsage is NewUsage that also keeps one aggregate per group.
func NewSplitUsage(c Catalog, by SplitBy) *Usage {
	if by == "" {
		by = SplitNone
	}
	return &Usage{cat: c, splitBy: by, all: newTally(), groups: map[string]*tally{}}
}

// AddSource records an input that was read.
func (u *Usage) AddSource(s SourceInfo) { u.Sources = append(u.Sources, s) }

// Add folds one request into the aggregate.
func (u *Usage) Add(r logparse.Request) {
	look := u.lookup(r)
	u.all.add(r, look)
	if u.splitBy == SplitNone {
		return
	}
	key := groupKey(u.splitBy, r)
	t, ok := u.groups[key]
	if !ok {
		if len(u.groups) >= maxGroups {
			u.groupOverflow++
			return
		}
		t = newTally()
		u.groups[key] = t
	}
	t.add(r, look)
}

func groupKey(by SplitBy, r logparse.Request) string {
	var k string
	switch by {
	case SplitIP:
		k = r.SourceIP
	case SplitUserAgent:
		k = r.UserAgent
	case SplitSource:
		k = r.Pos.File
	}
	if k == "" {
		return "unknown"
	}
	return k
}

// lookedUp is the catalog's answer for one request.
type lookedUp struct {
	match  permissions.Match
	mapped bool // an operation matched and its permission is known
	found  bool // an operation matched at all
	// path is what an unmatched request is listed under: its path with
	// the ids written {id} when the catalog can tell them.
	path string
	// denied: a refusal for lack of permission (isPermissionDenial); text
	// is what its message says, nil when it has none.
	denied bool
	text   *readDenial
}

func (u *Usage) lookup(r logparse.Request) lookedUp {
	var text *readDenial
	if r.IsDenial() && r.Error != nil && r.Error.Message != "" {
		text = u.messages.read(r.Error.Message)
	}
	look := u.lookupOperation(r)
	look.text = text
	look.denied = isPermissionDenial(r, text)
	return look
}

func (u *Usage) lookupOperation(r logparse.Request) lookedUp {
	if r.Method == "" || r.Path == "" || u.cat == nil {
		return lookedUp{}
	}
	p := r.Path
	if r.Query != "" {
		p += "?" + r.Query
	}
	m, ok := u.cat.Lookup(r.Method, p)
	look := lookedUp{match: m, found: ok, mapped: ok && m.Operation.Resolution == permissions.Resolved && m.Operation.Permission.Resource != ""}
	if g, can := u.cat.(generalizer); can && !ok {
		look.path = g.Generalize(r.Path)
	}
	return look
}

// Requests is the number of requests added.
func (u *Usage) Requests() int { return u.all.Requests }

// Window is the first and last request time seen (zero when no request had a time).
func (u *Usage) Window() (first, last time.Time) { return u.all.First, u.all.Last }

// Groups lists the split groups, sorted; nil without --split-by.
func (u *Usage) Groups() []string {
	var out []string
	for k := range u.groups {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Operations lists the operations seen, most called first.
func (u *Usage) Operations() []OpUsage { return u.all.operations() }

// Unmapped lists the requests no catalog operation resolves, most seen first.
func (u *Usage) Unmapped() []UnmappedEntry { return u.all.unmappedEntries(u.cat) }

// OpUsage is the aggregate of one operation.
type OpUsage struct {
	Method   string
	Template string // catalog template, or the raw path when unmapped
	Match    permissions.Match
	Mapped   bool
	Count    int            // every request
	Proof    int            // requests that prove the call is made (not 401/403)
	Denied   int            // 403s
	Statuses map[string]int // "2xx", "4xx", … → count
	First    time.Time
	Last     time.Time
	Connect  int // with a Stripe-Account header
	// Expand holds the read permissions expand[] parameters added.
	Expand []permissions.Permission
	// Inputs, IPs, Origins (API, DASHBOARD…) and UserAgents seen, each capped
	// at maxPerOp distinct values (the rest counted in Overflow).
	Inputs, IPs, Origins, UserAgents []string
	Overflow                         int
	// ExpandUnknown lists expand[] values whose target the catalog cannot
	// tell ("value: why"): the key may need a read it cannot name.
	ExpandUnknown []string
	// LastRequest is the id of the latest request, for evidence.
	LastRequest string
}

// Operation is "POST /v1/payment_intents".
func (o OpUsage) Operation() string { return o.Method + " " + o.Template }

// tally is the aggregate of one group of traffic.
type tally struct {
	logparse.Window // requests, first and last time, test and live
	ops             map[opKey]*OpUsage
	unmapped        map[string]*unmappedUsage
	unmappedOvf     int
	ips             map[string]*IPSeen
	ipOverflow      int
	accounts        map[string]struct{}
	connect         int
	userAgents      map[string]int
	denials         map[string]*Observed403
	denialOvf       int
}

type unmappedUsage struct {
	method, path string
	count        int
	last         time.Time
	reason       string
	note         string
	// ok counts 2xx responses: with a restricted key they prove it covers the call.
	ok int
}

func newTally() *tally {
	return &tally{
		ops:        map[opKey]*OpUsage{},
		unmapped:   map[string]*unmappedUsage{},
		ips:        map[string]*IPSeen{},
		accounts:   map[string]struct{}{},
		userAgents: map[string]int{},
		denials:    map[string]*Observed403{},
	}
}

// statusClass turns 404 into "4xx"; 0 (the log did not say) into "unknown".
func statusClass(s int) string {
	if s < 100 || s > 599 {
		return "unknown"
	}
	return statusClasses[s/100]
}

var statusClasses = [...]string{1: "1xx", 2: "2xx", 3: "3xx", 4: "4xx", 5: "5xx"}

// opKey identifies an operation without building a string per request.
type opKey struct{ method, template string }

func (t *tally) add(r logparse.Request, look lookedUp) {
	t.Add(&r)
	t.addIP(r)
	if r.UserAgent != "" {
		if _, ok := t.userAgents[r.UserAgent]; ok || len(t.userAgents) < maxUserAgents {
			t.userAgents[r.UserAgent]++
		}
	}
	if r.Account != "" {
		t.connect++
		if len(t.accounts) < maxAccounts {
			t.accounts[r.Account] = struct{}{}
		}
	}
	if look.denied {
		t.addDenial(r, look)
	}
	if r.Method == "" || r.Path == "" {
		return // a bare denial record (application log): nothing more to learn
	}
	if !look.mapped {
		t.addUnmapped(r, look)
		return
	}
	op := look.match.Operation
	key := opKey{op.Method, op.Template}
	o, ok := t.ops[key]
	if !ok {
		o = &OpUsage{Method: op.Method, Template: op.Template, Match: look.match, Mapped: true, Statuses: map[string]int{}}
		t.ops[key] = o
	}
	o.Count++
	o.Statuses[statusClass(r.Status)]++
	switch {
	case look.denied:
		o.Denied++
	case r.Status == 401:
	default:
		o.Proof++
	}
	if !r.Time.IsZero() {
		if o.First.IsZero() || r.Time.Before(o.First) {
			o.First = r.Time
		}
		if !r.Time.Before(o.Last) {
			o.Last = r.Time
			if r.RequestID != "" {
				o.LastRequest = r.RequestID
			}
		}
	} else if r.RequestID != "" && o.LastRequest == "" {
		o.LastRequest = r.RequestID
	}
	if r.Account != "" {
		o.Connect++
	}
	o.note(&o.Inputs, r.Pos.File)
	o.note(&o.IPs, r.SourceIP)
	o.note(&o.Origins, r.Source)
	o.note(&o.UserAgents, r.UserAgent)
	for _, p := range look.match.Expand {
		if !containsPerm(o.Expand, p) {
			o.Expand = append(o.Expand, p)
		}
	}
	for _, x := range look.match.ExpandUnresolved {
		if len(o.ExpandUnknown) < 16 && !contains(o.ExpandUnknown, x) {
			o.ExpandUnknown = append(o.ExpandUnknown, x)
		}
	}
}

// maxPerOp bounds the distinct values an operation remembers per dimension.
const maxPerOp = 8

// note remembers v in list unless it is empty, known, or the list is full.
func (o *OpUsage) note(list *[]string, v string) {
	if v == "" || contains(*list, v) {
		return
	}
	if len(*list) >= maxPerOp {
		o.Overflow++
		return
	}
	*list = append(*list, v)
}

// isPermissionDenial reports whether r is a refusal for lack of permission:
// a 403 (or a bare permission message) whose text, when the log has one, is
// a permission text. A 403 with another text ("account cannot make live
// charges", a blocked IP) is not a permission problem, and still proves the
// call is made.
func isPermissionDenial(r logparse.Request, text *readDenial) bool {
	if !r.IsDenial() {
		return false
	}
	if text == nil || r.Error.Code == "more_permissions_required" {
		return true
	}
	return text.denial.Kind != permissions.DenialNone
}

// readDenial is what a 403 message says, and the message redacted (it
// names a masked key), to keep.
type readDenial struct {
	denial   permissions.Denial
	redacted string
}

// denialMemo reads each distinct 403 message once. A log repeats the same
// few messages, and reading one (ParseDenial, then redacting it) takes
// microseconds: it was a third of propose's time on a log with 1% 403s.
// Past maxDenialMemo messages it still reads them, without remembering.
type denialMemo map[string]*readDenial

const maxDenialMemo = 1024

func (m *denialMemo) read(msg string) *readDenial {
	if rd := (*m)[msg]; rd != nil {
		return rd
	}
	rd := &readDenial{denial: parseDenial(msg), redacted: secrets.Redact(msg)}
	if *m == nil {
		*m = denialMemo{}
	}
	if len(*m) < maxDenialMemo {
		(*m)[strings.Clone(msg)] = rd
	}
	return rd
}

func containsPerm(ps []permissions.Permission, p permissions.Permission) bool {
	for _, q := range ps {
		if q == p {
			return true
		}
	}
	return false
}

func (t *tally) addIP(r logparse.Request) {
	if r.SourceIP == "" {
		return
	}
	s, ok := t.ips[r.SourceIP]
	if !ok {
		if len(t.ips) >= maxIPs {
			t.ipOverflow++
			return
		}
		s = &IPSeen{IP: r.SourceIP}
		t.ips[r.SourceIP] = s
	}
	s.Requests++
	logparse.Widen(&s.FirstSeen, &s.LastSeen, r.Time)
}

func (t *tally) addUnmapped(r logparse.Request, look lookedUp) {
	path := r.Path
	if look.path != "" {
		path = look.path
	}
	key := r.Method + " " + path
	u, ok := t.unmapped[key]
	if !ok {
		if len(t.unmapped) >= maxUnmapped {
			t.unmappedOvf++
			return
		}
		u = &unmappedUsage{method: r.Method, path: path, reason: string(permissions.Unknown)}
		if look.found {
			u.reason = string(look.match.Operation.Resolution)
			u.note = look.match.Operation.Note
			if look.match.Operation.Template != "" {
				u.path = look.match.Operation.Template
				key = r.Method + " " + u.path
				if prev, dup := t.unmapped[key]; dup {
					u = prev
				} else {
					t.unmapped[key] = u
				}
			} else {
				t.unmapped[key] = u
			}
		} else {
			t.unmapped[key] = u
		}
	}
	u.count++
	if r.Status >= 200 && r.Status < 300 {
		u.ok++
	}
	if r.Time.After(u.last) {
		u.last = r.Time
	}
}

func (t *tally) operations() []OpUsage {
	out := make([]OpUsage, 0, len(t.ops))
	for _, o := range t.ops {
		out = append(out, *o)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Operation() < out[j].Operation()
	})
	return out
}

func (t *tally) unmappedEntries(c Catalog) []UnmappedEntry {
	out := make([]UnmappedEntry, 0, len(t.unmapped)+1)
	for _, u := range t.unmapped {
		e := UnmappedEntry{Request: u.method + " " + u.path, Count: u.count, LastSeen: u.last, Reason: u.reason, Note: u.note}
		if e.Reason == string(permissions.Unknown) && c != nil {
			e.Nearest = nearest(c, u.method, u.path)
		}
		if e.Reason == string(permissions.NotGrantable) && e.Note == "" {
			e.Note = "restricted keys cannot make this call: keep it on a separate secret key or change the integration"
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Request < out[j].Request
	})
	if t.unmappedOvf > 0 {
		out = append(out, UnmappedEntry{Request: "(more distinct paths)", Count: t.unmappedOvf, Reason: string(permissions.Unknown),
			Note: "too many distinct unmapped paths to list one by one; run `rakmigrate import` on the logs to see them"})
	}
	return out
}

func (t *tally) ipList() []IPSeen {
	out := make([]IPSeen, 0, len(t.ips))
	for _, s := range t.ips {
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Requests != out[j].Requests {
			return out[i].Requests > out[j].Requests
		}
		return out[i].IP < out[j].IP
	})
	return out
}

// opName renders a request as "POST /v1/refunds", or "" for a bare record.
func opName(method, path string) string {
	if method == "" && path == "" {
		return ""
	}
	return strings.TrimSpace(method + " " + path)
}

type permissionT = permissions.Permission

func earliest(a, b time.Time) time.Time {
	if a.IsZero() || (!b.IsZero() && b.Before(a)) {
		return b
	}
	return a
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
