package migrate

import (
	"fmt"
	"strings"
	"time"
)

// Gate reasons: why the live-mode plan is refused. Each has a stable code
// (for JSON and scripts) and a message that says what to do.
const (
	GateNoPermissions = "no_permissions"  // the key grants nothing
	GateUnknownNames  = "unknown_names"   // names Stripe's form does not accept
	GateNoRounds      = "no_test_round"   // the key was never tested
	GateUnresolved    = "unresolved_403s" // the latest round left 403s unresolved
	GateUnmapped      = "unmapped"        // calls nobody knows the permission of, not confirmed by a test run
	GateNotTested     = "not_tested_since_change"
	GateNoTimes       = "soak_unmeasurable" // the test logs carry no times
	GateSoak          = "soak_too_short"
	GateLiveMode      = "already_live"
)

// GateReason is one reason the gate is closed.
type GateReason struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Fix     string `json:"fix"`
}

// GateError is PlanLive's refusal: every reason at once, so one read tells
// the user everything that is missing.
type GateError struct {
	Reasons []GateReason `json:"reasons"`
}

func (e *GateError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "the live-mode plan is not ready (%d reason", len(e.Reasons))
	if len(e.Reasons) != 1 {
		b.WriteString("s")
	}
	b.WriteString("):")
	for _, r := range e.Reasons {
		fmt.Fprintf(&b, "\n  - %s\n    → %s", r.Message, r.Fix)
	}
	return b.String()
}

// Has reports whether the refusal includes the reason code.
func (e *GateError) Has(code string) bool {
	for _, r := range e.Reasons {
		if r.Code == code {
			return true
		}
	}
	return false
}

// DefaultSoak is how long the key must run clean after its last change.
const DefaultSoak = 72 * time.Hour

// Soak is the evidence that the key ran clean since its last change.
type Soak struct {
	LastChange time.Time     `json:"last_change"`          // when the last change was recorded
	CleanFrom  time.Time     `json:"clean_from,omitzero"`  // log time the clean run starts
	CleanUntil time.Time     `json:"clean_until,omitzero"` // log time it ends
	Clean      time.Duration `json:"-"`
	Required   time.Duration `json:"-"`
	// CleanFor and RequiredFor render the durations for JSON readers: "4d 1h".
	CleanFor    string `json:"clean_for"`
	RequiredFor string `json:"required"`
	Rounds      []int  `json:"rounds,omitempty"` // clean rounds after the change
}

