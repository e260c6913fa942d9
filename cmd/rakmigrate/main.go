// Command rakmigrate moves a Stripe integration from a secret key to a
// least-privilege restricted key. See README.md.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], systemFactory()))
}
