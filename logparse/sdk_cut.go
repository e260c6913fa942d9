package logparse

import "bytes"

// A line of an SDK log cut short but ending in a newline (a copy taken
// while the log was written and more appended later, a log shipper's size
// limit) reads like a whole line: a request line cut inside its path names
// another path, one cut before it names none and is passed over. Where the
// shape of the line says that something the SDK always writes is missing,
// the line is reported where it stops instead (sdkReader.cutLine).
//
// Where a shape cannot tell, nothing is said. stripe-go's "Requesting POST
// api.stripe.com/v1/x", .NET's "Start processing HTTP request POST
// https://…", OkHttp's "--> POST https://…", stripe-python's request line
// (keys sorted: its url comes last) and stripe-node's events printed by
// console.log end in their URL, so a URL cut short reads as a whole shorter
// one (a path cut at a '/' is another endpoint); the line after it (a
// response naming the path again) is another line, read on its own. Lines
// without a URL (stripe-go's "Request completed in …", .NET's "End
// processing HTTP request after …") carry no request to lose.

// sdkCutShapes are the request and response lines whose SDK always writes
// some fields after its logfmt message. With the message whole and a field
// missing, the line was cut; with the message cut inside its quote, too.
var sdkCutShapes = []struct {
	message string // the SDK's message, the value of the line's message= key
	// needs: for each group one of its keys follows the message; status is
	// the key (among them) whose value is always three digits.
	needs    [][]string
	status   string
	response bool // a response line: its request stays, the lines after it are about it
	// last: the keys one of which a whole line ends with (its value has
	// no space): a whole line is known by its last word, a cut one is
	// looked at for every key.
	last []string
}{
	// stripe-python's logfmt sorts its keys: message < method < url
	// (path= in 2.x); message < path < response_code.
	{message: "Request to Stripe api", needs: [][]string{{" method="}, {" url=", " path="}}, last: []string{"url=", "path="}},
	{message: "Stripe API response", needs: [][]string{{" path="}, {" response_code="}}, status: " response_code=", response: true, last: []string{"response_code="}},
	// stripe-ruby writes the message first and its keys in call order
	// (api_requestor.rb log_request, log_response), path and status
	// always.
	{message: "Request to Stripe API", needs: [][]string{{" method="}, {" path="}}, last: []string{"path="}},
	{message: "Response from Stripe API", needs: [][]string{{" path="}, {" status="}}, status: " status=", response: true, last: []string{"status="}},
}

// cutSDKLine reports where line was cut (its length, 1-based column of the
// byte after its last) and what shows it, or 0. response says the line was
// an SDK's response line, whose request is still the one the lines after
// it are about; any other cut line may have been a request of its own.
//
// The logfmt shapes are looked for only where the log's whole SDK lines
// had their message= key (logfmt): a logger writes the same prefix (time,
// level, logger name) before each, so the look costs a compare a line, and
// a log's first SDK line, cut, goes unseen.
func cutSDKLine(line []byte, logfmt *logfmtAt) (col int, why string, response bool) {
	if len(line) == 0 {
		return 0, "", false
	}
	if line[0] == '{' {
		if cutJSONLine(line) {
			return len(line) + 1, "the JSON object on this line never closes: the line was cut short (a JSON log writes one object a line)", false
		}
		return 0, "", false
	}
	v := logfmt.value(line)
	if len(v) < 2 {
		return 0, "", false
	}
	q := v[0]
	if q == '\\' && v[1] == '"' {
		v, q = v[1:], '"' // a JSON formatter's \"
	}
	if q != '\'' && q != '"' {
		return 0, "", false
	}
	text := v[1:]
	for _, sh := range sdkCutShapes {
		m := sh.message
		if !bytes.HasPrefix(text, []byte(m)) {
			if len(text) < len(m) && len(text) >= 3 && m[:len(text)] == string(text) {
				return len(line) + 1, "the SDK's message \"" + m + "\" is cut inside its quote: the line was cut short", sh.response
			}
			continue
		}
		rest := text[len(m):]
		if len(rest) == 0 {
			return len(line) + 1, "the SDK's message \"" + m + "\" is cut inside its quote: the line was cut short", sh.response
		}
		if rest[0] != q && rest[0] != '\\' {
			continue // another message that starts alike
		}
		if endsWhole(rest, sh.last, sh.status) {
			return 0, "", false
		}
		for _, group := range sh.needs {
			if !hasField(rest, group, sh.status) {
				return len(line) + 1, "the SDK's line \"" + m + "\" lacks its" + group[0] + "…: the line was cut short", sh.response
			}
		}
		return 0, "", false
	}
	return 0, "", false
}