// CheckGate evaluates the live-mode gate. It returns the soak evidence and a
// *GateError when the gate is closed.
func CheckGate(m *Manifest, opt PlanOptions) (Soak, error) {
	soak := opt.Soak
	if soak < 0 {
		soak = 0
	}
	var rs []GateReason
	add := func(code, msg, fix string) { rs = append(rs, GateReason{Code: code, Message: msg, Fix: fix}) }
	manifest := opt.ManifestPath
	if manifest == "" {
		manifest = "rak-manifest.yaml"
	}
	iterateCmd := "`rakmigrate iterate -m " + manifest + " TEST-RUN-LOGS`"

	if m.Mode == ModeLive {
		add(GateLiveMode, "the manifest is already in live mode", "plan from the test-mode manifest")
	}
	if len(m.Permissions) == 0 {
		add(GateNoPermissions, "the key grants no permission", "propose it from logs: `rakmigrate propose LOG... -o "+manifest+"`")
	}
	var unknown []string
	for _, p := range m.Permissions {
		if !p.Known {
			unknown = append(unknown, p.Name)
		}
	}
	if len(unknown) > 0 {
		add(GateUnknownNames, fmt.Sprintf("%d permission name(s) Stripe's form does not accept: %s", len(unknown), strings.Join(unknown, ", ")),
			"correct or remove them in the manifest; the Dashboard silently ignores unknown names")
	}
	var pending []string
	for _, u := range m.Unmapped {
		if u.Confirmed == "" {
			pending = append(pending, fmt.Sprintf("%s (%d×)", u.Request, u.Count))
		}
	}
	if len(pending) > 0 && !opt.AcceptUnmapped {
		add(GateUnmapped, fmt.Sprintf("%d call(s) with no known permission, not yet seen succeeding with the key: %s", len(pending), strings.Join(pending, ", ")),
			"exercise them in a test run and "+iterateCmd+", or accept the risk with --accept-unmapped")
	}
	// The last change: the latest round that added a permission or left a
	// 403 unresolved (the key did not run clean); before any, the proposal.
	// Order is the rounds' order; times inside a round are log times, never
	// compared with the wall clock (logs may come from any date).
	change := -1
	for i, r := range m.Rounds {
		if len(r.Added) > 0 || len(r.Unresolved) > 0 {
			change = i
		}
	}
	ev := Soak{LastChange: m.CreatedAt, Required: soak}
	var changeLogTime time.Time // when the change's own logs end; zero when unknown
	changeName := "the proposal"
	if change >= 0 {
		ev.LastChange = m.Rounds[change].At
		changeLogTime = m.Rounds[change].ObservedTo
		changeName = fmt.Sprintf("round %d", m.Rounds[change].N)
	}
	if len(m.Rounds) == 0 {
		add(GateNoRounds, "the key has not been tested: no round of 403s is recorded",
			"create the test key (prefill link in the manifest's report), run your tests with it, then "+iterateCmd)
		return ev, gateResult(rs)
	}
	latest := m.Rounds[len(m.Rounds)-1]
	if len(latest.Unresolved) > 0 {
		var what []string
		for _, u := range latest.Unresolved {
			what = append(what, fmt.Sprintf("%s on %s (%d×)", u.Kind, u.Request, u.Count))
		}
		add(GateUnresolved, fmt.Sprintf("round %d left %d 403(s) unresolved: %s", latest.N, len(latest.Unresolved), strings.Join(what, "; ")),
			"follow each one's todo in the manifest, run your tests again, then "+iterateCmd)
	}
	// The soak: the clean rounds after the change, measured by their own
	// request times.
	var timed bool
	var predating []string
	for _, r := range m.Rounds[change+1:] {
		if r.Requests == 0 {
			continue
		}
		if !r.ObservedTo.IsZero() && !changeLogTime.IsZero() && !r.ObservedTo.After(changeLogTime) {
			// Its requests end before those that led to the change: they say
			// nothing about the changed key.
			predating = append(predating, fmt.Sprintf("round %d's requests end %s", r.N, r.ObservedTo.UTC().Format(time.RFC3339)))
			continue
		}
		ev.Rounds = append(ev.Rounds, r.N)
		if r.ObservedTo.IsZero() {
			continue
		}
		timed = true
		from := r.ObservedFrom
		if !changeLogTime.IsZero() && from.Before(changeLogTime) {
			from = changeLogTime
		}
		if ev.CleanFrom.IsZero() || from.Before(ev.CleanFrom) {
			ev.CleanFrom = from
		}
		if r.ObservedTo.After(ev.CleanUntil) {
			ev.CleanUntil = r.ObservedTo
		}
	}
	if timed {
		ev.Clean = ev.CleanUntil.Sub(ev.CleanFrom)
	}
	ev.CleanFor, ev.RequiredFor = FormatDuration(ev.Clean), FormatDuration(soak)
	last := ev.LastChange
	switch {
	case len(ev.Rounds) == 0 && len(predating) > 0:
		add(GateNotTested, fmt.Sprintf("no clean test run since the last change (%s): %s, before the requests of that change (%s)", changeName, strings.Join(predating, ", "), changeLogTime.UTC().Format(time.RFC3339)),
			"run your tests with the updated key and iterate on the new logs: "+iterateCmd)
	case len(ev.Rounds) == 0:
		add(GateNotTested, fmt.Sprintf("no clean test run since the last change (%s, recorded %s)", changeName, last.UTC().Format(time.RFC3339)),
			"update the key in the Dashboard to match the manifest, run your tests, then "+iterateCmd)
	case soak == 0:
	case !timed:
		add(GateNoTimes, "the test logs carry no request times: the soak cannot be measured",
			"iterate on logs with times (`stripe logs tail --format JSON`), or pass --soak 0 to skip the soak knowingly")
	case ev.Clean < soak:
		add(GateSoak, fmt.Sprintf("the key has run clean for %s since the last change (%s); the soak is %s", FormatDuration(ev.Clean), changeName, FormatDuration(soak)),
			fmt.Sprintf("keep testing for %s more, then %s (or pass a shorter --soak)", FormatDuration(soak-ev.Clean), iterateCmd))
	}
	return ev, gateResult(rs)
}

func gateResult(rs []GateReason) error {
	if len(rs) == 0 {
		return nil
	}
	return &GateError{Reasons: rs}
}
