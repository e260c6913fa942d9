package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/secrets"
)

type lookupOptions struct {
	Format  string // table | json
	Account string // connected account the requests are made for (Connect)
}

func newLookupCmd(f *Factory) *cobra.Command {
	opts := &lookupOptions{}
	cmd := &cobra.Command{
		Use:   "lookup [\"METHOD /path\" ...]",
		Short: "Show the restricted-key permission an API request needs",
		Long: `lookup maps each request to its catalog operation and the permission a restricted
key needs for it, with the Dashboard label, where the mapping comes from
(documented, observed, derived or override) and whether the permission is Direct.

Give requests as arguments, or one per line on stdin (no arguments, or "-").
A request is "METHOD /path", a full URL, or "METHOD /path acct_…" for a call made
on behalf of a connected account. expand[] in the query adds read permissions.`,
		Example: `  rakmigrate lookup "GET /v1/customers/cus_123"
  rakmigrate lookup "GET https://api.stripe.com/v1/charges?expand[]=data.customer" --format json
  printf 'POST /v1/refunds\nGET /v1/account acct_123\n' | rakmigrate lookup`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return lookupRun(f, opts, args)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Format, "format", "table", "table or json")
	fl.StringVar(&opts.Account, "account", "", "treat every request as made for this connected account (Stripe-Account header)")
	fl.String("catalog-overrides", "", "YAML file extending the permission catalog")
	return cmd
}

// lookupRequest is one request to look up, with where it came from.
type lookupRequest struct {
	Input   string
	Method  string
	Path    string
	Account string
}

// lookupResult is what lookup prints for one request (the JSON shape).
type lookupResult struct {
	Input            string             `json:"input"`
	Method           string             `json:"method"`
	Path             string             `json:"path"`
	Account          string             `json:"account,omitempty"`
	Mapped           bool               `json:"mapped"`
	Template         string             `json:"template"`
	Permission       string             `json:"permission"` // plain spelling; "" when unknown or unmapped
	Label            string             `json:"label,omitempty"`
	Group            string             `json:"group,omitempty"`
	Resolution       string             `json:"resolution,omitempty"`
	Provenance       string             `json:"provenance,omitempty"`
	Direct           bool               `json:"direct"`
	ObservedOnly     bool               `json:"observed_only,omitempty"`
	Connect          string             `json:"connect,omitempty"` // connect_column | direct
	Note             string             `json:"note,omitempty"`
	Implies          []string           `json:"implies,omitempty"`
	Expand           []lookupPermission `json:"expand"`
	ExpandUnresolved []string           `json:"expand_unresolved,omitempty"`
	Nearest          string             `json:"nearest,omitempty"`
}

type lookupPermission struct {
	Permission string `json:"permission"`
	Label      string `json:"label"`
}

func lookupRun(f *Factory, opts *lookupOptions, args []string) error {
	if opts.Format != "table" && opts.Format != "json" {
		return usageError("--format %q: want table or json", opts.Format)
	}
	if opts.Account != "" && !strings.HasPrefix(opts.Account, "acct_") {
		return usageError("--account %q: want a connected account id (acct_…)", opts.Account)
	}
	var reqs []lookupRequest
	if len(args) == 0 || (len(args) == 1 && args[0] == "-") {
		var err error
		if reqs, err = lookupReadLines(f.IO.In, "stdin"); err != nil {
			return err
		}
	} else {
		for i, a := range args {
			r, err := lookupParse(a)
			if err != nil {
				return usageError("argument %d: %v", i+1, err)
			}
			reqs = append(reqs, r)
		}
	}
	if len(reqs) == 0 {
		return usageError("no requests: give \"METHOD /path\" arguments or lines on stdin")
	}
	cat, err := loadCatalog(f)
	if err != nil {
		return err
	}
	results := make([]lookupResult, 0, len(reqs))
	for _, r := range reqs {
		if r.Account == "" {
			r.Account = opts.Account
		}
		results = append(results, lookupOne(cat, r))
	}
	if opts.Format == "json" {
		return writeJSON(f.IO.Out, results)
	}
	return lookupTable(f.IO.Out, results)
}

// lookupParse reads "METHOD /path [acct_…]"; the method may be any case.
func lookupParse(s string) (lookupRequest, error) {
	fields := strings.Fields(s)
	if len(fields) < 2 || len(fields) > 3 {
		return lookupRequest{}, fmt.Errorf("%q: want \"METHOD /path\" (optionally followed by a connected account acct_…)", secrets.Redact(s))
	}
	r := lookupRequest{Input: strings.Join(fields, " "), Method: strings.ToUpper(fields[0]), Path: fields[1]}
	if !lookupIsMethod(r.Method) {
		return r, fmt.Errorf("%q: %q is not an HTTP method (want GET, POST or DELETE first)", secrets.Redact(s), secrets.Redact(fields[0]))
	}
	if len(fields) == 3 {
		if !strings.HasPrefix(fields[2], "acct_") {
			return r, fmt.Errorf("%q: the third field must be a connected account (acct_…)", secrets.Redact(s))
		}
		r.Account = fields[2]
	}
	return r, nil
}

