package main

import (
	"encoding/csv"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/internal/plural"
	"github.com/rakmigrate/rakmigrate/permissions"
)

type catalogOptions struct {
	Format string // table | json | csv | markdown
	Stats  bool
}

func newCatalogCmd(f *Factory) *cobra.Command {
	opts := &catalogOptions{}
	cmd := &cobra.Command{
		Use:   "catalog",
		Short: "Print the permission catalog: every API operation and the permission it needs",
		Long: `catalog prints every Stripe API operation rakmigrate knows with the restricted-key
permission it needs, where that mapping comes from (documented by Stripe, observed
in real 403s, derived from a rule, or a user override), whether the permission is
Direct (cannot authorise Connect calls), and the operations nobody can map yet.

--stats prints counts by provenance and resolution, and the unresolved list.`,
		Example: `  rakmigrate catalog --format markdown > PERMISSIONS.md
  rakmigrate catalog --stats
  rakmigrate catalog --format json --catalog-overrides ours.yaml`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return catalogRun(f, opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Format, "format", "table", "table, json, csv or markdown")
	fl.BoolVar(&opts.Stats, "stats", false, "print counts by provenance and resolution, and the unresolved operations")
	fl.String("catalog-overrides", "", "YAML file extending the permission catalog")
	return cmd
}

// catalogRow is one operation as the catalog command prints it.
type catalogRow struct {
	Method     string `json:"method"`
	Template   string `json:"template"`
	Permission string `json:"permission"`
	Label      string `json:"label"`
	Group      string `json:"group"`
	Resolution string `json:"resolution"`
	Provenance string `json:"provenance"`
	Direct     bool   `json:"direct"`
	Note       string `json:"note"`
}

func catalogRun(f *Factory, opts *catalogOptions) error {
	switch opts.Format {
	case "table", "json", "csv", "markdown":
	default:
		return usageError("--format %q: want table, json, csv or markdown", opts.Format)
	}
	cat, err := loadCatalog(f)
	if err != nil {
		return err
	}
	rows := catalogRows(cat.Operations())
	if opts.Stats {
		return catalogPrintStats(f.IO.Out, opts.Format, catalogStatsOf(rows))
	}
	switch opts.Format {
	case "json":
		return writeJSON(f.IO.Out, rows)
	case "csv":
		return catalogCSV(f.IO.Out, rows)
	case "markdown":
		return catalogMarkdown(f.IO.Out, rows)
	}
	return catalogTable(f.IO.Out, rows)
}

func catalogRows(ops []permissions.Operation) []catalogRow {
	rows := make([]catalogRow, 0, len(ops))
	for _, op := range ops {
		r := catalogRow{
			Method: op.Method, Template: op.Template, Resolution: string(op.Resolution),
			Provenance: string(op.Provenance), Direct: op.Direct, Note: op.Note,
		}
		if op.Resolution == permissions.Resolved {
			in := permissions.Describe(op.Permission)
			r.Permission, r.Label, r.Group = in.Name, in.Label, in.Group
		}
		rows = append(rows, r)
	}
	return rows
}

func catalogYesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func catalogTable(w io.Writer, rows []catalogRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "METHOD\tTEMPLATE\tPERMISSION\tLABEL\tPROVENANCE\tDIRECT")
	for _, r := range rows {
		perm, label := r.Permission, r.Label
		if r.Resolution != string(permissions.Resolved) {
			perm, label = r.Resolution, "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.Method, r.Template, perm, label, r.Provenance, catalogYesNo(r.Direct))
	}
	return tw.Flush()
}

var catalogColumns = []string{"method", "template", "permission", "label", "group", "resolution", "provenance", "direct", "note"}

func (r catalogRow) fields() []string {
	return []string{r.Method, r.Template, r.Permission, r.Label, r.Group, r.Resolution, r.Provenance, catalogYesNo(r.Direct), r.Note}
}

func catalogCSV(w io.Writer, rows []catalogRow) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(catalogColumns); err != nil {
		return err
	}
	for _, r := range rows {
		if err := cw.Write(r.fields()); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// catalogMDEscape keeps a cell inside its Markdown table column.
var catalogMDEscape = strings.NewReplacer("|", `\|`, "\n", " ", "<", "&lt;", ">", "&gt;")

func catalogMarkdown(w io.Writer, rows []catalogRow) error {
	fmt.Fprintln(w, "| Method | Template | Permission | Dashboard label | Provenance | Direct | Note |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
	for _, r := range rows {
		perm := "`" + r.Permission + "`"
		if r.Resolution != string(permissions.Resolved) {
			perm = "*" + r.Resolution + "*"
		}
		fmt.Fprintf(w, "| %s | `%s` | %s | %s | %s | %s | %s |\n", r.Method, r.Template, perm,
			catalogMDEscape.Replace(r.Label), r.Provenance, catalogYesNo(r.Direct), catalogMDEscape.Replace(r.Note))
	}
	return nil
}

// catalogStats is what --stats prints (the JSON shape).
type catalogStats struct {
	Operations   int            `json:"operations"`
	ByProvenance map[string]int `json:"by_provenance"`
	ByResolution map[string]int `json:"by_resolution"`
	Permissions  int            `json:"permissions"` // distinct permission names emitted
	Unresolved   []catalogRow   `json:"unresolved"`
}

func catalogStatsOf(rows []catalogRow) catalogStats {
	s := catalogStats{Operations: len(rows), ByProvenance: map[string]int{}, ByResolution: map[string]int{}, Unresolved: []catalogRow{}}
	names := map[string]bool{}
	for _, r := range rows {
		s.ByProvenance[r.Provenance]++
		s.ByResolution[r.Resolution]++
		if r.Resolution == string(permissions.Resolved) {
			names[r.Permission] = true
		} else {
			s.Unresolved = append(s.Unresolved, r)
		}
	}
	s.Permissions = len(names)
	return s
}

func catalogSortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func catalogPrintStats(w io.Writer, format string, s catalogStats) error {
	switch format {
	case "json":
		return writeJSON(w, s)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"kind", "value", "count"})
		_ = cw.Write([]string{"total", "operations", fmt.Sprint(s.Operations)})
		_ = cw.Write([]string{"total", "permissions", fmt.Sprint(s.Permissions)})
		for _, k := range catalogSortedKeys(s.ByProvenance) {
			_ = cw.Write([]string{"provenance", k, fmt.Sprint(s.ByProvenance[k])})
		}
		for _, k := range catalogSortedKeys(s.ByResolution) {
			_ = cw.Write([]string{"resolution", k, fmt.Sprint(s.ByResolution[k])})
		}
		cw.Flush()
		if err := cw.Error(); err != nil {
			return err
		}
		fmt.Fprintln(w)
		return catalogCSV(w, s.Unresolved)
	case "markdown":
		fmt.Fprintf(w, "**%s**, %d distinct permissions.\n\n", plural.Count(s.Operations, "operation"), s.Permissions)
		fmt.Fprintln(w, "| Provenance | Operations |\n|---|---|")
		for _, k := range catalogSortedKeys(s.ByProvenance) {
			fmt.Fprintf(w, "| %s | %d |\n", k, s.ByProvenance[k])
		}
		fmt.Fprintln(w, "\n| Resolution | Operations |\n|---|---|")
		for _, k := range catalogSortedKeys(s.ByResolution) {
			fmt.Fprintf(w, "| %s | %d |\n", k, s.ByResolution[k])
		}
		fmt.Fprintf(w, "\n### Unresolved (%d)\n\n", len(s.Unresolved))
		return catalogMarkdown(w, s.Unresolved)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "operations\t%d\n", s.Operations)
	fmt.Fprintf(tw, "permissions\t%d\n", s.Permissions)
	for _, k := range catalogSortedKeys(s.ByProvenance) {
		fmt.Fprintf(tw, "provenance %s\t%d\n", k, s.ByProvenance[k])
	}
	for _, k := range catalogSortedKeys(s.ByResolution) {
		fmt.Fprintf(tw, "resolution %s\t%d\n", k, s.ByResolution[k])
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nunresolved (%d):\n", len(s.Unresolved))
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, r := range s.Unresolved {
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", r.Method, r.Template, r.Resolution, r.Note)
	}
	return tw.Flush()
}
