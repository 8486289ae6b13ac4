// Command mamori finds where a cloud is exposed. See README.md.
package main

import (
	"os"

	"github.com/mamori-sec/mamori/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
