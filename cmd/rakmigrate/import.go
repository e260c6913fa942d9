package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"runtime/debug"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/internal/capped"
	"github.com/rakmigrate/rakmigrate/internal/plural"
	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/secrets"
)

// importMemoryLimit is the Go heap size import asks the collector to stay under.
const importMemoryLimit = 40 << 20

// importMaxRows bounds the unmapped operations and the 403 messages import
// lists, so memory stays flat when a log calls an endpoint the catalog lacks
// with ids it cannot recognise, or holds a different 403 message per record.
// Past it, records are counted but not listed (internal/capped chooses which
// rows stay, the same ones however the input was split between workers).
// A variable for tests.
var importMaxRows = 1000

func newImportCmd(f *Factory) *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "import FILE...",
		Short: "Read request logs and show which API operations the key calls",
		Long: `Read request logs and show what they hold: totals, each input (format,
requests, malformed records skipped, first and last time, test/live), and the
requests grouped by operation (method + path template from the permission
catalog; paths the catalog does not know are listed as unmapped).

FILE may be a file, a glob, a directory (read recursively) or - for stdin;
.gz files are decompressed. Each input's format is detected on its own:
` + importFormatHelp() + `
A malformed record is skipped, counted and reported on stderr as
file:line:col; --strict stops at the first one. An input that yields no
request at all is an error.`,
		Example: `  rakmigrate import logs/tail.jsonl
  stripe logs tail --format JSON | rakmigrate import -
  rakmigrate import --format json 'exports/*.csv' har/ > usage.json`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runImport(cmd.Context(), f, args, format)
		},
	}
	fl := cmd.Flags()
	fl.String("input-format", "", "force one log format for every input: "+importFormatNames()+" (default: detect)")
	fl.String("tz", "", "time zone of tail-text times, an IANA name like Europe/Paris (default: this machine's)")
	fl.String("date-order", "", dateOrderUsage)
	fl.Int("max-line", 0, "longest line or record accepted, in bytes (default 1048576)")
	fl.Bool("strict", false, "stop at the first malformed record")
	fl.StringVar(&format, "format", "table", "output format: table, json or csv")
	return cmd
}

func importFormatHelp() string {
	var b strings.Builder
	for _, fm := range logparse.Formats() {
		fmt.Fprintf(&b, "  %-10s %s\n", fm, fm.About())
	}
	return b.String()
}

func importFormatNames() string {
	names := make([]string, 0, len(logparse.Formats()))
	for _, fm := range logparse.Formats() {
		names = append(names, string(fm))
	}
	return strings.Join(names, ", ")
}

// importOutput is what import prints; --format json prints it as it is.
type importOutput struct {
	Requests   int               `json:"requests"`
	Skipped    int               `json:"skipped"`
	NotSent    int               `json:"not_sent,omitempty"` // of the skipped: requests never made
	Denied     int               `json:"denied"`
	Inputs     []importInput     `json:"inputs"`
	Operations []importOperation `json:"operations"`
	Denials    []importDenial    `json:"denials,omitempty"`
	// Past importMaxRows distinct rows: records counted in Requests but in
	// no row of Operations (unmapped) or Denials.
	UnlistedUnmapped int `json:"unlisted_unmapped_requests,omitempty"`
	UnlistedDenials  int `json:"unlisted_denial_records,omitempty"`
}

type importInput struct {
	Input    string     `json:"input"`
	Format   string     `json:"format"`
	Requests int        `json:"requests"`
	Skipped  int        `json:"skipped"`
	NotSent  int        `json:"not_sent,omitempty"` // of the skipped: logged but never sent (a HAR entry without a response)
	First    *time.Time `json:"first,omitempty"`
	Last     *time.Time `json:"last,omitempty"`
	Test     int        `json:"test"`
	Live     int        `json:"live"`
	// ClientKey counts requests left out for being made with a
	// publishable or ephemeral key (logparse.Stats.ClientKey).
	ClientKey int `json:"client_key_left_out,omitempty"`
	// Dashboard counts requests left out for being made by a person in the
	// Dashboard, not with a key (logparse.Stats.Dashboard).
	Dashboard int `json:"dashboard_left_out,omitempty"`
	// Unread says why a file found in a directory was skipped (not a
	// log, empty, unreadable…): it was listed, not read.
	Unread string `json:"unread,omitempty"`
	// CopyOf names an earlier input that counts the same requests over the
	// same span (logparse.Copies): the same log given twice, whose
	// requests are counted twice.
	CopyOf   string   `json:"copy_of,omitempty"`
	Problems []string `json:"problems,omitempty"`
}

