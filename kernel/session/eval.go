package session

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/traefik/yaegi/interp"

	"github.com/gonote/gonote/kernel/display"
)

// interruptGrace is how long an interrupted cell may take to return on its
// own (compiled code watching display.Context) before the interpreter is
// stopped, which has side effects on closures (see docs/cells.md).
const interruptGrace = 250 * time.Millisecond

// hardStopSettle is the pause after stopping the interpreter.
const hardStopSettle = 50 * time.Millisecond

// errInterruptedHard is returned when the interpreter itself had to be
// stopped.
var errInterruptedHard = errors.New("interrupted")

// run evaluates the pieces of c in order and returns the cell's values. A
// top-level return ends the cell early, successfully.
func (s *Session) run(ctx context.Context, c *cell) ([]reflect.Value, error) {
	vals, err := s.runPieces(ctx, c)
	if err == nil || err.Name == nameReturned {
		return vals, nil
	}
	return vals, err
}

// runPieces evaluates the pieces of c in order.
func (s *Session) runPieces(ctx context.Context, c *cell) ([]reflect.Value, *CellError) {
	display.SetContext(ctx)
	defer display.SetContext(nil)

	rw := rewriteCell(c, s.state, s.globalType)
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
		case s.hoistable(c, p):
			rw.prepare(pieces[i : i+1])
			if err := s.evalDefine(ctx, c, rw, p); err != nil {
				return nil, withTraceback(err, c.src)
			}
			i++
		case last && isExprStmt(p):
			rw.prepare(pieces[i:])
			vals, err := s.evalValue(ctx, c, rw, p)
			if err != nil {
				return nil, withTraceback(err, c.src)
			}
			return vals, nil
		default:
			j := i + 1
			for j < len(pieces) && pieces[j].kind == p.kind && !s.hoistable(c, pieces[j]) &&
				!(j == len(pieces)-1 && isExprStmt(pieces[j])) {
				j++
			}
			rw.prepare(pieces[i:j])
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
	src := chunkSource(c, rw, ps[0].start, ps[len(ps)-1].end, skip, "")
	if strings.TrimSpace(src) == "" {
		return nil
	}
	// A failed Eval can leave half-defined names behind, so undefined
	// names are caught before evaluating.
	if u := s.undefinedName(c, ps); u != nil {
		return u
	}
	redefined := s.redefinedVars(ps)
	if _, err := s.eval(ctx, src); err != nil {
		err.Value = rw.mapColumns(c.src, err.Value)
		return err
	}
	if ps[0].kind == declPiece {
		changed := s.state.changedFuncs(c, rw, ps)
		maps.Copy(changed, redefined)
		s.stateMu.Lock()
		s.state.recordDecls(c, rw, ps)
		s.stateMu.Unlock()
		return s.recompileCallers(ctx, changed)
	}
	s.stateMu.Lock()
	s.state.recordStmts(c, ps)
	s.stateMu.Unlock()
	return s.recompileCallers(ctx, redefined)
}

// redefinedVars returns the variables of earlier cells that pieces ps define
// again (a cell run twice: counter := 0). yaegi makes a new variable, and
// funcs compiled earlier would go on using the old one, so they are compiled
// again.
func (s *Session) redefinedVars(ps []*piece) map[string]bool {
	out := map[string]bool{}
	for _, p := range ps {
		for _, n := range definedVars(p) {
			if id, ok := n.(*ast.Ident); ok {
				if _, known := s.state.vars[id.Name]; known {
					out[id.Name] = true
				}
			}
		}
	}
	return out
}

// definedVars returns the names a top-level `:=` or var declaration (any
// number of specs, with or without values) defines.
func definedVars(p *piece) []ast.Expr {
	gd, ok := p.decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR {
		names, _ := definition(p)
		return names
	}
	var names []ast.Expr
	for _, spec := range gd.Specs {
		for _, n := range spec.(*ast.ValueSpec).Names {
			names = append(names, n)
		}
	}
	return names
}

