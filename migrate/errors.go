package migrate

import (
	"errors"
	"fmt"

	"github.com/rakmigrate/rakmigrate/secrets"
)

// ErrNoRequests is returned by Propose when the logs held no request: there is
// nothing to base a key on.
var ErrNoRequests = errors.New("the logs hold no request: nothing to propose a key from (check the files are Stripe request logs; `rakmigrate import` shows what was read)")

// errorf builds an error whose text is redacted: an error string may reach a
// terminal or a file, and must never carry a key.
func errorf(format string, args ...any) error {
	err := fmt.Errorf(format, args...)
	return redactedError{msg: secrets.Redact(err.Error()), err: err}
}

type redactedError struct {
	msg string
	err error
}

func (e redactedError) Error() string { return e.msg }
func (e redactedError) Unwrap() error { return errors.Unwrap(e.err) }

// redacted is err with msg, its text already redacted, as its message:
// errorf's result without formatting and redacting the text a second time
// (a log of a million malformed records reports each).
func redacted(err error, msg string) error { return redactedError{msg: msg, err: wrapOnly{err}} }

// wrapOnly wraps err and adds nothing: redactedError unwraps it to err.
type wrapOnly struct{ err error }

func (w wrapOnly) Error() string { return w.err.Error() }
func (w wrapOnly) Unwrap() error { return w.err }