type importOperation struct {
	Method     string `json:"method"`
	Path       string `json:"path"` // the catalog template when mapped, else the raw path
	Count      int    `json:"count"`
	Denied     int    `json:"denied"` // of which 403s
	Mapped     bool   `json:"mapped"`
	Permission string `json:"permission,omitempty"`
	// Example is one raw path of an unmapped row whose ids Path writes as
	// {id} (permissions.Catalog.Generalize): the first in byte order.
	Example string `json:"example,omitempty"`
}

// importDenial is a 403 message found without a method or path (SDK and
// application logs).
type importDenial struct {
	Message string `json:"message"`
	Count   int    `json:"count"`
	First   string `json:"first"` // file:line of the first occurrence
	// Kind and Permissions are what the message asks for
	// (permissions.ParseDenial): "specific" with the names it gives,
	// "generic", "not_grantable", "connect_missing"; Reading says it in
	// words for the table.
	Kind        string   `json:"kind"`
	Permissions []string `json:"permissions,omitempty"`
	Reading     string   `json:"-"`
}

// importDenialReading reads a bare 403 message, so that a reader sees the
// permission without parsing Stripe's sentence.
func importDenialReading(message string) importDenial {
	d := permissions.ParseDenial(message)
	out := importDenial{Kind: string(d.Kind)}
	for _, p := range d.Permissions {
		out.Permissions = append(out.Permissions, p.String())
	}
	switch {
	case d.Kind == permissions.DenialSpecific && len(out.Permissions) == 1:
		out.Reading = "asks for " + out.Permissions[0]
	case d.Kind == permissions.DenialSpecific && len(out.Permissions) > 1:
		out.Reading = "asks for one of " + strings.Join(out.Permissions, ", ")
	case d.Kind == permissions.DenialNotGrantable:
		out.Reading = "no permission allows it: restricted keys cannot make this call"
	case d.Kind == permissions.DenialConnectMissing:
		out.Reading = "asks for the key's Connect permissions"
	default:
		out.Reading = "names no permission"
	}
	return out
}