// recompileCallers re-evaluates the funcs of earlier cells that call the
// redefined funcs, directly or not: yaegi binds a call to the body that
// existed when the caller was compiled.
func (s *Session) recompileCallers(ctx context.Context, changed map[string]bool) *CellError {
	if len(changed) == 0 {
		return nil
	}
	todo := map[string]bool{}
	for grew := true; grew; {
		grew = false
		for name, fd := range s.state.funcs {
			if changed[name] || todo[name] || fd.Body == nil {
				continue
			}
			for callee := range changed {
				if mentions(fd.Body, callee) {
					todo[name], changed[name], grew = true, true, true
					break
				}
			}
		}
	}
	names := slices.Sorted(maps.Keys(todo))
	var broken []string
	for _, name := range names {
		if _, err := s.eval(ctx, s.state.funcSrc[name]); err != nil {
			broken = append(broken, name+" ("+err.Value+")")
			s.stubBroken(ctx, name)
		}
	}
	if len(broken) > 0 {
		return &CellError{Name: nameCompile, Value: "the redefinition took effect, but funcs of " +
			"earlier cells that call it no longer compile: " + strings.Join(broken, "; ") +
			"; calling them panics until their cells are run again, adapted"}
	}
	return nil
}

// stubBroken replaces func name, which no longer compiles after a func it
// calls was redefined, with one of the same signature that panics saying so:
// what yaegi leaves of a func that failed to compile fails obscurely.
func (s *Session) stubBroken(ctx context.Context, name string) {
	msg := strconv.Quote(name + " no longer compiles since a func it calls was redefined; " +
		"run the cell that defines " + name + " again")
	_, _ = s.eval(ctx, s.state.decls[name]+" { panic("+msg+") }")
}

// chunkSource returns the rewritten cell source between start and end, with
// the pieces in skip blanked, padded so that line L of the cell is line L+1
// of the result (yaegi shifts line 1) and columns are unchanged.
func chunkSource(c *cell, rw *rewrites, start, end int, skip []*piece, lead string) string {
	text := lead + rw.apply(c.src, start, end, skip)
	line, col := c.lineCol(start)
	first := "\n"
	if len(c.pieces) > 0 && pieceAt(c, start).kind == stmtPiece {
		// yaegi picks declaration mode when the source starts with func,
		// as a func literal call does, and then re-runs it on every Eval.
		first = ";\n"
	}
	return first + strings.Repeat("\n", line-1) + strings.Repeat(" ", col-1) + text
}

// pieceAt returns the piece starting at offset start.
func pieceAt(c *cell, start int) *piece {
	for _, p := range c.pieces {
		if p.start == start {
			return p
		}
	}
	return c.pieces[0]
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
			if strings.Contains(err.Value, "unable to find source related to") {
				path, _ := strconv.Unquote(is.Path.Value)
				err.Value = fmt.Sprintf("%s package %s is not available in gonote: cells "+
					"import the Go standard library, gonum, gonum/plot, gorgonia and "+
					"gonote's own packages, which are compiled into the kernel",
					strings.TrimSpace(positioned.FindString(err.Value)), path)
			}
			return err
		}
		s.stateMu.Lock()
		s.state.recordImport(is)
		s.stateMu.Unlock()
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
			// TODO: yaegi returns from a stopped EvalWithContext before the
			// goroutine running the code has unwound, and gives no way to
			// wait for it; the next Eval can race with it. A short pause lets
			// interpreted code see the stop first.
			time.Sleep(hardStopSettle)
		}
	}
	if r.err != nil {
		if errors.Is(r.err, errInterruptedHard) {
			s.remakeFuncLits()
		}
		return reflect.Value{}, s.cellError(r.err)
	}
	return r.v, nil
}

