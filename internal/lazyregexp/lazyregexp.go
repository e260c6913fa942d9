// Package lazyregexp compiles package-level regular expressions on first
// use, as the Go tree's own internal/lazyregexp does. A regexp compiled in a
// package variable costs every run of every command at start-up, and most
// runs never use most of them.
package lazyregexp

import (
	"regexp"
	"sync"
)

// New returns a function that compiles expr once, on its first call, and
// panics there if expr is invalid (tests exercise every use).
func New(expr string) func() *regexp.Regexp {
	return sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(expr) })
}