func runImport(ctx context.Context, f *Factory, args []string, format string) error {
	switch format {
	case "table", "json", "csv":
	default:
		return usageError("--format %q: use table, json or csv", format)
	}
	opts, err := importOptions(f)
	if err != nil {
		return err
	}
	inputs, err := logparse.Expand(args)
	if err != nil {
		return withExit(ExitError, err)
	}
	cat, err := loadCatalog(f)
	if err != nil {
		return withExit(ExitError, err)
	}
	skipped := &skippedNotes{w: f.IO.ErrOut, prefix: "warning: "}
	if !opts.Strict { // strict: the run stops on it, and says it once as the error
		opts.OnProblem = func(pe *logparse.ParseError) { skipped.show(pe) }
	}
	if f.Getenv("GOMEMLIMIT") == "" {
		// Import streams: what it holds is a few chunks and one row per
		// operation. A soft limit keeps the collector from letting garbage
		// pile up to twice that, so peak RSS stays flat (64 MiB budget).
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
	}
	bar := newProgressBar(f, "reading")
	opts.Progress = bar.Update
	// One aggregate per decoding goroutine (the catalog is read-only), merged
	// once the inputs are read.
	var parts []*importAggregate
	stats, scanErr := logparse.ScanWorkers(ctx, inputs, opts, func() func(*logparse.Request) error {
		a := newImportAggregate(cat)
		parts = append(parts, a)
		return a.add
	})
	agg := mergeImportAggregates(cat, parts, stats)
	bar.Done()
	skipped.done()
	if scanErr != nil {
		if errors.Is(scanErr, context.Canceled) {
			return scanErr
		}
		return withExit(ExitError, fmt.Errorf("%s", secrets.Redact(scanErr.Error())))
	}
	out := agg.output(stats)
	fmt.Fprintf(f.IO.ErrOut, "read %s from %s: %s\n", plural.Count(out.Requests, "request"), plural.Count(len(stats), "input"), importDescribe(stats))
	for _, s := range stats {
		if s.ClientKey > 0 {
			fmt.Fprintf(f.IO.ErrOut, "note: %s: left out %s made with a publishable or ephemeral key (Stripe.js, a mobile SDK): a restricted key replaces only the secret key\n",
				s.Input, plural.Count(s.ClientKey, "request"))
		}
		if s.Dashboard > 0 {
			fmt.Fprintf(f.IO.ErrOut, "note: %s: left out %s made in the Dashboard (a person editing resources there, not an API key): a restricted key does not need them\n",
				s.Input, plural.Count(s.Dashboard, "request"))
		}
	}
	for _, in := range out.Inputs {
		if in.CopyOf != "" {
			fmt.Fprintf(f.IO.ErrOut, "note: %s holds the same %d requests over the same span as %s, so it is likely a copy: both are counted; pass one of them\n",
				in.Input, in.Requests, in.CopyOf)
		}
	}
	switch format {
	case "json":
		e := json.NewEncoder(f.IO.Out)
		e.SetIndent("", "  ")
		e.SetEscapeHTML(false)
		return e.Encode(out)
	case "csv":
		return writeImportCSV(f.IO.Out, out)
	}
	return writeImportTable(f.IO.Out, out)
}

// importNamedInputs is how many inputs the summary on stderr names one by
// one; past it (a directory of logs), it counts them by format, and the
// output lists each.
const importNamedInputs = 8

func importDescribe(stats []logparse.Stats) string {
	if len(stats) <= importNamedInputs {
		return logparse.Describe(stats)
	}
	byFormat := map[string]int{}
	for _, s := range stats {
		fm := string(s.Format)
		if s.Unread != "" || fm == "" {
			fm = "skipped"
		}
		byFormat[fm]++
	}
	formats := slices.Collect(maps.Keys(byFormat))
	sort.Slice(formats, func(i, j int) bool {
		if a, b := byFormat[formats[i]], byFormat[formats[j]]; a != b {
			return a > b
		}
		return formats[i] < formats[j]
	})
	parts := make([]string, len(formats))
	for i, fm := range formats {
		parts[i] = fmt.Sprintf("%d %s", byFormat[fm], fm)
	}
	return strings.Join(parts, ", ") + " (each is listed in the output)"
}

// importOptions turns the settings into scan options.
func importOptions(f *Factory) (logparse.ScanOptions, error) {
	c := f.Config
	if c == nil {
		c = &Config{}
	}
	var o logparse.ScanOptions
	fm, err := logparse.ParseFormat(c.InputFormat)
	if err != nil {
		return o, usageError("--input-format: %v", err)
	}
	o.Format = fm
	if c.TZ != "" {
		loc, err := time.LoadLocation(c.TZ)
		if err != nil {
			return o, usageError("--tz %q: %v (use an IANA zone name such as UTC or Europe/Paris)", c.TZ, err)
		}
		o.Location = loc
	}
	order, err := logparse.ParseDateOrder(c.DateOrder)
	if err != nil {
		return o, usageError("--date-order: %v", err)
	}
	o.DateOrder = order
	if c.MaxLine < 0 {
		return o, usageError("--max-line %d: must be a positive number of bytes", c.MaxLine)
	}
	o.MaxLine = c.MaxLine
	o.Strict = c.Strict
	o.Stdin = f.IO.In
	o.Now = f.Now
	return o, nil
}

