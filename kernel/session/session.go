// Package session runs notebook cells written in Go on one long-lived yaegi
// interpreter: it splits a cell into declaration and statement chunks,
// rewrites modern Go the interpreter does not know, evaluates the chunks in
// order, and turns the cell's value and errors into what a notebook shows.
// It also answers completion, inspection and is_complete requests and runs
// the magics (%help, %env, %time, %reset, !cmd).
//
// yaegi runs the statements of a chunk as if at a file's top level, where
// the names they bind are globals, and its first pass over globals cannot
// type everything a func body can. So compound statements (if, for, switch,
// select, blocks) run inside a func literal (rewrite.go), and a definition
// from a generic call or a comma-ok form runs inside one too and is then
// kept as a global of its type, spelt out by the session (hoist.go).
package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"sync"

	"github.com/traefik/yaegi/interp"

	"github.com/gonote/gonote/kernel/display"
)

// Options configures a Session.
type Options struct {
	// Stdout and Stderr receive what cells print; the kernel gives stable
	// writers and routes them to the running cell. nil means os.Stdout and
	// os.Stderr.
	Stdout, Stderr io.Writer
	// Stdin is what cells read; reads block on an input_request, and return
	// io.EOF when the front end does not allow input. nil means no input.
	Stdin io.Reader
}

// Session is one interpreter with the state of the cells run so far.
// Execute calls are serialized; Complete, Inspect and IsComplete may run
// while a cell runs.
type Session struct {
	opts Options

	mu    sync.Mutex // serializes Execute and guards the fields below
	in    *interp.Interpreter
	state *cellState

	trace    *panicTrace
	goPanics *goPanicLog
	defers   *cellDefers

	// lookups serializes Complete and Inspect; idle says whether they hold
	// mu (no cell running) and may evaluate names on the interpreter.
	lookups sync.Mutex
	idle    bool
	// stateMu guards the maps of state against Complete and Inspect
	// reading them while a cell records its names.
	stateMu sync.RWMutex
}

// CellError is the error of a failed cell, in the shape of Jupyter's error
// reply: Name is the kind of error (CompileError, panic, ...), Value the
// message and Traceback the lines to show.
type CellError struct {
	Name, Value string
	Traceback   []string
}

// Error returns the name and message, like "panic: boom".
func (e *CellError) Error() string { return e.Name + ": " + e.Value }

// New returns a Session with the standard library, gonum, gonum/plot, cnn
// and display available to cells, and display pre-imported.
func New(opts Options) (*Session, error) {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if opts.Stdin == nil {
		opts.Stdin = strings.NewReader("")
	}
	s := &Session{opts: opts, trace: &panicTrace{w: opts.Stderr},
		goPanics: newGoPanicLog(opts.Stderr), defers: &cellDefers{}}
	if err := s.reset(); err != nil {
		return nil, err
	}
	return s, nil
}

// reset replaces the interpreter with a fresh one.
func (s *Session) reset() error {
	in, err := newInterpreter(s.opts, s.trace, s.goPanics, s.defers)
	if err != nil {
		return fmt.Errorf("starting the interpreter: %w", err)
	}
	s.in = in
	s.stateMu.Lock()
	s.state = newCellState()
	s.stateMu.Unlock()
	return nil
}

// Execute runs one cell. ctx is cancelled on interrupt. The cell's value,
// if any, is returned as a MIME bundle; a failed cell returns a *CellError.
func (s *Session) Execute(ctx context.Context, code string) (d *display.Data, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		// A bug in the session must not end the kernel.
		if p := recover(); p != nil {
			slog.Error("session: internal error", "panic", p, "stack", string(debug.Stack()))
			d, err = nil, &CellError{Name: "InternalError",
				Value: fmt.Sprintf("the session failed on this cell: %v", p)}
		}
	}()
	s.goPanics.flushIdle()

	if d, handled, err := s.runMagics(ctx, &code); handled {
		return d, err
	}
	return s.executeCode(ctx, code)
}

// executeCode runs Go source (magics already removed).
func (s *Session) executeCode(ctx context.Context, code string) (*display.Data, error) {
	c, err := parseCell(code)
	if err != nil {
		var ce *CellError
		if errors.As(err, &ce) {
			return nil, withTraceback(ce, code)
		}
		return nil, err
	}
	s.goPanics.startCell()
	s.trace.take()
	vals, err := s.run(ctx, c)
	frames := s.trace.take()
	if derr := s.defers.run(); err == nil && derr != nil {
		err = withTraceback(derr, code)
	}
	if gp := s.goPanics.endCell(); gp != nil {
		if err == nil {
			err = withTraceback(gp, code)
		} else {
			gp.Traceback = nil
			addCause(err, withTraceback(gp, code))
		}
	}
	if err != nil {
		var ce *CellError
		if errors.As(err, &ce) {
			addFrames(ce, frames, c)
		}
		return nil, err
	}
	return renderValues(vals), nil
}

// addCause appends another error of the same cell to err's traceback.
func addCause(err error, other *CellError) {
	var ce *CellError
	if errors.As(err, &ce) {
		ce.Traceback = append(ce.Traceback, "also: "+other.Error())
	}
}
