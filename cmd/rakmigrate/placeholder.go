package main

import "fmt"

// errNotBuilt is returned by commands that are not built yet. It goes away
// when the last placeholder does.
func errNotBuilt(name string) error { return fmt.Errorf("%s: not built yet", name) }
