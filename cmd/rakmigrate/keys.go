package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/rakmigrate/rakmigrate/secrets"
)

// refusedKeyFlags are flag names people reach for to pass a key. rakmigrate
// never takes a key as a flag value (it would land in shell history and the
// process list), so commands that take a key define these hidden flags only
// to refuse them with advice, without ever printing the value.
var refusedKeyFlags = []string{"api-key", "key", "secret-key", "stripe-api-key", "stripe-key"}

// refusedKey is the flag.Value behind a refused flag: it records that the
// flag was used and throws the value away at once.
type refusedKey struct{ used bool }

func (r *refusedKey) String() string   { return "" }
func (r *refusedKey) Set(string) error { r.used = true; return nil }
func (r *refusedKey) Type() string     { return "string" }
func (r *refusedKey) IsBoolFlag() bool { return false }
func (r *refusedKey) wasUsed() bool    { return r != nil && r.used }
func errKeyAsFlag(name string) error {
	return usageError("--%s: a key is never accepted as a flag value (it would end up in your shell history and the process list); "+
		"set STRIPE_API_KEY, or use --key-file FILE or --key-command \"op read op://vault/stripe/test-key\"", name)
}

// addKeyFlags gives cmd the key sources: --key-file and --key-command, bound
// by the root to Config.KeyFile and Config.KeyCommand. Call loadKey to read
// the key.
func addKeyFlags(cmd *cobra.Command) {
	fs := cmd.Flags()
	fs.String("key-file", "", "file holding only the Stripe key (chmod 600)")
	fs.String("key-command", "", `command printing the Stripe key, run without a shell (e.g. "op read op://vault/stripe/test-key")`)
	for _, name := range refusedKeyFlags {
		if fs.Lookup(name) != nil || cmd.InheritedFlags().Lookup(name) != nil {
			continue
		}
		// -k is what people type for "key"; taking it here keeps pflag's
		// unknown-shorthand error ("… in -ksk_live_…") from echoing a value.
		short := ""
		if name == "key" && fs.ShorthandLookup("k") == nil && cmd.InheritedFlags().ShorthandLookup("k") == nil {
			short = "k"
		}
		fs.VarP(&refusedKey{}, name, short, "refused: keys are never flag values")
		_ = fs.MarkHidden(name)
	}
	prev := cmd.PreRunE
	cmd.PreRunE = func(c *cobra.Command, args []string) error {
		if err := refusedKeyFlagUsed(c); err != nil {
			return err
		}
		if prev != nil {
			return prev(c, args)
		}
		return nil
	}
}

// refusedKeyFlagUsed returns the refusal for the first key flag given.
func refusedKeyFlagUsed(cmd *cobra.Command) error {
	for _, name := range refusedKeyFlags {
		if fl := cmd.Flags().Lookup(name); fl != nil {
			if r, ok := fl.Value.(*refusedKey); ok && r.wasUsed() {
				return errKeyAsFlag(name)
			}
		}
	}
	return nil
}

// loadKey reads the key for a command from --key-command, --key-file,
// STRIPE_API_KEY or RAKMIGRATE_API_KEY (in that order). Warnings go to stderr;
// errors never contain the key.
func loadKey(ctx context.Context, f *Factory) (secrets.Key, error) {
	var o secrets.LoadOptions
	if f.Config != nil {
		o.File, o.Command = f.Config.KeyFile, f.Config.KeyCommand
	}
	o.Getenv = f.Getenv
	o.Environ = f.Environ
	o.Warn = func(msg string) { fmt.Fprintln(f.IO.ErrOut, "rakmigrate: warning: "+secrets.Redact(msg)) }
	k, err := secrets.Load(ctx, o)
	if err != nil {
		return secrets.Key{}, secrets.RedactError(err)
	}
	return k, nil
}