// importAggregate counts requests per operation while they stream by; its
// size depends on the number of distinct operations, not on the input.
type importAggregate struct {
	_        [64]byte // one per core, written per record: keep each on its own
	cat      *permissions.Catalog
	memo     *permissions.LookupMemo        // cat's, for this goroutine
	ops      map[importKey]*importOperation // mapped, and requests without a path
	byIndex  []*importOperation             // ops by catalog index: no hashing per request
	unmapped *capped.Map[importOperation]   // by "METHOD path"
	denials  *capped.Map[importDenialCount]
	total    int
	denied   int
	_        [64]byte // cache lines, or the cores slow each other down
}

type importKey struct{ method, path string }

// importDenialCount is an importDenial while counting: where it was first
// seen is kept as a position, so aggregates can be merged by file order.
type importDenialCount struct {
	message string
	count   int
	first   logparse.Position
}

func newImportAggregate(cat *permissions.Catalog) *importAggregate {
	a := &importAggregate{cat: cat, ops: map[importKey]*importOperation{},
		unmapped: capped.New(importMaxRows, func(op *importOperation) int { return op.Count }),
		denials:  capped.New(importMaxRows, func(d *importDenialCount) int { return d.count })}
	if cat != nil {
		a.byIndex = make([]*importOperation, cat.Len())
		a.memo = cat.NewLookupMemo()
	}
	return a
}

// unknownPath stands for a request whose log did not say the path.
const unknownPath = "(unknown path)"

// add counts one request, by the catalog's template when the catalog knows
// the operation. r is borrowed (logparse.ScanWorkers): the strings kept as
// map keys are cloned.
func (a *importAggregate) add(r *logparse.Request) error {
	a.total++
	denied := r.IsDenial()
	if denied {
		a.denied++
	}
	if r.Method == "" {
		a.addDenial(r)
		return nil
	}
	var op *importOperation
	switch {
	case r.Path == "":
		op = a.operation(importKey{r.Method, unknownPath}, nil)
	case a.memo != nil:
		i, known, ok := a.memo.LookupOperation(r.Method, r.Path)
		if !ok {
			a.addUnmapped(r)
			return nil
		}
		// A slice by catalog index, not the map: no hashing per request.
		if op = a.byIndex[i]; op == nil {
			op = a.operation(importKey{r.Method, known.Template}, known)
			a.byIndex[i] = op
		}
	default:
		a.addUnmapped(r)
		return nil
	}
	op.Count++
	if denied {
		op.Denied++
	}
	return nil
}

// addDenial counts a denial that names no request (an SDK or app log line
// holding only Stripe's 403 message), by its message.
func (a *importAggregate) addDenial(r *logparse.Request) {
	msg := ""
	if r.Error != nil {
		msg = r.Error.Message
	}
	d := a.denials.Row(msg, func() *importDenialCount {
		return &importDenialCount{message: strings.Clone(msg), first: importClonePos(r.Pos)}
	})
	if d == nil {
		a.denials.Drop(1)
		return
	}
	if r.Pos.File == d.first.File && r.Pos.Line < d.first.Line {
		// Chunks come out of order: keep the earliest.
		d.first = importClonePos(r.Pos)
	}
	d.count++
}

// addUnmapped counts a request whose operation the catalog does not know,
// under its path with the ids written {id}: one row per endpoint, not one
// per object.
func (a *importAggregate) addUnmapped(r *logparse.Request) {
	path := r.Path
	if a.cat != nil {
		path = a.cat.Generalize(r.Path)
	}
	op := a.unmapped.Row(r.Method+" "+path, func() *importOperation {
		return &importOperation{Method: strings.Clone(r.Method), Path: strings.Clone(path)}
	})
	if op == nil {
		a.unmapped.Drop(1)
		return
	}
	op.Count++
	if r.IsDenial() {
		op.Denied++
	}
	if !strings.Contains(op.Path, permissions.IDSegment) {
		return
	}
	if raw := importRawPath(r.Path); op.Example == "" || raw < op.Example {
		op.Example = strings.Clone(raw)
	}
}