func lookupIsMethod(m string) bool {
	for _, known := range []string{"GET", "POST", "DELETE", "PUT", "PATCH", "HEAD", "OPTIONS"} {
		if m == known {
			return true
		}
	}
	return false
}

// lookupMaxLine bounds one stdin line; a request line is far shorter.
const lookupMaxLine = 64 << 10

// lookupReadLines reads one request per line; blank lines and # comments are
// skipped. A bad line is an error naming the source and line.
func lookupReadLines(r io.Reader, name string) ([]lookupRequest, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 4096), lookupMaxLine)
	var out []lookupRequest
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		req, err := lookupParse(text)
		if err != nil {
			return nil, withExit(ExitError, fmt.Errorf("%s:%d: %w", name, line, err))
		}
		out = append(out, req)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, withExit(ExitError, fmt.Errorf("%s:%d: line longer than %d bytes: give one request per line", name, line+1, lookupMaxLine))
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return out, nil
}

func lookupOne(c *permissions.Catalog, r lookupRequest) lookupResult {
	res := lookupResult{Input: secrets.Redact(r.Input), Method: r.Method, Path: secrets.Redact(r.Path), Account: r.Account, Expand: []lookupPermission{}}
	m, ok := c.Lookup(r.Method, r.Path)
	if !ok {
		res.Nearest = c.Nearest(r.Method, r.Path)
		return res
	}
	op := m.Operation
	res.Mapped = true
	res.Template = op.Template
	res.Resolution = string(op.Resolution)
	res.Provenance = string(op.Provenance)
	res.Direct = op.Direct
	res.Note = op.Note
	res.Connect = string(m.Connect(r.Account))
	if op.Resolution == permissions.Resolved {
		in := permissions.Describe(op.Permission)
		res.Permission, res.Label, res.Group = in.Name, in.Label, in.Group
		res.ObservedOnly, res.Implies = in.ObservedOnly, in.Implies
	}
	for _, p := range m.Expand {
		res.Expand = append(res.Expand, lookupPermission{Permission: p.String(), Label: permissions.Describe(p).Label})
	}
	res.ExpandUnresolved = m.ExpandUnresolved
	return res
}

func lookupTable(w io.Writer, results []lookupResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "REQUEST\tTEMPLATE\tPERMISSION\tLABEL\tPROVENANCE\tDIRECT")
	var notes []string
	for _, r := range results {
		direct := "no"
		if r.Direct {
			direct = "yes"
		}
		switch {
		case !r.Mapped:
			hint := "no catalog operation"
			if r.Nearest != "" {
				hint = "nearest: " + r.Nearest
			}
			fmt.Fprintf(tw, "%s\t-\tunmapped\t%s\t-\t-\n", r.Input, hint)
			continue
		case r.Resolution != string(permissions.Resolved):
			fmt.Fprintf(tw, "%s\t%s\t%s\t-\t%s\t%s\n", r.Input, r.Template, r.Resolution, r.Provenance, direct)
			notes = append(notes, fmt.Sprintf("%s: %s: %s", r.Input, r.Resolution, r.Note))
		default:
			label := r.Label
			if r.ObservedOnly {
				label += " (seen only in 403s)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Input, r.Template, r.Permission, label, r.Provenance, direct)
		}
		for _, e := range r.Expand {
			fmt.Fprintf(tw, "  + expand\t\t%s\t%s\tderived\t\n", e.Permission, e.Label)
		}
		for _, u := range r.ExpandUnresolved {
			notes = append(notes, fmt.Sprintf("%s: expand[] %s", r.Input, u))
		}
		switch permissions.ConnectNeed(r.Connect) {
		case permissions.ConnectColumn:
			notes = append(notes, fmt.Sprintf("%s: made for %s: grant %s in the key's Connect column", r.Input, r.Account, lookupOr(r.Permission, "the permission")))
		case permissions.ConnectDirect:
			notes = append(notes, fmt.Sprintf("%s: made for %s, but %s is Direct: it cannot authorise Connect calls", r.Input, r.Account, lookupOr(r.Permission, "its permission")))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(notes) > 0 {
		fmt.Fprintln(w)
		for _, n := range notes {
			fmt.Fprintln(w, "note: "+n)
		}
	}
	return nil
}

func lookupOr(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
