package session

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strings"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/gonote/gonote/kernel/display"
)

// interruptGrace is how long an interrupted cell may take to return on its
// own (compiled code watching display.Context) before the interpreter is
// stopped, which has side effects on closures (see docs/cells.md).
const interruptGrace = 250 * time.Millisecond

// errInterruptedHard is returned when the interpreter itself had to be
// stopped.
var errInterruptedHard = errors.New("interrupted")

// run evaluates the pieces of c in order and returns the cell's values.
func (s *Session) run(ctx context.Context, c *cell) ([]reflect.Value, error) {
	display.SetContext(ctx)
	defer display.SetContext(nil)

	rw := rewriteCell(c, s.state)
	pieces := c.pieces
	for i := 0; i < len(pieces); {
		p := pieces[i]
		last := i == len(pieces)-1
		switch {
		case p.kind == importPiece:
			if err := s.evalImport(ctx, c, p); err != nil {
				return nil, withTraceback(err, c.src)
			}
			i++
		case last && isExprStmt(p):
			vals, err := s.evalValue(ctx, c, rw, p)
			if err != nil {
				return nil, withTraceback(err, c.src)
			}
			return vals, nil
		default:
			j := i + 1
			for j < len(pieces) && pieces[j].kind == p.kind &&
				!(j == len(pieces)-1 && isExprStmt(pieces[j])) {
				j++
			}
			if err := s.evalGroup(ctx, c, rw, pieces[i:j]); err != nil {
				return nil, withTraceback(err, c.src)
			}
			i = j
		}
	}
	return nil, nil
}

func isExprStmt(p *piece) bool {
	_, ok := p.stmt.(*ast.ExprStmt)
	return p.kind == stmtPiece && ok
}

// evalGroup evaluates consecutive declarations or statements as one chunk.
func (s *Session) evalGroup(ctx context.Context, c *cell, rw *rewrites, ps []*piece) *CellError {
	var skip []*piece
	if ps[0].kind == declPiece {
		var err *CellError
		skip, err = s.state.checkRedefinitions(c, ps)
		if err != nil {
			return err
		}
	}
	src := chunkSource(c, rw, ps[0].start, ps[len(ps)-1].end, skip)
	if strings.TrimSpace(src) == "" {
		return nil
	}
	if _, err := s.eval(ctx, src); err != nil {
		return err
	}
	if ps[0].kind == declPiece {
		s.state.recordDecls(c, ps)
	} else {
		s.state.recordStmts(c, ps)
	}
	return nil
}

// chunkSource returns the rewritten cell source between start and end, with
// the pieces in skip blanked, padded so that line L of the cell is line L+1
// of the result (yaegi shifts line 1) and columns are unchanged.
func chunkSource(c *cell, rw *rewrites, start, end int, skip []*piece) string {
	text := rw.apply(c.src, start, end, skip)
	before := c.src[:start]
	lines := strings.Count(before, "\n")
	col := start - (strings.LastIndexByte(before, '\n') + 1)
	return "\n" + strings.Repeat("\n", lines) + strings.Repeat(" ", col) + text
}

// evalImport imports the packages of an import declaration that are not
// imported yet.
func (s *Session) evalImport(ctx context.Context, c *cell, p *piece) *CellError {
	for _, spec := range p.decl.(*ast.GenDecl).Specs {
		is := spec.(*ast.ImportSpec)
		line := "import " + c.text(p, is)
		if s.state.imported(is) {
			continue
		}
		if _, err := s.eval(ctx, line); err != nil {
			return err
		}
		s.state.recordImport(is)
	}
	return nil
}

// eval runs src on the interpreter. On interrupt it waits interruptGrace for
// the cell to return by itself, then stops the interpreter.
func (s *Session) eval(ctx context.Context, src string) (reflect.Value, *CellError) {
	evalCtx, stop := context.WithCancel(context.Background())
	defer stop()
	type result struct {
		v   reflect.Value
		err error
	}
	done := make(chan result, 1)
	go func() {
		var r result
		defer func() {
			if p := recover(); p != nil {
				r.err = fmt.Errorf("internal interpreter error: %v", p)
			}
			done <- r
		}()
		r.v, r.err = s.in.EvalWithContext(evalCtx, src)
	}()

	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		select {
		case r = <-done:
			if r.err == nil {
				r.err = errInterrupted
			}
		case <-time.After(interruptGrace):
			stop()
			r = <-done
			r.err = errInterruptedHard
		}
	}
	if r.err != nil {
		return reflect.Value{}, s.cellError(r.err)
	}
	return r.v, nil
}

