package main

import (
	"context"
	"errors"
	"fmt"
)

// Exit codes. They are documented in README.md ("Exit codes"); scripts and CI
// depend on them, so they never change meaning.
const (
	ExitOK         = 0   // success
	ExitFindings   = 1   // scan found secrets; check found drift
	ExitError      = 2   // bad input, I/O, anything that stops an answer
	ExitUsage      = 3   // bad flags or arguments
	ExitUnresolved = 4   // 403s remain that no added permission resolves (iterate, verify, tail)
	ExitNotReady   = 5   // plan: the live-mode gate is closed
	ExitCancelled  = 130 // interrupted (Ctrl-C)
)

// exitError carries an exit code up to run. A command returns one when it
// wants a specific code; any other error exits with ExitError.
type exitError struct {
	code int
	err  error // nil: the command already said everything (e.g. it printed findings)
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

func (e *exitError) Unwrap() error { return e.err }

// withExit returns err with an exit code attached.
func withExit(code int, err error) error { return &exitError{code: code, err: err} }

// silentExit ends the command with code and prints nothing more.
func silentExit(code int) error { return &exitError{code: code} }

// usageError marks bad flags or arguments.
func usageError(format string, args ...any) error {
	return withExit(ExitUsage, fmt.Errorf(format, args...))
}

// exitCode maps an error returned by a command to the process exit code and
// the message to print (empty for none).
func exitCode(err error) (int, string) {
	if err == nil {
		return ExitOK, ""
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err == nil {
			return ee.code, ""
		}
		return ee.code, ee.err.Error()
	}
	if errors.Is(err, context.Canceled) {
		return ExitCancelled, "cancelled"
	}
	return ExitError, err.Error()
}
