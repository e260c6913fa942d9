package logparse

// A log collected by another tool often carries that tool's timestamp in
// front of every line the program printed:
//
//	2026-03-04T10:15:02.1234567Z 2026-03-04 10:15:02 [200] POST /v1/customers [req_…]
//
// GitHub Actions writes 7 fractional digits in the log a run's "Download
// log archive" gives (and in the web view's raw log); `docker logs -t` and
// `docker compose logs -t` write 9 (RFC3339NanoFixed); `kubectl logs
// --timestamps` writes RFC 3339 with up to 9, trailing zeros dropped. All are
// UTC with a Z; a container's CRI log file adds the stream after it, and so
// does a GitLab job log with timestamps. The reader of the program's
// output drops it: the program's own line says when the request was made.

// ciPrefixLen is the length of such a timestamp and the space after it at
// the start of b, or 0 when b does not start with one. It looks at b alone,
// so a chunk of a file may start anywhere.
func ciPrefixLen(b []byte) int {
	const shape = "dddd-dd-ddTdd:dd:dd"
	if len(b) < len(shape)+1 || b[10] != 'T' || b[4] != '-' {
		return 0 // nearly every line of a plain tail: two byte compares
	}
	for i := 0; i < len(shape); i++ {
		if shape[i] == 'd' {
			if b[i] < '0' || b[i] > '9' {
				return 0
			}
		} else if b[i] != shape[i] {
			return 0
		}
	}
	i := len(shape)
	if b[i] == '.' {
		j := i + 1
		for j < len(b) && j-(i+1) < 9 && isDigit(b[j]) {
			j++
		}
		if j == i+1 || j < len(b) && isDigit(b[j]) {
			return 0 // no digits, or more than nanoseconds
		}
		i = j
	}
	switch {
	case i < len(b) && b[i] == 'Z':
		i++
	case i+6 <= len(b) && (b[i] == '+' || b[i] == '-') && b[i+3] == ':' &&
		isDigit(b[i+1]) && isDigit(b[i+2]) && isDigit(b[i+4]) && isDigit(b[i+5]):
		i += 6
	default:
		return 0
	}
	switch {
	case i == len(b):
		return i // the frame of an empty line, its space trimmed
	case b[i] != ' ':
		return 0
	}
	i++
	// A container's log file as the CRI runtime writes it (what
	// /var/log/pods holds and log shippers read): the stream and a
	// full/partial tag follow the time, "stdout F ".
	if rest := b[i:]; len(rest) >= 9 && (string(rest[:7]) == "stdout " || string(rest[:7]) == "stderr ") &&
		(rest[7] == 'F' || rest[7] == 'P') && rest[8] == ' ' {
		i += 9
	}
	// A GitLab job log with FF_TIMESTAMPS (runner 17.0+, GitLab 17.1+)
	// tags each line with its stream after the time: two hex digits, O
	// or E for stdout or stderr, and + on a line that continues the one
	// before ("00O ", "01E ", "00O+ ").
	if rest := b[i:]; len(rest) >= 4 && isHexDigit(rest[0]) && isHexDigit(rest[1]) && (rest[2] == 'O' || rest[2] == 'E') {
		switch {
		case rest[3] == ' ':
			i += 4
		case rest[3] == '+' && (len(rest) == 4 || rest[4] == ' '):
			i += min(5, len(rest))
		}
	}
	return i
}

