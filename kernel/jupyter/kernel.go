// Package jupyter is gonote's kernel server: it binds the five ZeroMQ sockets
// named by a connection file, answers the requests of the Jupyter messaging
// protocol 5.3 on shell and control, publishes on iopub, asks for input on
// stdin, echoes heartbeats, and runs cells on an Engine (the yaegi session).
//
// Output of a cell reaches the notebook as stream messages coalesced every
// 50 ms or 64 KiB. With Config.CaptureFDs the process's file descriptors 1
// and 2 are redirected to pipes, so that compiled packages and os.Stdout
// writes are shown in order with the cell's own prints. Output produced while
// no cell runs (a goroutine started by an earlier cell) is attributed to the
// last cell that ran.
//
// History is kept in memory only, for the life of the kernel process, as
// session 1; a restarted kernel starts with an empty history.
package jupyter

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"sync/atomic"

	"github.com/go-zeromq/zmq4"

	"github.com/gonote/gonote/kernel/display"
	"github.com/gonote/gonote/kernel/wire"
)

// Engine runs cells; *session.Session satisfies it.
type Engine interface {
	// Execute runs one cell; ctx is cancelled on interrupt.
	Execute(ctx context.Context, code string) (*display.Data, error)
	// Complete returns the completions at cursor (in code points).
	Complete(code string, cursor int) (matches []string, start, end int)
	// Inspect returns a MIME bundle describing the name at cursor.
	Inspect(code string, cursor, detailLevel int) (data map[string]any, found bool)
	// IsComplete reports "complete", "incomplete" or "invalid" and an indent.
	IsComplete(code string) (status, indent string)
}

// IO is what the kernel hands to the engine it creates: stable writers and a
// reader routed to the running cell.
type IO struct {
	Stdout, Stderr io.Writer
	Stdin          io.Reader
}

// Config configures a Kernel.
type Config struct {
	// Conn names the sockets and the signing key.
	Conn *wire.ConnectionInfo
	// NewEngine creates the engine once the kernel's writers exist.
	NewEngine func(IO) (Engine, error)
	// CaptureFDs redirects file descriptors 1 and 2 into the notebook.
	CaptureFDs bool
	// HandleSIGINT makes SIGINT interrupt the running cell.
	HandleSIGINT bool
	// Info fills kernel_info_reply.
	Info Info
	// Logger receives the kernel's log; nil means slog.Default().
	Logger *slog.Logger
}

// Info describes the implementation in kernel_info_reply.
type Info struct {
	Version   string // gonote's version
	GoVersion string // e.g. "1.26.8"
	BLAS      string // the BLAS cnn computes with
}

// Kernel is a running kernel.
type Kernel struct {
	cfg     Config
	log     *slog.Logger
	signer  *wire.Signer
	session string

	ctx      context.Context
	stop     context.CancelFunc
	done     chan struct{} // closed by a shutdown_request
	doneOnce sync.Once

	shell, control, iopub, stdin, hb zmq4.Socket
	iopubMu                          sync.Mutex

	engine         Engine
	stdout, stderr *stream
	captures       []*capture
	input          *stdinReader
	stdinReplies   chan *wire.Message

	shellQ    chan *wire.Message
	toAbort   []*wire.Message // queued when a cell failed: to abort
	execCount int
	history   history
	comms     *comms

	parent atomic.Pointer[wire.Message] // the request whose outputs are being produced
	cell   atomic.Pointer[cellState]    // the running cell, nil when idle
}

// cellState is what interrupt and stdin need of the running cell.
type cellState struct {
	req        *wire.Message
	allowStdin bool
	ctx        context.Context
	cancel     context.CancelFunc
}

// New binds the sockets and creates the engine. Close releases them.
func New(cfg Config) (*Kernel, error) {
	signer, err := wire.NewSigner(cfg.Conn.SignatureScheme, []byte(cfg.Conn.Key))
	if err != nil {
		return nil, err
	}
	k := &Kernel{
		cfg: cfg, log: cfg.Logger, signer: signer, session: wire.NewMsgID(),
		done:         make(chan struct{}),
		shellQ:       make(chan *wire.Message, 1024),
		stdinReplies: make(chan *wire.Message, 16),
		comms:        newComms(),
	}
	if k.log == nil {
		k.log = slog.Default()
	}
	k.ctx, k.stop = context.WithCancel(context.Background())
	if err := k.setup(); err != nil {
		k.Close()
		return nil, err
	}
	return k, nil
}

func (k *Kernel) setup() error {
	if err := k.bind(); err != nil {
		return err
	}
	k.stdout = newStream(k, "stdout")
	k.stderr = newStream(k, "stderr")
	k.input = &stdinReader{k: k}
	kio := IO{Stdout: k.stdout, Stderr: k.stderr, Stdin: k.input}
	if k.cfg.CaptureFDs {
		var err error
		if kio, err = k.captureOutput(); err != nil {
			return err
		}
	}
	eng, err := k.cfg.NewEngine(kio)
	if err != nil {
		return fmt.Errorf("starting the session: %w", err)
	}
	k.engine = eng
	display.SetPublisher(&publisher{k: k})
	return nil
}

// Run serves requests until a shutdown_request arrives or ctx is done.
func (k *Kernel) Run(ctx context.Context) error {
	go k.heartbeat()
	go k.readLoop(k.shell, "shell", k.enqueueShell)
	go k.readLoop(k.control, "control", k.handleControl)
	go k.readLoop(k.stdin, "stdin", k.handleStdin)
	go k.shellLoop()
	if k.cfg.HandleSIGINT {
		k.handleSignals()
	}
	k.publishStatus(nil, "starting")
	select {
	case <-ctx.Done():
	case <-k.done:
	}
	return nil
}

// Close stops the kernel and releases its sockets and pipes.
func (k *Kernel) Close() {
	k.stop()
	display.SetPublisher(nil)
	if c := k.cell.Load(); c != nil {
		c.cancel()
	}
	k.flushOutput()
	for _, s := range []zmq4.Socket{k.shell, k.control, k.iopub, k.stdin, k.hb} {
		if s != nil {
			_ = s.Close()
		}
	}
}

// Interrupt cancels the running cell, if any.
func (k *Kernel) Interrupt() {
	if c := k.cell.Load(); c != nil {
		k.log.Debug("interrupting the running cell")
		c.cancel()
	}
}

func (k *Kernel) shutdown() {
	k.doneOnce.Do(func() { close(k.done) })
}
