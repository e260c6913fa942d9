package migrate

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/secrets"
)

// IngestOptions tune how Ingest reads logs.
type IngestOptions struct {
	Format   string         // force a log format (--input-format); "" sniffs
	Location *time.Location // zone of tail-text times (--tz); nil = local
	// DateOrder reads tables' slashed dates (--date-order); the zero value
	// decides per column from the data.
	DateOrder logparse.DateOrder
	MaxLine   int       // longest record (--max-line); 0 = default
	Strict    bool      // the first malformed record is fatal (--strict)
	Stdin     io.Reader // what "-" reads
	SplitBy   SplitBy   // keep one aggregate per group (propose --split-by)
	// Now is the clock for dates a log writes without a year (syslog);
	// nil = time.Now.
	Now func() time.Time
	// OnProblem hears about malformed records that were skipped (not strict).
	OnProblem func(error)
}

// IngestProgress reports reading progress (for a progress line or the wizard).
type IngestProgress struct {
	Input    string // the input being read
	Format   string // its format, "" until known (set when reading ends)
	Requests int    // requests read so far, all inputs
	Skipped  int    // malformed records skipped so far, all inputs
	Problem  string // the latest malformed record, in plain words (redacted)
	Bytes    int64  // bytes read so far, all inputs
	Total    int64  // bytes in all inputs; 0 when unknown (stdin)
	Done     bool   // every input is read
}

// Ingest reads every log named by args (files, globs, directories, .gz, "-"
// for stdin) and aggregates the requests with the catalog. It is the one
// place that reads logs for propose, iterate, check and the wizard.
//
// The usage's Sources say what each input held. A malformed record is
// skipped and reported through OnProblem (fatal with Strict); errors name
// the file and line.
func Ingest(ctx context.Context, args []string, c Catalog, opt IngestOptions, progress func(IngestProgress)) (*Usage, error) {
	inputs, err := logparse.Expand(args)
	if err != nil {
		return nil, errorf("%w", err)
	}
	return IngestInputs(ctx, inputs, c, opt, progress)
}

// IngestInputs is Ingest on inputs already expanded (the wizard resolves
// them as the user types).
func IngestInputs(ctx context.Context, inputs []logparse.Input, c Catalog, opt IngestOptions, progress func(IngestProgress)) (*Usage, error) {
	u := NewSplitUsage(c, opt.SplitBy)
	// The byte count arrives from logparse's reading goroutines while
	// requests arrive on this one: p is shared, so guarded.
	var mu sync.Mutex
	var p IngestProgress
	report := func() {
		if progress != nil {
			progress(p)
		}
	}
	format, err := logparse.ParseFormat(opt.Format)
	if err != nil {
		return nil, errorf("%w", err)
	}
	so := logparse.ScanOptions{
		Options: logparse.Options{Format: format, Location: opt.Location, DateOrder: opt.DateOrder, MaxLine: opt.MaxLine, Now: opt.Now},
		Stdin:   opt.Stdin,
		Strict:  opt.Strict,
		OnProblem: func(pe *logparse.ParseError) {
			msg := secrets.Redact(pe.Error())
			mu.Lock()
			defer mu.Unlock()
			p.Skipped++
			p.Problem = msg
			if opt.OnProblem != nil {
				opt.OnProblem(redacted(pe, msg))
			}
			report()
		},
	}
	if progress != nil {
		so.Progress = func(done, total int64) {
			mu.Lock()
			defer mu.Unlock()
			p.Bytes, p.Total = done, total
			report()
		}
	}
	stats, err := logparse.Scan(ctx, inputs, so, func(r logparse.Request) error {
		u.Add(r)
		if progress != nil {
			mu.Lock()
			p.Requests++
			p.Input = r.Pos.File
			mu.Unlock()
		}
		return nil
	})
	for _, st := range stats {
		u.AddSource(SourceInfo{Path: st.Input, Format: string(st.Format), Requests: st.Requests, Skipped: st.Skipped,
			First: st.First.UTC(), Last: st.Last.UTC(), Test: st.Test, Live: st.Live, ClientKey: st.ClientKey, Dashboard: st.Dashboard})
	}
	if err != nil {
		return u, errorf("%w", err)
	}
	mu.Lock()
	defer mu.Unlock()
	p.Done = true
	if len(stats) > 0 {
		p.Format = string(stats[len(stats)-1].Format)
	}
	report()
	return u, nil
}
