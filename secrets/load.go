package secrets

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"time"

	// go-shellquote splits a command line the way a POSIX shell would
	// (quotes, backslashes) without running one, and reports unterminated
	// quotes as errors instead of guessing.
	"github.com/kballard/go-shellquote"
)

// Environment variables a key is read from, in order.
const (
	EnvStripeKey     = "STRIPE_API_KEY"
	EnvRakmigrateKey = "RAKMIGRATE_API_KEY"
)

// DefaultCommandTimeout bounds a key command that hangs (a secrets manager
// waiting for a login nobody will type).
const DefaultCommandTimeout = 30 * time.Second

// maxKeyBytes bounds what a key file or key command may produce: a key is a
// few hundred bytes, anything much larger is the wrong file.
const maxKeyBytes = 16 << 10

// ErrNoKey is returned by Load when no source holds a key.
var ErrNoKey = errors.New("no Stripe key: set STRIPE_API_KEY, or pass --key-file FILE, " +
	`or --key-command "op read op://vault/stripe/test-key" (1Password, vault, aws/gcloud secrets…)`)

// LoadOptions says where Load looks for a key.
type LoadOptions struct {
	Getenv  func(string) string // required: the environment lookup
	File    string              // --key-file: a file holding only the key
	Command string              // --key-command: printed the key on stdout
	Timeout time.Duration       // for Command; DefaultCommandTimeout when 0
	Warn    func(string)        // receives warnings (already redacted); may be nil
	// Environ is the key command's environment; nil inherits the process's.
	Environ func() []string
}

// Load finds the key. Precedence: Command, File, then STRIPE_API_KEY, then
// RAKMIGRATE_API_KEY. It refuses publishable keys and webhook secrets (they
// cannot call the API) and values that are not a single token. Its errors
// never contain the key or the output of the key command.
func Load(ctx context.Context, o LoadOptions) (Key, error) {
	warn := func(msg string) {
		if o.Warn != nil {
			o.Warn(Redact(msg))
		}
	}
	var (
		raw, source string
		err         error
	)
	switch {
	case o.Command != "":
		if o.File != "" {
			warn("both a key command and a key file are set; using the key command")
		}
		source = "key command"
		raw, err = runKeyCommand(ctx, o.Command, o.Timeout, o.Environ, warn)
	case o.File != "":
		source = "key file " + Redact(o.File)
		raw, err = readKeyFile(o.File, warn)
	case o.Getenv != nil && o.Getenv(EnvStripeKey) != "":
		source, raw = EnvStripeKey, o.Getenv(EnvStripeKey)
	case o.Getenv != nil && o.Getenv(EnvRakmigrateKey) != "":
		source, raw = EnvRakmigrateKey, o.Getenv(EnvRakmigrateKey)
	default:
		return Key{}, ErrNoKey
	}
	if err != nil {
		return Key{}, err
	}
	return validate(raw, source, warn)
}

// validate checks that raw is one key and fits the job.
func validate(raw, source string, warn func(string)) (Key, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return Key{}, fmt.Errorf("%s is empty: it must hold the Stripe key", source)
	}
	if i := strings.IndexFunc(raw, func(r rune) bool { return !isKeyChar(r) }); i >= 0 {
		what := "characters a Stripe key never has"
		if strings.ContainsAny(raw, " \t\r\n") {
			what = "more than one word or line"
		}
		return Key{}, fmt.Errorf("%s holds %s: it must hold only the key (e.g. rk_test_…), nothing else", source, what)
	}
	k := NewKey(raw)
	switch k.Kind() {
	case KindPublishable:
		return Key{}, fmt.Errorf("%s holds a publishable key (%s), which cannot call the API: use the secret or restricted key", source, k.Masked())
	case KindWebhookSecret:
		return Key{}, fmt.Errorf("%s holds a webhook signing secret (%s), not an API key: use the secret or restricted key", source, k.Masked())
	case KindUnknown:
		warn(fmt.Sprintf("%s holds a key with an unrecognised prefix (%s); using it as given", source, k.Masked()))
	}
	return k, nil
}

func isKeyChar(r rune) bool {
	return r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9'
}

