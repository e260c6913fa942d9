package logparse

import (
	"errors"
	"strings"

	"github.com/rakmigrate/rakmigrate/internal/safetext"
	"github.com/rakmigrate/rakmigrate/secrets"
)

// Sentinel kinds of bad input. A *ParseError wraps one of them, so callers
// test the kind with errors.Is and print the error for the details.
var (
	ErrMalformed     = errors.New("malformed record")
	ErrLineTooLong   = errors.New("line too long")
	ErrBinary        = errors.New("binary data, not a text log")
	ErrEmpty         = errors.New("empty input")
	ErrTruncated     = errors.New("truncated record at end of input")
	ErrNoRequests    = errors.New("no Stripe requests found")
	ErrWrongFormat   = errors.New("input does not match the requested format")
	ErrUnknownFormat = errors.New("unknown log format")
	// ErrNotAFile marks an entry of a walked directory that is not read:
	// a named pipe, a dangling link, an editor's backup copy (Input.Skip).
	ErrNotAFile = errors.New("not a log file")
	// ErrUnreadable marks a file found in a directory that could not be
	// opened (permission denied): listed and skipped, not fatal.
	ErrUnreadable = errors.New("cannot be read")
	// ErrNotSent marks a record of a request that was never made: a HAR
	// entry without a response (blocked, cancelled, not sent yet). It is
	// skipped like a malformed record, but it is not one.
	ErrNotSent = errors.New("request never sent")
)

// ParseError locates bad input. Error() reads "file:line:col: what (hint)".
type ParseError struct {
	File   string
	Line   int // 1-based; 0 when the whole input is at fault
	Column int // 1-based; 0 when not meaningful
	Err    error
	Hint   string // what the user can do about it
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString(Position{File: e.File, Line: e.Line, Column: e.Column}.String())
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("bad input")
	}
	if e.Hint != "" {
		b.WriteString(" (")
		b.WriteString(e.Hint)
		b.WriteString(")")
	}
	// Log lines can hold keys and control characters; an error string must
	// carry neither.
	return secrets.Redact(safetext.Clean(b.String()))
}

func (e *ParseError) Unwrap() error { return e.Err }

// kindError is a sentinel kind with a detail: errors.Is sees the kind,
// Error() says "kind: detail".
type kindError struct {
	kind   error
	detail string
}

func (k *kindError) Error() string {
	if k.detail == "" {
		return k.kind.Error()
	}
	return k.kind.Error() + ": " + k.detail
}

func (k *kindError) Unwrap() error { return k.kind }

func newParseError(pos Position, kind error, detail, hint string) *ParseError {
	return &ParseError{File: pos.File, Line: pos.Line, Column: pos.Column, Err: &kindError{kind, detail}, Hint: hint}
}

// snippet shortens bad input for an error message.
func snippet(b []byte) string {
	const max = 60
	s := strings.ToValidUTF8(string(b), "?")
	if len(s) > max {
		s = s[:max] + "…"
	}
	return "\"" + strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return '?'
		}
		return r
	}, s) + "\""
}
