package session

import (
	"fmt"
	"io"
	"sync"
)

// goPanicLog collects panics of goroutines started by cells. The rewrite of
// go statements makes each such goroutine recover and report here, so a
// panic never ends the process. Each panic is written to Stderr when it
// happens, except the first one while a cell runs, which fails that cell
// and shows as its error.
type goPanicLog struct {
	stderr io.Writer

	mu      sync.Mutex
	running bool
	first   any // first panic while the current cell runs
	idle    []string
}

func newGoPanicLog(stderr io.Writer) *goPanicLog { return &goPanicLog{stderr: stderr} }

// record is called by the recovering goroutine with the panic value.
func (g *goPanicLog) record(v any) {
	msg := fmt.Sprintf("panic in a goroutine: %v", describePanic(v))
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.running {
		if g.first == nil {
			g.first = v
			return
		}
		fmt.Fprintln(g.stderr, msg)
		return
	}
	g.idle = append(g.idle, msg)
}

// describePanic is the message of a panic value.
func describePanic(v any) string {
	return panicError(v).Value
}

// flushIdle writes the panics that happened between cells, so they show
// in the next cell's output.
func (g *goPanicLog) flushIdle() {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, m := range g.idle {
		fmt.Fprintln(g.stderr, m+" (after its cell ended)")
	}
	g.idle = nil
}

func (g *goPanicLog) startCell() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.running, g.first = true, nil
}

// endCell returns the error for the first goroutine panic during the cell.
func (g *goPanicLog) endCell() *CellError {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.running = false
	if g.first == nil {
		return nil
	}
	e := panicError(g.first)
	e.Value += " (in a goroutine started by the cell)"
	g.first = nil
	return e
}

// cellDefers holds the calls deferred at the top level of the running cell.
type cellDefers struct {
	mu  sync.Mutex
	fns []func()
}

// add is what the rewritten defer statements call.
func (d *cellDefers) add(f func()) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fns = append(d.fns, f)
}

// run calls the deferred funcs, last first, and returns the error of the
// first panic among them.
func (d *cellDefers) run() (err *CellError) {
	d.mu.Lock()
	fns := d.fns
	d.fns = nil
	d.mu.Unlock()
	for i := len(fns) - 1; i >= 0; i-- {
		func() {
			defer func() {
				if p := recover(); p != nil && err == nil {
					err = panicError(p)
				}
			}()
			fns[i]()
		}()
	}
	return err
}
