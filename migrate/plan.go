package migrate

import (
	"fmt"
	"strings"
	"time"

	"github.com/rakmigrate/rakmigrate/internal/plural"
)

// PlanSchema versions the plan's JSON form.
const PlanSchema = "rakmigrate.dev/plan/v1"

// PlanOptions tune the live-mode plan.
type PlanOptions struct {
	Soak           time.Duration // clean run required since the last change; use DefaultSoak unless told
	AcceptUnmapped bool          // plan although unmapped calls were never confirmed
	Environments   []string      // default: production, staging, qa
	ManifestPath   string        // named in the commands the plan prints
	Now            time.Time
}

// Plan is the live-mode rollout plan. Markdown for people; JSON via its tags.
type Plan struct {
	Schema      string    `json:"schema"`
	Name        string    `json:"name"`
	GeneratedAt time.Time `json:"generated_at"`
	Manifest    string    `json:"manifest"`

	LiveKeyName string           `json:"live_key_name"`
	Permissions []PlanPermission `json:"permissions"`
	Checklist   []ChecklistGroup `json:"checklist"`
	PrefillLink string           `json:"prefill_link"`
	IPAllowlist PlanIPs          `json:"ip_allowlist"`
	Keys        []EnvironmentKey `json:"keys"`
	Storage     []string         `json:"storage"`
	Rollout     []Step           `json:"rollout"`
	Rollback    []Step           `json:"rollback"`
	Exposure    []Step           `json:"if_exposed"`
	Soak        Soak             `json:"soak"`
	Warnings    []string         `json:"warnings,omitempty"`
}

// PlanPermission is one permission of the live key.
type PlanPermission struct {
	Name    string `json:"name"`
	Label   string `json:"label"`
	Connect bool   `json:"connect,omitempty"`
}

// PlanIPs is the allowlist decision.
type PlanIPs struct {
	Apply  bool     `json:"apply"`
	IPs    []string `json:"ips,omitempty"`
	Advice string   `json:"advice"`
}

// EnvironmentKey is one key to create: one per environment, never shared.
type EnvironmentKey struct {
	Environment string `json:"environment"`
	Mode        string `json:"mode"`
	KeyName     string `json:"key_name"`
	PrefillLink string `json:"prefill_link"`
}

// Step is one step of a procedure, with the commands that carry it out.
type Step struct {
	Title    string   `json:"title"`
	Detail   string   `json:"detail"`
	Commands []string `json:"commands,omitempty"`
}

// PlanLive writes the live-mode plan, or refuses with a *GateError listing
// every reason the gate is closed.
func PlanLive(m *Manifest, opt PlanOptions) (*Plan, error) {
	soak, err := CheckGate(m, opt)
	if err != nil {
		return nil, err
	}
	manifest := opt.ManifestPath
	if manifest == "" {
		manifest = "rak-manifest.yaml"
	}
	envs := opt.Environments
	if len(envs) == 0 {
		envs = []string{"production", "staging", "qa"}
	}
	set := m.Granted()
	p := &Plan{Schema: PlanSchema, Name: m.Name, GeneratedAt: opt.Now.UTC(), Manifest: manifest,
		LiveKeyName: m.Name + "-production", Checklist: Checklist(set), Soak: soak}
	p.PrefillLink = PrefillLink(set, p.LiveKeyName, true)
	for _, e := range m.Permissions {
		p.Permissions = append(p.Permissions, PlanPermission{Name: e.Name, Label: e.Label, Connect: e.Connect})
	}
	for _, env := range envs {
		mode := ModeTest
		if env == "production" || env == "prod" {
			mode = ModeLive
		}
		name := m.Name + "-" + env
		p.Keys = append(p.Keys, EnvironmentKey{Environment: env, Mode: mode, KeyName: name, PrefillLink: PrefillLink(set, name, mode == ModeLive)})
	}
	p.IPAllowlist = PlanIPs{Apply: m.IPAllowlist.Stable, Advice: m.IPAllowlist.Advice}
	if m.IPAllowlist.Stable {
		for _, ip := range m.IPAllowlist.Observed {
			p.IPAllowlist.IPs = append(p.IPAllowlist.IPs, ip.IP)
		}
	}
	p.Storage = storageAdvice
	p.Rollout = rolloutSteps(p, manifest)
	p.Rollback = rollbackSteps
	p.Exposure = exposureSteps
	if m.Window.Warning != "" {
		p.Warnings = append(p.Warnings, m.Window.Warning)
	}
	if m.Connect != nil {
		p.Warnings = append(p.Warnings, m.Connect.Advice)
		p.Warnings = append(p.Warnings, m.Connect.Problems...)
	}
	for _, u := range m.Unmapped {
		if u.Confirmed == "" {
			p.Warnings = append(p.Warnings, fmt.Sprintf("accepted without proof: %s (%d×) has no known permission and no test run showed it succeeding", u.Request, u.Count))
		}
	}
	return p, nil
}

var storageAdvice = []string{
	"Keep each key in a secrets manager (AWS Secrets Manager, GCP Secret Manager, Vault, 1Password, Doppler…) and have the service read it at start-up.",
	"Only where no secrets manager exists: an environment variable set by the deploy system, never committed, never printed in logs or CI output.",
	"Never put the key in source, config files, container images, or client-side code; rakmigrate's pre-commit hook (`rakmigrate hook install`) catches sk_/rk_ strings.",
}

