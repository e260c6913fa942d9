package logparse

import "bytes"

// The Stripe CLI's own log, which `--log-level debug` (or a warning at the
// default level) writes to stderr between the tail's lines: logrus through
// x-cray/logrus-prefixed-formatter with TimestampFormat time.RFC1123
// (stripe-cli pkg/config/config.go InitConfig), every entry with a "prefix"
// field naming the CLI's package, type and function. Redirected to a file
// it is logfmt:
//
//	time="Wed, 04 Mar 2026 10:15:01 UTC" level=debug msg="Attempting to connect to Stripe" prefix=websocket.Client.Run
//
// and on a terminal (a script(1) capture) the formatter's own layout:
//
//	[Wed, 04 Mar 2026 10:15:01 UTC] DEBUG websocket.Client.Run: Attempting to connect to Stripe
//
// Both are chatter of a tail. They are known by the CLI's packages, so that
// an application's own logrus lines (an SDK log) are not. A few of the
// CLI's lines name no package: those are known by their message
// (cliLogMessages).
//
//	time="Wed, 04 Mar 2026 10:15:01 UTC" level=debug msg="Filtering out /v1/stripecli/sessions from logs"
//	[Wed, 04 Mar 2026 10:15:01 UTC] DEBUG Filtering out /v1/stripecli/sessions from logs

// cliLogPackages are the stripe-cli packages whose prefixes its debug log
// shows around `stripe logs tail`.
var cliLogPackages = [][]byte{
	[]byte("config."), []byte("version."), []byte("stripeauth."), []byte("websocket."),
	[]byte("logtailing."), []byte("stripecli."), []byte("stripe."), []byte("requests."), []byte("login."),
}

// cliLogMessages are the starts of the messages the CLI logs around a tail
// without a "prefix" field: stripe-cli pkg/logtailing/tailer.go (Run,
// createSession, processRequestLogEvent log through cfg.Log with no
// fields) and pkg/config/config.go InitConfig (a config file it cannot
// read: "<path>/stripe/config.toml: <why>").
var cliLogMessages = [][]byte{
	[]byte("Filtering out /v1/stripecli/sessions from logs"),
	[]byte("WebSocket specified for request logs received non-request-logs event"),
	[]byte("Received malformed payload: "),
	[]byte("Error while authenticating with Stripe: "),
	[]byte("Error while converting log filters to JSON encoding: "),
	[]byte("Session expired. Terminating after "),
}

// isCLIMessage reports whether msg, a log entry's message, is one of the
// CLI's own that name no package. fatal says the entry's level is fatal:
// the tail's "Aborting" (on ^C while connecting) is too common a word to
// be known at any other.
func isCLIMessage(msg []byte, fatal bool) bool {
	if fatal && string(msg) == "Aborting" {
		return true
	}
	for _, m := range cliLogMessages {
		if bytes.HasPrefix(msg, m) {
			return true
		}
	}
	// The config file's path ends in the CLI's folder (GetConfigFolder).
	path, _, ok := bytes.Cut(msg, []byte(": "))
	return ok && msg[0] == '/' && bytes.HasSuffix(path, []byte("/stripe/config.toml"))
}

// logfmtMsg is the value of a logrus text line's msg field, unquoted (its
// escapes left as they are, which the messages above have none of).
func logfmtMsg(text []byte) []byte {
	i := bytes.Index(text, []byte(" msg="))
	if i < 0 {
		return nil
	}
	v := text[i+len(" msg="):]
	if len(v) > 0 && v[0] == '"' {
		end := bytes.IndexByte(v[1:], '"')
		if end < 0 {
			return nil
		}
		return v[1 : 1+end]
	}
	if sp := bytes.IndexByte(v, ' '); sp >= 0 {
		return v[:sp]
	}
	return v
}

// isStripeCLILogLine reports whether text, a shown line, is one of the CLI's
// own log entries. It looks at the line alone.
func isStripeCLILogLine(text []byte) bool {
	switch {
	case bytes.HasPrefix(text, []byte(`time="`)):
		if !bytes.Contains(text, []byte(" level=")) {
			return false
		}
		i := bytes.Index(text, []byte(" prefix="))
		if i < 0 {
			msg := logfmtMsg(text)
			return len(msg) > 0 && isCLIMessage(msg, bytes.Contains(text, []byte(" level=fatal ")))
		}
		return hasCLIPackage(text[i+len(" prefix="):])
	case len(text) > 32 && text[0] == '[' && text[4] == ',' && text[5] == ' ' && isLetter(text[1]):
		end := bytes.IndexByte(text, ']')
		if end < 0 {
			return false
		}
		rest := bytes.TrimLeft(text[end+1:], " ")
		sp := bytes.IndexByte(rest, ' ')
		if sp < 4 || !isLogLevel(rest[:sp]) {
			return false
		}
		level := rest[:sp]
		rest = bytes.TrimLeft(rest[sp:], " ")
		return hasCLIPackage(rest) || len(rest) > 0 && isCLIMessage(rest, string(level) == "FATAL" || string(level) == "FATA")
	}
	return false
}

func hasCLIPackage(b []byte) bool {
	for _, p := range cliLogPackages {
		if bytes.HasPrefix(b, p) {
			return true
		}
	}
	return false
}

// isLogLevel reads the level words logrus prints: the formatter's padded
// upper case on a terminal, shortened to four letters by some versions.
func isLogLevel(w []byte) bool {
	for _, l := range []string{"DEBUG", "INFO", "WARN", "WARNING", "ERROR", "TRACE", "FATAL", "PANIC", "DEBU", "ERRO", "TRAC", "FATA", "PANI"} {
		if string(w) == l {
			return true
		}
	}
	return false
}