// importRawPath is a request's path as an example: without a query, which
// may carry personal data (a search) and is not part of the operation.
func importRawPath(p string) string {
	p, _, _ = strings.Cut(p, "?")
	p, _, _ = strings.Cut(p, "#")
	return p
}

// operation finds or makes the row for key; known is the catalog's
// operation, nil when unmapped.
func (a *importAggregate) operation(key importKey, known *permissions.Operation) *importOperation {
	if op := a.ops[key]; op != nil {
		return op
	}
	key = importKey{strings.Clone(key.method), strings.Clone(key.path)}
	op := &importOperation{Method: key.method, Path: key.path, Mapped: known != nil}
	if known != nil && known.Resolution == permissions.Resolved {
		op.Permission = known.Permission.String()
	}
	a.ops[key] = op
	return op
}

func importClonePos(p logparse.Position) logparse.Position {
	p.File = strings.Clone(p.File)
	return p
}

// mergeImportAggregates sums the per-worker aggregates. Where a denial was
// first seen is the earliest position in input order (stats lists the inputs
// in the order read), then by line, then column: the same answer whichever
// worker saw it.
func mergeImportAggregates(cat *permissions.Catalog, parts []*importAggregate, stats []logparse.Stats) *importAggregate {
	order := make(map[string]int, len(stats))
	for i, s := range stats {
		if _, ok := order[s.Input]; !ok {
			order[s.Input] = i
		}
	}
	before := func(x, y logparse.Position) bool {
		if ox, oy := order[x.File], order[y.File]; ox != oy {
			return ox < oy
		}
		if x.Line != y.Line {
			return x.Line < y.Line
		}
		return x.Column < y.Column
	}
	all := newImportAggregate(cat)
	for _, p := range parts {
		all.total += p.total
		all.denied += p.denied
		for k, op := range p.ops {
			if mine := all.ops[k]; mine != nil {
				mine.Count += op.Count
				mine.Denied += op.Denied
			} else {
				all.ops[k] = op
			}
		}
		all.unmapped.Merge(p.unmapped, func(mine, op *importOperation) {
			mine.Count += op.Count
			mine.Denied += op.Denied
			if mine.Example == "" || op.Example != "" && op.Example < mine.Example {
				mine.Example = op.Example
			}
		})
		all.denials.Merge(p.denials, func(mine, d *importDenialCount) {
			mine.count += d.count
			if before(d.first, mine.first) {
				mine.first = d.first
			}
		})
	}
	return all
}

func (a *importAggregate) output(stats []logparse.Stats) importOutput {
	out := importOutput{Requests: a.total, Denied: a.denied, Inputs: []importInput{}, Operations: []importOperation{}}
	for _, s := range stats {
		in := importInput{Input: s.Input, Format: string(s.Format), Requests: s.Requests, Skipped: s.Skipped, NotSent: s.NotSent, Test: s.Test, Live: s.Live,
			ClientKey: s.ClientKey, Dashboard: s.Dashboard, Unread: s.Unread}
		if !s.First.IsZero() {
			first, last := s.First, s.Last
			in.First, in.Last = &first, &last
		}
		for _, p := range s.Problems {
			in.Problems = append(in.Problems, p.Error())
		}
		out.Skipped += s.Skipped
		out.NotSent += s.NotSent
		out.Inputs = append(out.Inputs, in)
	}
	windows := make([]logparse.Window, len(stats))
	for i, s := range stats {
		windows[i] = s.Window
	}
	for _, c := range logparse.Copies(windows) {
		out.Inputs[c[0]].CopyOf = stats[c[1]].Input
	}
	for _, op := range a.ops {
		out.Operations = append(out.Operations, *op)
	}
	for _, op := range a.unmapped.All() {
		out.Operations = append(out.Operations, *op)
	}
	out.UnlistedUnmapped, out.UnlistedDenials = a.unmapped.Dropped(), a.denials.Dropped()
	// Most used first; ties in a stable, readable order.
	sort.Slice(out.Operations, func(i, j int) bool {
		x, y := out.Operations[i], out.Operations[j]
		if x.Count != y.Count {
			return x.Count > y.Count
		}
		if x.Path != y.Path {
			return x.Path < y.Path
		}
		return x.Method < y.Method
	})
	for _, d := range a.denials.All() {
		den := importDenialReading(d.message)
		den.Message, den.Count, den.First = d.message, d.count, d.first.String()
		out.Denials = append(out.Denials, den)
	}
	sort.Slice(out.Denials, func(i, j int) bool {
		if out.Denials[i].Count != out.Denials[j].Count {
			return out.Denials[i].Count > out.Denials[j].Count
		}
		return out.Denials[i].First < out.Denials[j].First
	})
	return out
}