// logfmtAt holds the columns where whole SDK lines had their message= key,
// a few of them (the level's width varies: INFO, DEBUG).
type logfmtAt struct {
	at [4]int
	n  int
}

const messageKey = "message="

// note records where line's message= key is, if it has one.
func (l *logfmtAt) note(line []byte) {
	if l.value(line) != nil {
		return // at a column known already: the SDK's lines, one after another
	}
	v := messageValue(line)
	if v == nil || l.n == len(l.at) {
		return
	}
	k := len(line) - len(v) - len(messageKey)
	for _, at := range l.at[:l.n] {
		if at == k {
			return
		}
	}
	l.at[l.n] = k
	l.n++
}

// value returns what follows the message= key at one of the noted
// columns, or nil.
func (l *logfmtAt) value(line []byte) []byte {
	for _, k := range l.at[:l.n] {
		if k+len(messageKey) <= len(line) && string(line[k:k+len(messageKey)]) == messageKey {
			return line[k+len(messageKey):]
		}
	}
	return nil
}

// messageValue returns what follows line's message= key (the key itself,
// not error_message= or the like), or nil.
func messageValue(line []byte) []byte {
	const key = messageKey
	for at := 0; ; {
		i := bytes.Index(line[at:], []byte(key))
		if i < 0 {
			return nil
		}
		i += at
		if i == 0 || !isKeyByte(line[i-1]) {
			return line[i+len(key):]
		}
		at = i + len(key)
	}
}

func isKeyByte(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// endsWhole reports whether rest's last word is one of the keys a whole
// line ends with, a status with its three digits.
func endsWhole(rest []byte, last []string, status string) bool {
	if n := len(status) + 3; status != "" && len(rest) >= n && string(rest[len(rest)-n:len(rest)-3]) == status {
		return threeDigits(rest[len(rest)-3:]) // a response line: its status ends it
	}
	word := rest[bytes.LastIndexByte(rest, ' ')+1:]
	for _, k := range last {
		if bytes.HasPrefix(word, []byte(k)) {
			return len(status) != len(k)+1 || status[1:] != k || threeDigits(word[len(k):])
		}
	}
	return false
}

// hasField reports whether rest holds one of keys, a status key with its
// three digits.
func hasField(rest []byte, keys []string, status string) bool {
	for _, k := range keys {
		i := bytes.Index(rest, []byte(k))
		if i < 0 {
			continue
		}
		return k != status || threeDigits(rest[i+len(k):])
	}
	return false
}

// threeDigits reports whether b starts with a three-digit number that
// ends there.
func threeDigits(b []byte) bool {
	if len(b) < 3 || b[0] < '1' || b[0] > '5' || b[1] < '0' || b[1] > '9' || b[2] < '0' || b[2] > '9' {
		return false
	}
	return len(b) == 3 || b[3] < '0' || b[3] > '9'
}

// cutJSONLine reports a line that opens a JSON object with a key ("{" then
// a quote: a JSON log's line, not a pretty-printed object's first line,
// which is "{" alone) and leaves it open at its end, or inside a string,
// which never spans lines in JSON.
func cutJSONLine(line []byte) bool {
	rest := bytes.TrimLeft(line[1:], " \t")
	if len(rest) == 0 || rest[0] != '"' {
		return false
	}
	if end := bytes.TrimRight(line, " \t\r"); end[len(end)-1] == '}' {
		// Closed, as every whole line is: the depth is not counted (a
		// line cut just after a nested object's "}" goes unseen).
		return false
	}
	var d depthScanner
	d.feed(line)
	return d.inString || d.depth > 0
}
