package cli

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/gonote/gonote/cnn"
	"github.com/gonote/gonote/kernel/format"
	"github.com/gonote/gonote/kernel/jupyter"
	"github.com/gonote/gonote/kernel/session"
	"github.com/gonote/gonote/kernel/wire"
)

// runKernel runs the kernel on the connection file in args[0] until a
// shutdown_request arrives.
func runKernel(args []string) int {
	if len(args) != 1 {
		fmt.Fprint(os.Stderr, "gonote kernel: want exactly one argument, the connection file\n")
		return 2
	}
	logOut := kernelStderr()
	log := newLogger(logOut)
	fail := func(err error) int {
		fmt.Fprintf(logOut, "gonote kernel: %v\n", err)
		return 1
	}
	conn, err := wire.LoadConnection(args[0])
	if err != nil {
		return fail(err)
	}
	k, err := jupyter.New(jupyter.Config{
		Conn:         conn,
		NewEngine:    newSession,
		CaptureFDs:   true,
		HandleSIGINT: true,
		Info:         jupyter.Info{Version: gonoteVersion(), GoVersion: goVersion(), BLAS: cnn.BLAS()},
		Logger:       log,
	})
	if err != nil {
		return fail(err)
	}
	k.RegisterCommTarget("gonote.format", format.Handle)
	log.Info("kernel started", "connection_file", args[0])
	err = k.Run(context.Background())
	// Let the iopub queue send the last status messages before closing.
	time.Sleep(50 * time.Millisecond)
	k.Close()
	if err != nil {
		return fail(err)
	}
	return 0
}

func newSession(kio jupyter.IO) (jupyter.Engine, error) {
	return session.New(session.Options{Stdout: kio.Stdout, Stderr: kio.Stderr, Stdin: kio.Stdin})
}

// kernelStderr is where the kernel logs and reports why it cannot start;
// tests replace it.
var kernelStderr = originalStderr

// originalStderr returns a duplicate of fd 2 made before the kernel captures
// it, for the kernel's own log and for the runtime's crash reports.
func originalStderr() *os.File {
	fd, err := syscall.Dup(2)
	if err != nil {
		return os.Stderr
	}
	syscall.CloseOnExec(fd)
	f := os.NewFile(uintptr(fd), "stderr")
	_ = debug.SetCrashOutput(f, debug.CrashOptions{})
	return f
}

// newLogger logs to w at the level GONOTE_LOG names, warn by default.
func newLogger(w *os.File) *slog.Logger {
	level := slog.LevelWarn
	switch strings.ToLower(os.Getenv("GONOTE_LOG")) {
	case "debug":
		level = slog.LevelDebug
	case "info":
		level = slog.LevelInfo
	case "error":
		level = slog.LevelError
	}
	h := slog.NewTextHandler(w, &slog.HandlerOptions{Level: level})
	return slog.New(h).With("component", "gonote")
}