func writeImportTable(w io.Writer, out importOutput) error {
	fmt.Fprint(w, plural.Count(out.Requests, "request"))
	if out.Denied > 0 {
		fmt.Fprintf(w, ", %d denied (403)", out.Denied)
	}
	if malformed := out.Skipped - out.NotSent; malformed > 0 {
		fmt.Fprintf(w, ", %s skipped", plural.Count(malformed, "malformed record"))
	}
	if out.NotSent > 0 {
		fmt.Fprintf(w, ", %d never sent (logged without a response) skipped", out.NotSent)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "INPUT\tFORMAT\tREQUESTS\tSKIPPED\tFIRST\tLAST\tTEST\tLIVE")
	var unread []string
	for _, in := range out.Inputs {
		if in.Unread != "" {
			unread = append(unread, in.Input+" ("+in.Unread+")")
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\t%s\t%d\t%d\n", in.Input, in.Format, in.Requests, in.Skipped,
			importTime(in.First), importTime(in.Last), in.Test, in.Live)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if len(unread) > 0 {
		fmt.Fprintf(w, "Not read (found in a directory): %s\n", strings.Join(unread, ", "))
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "COUNT\t403\tMETHOD\tPATH\tPERMISSION")
	unmapped := 0
	for _, op := range out.Operations {
		perm := op.Permission
		if !op.Mapped {
			perm = "(unmapped)"
			if op.Example != "" {
				perm += " e.g. " + op.Example
			}
			unmapped++
		} else if perm == "" {
			perm = "(unknown)"
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\n", op.Count, op.Denied, op.Method, op.Path, perm)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if unmapped > 0 {
		verb := "operations are"
		if unmapped == 1 {
			verb = "operation is"
		}
		fmt.Fprintf(w, "\n%d %s not in the permission catalog (unmapped).\n", unmapped, verb)
	}
	if out.UnlistedUnmapped > 0 {
		fmt.Fprintf(w, "%d more unmapped requests are counted but not listed: more than %d unmapped operations.\n", out.UnlistedUnmapped, importMaxRows)
	}
	if len(out.Denials) > 0 {
		fmt.Fprintln(w, "\n403 messages without a method or path:")
		for _, d := range out.Denials {
			fmt.Fprintf(w, "  %d× %s (%s; first at %s)\n", d.Count, d.Message, d.Reading, d.First)
		}
	}
	if out.UnlistedDenials > 0 {
		fmt.Fprintf(w, "%d more 403 records are counted but not listed: more than %d different messages.\n", out.UnlistedDenials, importMaxRows)
	}
	return nil
}

func importTime(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.Format(time.RFC3339)
}

// writeImportCSV prints the operations table (the list a spreadsheet wants).
func writeImportCSV(w io.Writer, out importOutput) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"method", "path", "count", "denied", "mapped", "permission", "example"})
	for _, op := range out.Operations {
		_ = cw.Write([]string{op.Method, op.Path, strconv.Itoa(op.Count), strconv.Itoa(op.Denied), strconv.FormatBool(op.Mapped), op.Permission, op.Example})
	}
	for _, d := range out.Denials {
		_ = cw.Write([]string{"", "", strconv.Itoa(d.Count), strconv.Itoa(d.Count), "false", "403: " + d.Message, ""})
	}
	cw.Flush()
	return cw.Error()
}
