package migrate

import (
	"context"
	"io"
	"time"
)

// IngestOptions tune how Ingest reads logs.
type IngestOptions struct {
	Format   string         // force a log format (--input-format); "" sniffs
	Location *time.Location // zone of tail-text times (--tz); nil = local
	MaxLine  int            // longest record (--max-line); 0 = default
	Strict   bool           // the first malformed record is fatal (--strict)
	Stdin    io.Reader      // what "-" reads
	SplitBy  SplitBy        // keep one aggregate per group (propose --split-by)
	// OnProblem hears about malformed records that were skipped (not strict).
	OnProblem func(error)
}

// IngestProgress reports reading progress (for a progress line or the wizard).
type IngestProgress struct {
	Input    string // the input being read
	Format   string // its detected format, "" until known
	Requests int    // requests read so far in this input
	Skipped  int    // malformed records skipped so far in this input
	Problem  string // the latest malformed record, in plain words
	Done     bool   // the input is finished
}

// Ingest reads every log named by args (files, globs, directories, .gz, "-"
// for stdin) and aggregates the requests with the catalog. It is the one
// place that reads logs for propose, iterate, check and the wizard.
func Ingest(ctx context.Context, args []string, c Catalog, opt IngestOptions, progress func(IngestProgress)) (*Usage, error) {
	return ingest(ctx, args, c, opt, progress)
}
