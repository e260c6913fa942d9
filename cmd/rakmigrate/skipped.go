package main

import (
	"fmt"
	"io"

	"github.com/rakmigrate/rakmigrate/internal/plural"
)

// maxShownSkipped is how many malformed records a command shows on
// stderr; the counts cover the rest.
const maxShownSkipped = 10

// skippedNotes shows the first malformed records a command skips, each as
// prefix + "file:line:col: what is wrong", and at the end one line for the
// rest. A log with a million broken lines must not print a million lines:
// propose printed every one, a write each, and that was most of its time
// on a log full of junk. Readers call show one at a time.
type skippedNotes struct {
	w      io.Writer
	prefix string
	n      int
}

func (s *skippedNotes) show(err error) {
	s.n++
	if s.n <= maxShownSkipped {
		fmt.Fprintf(s.w, "%s%v\n", s.prefix, err)
	}
}

// done says how many were not shown.
func (s *skippedNotes) done() {
	if more := s.n - maxShownSkipped; more > 0 {
		fmt.Fprintf(s.w, "%s%d more %s not shown\n", s.prefix, more, plural.Verb(more, "malformed record", "malformed records"))
	}
}