// readKeyFile reads a file that holds only the key, warning when others can
// read it.
func readKeyFile(name string, warn func(string)) (string, error) {
	f, err := os.Open(name)
	if err != nil {
		return "", fmt.Errorf("key file: %w (pass --key-file a file that holds only the key)", redactedErr(err))
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return "", fmt.Errorf("key file: %w", redactedErr(err))
	}
	if st.IsDir() {
		return "", fmt.Errorf("key file %s is a directory: pass the file that holds the key", Redact(name))
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		warn(fmt.Sprintf("key file %s can be read by other users (mode %04o); run: chmod 600 %s", name, perm, name))
	}
	b, err := io.ReadAll(io.LimitReader(f, maxKeyBytes+1))
	if err != nil {
		return "", fmt.Errorf("key file %s: %w", Redact(name), redactedErr(err))
	}
	if len(b) > maxKeyBytes {
		return "", fmt.Errorf("key file %s is larger than %d bytes: it must hold only the key", Redact(name), maxKeyBytes)
	}
	return string(b), nil
}

// runKeyCommand runs a secrets-manager CLI without a shell and returns what it
// printed. Its stdout is never shown; its stderr is shown only redacted.
func runKeyCommand(ctx context.Context, line string, timeout time.Duration, environ func() []string, warn func(string)) (string, error) {
	if keyPattern().MatchString(line) {
		return "", errors.New("the key command contains a key itself: that puts the key in your shell history " +
			"and the process list; make the command fetch it (e.g. op read op://vault/stripe/test-key)")
	}
	args, err := shellquote.Split(line)
	if err != nil {
		return "", fmt.Errorf("key command %q: %w (check its quotes)", Redact(line), err)
	}
	if len(args) == 0 {
		return "", errors.New("key command is empty")
	}
	if timeout <= 0 {
		timeout = DefaultCommandTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()

	cmd := exec.CommandContext(ctx, args[0], args[1:]...)
	if environ != nil {
		cmd.Env = environ()
	}
	stdout := &capped{max: maxKeyBytes}
	stderr := &capped{max: maxKeyBytes}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, stdout, stderr
	cmd.WaitDelay = 2 * time.Second // a child that keeps the pipes open cannot hang us

	name := Redact(args[0])
	runErr := cmd.Run()
	if msg := lastLines(Redact(stderr.String()), 5); msg != "" && runErr == nil {
		warn("key command " + name + " said: " + msg)
	}
	switch {
	case ctx.Err() == context.DeadlineExceeded:
		return "", fmt.Errorf("key command %s did not finish within %s (is it waiting for a login? sign in to the secrets manager first)", name, timeout)
	case errors.Is(ctx.Err(), context.Canceled):
		return "", fmt.Errorf("key command %s: %w", name, context.Canceled)
	case runErr != nil:
		detail := lastLines(Redact(stderr.String()), 5)
		if detail != "" {
			detail = ": " + detail
		}
		return "", fmt.Errorf("key command %s failed (%s)%s", name, Redact(runErr.Error()), detail)
	case stdout.truncated:
		return "", fmt.Errorf("key command %s printed more than %d bytes: it must print only the key", name, maxKeyBytes)
	}
	return stdout.String(), nil
}

// capped keeps at most max bytes and remembers that it dropped some.
type capped struct {
	bytes.Buffer
	max       int
	truncated bool
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.Len(); len(p) > room {
		c.truncated = true
		c.Buffer.Write(p[:max(room, 0)])
		return len(p), nil
	}
	return c.Buffer.Write(p)
}

// lastLines keeps the tail of a command's stderr, on one line.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.TrimSpace(strings.Join(lines, " | "))
}

// RedactError keeps err's chain (errors.Is/As still work) but redacts its
// text. It returns nil for nil.
func RedactError(err error) error {
	if err == nil {
		return nil
	}
	return redacted{msg: Redact(err.Error()), err: err}
}

func redactedErr(err error) error { return RedactError(err) }

type redacted struct {
	msg string
	err error
}

func (r redacted) Error() string { return r.msg }
func (r redacted) Unwrap() error { return r.err }
