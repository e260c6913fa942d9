// Command gen writes the permission catalog's embedded data. Run it with
// `go generate ./permissions`; it reads the stripe-mock and stripe-go modules
// pinned in go.mod and permissions/rules.yaml, and fails on any operation
// nobody decided about.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/rakmigrate/rakmigrate/permissions/internal/gen"
)

func main() {
	rules := flag.String("rules", "rules.yaml", "hand-kept rules file")
	out := flag.String("out", "catalog.tsv", "catalog data file to write")
	expandOut := flag.String("expand-out", "expand.tsv", "expansion data file to write")
	flag.Parse()
	if err := run(*rules, *out, *expandOut); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(rulesPath, out, expandOut string) error {
	in, err := gen.PinnedInputs(rulesPath)
	if err != nil {
		return err
	}
	o, err := gen.Generate(in)
	if err != nil {
		return err
	}
	if err := gen.WriteAtomic(out, o.Catalog); err != nil {
		return err
	}
	if err := gen.WriteAtomic(expandOut, o.Expand); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "gen: wrote %s and %s\n", filepath.Base(out), filepath.Base(expandOut))
	return nil
}
