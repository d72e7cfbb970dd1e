// Command gonote is a Jupyter kernel for Go. See kernel/cli for its
// commands: install, kernel and version.
package main

import (
	"os"

	"github.com/gonote/gonote/kernel/cli"
)

func main() {
	os.Exit(cli.Main(os.Args))
}
