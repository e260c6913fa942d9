// Package plural writes a count with its noun: "1 request", "3 requests".
package plural

import "strconv"

// Count says n and noun, adding an s to noun unless n is 1: the nouns the
// tool counts (request, input, call, record, operation) all take one.
func Count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return strconv.Itoa(n) + " " + noun + "s"
}
