package logparse

import "bytes"

// A tail saved to files is searched with grep, and the hits saved in turn:
// over several files (or with -H, or -r over a directory) grep puts the
// file's name and a colon in front of each line, with -n the line number
// and a colon too (a context line of -A/-B/-C takes "-" for both colons),
// and PowerShell's Select-String writes "path:N:line" the same way:
//
//	logs/tail-0304.log:2026-03-04 10:15:02 [200] POST /v1/customers [req_…]
//	logs/tail-0304.log:12:Message: The provided key 'rk_test_…' does not have …
//	3:2026-03-04 10:15:02 [200] POST /v1/customers [req_…]
//	logs/tail-0304.log-13-Message: The provided key …
//
// (GNU grep's output prefix, grep(1) "General Output Control"; Select-String's
// MatchInfo.ToString, learn.microsoft.com/powershell/module/
// microsoft.powershell.utility/select-string.)

// grepPrefixLen is the length of such a prefix at the start of b, or 0. It
// is taken only when what follows it is a tail's own line (a request, a
// failed request's detail line or the CLI's chatter), so it looks at b
// alone, and a line of the tail itself never loses a word.
func grepPrefixLen(b []byte) int {
	if !mayBeGrepped(b) {
		return 0
	}
	// A file name rarely holds a space: only the separators before the
	// line's first space are tried first.
	limit := min(len(b), 1024)
	spaced := limit
	if sp := bytes.IndexByte(b[:limit], ' '); sp >= 0 {
		limit = sp
	}
	for i := 0; i < limit; i++ {
		sep := b[i]
		if sep != ':' && sep != '-' {
			continue
		}
		rest := b[i+1:]
		if len(rest) > 0 && rest[0] == ' ' {
			continue // "Type: …": a label of the tail's own, not a prefix
		}
		if n := grepNumbered(rest, sep); n > 0 {
			return i + 1 + n
		}
		if grepPayload(rest) {
			return i + 1
		}
	}
	if limit < spaced {
		return grepSpacedPrefixLen(b[:spaced], limit)
	}
	return 0
}

// grepNumbered is the length of "N:" (or "N-" for grep's context lines)
// at the start of rest when a tail's own line (or nothing) follows it, or
// 0.
func grepNumbered(rest []byte, sep byte) int {
	j := 0
	for j < len(rest) && j < 10 && isDigit(rest[j]) {
		j++
	}
	if j > 0 && j < len(rest) && rest[j] == sep {
		if after := rest[j+1:]; len(after) == 0 || grepPayload(after) {
			return j + 1
		}
	}
	return 0
}

// grepSpacedPrefixLen finds a prefix whose path holds a space, from the
// first space on: PowerShell's Select-String always numbers its hits and
// prints the full path, and on Windows that is often under a user's home
// (C:\Users\Jane Doe\logs\tail.log:12:…); grep -n over a "Stripe logs"
// folder does the same. Only the numbered form "path:N:" is taken here,
// and only when the path before it holds no ": " (a label's).
func grepSpacedPrefixLen(b []byte, from int) int {
	for i := from; i < len(b); i++ {
		if b[i] != ':' {
			continue
		}
		if i+1 < len(b) && b[i+1] == ' ' {
			return 0 // "Label: value" before any "path:N:"
		}
		if n := grepNumbered(b[i+1:], ':'); n > 0 {
			return i + 1 + n
		}
	}
	return 0
}

// mayBeGrepped is the cheap test before grepPrefixLen: the line is not a
// tail's request line itself, and a colon or a dash comes before its first
// space (a file name or a line number has none in it), with no space after,
// or, for a path with a space in it, ":N:" comes later (grepSpacedPrefixLen).
func mayBeGrepped(b []byte) bool {
	if len(b) >= 19 && b[4] == '-' && b[10] == ' ' && isDigit(b[0]) {
		return false // a request line: "2026-03-04 10:15:02 [200] …"
	}
	for i, c := range b[:min(len(b), 1024)] {
		switch c {
		case ' ':
			return i > 0 && mayBeSpacedPath(b[:min(len(b), 1024)])
		case ':', '-':
			// "Type: …", the tail's own label, has a space after it.
			return i > 0 && (i+1 == len(b) || b[i+1] != ' ')
		}
	}
	return false
}

// mayBeSpacedPath reports a ":N:" in b before any ": ", as a path with a
// space in it and a line number leave.
func mayBeSpacedPath(b []byte) bool {
	for {
		i := bytes.IndexByte(b, ':')
		if i < 0 || i+2 >= len(b) || b[i+1] == ' ' {
			return false
		}
		if isDigit(b[i+1]) {
			return true
		}
		b = b[i+1:]
	}
}

// grepPayload reports a tail's own line.
func grepPayload(b []byte) bool {
	if startsLikeTailTime(b) {
		return isTailLine(b)
	}
	if label, _, ok := tailErrorLine(b); ok {
		// Only the labels the CLI prints: tailErrorLine takes any "Label:
		// text" after a failed request, and "ERROR:root:Request failed: …"
		// is Python's logging, not a grep hit.
		_, known := tailErrorFields[label]
		return known
	}
	// `stripe logs tail --format JSON`'s event: the same tail saved as
	// JSON lines and searched the same way.
	if bytes.HasPrefix(b, []byte(`{"livemode":`)) {
		return true
	}
	// The CLI's own chatter (not the shell around it: isTailChatter's
	// prompts are not what grep finds in a saved tail).
	for _, c := range tailChatter {
		if bytes.HasPrefix(b, []byte(c)) {
			return true
		}
	}
	return false
}
