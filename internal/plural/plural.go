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

// Verb is one when n is 1 and many otherwise: the verb that agrees with
// Count(n, …) ("1 request maps", "3 requests map").
func Verb(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
