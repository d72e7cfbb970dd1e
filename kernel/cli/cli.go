// Package cli implements the gonote command: install writes the kernelspec
// and the notebook extension, kernel runs the kernel Jupyter starts, and
// version prints what gonote runs on.
package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/gonote/gonote/cnn"
)

// Version is gonote's version; release builds set it with
// -ldflags "-X github.com/gonote/gonote/kernel/cli.Version=v1.2.3".
var Version = ""

const usage = `gonote: a Jupyter kernel for Go

usage:
  gonote install [--user | --sys-prefix | --prefix DIR]
                          install the kernelspec "gonote" (--user by default)
  gonote kernel CONNECTION_FILE
                          run the kernel (Jupyter does this)
  gonote version          print gonote's, Go's and the BLAS's versions

GONOTE_LOG=debug|info|warn|error sets the kernel's log level (default warn).
`

// Main runs the gonote command with args (os.Args) and returns the exit code.
func Main(args []string) int {
	if len(args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		return 2
	}
	switch args[1] {
	case "install":
		return install(args[2:], os.Stdout, os.Stderr)
	case "kernel":
		return runKernel(args[2:])
	case "version", "--version":
		printVersion(os.Stdout)
		return 0
	case "help", "-h", "--help":
		fmt.Fprint(os.Stdout, usage)
		return 0
	default:
		fmt.Fprintf(os.Stderr, "gonote: unknown command %q\n\n%s", args[1], usage)
		return 2
	}
}

// gonoteVersion returns Version, or the module version the binary was built
// from, or "devel".
func gonoteVersion() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

func goVersion() string { return strings.TrimPrefix(runtime.Version(), "go") }

func printVersion(w io.Writer) {
	fmt.Fprintf(w, "gonote %s\nGo %s %s/%s\nBLAS %s\n",
		gonoteVersion(), goVersion(), runtime.GOOS, runtime.GOARCH, cnn.BLAS())
}
