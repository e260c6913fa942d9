package main

// The log-reading wiring shared by the commands that read request logs
// (propose, iterate, check, demo, the wizard): flags, options from the
// config, the catalog with the user's overrides, and progress.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/logparse"
	"github.com/rakmigrate/rakmigrate/migrate"
	"github.com/rakmigrate/rakmigrate/permissions"
	"github.com/rakmigrate/rakmigrate/secrets"
)

// ingestLogs reads the logs named by args into a Usage, with the catalog it
// used. adjust, when not nil, tunes the options first (e.g. --split-by). On
// an error the Usage read so far may still be returned.
func ingestLogs(ctx context.Context, f *Factory, args []string, adjust func(*migrate.IngestOptions)) (*migrate.Usage, *permissions.Catalog, error) {
	cat, err := loadCatalog(f)
	if err != nil {
		return nil, nil, err
	}
	in, skipped, err := migrateIngestOptions(f)
	if err != nil {
		return nil, nil, err
	}
	if adjust != nil {
		adjust(&in)
	}
	u, err := migrate.Ingest(ctx, args, cat, in, migrateProgress(f))
	skipped.done()
	return u, cat, err
}

// addLogFlags defines the log-reading flags; root binds them to Config.
func addLogFlags(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.String("input-format", "", "force the log format: tail-text, tail-json, csv, json, har, sdk")
	fl.String("tz", "", "time zone of tail-text times (default: local)")
	fl.String("date-order", "", dateOrderUsage)
	fl.Int("max-line", 0, "longest log record in bytes")
	fl.Bool("strict", false, "stop at the first malformed record")
	fl.String("catalog-overrides", "", "YAML file extending the permission catalog")
}

// dateOrderUsage is --date-order's help, for every command that reads logs.
const dateOrderUsage = "slashed dates in tables (04/03/2026): dmy (day first) or mdy (month first) (default: decide per column from the data)"

// migrateStdinCheck refuses "-" when stdin is a terminal: reading would wait
// for typing that never comes.
func migrateStdinCheck(f *Factory, args []string) error {
	for _, a := range args {
		if a == "-" && f.IO.InTTY {
			return usageError("- reads logs from stdin, but stdin is a terminal: pipe them in (e.g. stripe logs tail --format JSON | rakmigrate …)")
		}
	}
	return nil
}

// logReadOptions turns the settings every command that reads logs shares
// (--input-format, --max-line, --strict, --tz, --date-order) into how the
// logs are read: the commands' and the wizard's.
func logReadOptions(f *Factory) (migrate.IngestOptions, error) {
	o := migrate.IngestOptions{Format: f.Config.InputFormat, MaxLine: f.Config.MaxLine, Strict: f.Config.Strict}
	if f.Config.TZ != "" {
		loc, err := time.LoadLocation(f.Config.TZ)
		if err != nil {
			return o, usageError("--tz %q: %v (want an IANA zone such as Europe/Berlin, or UTC)", f.Config.TZ, err)
		}
		o.Location = loc
	}
	order, err := logparse.ParseDateOrder(f.Config.DateOrder)
	if err != nil {
		return o, usageError("--date-order: %v", err)
	}
	o.DateOrder = order
	return o, nil
}

// migrateIngestOptions turns the config into log-reading options, and
// what shows the malformed records they skip.
func migrateIngestOptions(f *Factory) (migrate.IngestOptions, *skippedNotes, error) {
	skipped := &skippedNotes{w: f.IO.ErrOut, prefix: "skipped: "}
	o, err := logReadOptions(f)
	if err != nil {
		return o, skipped, err
	}
	o.Stdin, o.Now = f.IO.In, f.Now
	if !o.Strict { // strict: the run stops on it, and says it once as the error
		o.OnProblem = skipped.show
	}
	return o, skipped, nil
}

// migrateProgress draws a progress bar on a terminal, nothing otherwise.
func migrateProgress(f *Factory) func(migrate.IngestProgress) {
	if !f.IO.ErrTTY {
		return nil
	}
	bar := newProgressBar(f, "reading logs")
	return func(p migrate.IngestProgress) {
		if p.Done {
			bar.Done()
			fmt.Fprintf(f.IO.ErrOut, "read %d requests\n", p.Requests)
			return
		}
		bar.Update(p.Bytes, p.Total)
	}
}

// loadCatalog is the embedded permission catalog extended by the user's
// overrides file (config catalog_overrides or --catalog-overrides).
func loadCatalog(f *Factory) (*permissions.Catalog, error) {
	c := permissions.Default()
	if f.Config == nil || f.Config.CatalogOverrides == "" {
		return c, nil
	}
	name := f.Config.CatalogOverrides
	r, err := os.Open(name)
	if err != nil {
		return nil, withExit(ExitError, fmt.Errorf("catalog overrides: %w (fix catalog_overrides or --catalog-overrides)", err))
	}
	defer r.Close()
	c, err = c.WithOverrides(name, r)
	if err != nil {
		// The file may hold anything and the error quotes it: redact.
		return nil, withExit(ExitError, errors.New(secrets.Redact(err.Error())))
	}
	return c, nil
}

// writeJSON writes v as indented JSON without HTML escaping (URLs and
// "->" stay readable): the one JSON form of every command.
func writeJSON(w io.Writer, v any) error {
	e := json.NewEncoder(w)
	e.SetIndent("", "  ")
	e.SetEscapeHTML(false)
	return e.Encode(v)
}