// remakeFuncLits assigns again the global variables whose value is a func
// literal, after an interpreter stop turned the old closures into no-ops.
// Closures stored elsewhere (in structs, or handed to compiled code) cannot
// be found and stay broken; the cell error says so.
func (s *Session) remakeFuncLits() {
	for name, x := range s.state.vars {
		lit, ok := x.(*ast.FuncLit)
		if !ok {
			continue
		}
		src := name + " = " + print(lit)
		_, _ = s.in.EvalWithContext(context.Background(), src)
	}
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
			"nothing, except variables assigned a func literal, which were " +
			"remade: re-run the cells that create the others (named funcs and " +
			"methods are fine)"}
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
	if u := s.undefinedName(c, []*piece{p}); u != nil {
		return nil, u
	}
	x := ast.Unparen(p.stmt.(*ast.ExprStmt).X)
	src := chunkSource(c, rw, p.start, p.end, nil, "")
	n := 1
	if call, ok := x.(*ast.CallExpr); ok {
		n = s.resultCount(ctx, c, rw, p, call)
	}
	switch n {
	case 0:
		_, err := s.eval(ctx, src)
		return nil, err
	case 1:
		if s.state.hasRichMethod() && !s.hasGenericCall(c, x) {
			return s.evalRich(ctx, c, rw, p)
		}
		v, err := s.eval(ctx, src)
		if err != nil {
			err.Value = rw.mapColumns(c.src, err.Value)
			return nil, err
		}
		return []reflect.Value{v}, nil
	}
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("gonoteV%d", i)
	}
	lead := strings.Join(names, ", ") + " := "
	if _, err := s.eval(ctx, chunkSource(c, rw, p.start, p.end, nil, lead)); err != nil {
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

// interpreted reports whether t may be an interpreted type: compiled named
// types (and pointers to them) have a package path.
func interpreted(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.PkgPath() == ""
}

// resultCount returns how many results a call has. yaegi does not check
// result counts when compiling, so the callee is evaluated (not called) when
// it is a name or a selector chain, which has no side effects, and its
// function type says; generic callees are looked up in the declarations.
func (s *Session) resultCount(ctx context.Context, c *cell, rw *rewrites, p *piece,
	call *ast.CallExpr) int {
	fun := rw.apply(c.src, c.off(p, call.Fun.Pos()), c.off(p, call.Fun.End()), nil)
	if fmtPrinters[fun] {
		return 0
	}
	if lit, ok := call.Fun.(*ast.FuncLit); ok {
		return lit.Type.Results.NumFields()
	}
	if id, ok := call.Fun.(*ast.Ident); ok {
		switch id.Name {
		case "print", "println", "panic", "close", "delete", "clear":
			return 0
		}
		if _, isType := s.state.types[id.Name]; isType || intTypes[id.Name] ||
			cellDeclaresType(c, id.Name) {
			return 1 // a conversion
		}
		if fd, ok := s.state.funcs[id.Name]; ok && fd.Type.TypeParams != nil {
			return fd.Type.Results.NumFields()
		}
	}
	if n, ok := genericResults[stripTypeArgs(fun)]; ok {
		return n
	}
	if !isNameChain(call.Fun) || strings.Contains(fun, "[") {
		return 1 // evaluating an instantiation can crash yaegi
	}
	v, err := s.eval(ctx, fun)
	if err != nil || !v.IsValid() || v.Kind() != reflect.Func {
		return 1
	}
	return v.Type().NumOut()
}

// stripTypeArgs removes explicit type arguments: "slices.Sort[int]".
func stripTypeArgs(fun string) string {
	if i := strings.IndexByte(fun, '['); i > 0 {
		return fun[:i]
	}
	return fun
}

// cellDeclaresType reports whether the cell declares type name.
func cellDeclaresType(c *cell, name string) bool { return c.typeSpec(name) != nil }

// typeSpec returns the cell's declaration of type name, or nil.
func (c *cell) typeSpec(name string) *ast.TypeSpec {
	for _, p := range c.pieces {
		if g, ok := p.decl.(*ast.GenDecl); ok && g.Tok == token.TYPE {
			for _, spec := range g.Specs {
				if ts := spec.(*ast.TypeSpec); ts.Name.Name == name {
					return ts
				}
			}
		}
	}
	return nil
}

// isNameChain reports whether x is a name or a chain of selectors on a name.
func isNameChain(x ast.Expr) bool {
	for {
		switch e := x.(type) {
		case *ast.Ident:
			return true
		case *ast.SelectorExpr:
			x = e.X
		default:
			return false
		}
	}
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
		if rv, ok := shown[0].(richValue); ok {
			return &rv.data
		}
		if shown[0] == nil {
			return &display.Data{Data: display.MIMEMap{"text/plain": "<nil>"}}
		}
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

// globalType returns the type of a global name chain (x, pkg.F, x.f), or
// nil. Evaluating a name chain runs no user code.
func (s *Session) globalType(expr string) reflect.Type {
	v, err := s.eval(context.Background(), expr)
	if err != nil || !v.IsValid() {
		return nil
	}
	return v.Type()
}