func isHexDigit(c byte) bool { return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

// A tail run as a systemd service or under syslog reaches people through
// journalctl, whose default "short" output (like a syslog file) puts the
// time, host and program in front of each line:
//
//	Mar 04 10:15:02 billing-1 stripe[2187]: 2026-03-04 10:15:02 [200] POST /v1/customers [req_…]
//
// journalctl writes the day with a zero ("Mar 04", -o short; "-o
// short-precise" adds microseconds), rsyslog's files with a space ("Mar  4").

// syslogPrefixLen is the length of such a prefix and the space after its
// colon at the start of b, or 0. It looks at b alone.
func syslogPrefixLen(b []byte) int {
	if len(b) < 20 || b[3] != ' ' || b[6] != ' ' || b[9] != ':' || b[12] != ':' {
		return 0
	}
	if !isLetter(b[0]) || !isLetter(b[1]) || !isLetter(b[2]) || !(b[4] == ' ' || isDigit(b[4])) || !isDigit(b[5]) ||
		!isDigit(b[7]) || !isDigit(b[8]) || !isDigit(b[10]) || !isDigit(b[11]) || !isDigit(b[13]) || !isDigit(b[14]) {
		return 0
	}
	i := 15
	if i < len(b) && b[i] == '.' { // -o short-precise
		i++
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i >= len(b) || b[i] != ' ' {
		return 0
	}
	i++
	host := i
	for i < len(b) && b[i] != ' ' {
		i++
	}
	if i == host || i >= len(b) {
		return 0
	}
	i++
	tag := i
	for i < len(b) && b[i] != ':' && b[i] != '[' && b[i] != ' ' {
		i++
	}
	if i == tag || i >= len(b) {
		return 0
	}
	if b[i] == '[' {
		j := i + 1
		for j < len(b) && isDigit(b[j]) {
			j++
		}
		if j == i+1 || j >= len(b) || b[j] != ']' {
			return 0
		}
		i = j + 1
	}
	switch {
	case i < len(b) && b[i] == ':' && i+1 == len(b):
		return i + 1 // an empty line, its space trimmed
	case i+1 < len(b) && b[i] == ':' && b[i+1] == ' ':
		return i + 2
	}
	return 0
}

// framePrefixLen is the length of the frame another tool put in front of a
// program's line (ciPrefixLen, syslogPrefixLen, tsPrefixLen, grepPrefixLen),
// or 0.
func framePrefixLen(b []byte) int {
	if n := ciPrefixLen(b); n > 0 {
		return n
	}
	// ts before syslog: "Mar 04 10:15:07 Decline Code: insufficient_funds"
	// reads as syslog's host "Decline" and program "Code".
	if n := tsPrefixLen(b); n > 0 {
		return n
	}
	if n := syslogPrefixLen(b); n > 0 {
		return n
	}
	return grepPrefixLen(b)
}

// tsPrefixLen is the length of the time moreutils' ts(1) puts in front of
// each line it passes on (`stripe logs tail | ts > tail.log`), and the space
// after it, or 0. ts writes its format with strftime, plus %.S, %.s and %.T
// for fractions of a second (ts(1), moreutils): by default "%b %d
// %H:%M:%S" ("Mar 04 10:15:02 "), with -i or -s "%H:%M:%S" (the time since
// the start or since the last line, "00:00:01 "), and the formats people
// pass most (tsStampLen): ISO 8601 with or without a zone, "%Y-%m-%d
// %H:%M:%S", seconds since the epoch, any of them in brackets. Like a grep
// prefix (grepPayload) it is taken only before a tail's own line: an
// application log may well start with such a date.
func tsPrefixLen(b []byte) int {
	i := tsStampLen(b)
	switch {
	case i == 0:
		return 0
	case i == len(b):
		return i // the time of an empty line, its space trimmed
	case b[i] != ' ' || !grepPayload(b[i+1:]):
		return 0
	}
	return i + 1
}

// tsStampLen is the length of one of ts's times at the start of b, or 0:
// "Mar 04 10:15:02", "10:15:02", "2026-03-04T10:15:02", "2026-03-04
// 10:15:02" (each with an optional fraction, the ISO ones with an optional
// zone), "1772619302" or "1772619302.123456"; or one of those in brackets.
func tsStampLen(b []byte) int {
	if len(b) > 0 && b[0] == '[' {
		n := tsStampLen(b[1:])
		if n == 0 || 1+n >= len(b) || b[1+n] != ']' {
			return 0
		}
		return n + 2
	}
	i := 0
	switch {
	case len(b) >= 15 && b[3] == ' ' && isLetter(b[0]) && isLetter(b[1]) && isLetter(b[2]) &&
		(b[4] == ' ' || isDigit(b[4])) && isDigit(b[5]) && b[6] == ' ' && isClock(b[7:]):
		i = 15 // %b %d %H:%M:%S
	case isClock(b):
		i = 8 // %H:%M:%S (-i, -s)
	case len(b) >= 19 && isDate(b) && (b[10] == 'T' || b[10] == ' ') && isClock(b[11:]):
		i = 19 // %Y-%m-%dT%H:%M:%S, %Y-%m-%d %H:%M:%S
	default:
		for i < len(b) && i < 10 && isDigit(b[i]) {
			i++ // %s
		}
		if i < 9 || i < len(b) && isDigit(b[i]) {
			return 0
		}
	}
	if i < len(b) && b[i] == '.' && i+1 < len(b) && isDigit(b[i+1]) {
		i++
		for i < len(b) && isDigit(b[i]) {
			i++
		}
	}
	if i >= 19 && i < len(b) && isDate(b) {
		// %z or a literal zone after an ISO time: Z, +01:00 or +0100.
		switch {
		case b[i] == 'Z':
			i++
		case i+5 <= len(b) && (b[i] == '+' || b[i] == '-') && isDigit(b[i+1]) && isDigit(b[i+2]):
			j := i + 3
			if b[j] == ':' {
				j++
			}
			if j+2 <= len(b) && isDigit(b[j]) && isDigit(b[j+1]) {
				i = j + 2
			}
		}
	}
	return i
}

// isClock reports "HH:MM:SS" at the start of b.
func isClock(b []byte) bool {
	return len(b) >= 8 && isDigit(b[0]) && isDigit(b[1]) && b[2] == ':' && isDigit(b[3]) && isDigit(b[4]) &&
		b[5] == ':' && isDigit(b[6]) && isDigit(b[7])
}

// isDate reports "YYYY-MM-DD" at the start of b.
func isDate(b []byte) bool {
	return len(b) >= 10 && isDigit(b[0]) && isDigit(b[1]) && isDigit(b[2]) && isDigit(b[3]) && b[4] == '-' &&
		isDigit(b[5]) && isDigit(b[6]) && b[7] == '-' && isDigit(b[8]) && isDigit(b[9])
}

// mayBeFramed is the cheap test done on every line before framePrefixLen:
// the CLI's own lines and JSON lines fail it.
func mayBeFramed(b []byte) bool {
	if len(b) <= 19 {
		return false
	}
	switch {
	case b[10] == 'T' || b[3] == ' ':
		return true
	case b[2] == ':' || b[0] == '[':
		return true // ts -i or -s, a time in brackets
	case b[4] == '-' && b[10] == ' ':
		// A date, then a time: a tail's own request line has its status
		// after it ("… 10:15:02 [200]"), ts's frame the line it framed.
		return b[19] != ' ' || len(b) == 20 || b[20] != '['
	}
	return isDigit(b[0]) && isDigit(b[8]) && (b[10] == ' ' || b[10] == '.' || b[9] == ' ') // ts %s
}

// utf8BOM is the byte order mark Windows tools write at the start of a
// UTF-8 file; Open drops the first, the line readers any later one.
var utf8BOM = []byte("\ufeff")

// gitlabContinuedLen is the length of the frame at the start of b when it
// is a GitLab job log's tag for a line that continues the one before
// ("2026-03-04T10:15:02.123456Z 00O+ "): the runner writes what a program
// printed in pieces as they arrive, and tags every piece after the first
// of a line with "+". The pieces join with nothing between them. It is 0
// for any other line.
func gitlabContinuedLen(b []byte) int {
	n := ciPrefixLen(b)
	if n < 5 {
		return 0
	}
	if tag := b[:n]; tag[len(tag)-1] == '+' {
		return n // the frame of an empty piece, its space trimmed
	} else if len(tag) >= 6 && tag[len(tag)-2] == '+' && tag[len(tag)-1] == ' ' &&
		(tag[len(tag)-3] == 'O' || tag[len(tag)-3] == 'E') && isHexDigit(tag[len(tag)-4]) {
		return n
	}
	return 0
}
