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
// an application's own logrus lines (an SDK log) are not.

// cliLogPackages are the stripe-cli packages whose prefixes its debug log
// shows around `stripe logs tail`.
var cliLogPackages = [][]byte{
	[]byte("config."), []byte("version."), []byte("stripeauth."), []byte("websocket."),
	[]byte("logtailing."), []byte("stripecli."), []byte("stripe."), []byte("requests."), []byte("login."),
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
		return i >= 0 && hasCLIPackage(text[i+len(" prefix="):])
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
		return hasCLIPackage(bytes.TrimLeft(rest[sp:], " "))
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
