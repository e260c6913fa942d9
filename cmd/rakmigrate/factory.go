package main

import (
	"io"
	"net/http"
	"os"
	"time"

	"golang.org/x/term"

	"github.com/rakmigrate/rakmigrate/secrets"
)

// IOStreams is where a command reads and writes. Out and ErrOut redact every
// Stripe key that passes through them, whatever the command prints.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer // data: what scripts consume
	ErrOut io.Writer // chatter: progress, warnings, errors

	InTTY, OutTTY, ErrTTY bool
	// Width of the terminal on Out, 0 when unknown or not a terminal.
	Width int

	flushers []*secrets.Writer
}

// Flush releases anything the redacting writers still hold.
func (s *IOStreams) Flush() {
	for _, f := range s.flushers {
		_ = f.Flush()
	}
}

// NewIOStreams wraps raw streams with the redactor.
func NewIOStreams(in io.Reader, out, errOut io.Writer) *IOStreams {
	ro, re := secrets.NewWriter(out), secrets.NewWriter(errOut)
	return &IOStreams{In: in, Out: ro, ErrOut: re, flushers: []*secrets.Writer{ro, re}}
}

// ColorEnabled reports whether stderr/stdout output may carry colour: only on
// a terminal, and never when NO_COLOR is set.
func (f *Factory) ColorEnabled() bool {
	return f.IO.OutTTY && f.Getenv("NO_COLOR") == ""
}

// Factory is the outside world a command sees. Tests build one with fake
// streams, environment and clock; nothing in cmd reads os.* directly except
// systemFactory.
type Factory struct {
	IO         *IOStreams
	Getenv     func(string) string
	Environ    func() []string // for children that must inherit the environment (never printed)
	Now        func() time.Time
	HTTPClient *http.Client
	// Config is loaded by the root command before any subcommand runs.
	Config *Config
}

func systemFactory() *Factory {
	io := NewIOStreams(os.Stdin, os.Stdout, os.Stderr)
	io.InTTY = term.IsTerminal(int(os.Stdin.Fd()))
	io.OutTTY = term.IsTerminal(int(os.Stdout.Fd()))
	io.ErrTTY = term.IsTerminal(int(os.Stderr.Fd()))
	if io.OutTTY {
		if w, _, err := term.GetSize(int(os.Stdout.Fd())); err == nil {
			io.Width = w
		}
	}
	return &Factory{
		IO:         io,
		Getenv:     os.Getenv,
		Environ:    os.Environ,
		Now:        time.Now,
		HTTPClient: &http.Client{Timeout: 80 * time.Second},
	}
}
