package logparse

// This file is the package's contract with the rest of rakmigrate. The
// implementation (formats, detection, errors, multi-file reading) lives in the
// other files of the package.

import (
	"io"
	"time"
)

// Format names a log format. The string is what --input-format takes.
type Format string

const (
	FormatUnknown  Format = ""
	FormatTailText Format = "tail-text" // `stripe logs tail`
	FormatTailJSON Format = "tail-json" // `stripe logs tail --format JSON`
	FormatCSV      Format = "csv"       // Dashboard/Workbench tables built by users (CSV or TSV)
	FormatJSON     Format = "json"      // JSON array or JSON Lines of request objects
	FormatHAR      Format = "har"       // HAR 1.2
	FormatSDK      Format = "sdk"       // SDK debug logs and application logs
)

// Reader streams the requests of one input. Next returns io.EOF after the
// last request. A malformed record yields a *ParseError; the reader stays
// usable and the next call continues after the bad record.
type Reader interface {
	Next() (Request, error)
}

// Options tune reading. The zero value is usable.
type Options struct {
	Format   Format         // force a format instead of sniffing
	Location *time.Location // for times without a zone (tail-text); nil = time.Local
	MaxLine  int            // longest record accepted, in bytes; 0 = DefaultMaxLine
	// Now is the scan's clock, for the dates a log writes without a year
	// (syslog's "Mar  4 10:15:02"): nil = time.Now.
	Now func() time.Time
	// DateOrder reads slashed dates in tables (04/03/2026): day or month
	// first; Auto decides per column from the data (see dateorder.go).
	DateOrder DateOrder
}

// DefaultMaxLine is the longest line or record read by default.
const DefaultMaxLine = 1 << 20

var _ = io.EOF
