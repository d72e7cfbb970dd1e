package symbols

import (
	"fmt"
	"io"
	"log"
	"os"
)

// The generated os and log tables refer to the sandboxed stand-ins below.
// The session keeps yaegi's own os.Exit, log.Fatal and log.New entries (and
// replaces Exit and Fatal with its own), so these only have to exist and
// behave safely.

type logLogger = log.Logger

func logNew(out io.Writer, prefix string, flag int) *log.Logger {
	return log.New(out, prefix, flag)
}

func logFatal(v ...any)            { log.Panic(v...) }
func logFatalf(f string, v ...any) { log.Panicf(f, v...) }
func logFatalln(v ...any)          { log.Panicln(v...) }

func osExit(code int) { panic(fmt.Sprintf("os.Exit(%d)", code)) }

func osFindProcess(pid int) (*os.Process, error) { return os.FindProcess(pid) }