// errInterrupted is returned when a cell stopped by itself after an
// interrupt, without stopping the interpreter.
var errInterrupted = errors.New("interrupted")

// cellError converts an evaluation error.
func (s *Session) cellError(err error) *CellError {
	switch {
	case errors.Is(err, errInterruptedHard):
		return &CellError{Name: nameInterrupted, Value: "the cell was stopped by an " +
			"interrupt; goroutines started by earlier cells were stopped too, and " +
			"function values (closures) created before the interrupt now do " +
			"nothing: re-run the cells that create them (named funcs and methods " +
			"are fine)"}
	case errors.Is(err, errInterrupted), errors.Is(err, context.Canceled):
		return &CellError{Name: nameInterrupted, Value: "the cell was stopped by an interrupt"}
	}
	var p interp.Panic
	if errors.As(err, &p) {
		return panicError(p.Value)
	}
	return interpError(err)
}

// fmtPrinters are calls whose results a cell does not show.
var fmtPrinters = map[string]bool{
	"fmt.Print": true, "fmt.Println": true, "fmt.Printf": true,
	"fmt.Fprint": true, "fmt.Fprintln": true, "fmt.Fprintf": true,
}

// evalValue evaluates the cell's last statement, an expression, and returns
// its values: none for a call without results.
func (s *Session) evalValue(ctx context.Context, c *cell, rw *rewrites, p *piece) (
	[]reflect.Value, *CellError) {
	x := ast.Unparen(p.stmt.(*ast.ExprStmt).X)
	src := chunkSource(c, rw, p.start, p.end, nil)
	n := 1
	if call, ok := x.(*ast.CallExpr); ok {
		n = s.resultCount(ctx, c, p, call, rw.apply(c.src, p.start, p.end, nil))
	}
	switch n {
	case 0:
		_, err := s.eval(ctx, src)
		return nil, err
	case 1:
		v, err := s.eval(ctx, src)
		if err != nil {
			return nil, err
		}
		return []reflect.Value{v}, nil
	}
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("gonoteV%d", i)
	}
	lead := strings.Join(names, ", ") + " := "
	if _, err := s.eval(ctx, strings.Replace(src, strings.TrimLeft(src, " \n"),
		lead+strings.TrimLeft(src, " \n"), 1)); err != nil {
		return nil, err
	}
	vals := make([]reflect.Value, n)
	for i, name := range names {
		v, err := s.eval(ctx, name)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

// resultCount returns how many results a call has, by compiling (not
// running) assignments of it in a branch that never runs.
func (s *Session) resultCount(ctx context.Context, c *cell, p *piece, call *ast.CallExpr,
	text string) int {
	if fun := c.text(p, call.Fun); fmtPrinters[fun] {
		return 0
	}
	if id, ok := call.Fun.(*ast.Ident); ok {
		switch id.Name {
		case "print", "println", "panic", "close", "delete", "clear":
			return 0
		}
	}
	text = strings.TrimSpace(text)
	for n := 1; n <= 8; n++ {
		lhs := strings.TrimSuffix(strings.Repeat("_, ", n), ", ")
		_, err := s.eval(ctx, "if false { "+lhs+" = "+text+" }")
		if err == nil {
			return n
		}
		msg := err.Value
		switch {
		case strings.Contains(msg, "no value") || strings.Contains(msg, "used as value"):
			return 0
		case strings.Contains(msg, "mismatch") || strings.Contains(msg, "multiple-value") ||
			strings.Contains(msg, "too many") || strings.Contains(msg, "not enough"):
			continue
		}
		return 1
	}
	return 1
}

// renderValues turns a cell's values into one MIME bundle.
func renderValues(vals []reflect.Value) *display.Data {
	var shown []any
	for _, v := range vals {
		if !v.IsValid() {
			continue
		}
		if v.CanInterface() {
			shown = append(shown, v.Interface())
		}
	}
	switch len(shown) {
	case 0:
		if len(vals) == 0 {
			return nil
		}
		return nil
	case 1:
		d := display.Render(shown[0])
		return &d
	}
	parts := make([]string, len(shown))
	for i, v := range shown {
		d := display.Render(v)
		if t, ok := d.Data["text/plain"].(string); ok {
			parts[i] = t
		} else {
			parts[i] = fmt.Sprint(v)
		}
	}
	return &display.Data{Data: display.MIMEMap{"text/plain": strings.Join(parts, " ")}}
}

var _ = token.NoPos
