package session

import (
	"fmt"
	"io"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// panicTrace sits between the interpreter and the session's stderr. The
// interpreter writes one line per interpreted call frame a panic unwinds
// through ("5:3: panic: main.f(...)"); panicTrace keeps those lines out of
// the cell's output and hands them to the cell's error instead, so a panic
// shows once, as the error, with its lines. A panic that a cell recovers
// prints nothing, as in Go.
type panicTrace struct {
	w io.Writer

	mu     sync.Mutex
	frames []frame
}

// frame is one interpreted call frame of a panic, innermost first.
type frame struct {
	line, col int    // in the source the interpreter evaluated
	fn        string // "main" for a cell's statements, else "main.f" ...
}

// frameLine matches what the interpreter prints for a frame.
var frameLine = regexp.MustCompile(`^(?:_\.go:)?(\d+):(\d+): panic: (.*)\(\.\.\.\)\n$`)

// Write keeps frame lines and passes everything else on.
func (t *panicTrace) Write(p []byte) (int, error) {
	if m := frameLine.FindSubmatch(p); m != nil {
		line, _ := strconv.Atoi(string(m[1]))
		col, _ := strconv.Atoi(string(m[2]))
		t.mu.Lock()
		t.frames = append(t.frames, frame{line: line, col: col, fn: string(m[3])})
		t.mu.Unlock()
		return len(p), nil
	}
	return t.w.Write(p)
}

// take returns the frames recorded since the last call and forgets them.
func (t *panicTrace) take() []frame {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.frames
	t.frames = nil
	return f
}

// addFrames appends the panic's frames to e's traceback. Positions are
// those of the chunk the interpreter ran, one line below the cell's; they
// are shown with the cell's line for the cell's own statements and for
// funcs the cell declares, and by name only for funcs of earlier cells.
func addFrames(e *CellError, frames []frame, c *cell) {
	if len(frames) == 0 {
		return
	}
	lines := strings.Split(c.src, "\n")
	for _, f := range frames {
		name, inCell := frameName(f.fn, c)
		line := f.line - 1
		if !inCell || line < 1 || line > len(lines) {
			e.Traceback = append(e.Traceback, fmt.Sprintf("  in %s (declared in an earlier cell)", name))
			continue
		}
		e.Traceback = append(e.Traceback, fmt.Sprintf("  in %s, line %d:%d", name, line, f.col))
		e.Traceback = append(e.Traceback, caretLines(lines[line-1], line, f.col)...)
	}
}

// frameName names the func of a frame for the traceback and says whether
// its source is in cell c.
func frameName(fn string, c *cell) (string, bool) {
	owner := strings.TrimPrefix(strings.TrimPrefix(fn, "main"), ".")
	literal := false
	for strings.HasSuffix(owner, "func") && (owner == "func" || strings.HasSuffix(owner, ".func")) {
		owner = strings.TrimSuffix(strings.TrimSuffix(owner, "func"), ".")
		literal = true
	}
	name, inCell := owner, owner == "" || c.declaresFunc(owner)
	if owner == "" {
		name = "the cell"
	}
	if literal {
		name = "a func literal in " + name
	}
	return name, inCell
}

// caretLines shows a source line with a caret under column col.
func caretLines(text string, line, col int) []string {
	out := []string{fmt.Sprintf("%4d | %s", line, text)}
	if col >= 1 && col <= len(text)+1 {
		pad := strings.Map(func(r rune) rune {
			if r == '\t' {
				return '\t'
			}
			return ' '
		}, text[:col-1])
		out = append(out, "     | "+pad+"^")
	}
	return out
}

// stderrSymbol is what cells see as os.Stderr: the session's stderr when it
// is a file (the kernel's captured fd 2), else the process's.
func stderrSymbol(w io.Writer) reflect.Value {
	f, ok := w.(*os.File)
	if !ok {
		f = os.Stderr
	}
	return reflect.ValueOf(&f).Elem()
}
