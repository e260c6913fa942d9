package main

import (
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/rakmigrate/rakmigrate/secrets"
)

// Config is rakmigrate's settings after merging, in order of precedence:
// flags, RAKMIGRATE_* environment variables, ./rakmigrate.yaml, then
// $XDG_CONFIG_HOME/rakmigrate/config.yaml. Viper stays here: packages below
// cmd receive typed values.
//
// A key is never a config value: keys come from STRIPE_API_KEY, a key file or
// a key command (see secrets).
type Config struct {
	InputFormat      string `mapstructure:"input_format"`      // force a log format
	TZ               string `mapstructure:"tz"`                // zone of tail-text times
	DateOrder        string `mapstructure:"date_order"`        // slashed dates in tables: dmy, mdy, "" = decide from the data
	MaxLine          int    `mapstructure:"max_line"`          // longest record, bytes
	Strict           bool   `mapstructure:"strict"`            // first malformed record is fatal
	CatalogOverrides string `mapstructure:"catalog_overrides"` // YAML file extending the catalog
	Manifest         string `mapstructure:"manifest"`          // rak-manifest.yaml
	KeyFile          string `mapstructure:"key_file"`          // file holding the test key
	KeyCommand       string `mapstructure:"key_command"`       // secrets-manager command printing the key
	APIBase          string `mapstructure:"api_base"`          // Stripe API base (stripe-mock, the proxy)
	StripeBin        string `mapstructure:"stripe_bin"`        // the Stripe CLI
	Listen           string `mapstructure:"listen"`            // proxy listen address
	Upstream         string `mapstructure:"upstream"`          // proxy upstream

	// File is the config file that was read, "" when none.
	File string `mapstructure:"-"`
}

// configKey turns a flag name into its config key: --key-file → key_file.
func configKey(flag string) string { return strings.ReplaceAll(flag, "-", "_") }

// loadConfig merges every source for the command about to run.
func loadConfig(cmd *cobra.Command, getenv func(string) string) (*Config, error) {
	v := viper.New()
	v.SetEnvPrefix("RAKMIGRATE")
	v.AutomaticEnv()
	// Every field is known to viper, so env vars apply even without a flag.
	t := reflect.TypeOf(Config{})
	for i := 0; i < t.NumField(); i++ {
		if k := t.Field(i).Tag.Get("mapstructure"); k != "-" {
			v.SetDefault(k, reflect.Zero(t.Field(i).Type).Interface())
		}
	}
	var bindErr error
	cmd.Flags().VisitAll(func(fl *pflag.Flag) {
		if _, known := t.FieldByNameFunc(func(n string) bool {
			f, _ := t.FieldByName(n)
			return f.Tag.Get("mapstructure") == configKey(fl.Name)
		}); known {
			bindErr = errors.Join(bindErr, v.BindPFlag(configKey(fl.Name), fl))
		}
	})
	if bindErr != nil {
		return nil, bindErr
	}

	file, err := findConfigFile(getenv)
	if err != nil {
		return nil, err
	}
	if file != "" {
		v.SetConfigFile(file)
		if err := v.ReadInConfig(); err != nil {
			return nil, fmt.Errorf("reading config %s: %w (fix the YAML or remove the file)", file, err)
		}
		if err := refuseKeysInConfig(v, file); err != nil {
			return nil, err
		}
	}
	var c Config
	if err := v.Unmarshal(&c); err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c.File = file
	return &c, nil
}

// findConfigFile returns the first config file that exists.
func findConfigFile(getenv func(string) string) (string, error) {
	candidates := []string{"rakmigrate.yaml"}
	xdg := getenv("XDG_CONFIG_HOME")
	if xdg == "" {
		if home := getenv("HOME"); home != "" {
			xdg = filepath.Join(home, ".config")
		}
	}
	if xdg != "" {
		candidates = append(candidates, filepath.Join(xdg, "rakmigrate", "config.yaml"))
	}
	for _, c := range candidates {
		if ok, err := fileExists(c); err != nil {
			return "", fmt.Errorf("config: %w", err)
		} else if ok {
			return c, nil
		}
	}
	return "", nil
}

// refuseKeysInConfig rejects a config file that holds a key, under a key-like
// name or as the value of any setting. The message names the setting, never
// the value.
func refuseKeysInConfig(v *viper.Viper, file string) error {
	const advice = "keys never go in config files — use key_file or key_command, or STRIPE_API_KEY"
	for _, forbidden := range []string{"api_key", "key", "secret_key", "stripe_api_key"} {
		if v.InConfig(forbidden) {
			return fmt.Errorf("config %s: %q holds a key; %s", file, forbidden, advice)
		}
	}
	keys := v.AllKeys()
	sort.Strings(keys)
	for _, k := range keys {
		if s := fmt.Sprint(v.Get(k)); secrets.Redact(s) != s {
			return fmt.Errorf("config %s: setting %q holds a Stripe key; %s", file, k, advice)
		}
	}
	return nil
}