func rolloutSteps(_ *Plan, manifest string) []Step {
	return []Step{
		{Title: "Create the live key", Detail: "Open the live prefill link (above), then compare the form with the checklist row by row (the form silently drops names it does not know). Set the IP allowlist as advised. Create one key per environment; never share one."},
		{Title: "Store it", Detail: "Put the key in the secrets manager next to the secret key it replaces, under a new name (e.g. STRIPE_RESTRICTED_KEY)."},
		{Title: "Deploy alongside the old key", Detail: "Ship a build that uses the restricted key while the secret key stays available for a fast switch back (a feature flag or config value, not a code change)."},
		{Title: "Watch for 403s", Detail: "Watch the Dashboard's request logs (Developers → Logs, status 403, filtered on the new key) and your application logs; fold any 403 into the manifest and fix the key the same day.",
			Commands: []string{
				"rakmigrate iterate -m " + manifest + " app.log   # 403 texts from application or SDK logs",
				"rakmigrate check -m " + manifest + " LOGS        # in CI: exit 1 when the logs need a permission the key lacks",
				"stripe logs tail --filter-status-code 403        # test mode: the CLI refuses live-mode tails",
			}},
		{Title: "Cut over", Detail: "After a clean period in production, remove the secret key from the service's configuration and secrets manager entry."},
		{Title: "Roll the old secret key", Detail: "In the Dashboard, roll the secret key with a grace period (e.g. 24 hours to 7 days) so anything still using it shows up in the logs before it stops working."},
		{Title: "Expire it", Detail: "When the grace period ends with no traffic on the old key, let it expire; nothing should hold a full-access secret key any more."},
	}
}

var rollbackSteps = []Step{
	{Title: "Switch back", Detail: "Flip the flag back to the secret key while it is still valid (inside the roll's grace period); this needs no deploy."},
	{Title: "Fix forward", Detail: "Fold the 403s into the manifest (`rakmigrate iterate`), add the permission to the restricted key in the Dashboard, and switch to it again."},
	{Title: "If the secret key has already expired", Detail: "Add the missing permission to the restricted key directly: it takes effect immediately, no new key needed."},
}

var exposureSteps = []Step{
	{Title: "Roll the key immediately", Detail: "In the Dashboard, roll the exposed key with no grace period (expire now) and put the new one in the secrets manager."},
	{Title: "Review its request logs", Detail: "Check the key's request logs in the Dashboard for calls you do not recognise (unknown IPs, endpoints, times) since the exposure."},
	{Title: "Find how it leaked", Detail: "Remove it from wherever it was exposed (repository history, logs, tickets) and add a guard (`rakmigrate scan`, the pre-commit hook)."},
}

// Markdown renders the plan for people.
func (p *Plan) Markdown() string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# Live-mode plan: %s\n\n", p.Name)
	w("Generated %s from `%s`. The key ran clean for %s after its last change (requests from %s to %s, rounds %v); the soak required %s.\n\n",
		p.GeneratedAt.Format(time.RFC3339), p.Manifest, FormatDuration(p.Soak.Clean), p.Soak.CleanFrom.UTC().Format(time.RFC3339),
		p.Soak.CleanUntil.UTC().Format(time.RFC3339), p.Soak.Rounds, FormatDuration(p.Soak.Required))
	if len(p.Warnings) > 0 {
		w("## Warnings\n\n")
		for _, s := range p.Warnings {
			w("- %s\n", s)
		}
		w("\n")
	}
	w("## The live key: `%s`\n\n", p.LiveKeyName)
	w("%s:\n\n| permission | Dashboard label | Connect column |\n|---|---|---|\n", plural.Count(len(p.Permissions), "permission"))
	for _, e := range p.Permissions {
		c := ""
		if e.Connect {
			c = "yes"
		}
		w("| `%s` | %s | %s |\n", e.Name, e.Label, c)
	}
	w("\nPrefill link (live mode):\n\n    %s\n\n", p.PrefillLink)
	w("### Checklist: compare the form with this\n\n")
	for _, g := range p.Checklist {
		w("- **%s**\n", g.Name)
		for _, r := range g.Rows {
			note := ""
			if r.Note != "" {
				note = " — " + r.Note
			}
			w("  - [ ] %s: **%s** (`%s`)%s\n", r.Row, r.Access, r.Permission, note)
		}
	}
	w("\n## IP allowlist\n\n")
	if p.IPAllowlist.Apply {
		w("Set the allowlist to: %s\n\n", "`"+strings.Join(p.IPAllowlist.IPs, "`, `")+"`")
	} else {
		w("No allowlist. ")
	}
	w("%s\n\n", p.IPAllowlist.Advice)
	w("## One key per environment\n\n| environment | mode | key name |\n|---|---|---|\n")
	for _, k := range p.Keys {
		w("| %s | %s | `%s` |\n", k.Environment, k.Mode, k.KeyName)
	}
	w("\n## Where to keep the key\n\n")
	for _, s := range p.Storage {
		w("- %s\n", s)
	}
	steps := func(title string, ss []Step) {
		w("\n## %s\n\n", title)
		for i, s := range ss {
			w("%d. **%s.** %s\n", i+1, s.Title, s.Detail)
			if len(s.Commands) > 0 {
				w("\n   ```sh\n")
				for _, c := range s.Commands {
					w("   %s\n", c)
				}
				w("   ```\n\n")
			}
		}
	}
	steps("Rollout", p.Rollout)
	steps("Rollback", p.Rollback)
	steps("If a key is exposed", p.Exposure)
	return b.String()
}
