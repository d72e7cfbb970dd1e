package session

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/parser"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// edit replaces src[start:end] of the cell with text.
type edit struct {
	start, end int
	text       string
}

// rewrites are the edits that turn a cell into source yaegi can run. Edits
// replace small token ranges and never span another edit, and replacement
// text has no newlines, so cell line numbers stay exact.
type rewrites struct {
	edits []edit
	r     *rewriter
	done  map[*piece]bool
}

// prepare computes the edits of pieces not rewritten yet. Rewriting waits
// until a piece is about to run, so that names imported or defined by the
// cell's earlier pieces can be looked up in the interpreter.
func (rw *rewrites) prepare(ps []*piece) {
	for _, p := range ps {
		if !rw.done[p] {
			rw.done[p] = true
			rw.r.rewrite(p)
		}
	}
}

// apply returns src[start:end] with the edits inside it applied and the
// pieces in skip blanked out.
func (rw *rewrites) apply(src string, start, end int, skip []*piece) string {
	es := append([]edit(nil), rw.edits...)
	for _, p := range skip {
		es = append(es, edit{p.start, p.end, blank(src[p.start:p.end])})
	}
	// By position; at one position, insertions first (in the order they
	// were made), so that a replacement starting there does not hide them.
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].start != es[j].start {
			return es[i].start < es[j].start
		}
		return es[i].end == es[i].start && es[j].end != es[j].start
	})
	var b strings.Builder
	at := start
	for _, e := range es {
		if e.start < at || e.end > end {
			continue
		}
		b.WriteString(src[at:e.start])
		b.WriteString(e.text)
		at = e.end
	}
	b.WriteString(src[at:end])
	return b.String()
}

// blank replaces everything but newlines with spaces.
func blank(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		return ' '
	}, s)
}

// rewriter collects the edits for one cell.
type rewriter struct {
	c     *cell
	p     *piece
	st    *cellState
	typ   func(expr string) reflect.Type // type of a global name chain, or nil
	local map[string]ast.Expr            // names declared in the piece → value or type
	funcs map[string]*ast.FuncDecl       // funcs declared in the cell
	n     int                            // counter for fresh names
	rw    *rewrites
}

// rewriteCell computes the edits for every piece of c. typ looks up the
// type of a global name chain in the interpreter.
func rewriteCell(c *cell, st *cellState, typ func(string) reflect.Type) *rewrites {
	r := &rewriter{c: c, st: st, typ: typ, funcs: map[string]*ast.FuncDecl{},
		local: map[string]ast.Expr{}}
	r.rw = &rewrites{r: r, done: map[*piece]bool{}}
	for _, p := range c.pieces {
		if fd, ok := p.decl.(*ast.FuncDecl); ok && fd.Recv == nil {
			r.funcs[fd.Name.Name] = fd
		}
	}
	return r.rw
}

// rewrite computes the edits of one piece.
func (r *rewriter) rewrite(p *piece) {
	if p.kind == importPiece {
		return
	}
	// Names stay known across the pieces: the cell's statements share the
	// top-level scope.
	r.p = p
	var root ast.Node = p.decl
	if p.kind == stmtPiece {
		root = p.stmt
	}
	r.collectLocals(root)
	ast.Inspect(root, r.visit)
	r.renameMain(root)
	if p.kind == stmtPiece {
		r.cellDefers(root)
		r.scopeTopLevel(p.stmt)
		r.zeroMisses([]ast.Stmt{p.stmt})
	}
}

// scopeTopLevel runs a top-level compound statement (if, switch, for,
// select, block) inside a func literal: yaegi treats the names such a
// statement binds as globals, and fails there on comma-ok forms and type
// switch bindings. The names are scoped to the statement anyway.
func (r *rewriter) scopeTopLevel(stmt ast.Stmt) {
	switch stmt.(type) {
	case *ast.IfStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.ForStmt, *ast.RangeStmt,
		*ast.SelectStmt, *ast.BlockStmt, *ast.LabeledStmt:
		r.add(r.off(stmt.Pos()), r.off(stmt.Pos()), "func() { ")
		r.add(r.off(stmt.End()), r.off(stmt.End()), " }()")
	}
}

// cellDefers rewrites the defer statements of the cell's own body (not of
// func literals) to register the call with the session, which runs them
// when the cell ends: yaegi would run them again after every later cell.
func (r *rewriter) cellDefers(root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.DeferStmt:
			r.add(r.off(x.Defer), r.off(x.Call.Pos()), "gonotert.Defer(func() { ")
			r.add(r.off(x.Call.End()), r.off(x.Call.End()), " })")
		case *ast.ReturnStmt:
			// As a return from main, it ends the cell; the cell's
			// statements may run inside func literals (scopeTopLevel).
			if len(x.Results) == 0 {
				r.add(r.off(x.Return), r.off(x.End()), "gonotert.Return()")
			}
		}
		return true
	})
}

// renameMain renames a user func main and its uses: yaegi runs main after
// every later evaluation once it is defined.
func (r *rewriter) renameMain(root ast.Node) {
	skip := map[*ast.Ident]bool{}
	ast.Inspect(root, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			skip[x.Sel] = true
		case *ast.Ident:
			if x.Name == "main" && !skip[x] {
				r.add(r.off(x.Pos()), r.off(x.End()), "gonoteMain")
			}
		}
		return true
	})
}

func (r *rewriter) off(pos token.Pos) int { return r.c.off(r.p, pos) }

func (r *rewriter) add(start, end int, text string) {
	r.rw.edits = append(r.rw.edits, edit{start, end, text})
}

func (r *rewriter) fresh(prefix string) string {
	r.n++
	return fmt.Sprintf("%s%d", prefix, r.n)
}

// collectLocals records the names the piece declares, with their value or
// type, to guess whether a range expression is an integer or a function.
func (r *rewriter) collectLocals(root ast.Node) {
	ast.Inspect(root, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if x.Tok == token.DEFINE && len(x.Lhs) == len(x.Rhs) {
				for i, l := range x.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						r.local[id.Name] = x.Rhs[i]
					}
				}
			}
		case *ast.ValueSpec:
			for i, id := range x.Names {
				if x.Type != nil {
					r.local[id.Name] = x.Type
				} else if i < len(x.Values) {
					r.local[id.Name] = x.Values[i]
				}
			}
		case *ast.Field:
			for _, id := range x.Names {
				r.local[id.Name] = x.Type
			}
		}
		return true
	})
}

func (r *rewriter) visit(n ast.Node) bool {
	switch x := n.(type) {
	case *ast.RangeStmt:
		r.rangeStmt(x)
	case *ast.ForStmt:
		r.forStmt(x)
	case *ast.GoStmt:
		r.goStmt(x)
	case *ast.CallExpr:
		r.instantiate(x)
	case *ast.TypeSwitchStmt:
		r.typeSwitch(x)
	case *ast.GenDecl:
		r.genericVar(x)
	case *ast.BlockStmt:
		r.zeroMisses(x.List)
	case *ast.IfStmt:
		r.zeroMissesInIf(x)
	case *ast.CaseClause:
		r.zeroMisses(x.Body)
	case *ast.CommClause:
		r.zeroMisses(x.Body)
	}
	return true
}

// zeroMisses works around yaegi keeping the previous value in `v, ok :=
// m[k]` (and `v, ok := x.(T)`) when the lookup fails and the statement runs
// again (in a loop, or a func called twice): after the statement,
// `if !ok { gonotert.Zero(&v) }` sets the zero value.
func (r *rewriter) zeroMisses(list []ast.Stmt) {
	for _, st := range list {
		if v, found := r.commaOkNames(st); v != "" {
			end := r.off(st.End())
			r.add(end, end, "; "+zeroIfNot(v, found))
		}
	}
}

// zeroMissesInIf does the same for a comma-ok form in an if statement's
// init, at the start of its branches.
func (r *rewriter) zeroMissesInIf(is *ast.IfStmt) {
	v, found := r.commaOkNames(is.Init)
	if v == "" {
		return
	}
	for _, b := range []ast.Stmt{is.Body, is.Else} {
		if block, ok := b.(*ast.BlockStmt); ok {
			at := r.off(block.Lbrace) + 1
			r.add(at, at, " "+zeroIfNot(v, found)+";")
		}
	}
}

func zeroIfNot(v, found string) string {
	return "if !" + found + " { gonotert.Zero(&" + v + ") }"
}

// commaOkNames returns the names of `v, ok := m[k]` or `v, ok := x.(T)`
// (or with =), or "" for any other statement.
func (r *rewriter) commaOkNames(st ast.Stmt) (v, found string) {
	as, ok := st.(*ast.AssignStmt)
	if !ok || len(as.Lhs) != 2 || len(as.Rhs) != 1 || isBlank(as.Lhs[0]) ||
		isBlank(as.Lhs[1]) || !isPure(as.Lhs[0]) || !isPure(as.Lhs[1]) {
		return "", ""
	}
	switch x := ast.Unparen(as.Rhs[0]).(type) {
	case *ast.IndexExpr:
		if r.typeParamsCall(x) {
			return "", ""
		}
	case *ast.TypeAssertExpr:
	default:
		return "", ""
	}
	return r.c.text(r.p, as.Lhs[0]), r.c.text(r.p, as.Lhs[1])
}

// genericVar rewrites `var a = F(…)` where F is generic into `a := F(…)`,
// and `var a T = F(…)` into `var a T; a = F(…)`: yaegi leaves the variable
// at its zero value in the var form.
func (r *rewriter) genericVar(gd *ast.GenDecl) {
	if gd.Tok != token.VAR || gd.Lparen.IsValid() || len(gd.Specs) != 1 {
		return
	}
	vs := gd.Specs[0].(*ast.ValueSpec)
	if len(vs.Values) == 0 || !hasGenericCall(r.c, r.st, vs.Values...) {
		return
	}
	names := r.c.text(r.p, vs.Names[0])
	if n := len(vs.Names); n > 1 {
		names = r.c.src[r.off(vs.Names[0].Pos()):r.off(vs.Names[n-1].End())]
	}
	if vs.Type == nil {
		r.add(r.off(gd.TokPos), r.off(vs.Names[0].Pos()), "")
		r.add(r.off(vs.Names[len(vs.Names)-1].End()), r.off(vs.Values[0].Pos()), " := ")
		return
	}
	r.add(r.off(vs.Type.End()), r.off(vs.Values[0].Pos()), "; "+names+" = ")
}

// typeSwitch rewrites a type switch with a case for a pointer to a type
// declared in a cell, which yaegi never matches (a type assertion to that
// type works), into an expression switch on assertions:
//
//	switch v := x.(type) { case *T: … case A, B: … default: … }
//
// becomes
//
//	switch xN := x; { case func() bool { _, ok := xN.(*T); return ok }(): v := xN.(*T); …
//	case …A… || …B…: v := xN; … default: v := xN; … }
//
// with an init statement moved before the switch, in a block of its own.
func (r *rewriter) typeSwitch(ts *ast.TypeSwitchStmt) {
	if !r.hasCellPointerCase(ts) {
		return
	}
	lead := ""
	if ts.Init != nil {
		// switch init; v := x.(type) {…} becomes { init; switch xN := x; {…} }
		r.add(r.off(ts.Switch), r.off(ts.Init.Pos()), "{ ")
		r.add(r.off(ts.End()), r.off(ts.End()), " }")
		lead = "switch "
	}
	var bound string
	var x ast.Expr
	switch a := ts.Assign.(type) {
	case *ast.AssignStmt:
		bound, x = a.Lhs[0].(*ast.Ident).Name, a.Rhs[0].(*ast.TypeAssertExpr).X
	case *ast.ExprStmt:
		x = a.X.(*ast.TypeAssertExpr).X
	}
	xn := r.fresh("gonoteX")
	r.add(r.off(ts.Assign.Pos()), r.off(x.Pos()), lead+xn+" := ")
	r.add(r.off(x.End()), r.off(ts.Body.Lbrace), "; ")
	for _, st := range ts.Body.List {
		r.typeCase(st.(*ast.CaseClause), xn, bound)
	}
}

// typeCase rewrites one clause of a type switch (see typeSwitch).
func (r *rewriter) typeCase(cc *ast.CaseClause, xn, bound string) {
	binding := xn
	if len(cc.List) > 0 {
		var conds []string
		for _, t := range cc.List {
			typ := r.c.text(r.p, t)
			if id, ok := t.(*ast.Ident); ok && id.Name == "nil" {
				conds = append(conds, xn+" == nil")
				continue
			}
			conds = append(conds, "func() bool { _, ok := "+xn+".("+typ+"); return ok }()")
		}
		if len(cc.List) == 1 && conds[0] != xn+" == nil" {
			binding = xn + ".(" + r.c.text(r.p, cc.List[0]) + ")"
		}
		r.add(r.off(cc.List[0].Pos()), r.off(cc.Colon), strings.Join(conds, " || "))
	}
	if bound != "" {
		at := r.off(cc.Colon) + 1
		r.add(at, at, " "+bound+" := "+binding+";")
	}
}

// hasCellPointerCase reports whether a type switch has a case for a
// pointer to a type declared in a cell.
func (r *rewriter) hasCellPointerCase(ts *ast.TypeSwitchStmt) bool {
	for _, st := range ts.Body.List {
		for _, t := range st.(*ast.CaseClause).List {
			if star, ok := t.(*ast.StarExpr); ok {
				if id, ok := star.X.(*ast.Ident); ok && r.isCellType(id.Name) {
					return true
				}
			}
		}
	}
	return false
}

// typeParamsCall reports whether ix names an instantiated generic func
// rather than indexing a map.
func (r *rewriter) typeParamsCall(ix *ast.IndexExpr) bool {
	id, ok := ix.X.(*ast.Ident)
	return ok && (r.funcs[id.Name] != nil || r.st.funcs[id.Name] != nil)
}

// goStmt makes the goroutine recover a panic and report it to the session
// instead of ending the process.
func (r *rewriter) goStmt(g *ast.GoStmt) {
	if lit, ok := g.Call.Fun.(*ast.FuncLit); ok {
		at := r.off(lit.Body.Lbrace) + 1
		r.add(at, at, " defer gonoteRecoverGo();")
		return
	}
	// The arguments are evaluated before the goroutine starts, as Go does:
	// each one that is not a constant or a func literal is bound first.
	var names, values []string
	single := len(g.Call.Args) == 1
	for _, arg := range g.Call.Args {
		if isConstLike(arg) || isFuncLit(arg) || (single && isCall(arg)) {
			continue
		}
		name := r.fresh("gonoteA")
		names = append(names, name)
		values = append(values, r.c.text(r.p, arg))
		r.add(r.off(arg.Pos()), r.off(arg.End()), name)
	}
	open := "go func() { defer gonoteRecoverGo(); "
	if len(names) > 0 {
		open = "{ " + strings.Join(names, ", ") + " := " + strings.Join(values, ", ") +
			"; " + open
	}
	r.add(r.off(g.Go), r.off(g.Call.Pos()), open)
	closing := " }()"
	if len(names) > 0 {
		closing += " }"
	}
	r.add(r.off(g.Call.End()), r.off(g.Call.End()), closing)
}

// forStmt gives each iteration its own copy of the loop variables (Go 1.22)
// when the body captures them and does not assign them.
func (r *rewriter) forStmt(f *ast.ForStmt) {
	init, ok := f.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return
	}
	r.copyLoopVars(init.Lhs, f.Body, true)
}

// copyLoopVars declares a copy of each captured loop variable at the start
// of the body. In a three-clause loop the copy gets a fresh name and the
// body's uses are renamed: yaegi resolves the post statement to a body
// variable of the same name.
func (r *rewriter) copyLoopVars(vars []ast.Expr, body *ast.BlockStmt, rename bool) {
	var names []string
	for _, v := range vars {
		id, ok := v.(*ast.Ident)
		if ok && id.Name != "_" && captured(id.Name, body) && !assigned(id.Name, body) {
			names = append(names, id.Name)
		}
	}
	if len(names) == 0 {
		return
	}
	list := strings.Join(names, ", ")
	lhs := list
	if rename {
		var fresh []string
		for _, n := range names {
			f := r.fresh("gonoteC")
			fresh = append(fresh, f)
			r.renameUses(body, n, f)
		}
		lhs = strings.Join(fresh, ", ")
	}
	at := r.off(body.Lbrace) + 1
	r.add(at, at, " "+lhs+" := "+list+";")
}

// renameUses replaces the uses of name in body (not field names or
// composite-literal keys) with to.
func (r *rewriter) renameUses(body ast.Node, name, to string) {
	skip := map[*ast.Ident]bool{}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.SelectorExpr:
			skip[x.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := x.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.Ident:
			if x.Name == name && !skip[x] {
				r.add(r.off(x.Pos()), r.off(x.End()), to)
			}
		}
		return true
	})
}

// captured reports whether a func literal, go or defer statement in body
// refers to name, or body takes its address.
func captured(name string, body ast.Node) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			if mentions(x, name) {
				found = true
			}
		case *ast.UnaryExpr:
			if id, ok := x.X.(*ast.Ident); ok && x.Op == token.AND && id.Name == name {
				found = true
			}
		}
		return !found
	})
	return found
}

func mentions(n ast.Node, name string) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name {
			found = true
		}
		return !found
	})
	return found
}

// assigned reports whether body assigns to name.
func assigned(name string, body ast.Node) bool {
	found := false
	is := func(x ast.Expr) bool {
		id, ok := x.(*ast.Ident)
		return ok && id.Name == name
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			if x.Tok != token.DEFINE {
				for _, l := range x.Lhs {
					found = found || is(l)
				}
			}
		case *ast.IncDecStmt:
			found = found || is(x.X)
		}
		return !found
	})
	return found
}

// rangeStmt rewrites range over an integer into a three-clause loop and
// range over a function into a range over a channel fed by the function.
func (r *rewriter) rangeStmt(rs *ast.RangeStmt) {
	switch r.rangeKind(rs.X) {
	case rangeInt:
		r.rangeInt(rs)
	case rangeFunc1:
		r.rangeFunc(rs, 1)
	case rangeFunc2:
		r.rangeFunc(rs, 2)
	default:
		if rs.Tok == token.DEFINE {
			r.copyLoopVars([]ast.Expr{rs.Key, rs.Value}, rs.Body, false)
		}
	}
}

func (r *rewriter) rangeInt(rs *ast.RangeStmt) {
	i, n := r.fresh("gonoteI"), r.fresh("gonoteN")
	assign := ""
	if id, ok := rs.Key.(*ast.Ident); ok && rs.Tok == token.DEFINE && id.Name != "_" {
		i = id.Name
	} else if rs.Key != nil && !isBlank(rs.Key) {
		assign = " " + r.c.text(r.p, rs.Key) + " = " + i + ";"
	}
	// A pure operand is evaluated twice to give i its type (int64 for an
	// int64 bound); anything else once, and i is an int.
	zero := "0"
	if isPure(rs.X) {
		zero = "0*(" + r.c.text(r.p, rs.X) + ")"
	}
	r.add(r.off(rs.For)+3, r.off(rs.X.Pos()), " "+i+", "+n+" := "+zero+", ")
	end := r.off(rs.X.End())
	r.add(end, end, "; "+i+" < "+n+"; "+i+"++")
	if assign != "" {
		at := r.off(rs.Body.Lbrace) + 1
		r.add(at, at, assign)
	} else if rs.Key != nil {
		r.copyLoopVars([]ast.Expr{rs.Key}, rs.Body, true)
	}
}

// isPure reports whether evaluating x has no side effects and no cost:
// literals, names, selectors and arithmetic on them.
func isPure(x ast.Expr) bool {
	switch e := x.(type) {
	case *ast.BasicLit, *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return isPure(e.X)
	case *ast.ParenExpr:
		return isPure(e.X)
	case *ast.BinaryExpr:
		return isPure(e.X) && isPure(e.Y)
	case *ast.UnaryExpr:
		return e.Op != token.ARROW && isPure(e.X)
	}
	return false
}

func isBlank(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "_"
}

func (r *rewriter) rangeFunc(rs *ast.RangeStmt, arity int) {
	p := r.fresh("gonoteP")
	helper := "gonoteSeq("
	if arity == 2 {
		helper = "gonoteSeq2("
	}
	if targs := r.seqTypeArgs(rs.X, arity); targs != "" {
		helper = strings.TrimSuffix(helper, "(") + "[" + targs + "]("
	}
	r.add(r.off(rs.For)+3, r.off(rs.X.Pos()), " "+p+" := "+helper)
	end := r.off(rs.X.End())
	r.add(end, end, "); "+p+".next(); ")

	var lhs []string
	for _, v := range []ast.Expr{rs.Key, rs.Value} {
		if v != nil {
			lhs = append(lhs, r.c.text(r.p, v))
		}
	}
	if allBlank(lhs) {
		return
	}
	rhs := p + ".A"
	if len(lhs) == 2 {
		rhs = p + ".A, " + p + ".B"
	}
	tok := " := "
	if rs.Tok == token.ASSIGN {
		tok = " = "
	}
	at := r.off(rs.Body.Lbrace) + 1
	r.add(at, at, " "+strings.Join(lhs, ", ")+tok+rhs+";")
}

// seqTypeArgs returns the type arguments of gonoteSeq for x when x is a
// call of a compiled func whose yield types are predeclared: yaegi cannot
// infer them from a compiled iter.Seq[T].
func (r *rewriter) seqTypeArgs(x ast.Expr, arity int) string {
	call, ok := x.(*ast.CallExpr)
	if !ok || !isNameChain(call.Fun) {
		return ""
	}
	name := r.c.text(r.p, call.Fun)
	if _, generic := genericResults[name]; generic {
		return ""
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if targs := r.methodSeqArgs(sel.Sel.Name); targs != "" {
			return targs
		}
	}
	t := r.globalType(name)
	if t == nil || t.Kind() != reflect.Func || t.NumOut() == 0 || reflectKind(t.Out(0)) == rangeOther {
		return ""
	}
	yield := t.Out(0).In(0)
	var names []string
	for i := 0; i < yield.NumIn(); i++ {
		in := yield.In(i)
		if in.PkgPath() != "" || in.Name() == "" {
			return ""
		}
		names = append(names, in.Name())
	}
	if len(names) != arity {
		return ""
	}
	return strings.Join(names, ", ")
}

// methodSeqArgs returns the type arguments of the iter.Seq or iter.Seq2
// that the cell methods named name return, when they all agree: yaegi
// cannot infer gonoteSeq's from an interpreted method's result.
func (r *rewriter) methodSeqArgs(name string) string {
	var decls []*ast.FuncDecl
	for _, p := range r.c.pieces {
		if fd, ok := p.decl.(*ast.FuncDecl); ok && fd.Recv != nil && fd.Name.Name == name {
			decls = append(decls, fd)
		}
	}
	for key, src := range r.st.methods {
		if strings.HasSuffix(key, "."+name) {
			f, err := parser.ParseFile(token.NewFileSet(), "", "package p;"+src, 0)
			if err == nil && len(f.Decls) == 1 {
				decls = append(decls, f.Decls[0].(*ast.FuncDecl))
			}
		}
	}
	found := ""
	for _, fd := range decls {
		args := seqArgsOf(fd)
		if args == "" || (found != "" && args != found) {
			return ""
		}
		found = args
	}
	return found
}

// seqArgsOf returns "E" or "K, V" when fd returns iter.Seq[E] or
// iter.Seq2[K, V].
func seqArgsOf(fd *ast.FuncDecl) string {
	if fd.Type.Results.NumFields() != 1 {
		return ""
	}
	var x ast.Expr
	var args []ast.Expr
	switch t := fd.Type.Results.List[0].Type.(type) {
	case *ast.IndexExpr:
		x, args = t.X, []ast.Expr{t.Index}
	case *ast.IndexListExpr:
		x, args = t.X, t.Indices
	default:
		return ""
	}
	sel, ok := x.(*ast.SelectorExpr)
	if !ok || (sel.Sel.Name != "Seq" && sel.Sel.Name != "Seq2") {
		return ""
	}
	var names []string
	for _, a := range args {
		names = append(names, types.ExprString(a))
	}
	return strings.Join(names, ", ")
}

// instantiate adds explicit type arguments to calls of variadic generic
// funcs with one type parameter, which yaegi cannot infer: Sum(1, 2, 3)
// becomes Sum[int](1, 2, 3) when the first argument's type is known.
func (r *rewriter) instantiate(call *ast.CallExpr) {
	if len(call.Args) == 0 {
		return
	}
	if r.instantiateSliceFunc(call) {
		return
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return
	}
	if (id.Name == "min" || id.Name == "max") && r.funcs[id.Name] == nil &&
		r.st.funcs[id.Name] == nil {
		r.instantiateMinMax(id, call)
		return
	}
	fd := r.funcs[id.Name]
	if fd == nil {
		fd = r.st.funcs[id.Name]
	}
	if fd == nil || fd.Type.TypeParams.NumFields() == 0 {
		return
	}
	if targs := r.inferTypeArgs(fd, call); targs != "" {
		at := r.off(id.End())
		r.add(at, at, "["+targs+"]")
	}
}

// typeName guesses the name of the type of x: default types of constants,
// declared types of names.
func (r *rewriter) typeName(x ast.Expr, depth int) string {
	if depth > 8 {
		return ""
	}
	switch e := x.(type) {
	case *ast.BasicLit:
		return map[token.Token]string{token.INT: "int", token.FLOAT: "float64",
			token.STRING: "string", token.CHAR: "rune", token.IMAG: "complex128"}[e.Kind]
	case *ast.ParenExpr:
		return r.typeName(e.X, depth+1)
	case *ast.UnaryExpr:
		if e.Op == token.SUB || e.Op == token.ADD {
			return r.typeName(e.X, depth+1)
		}
	case *ast.BinaryExpr:
		// 2*time.Second has the type of its typed operand.
		if isConstLike(e.X) && !isConstLike(e.Y) {
			return r.typeName(e.Y, depth+1)
		}
		if t := r.typeName(e.X, depth+1); t != "" {
			return t
		}
		return r.typeName(e.Y, depth+1)
	case *ast.CallExpr:
		if id, ok := e.Fun.(*ast.Ident); ok && (intTypes[id.Name] || id.Name == "float64" ||
			id.Name == "float32" || id.Name == "string") {
			return id.Name
		}
		if id, ok := e.Fun.(*ast.Ident); ok && len(e.Args) == 1 && r.isCellType(id.Name) {
			return id.Name // a conversion to a type declared in a cell
		}
		if id, ok := e.Fun.(*ast.Ident); ok && (id.Name == "min" || id.Name == "max") {
			for _, a := range e.Args {
				if !isConstLike(a) {
					return r.typeName(a, depth+1)
				}
			}
		}
	case *ast.SelectorExpr:
		// A package member of a named type: time.Second is a time.Duration.
		if pkg, ok := e.X.(*ast.Ident); ok {
			if t := r.globalType(pkg.Name + "." + e.Sel.Name); t != nil && t.Name() != "" &&
				t.PkgPath() != "" && path.Base(t.PkgPath()) == pkg.Name &&
				!strings.Contains(t.Name(), "[") && t.Kind() != reflect.Func {
				return pkg.Name + "." + t.Name()
			}
		}
	case *ast.Ident:
		if intTypes[e.Name] {
			return ""
		}
		if v, ok := r.local[e.Name]; ok && v != nil {
			if id, ok := v.(*ast.Ident); ok && (intTypes[id.Name] || id.Name == "float64" ||
				id.Name == "float32" || id.Name == "string") {
				return id.Name
			}
			return r.typeName(v, depth+1)
		}
		if t := r.globalType(e.Name); t != nil && t.PkgPath() == "" && t.Name() != "" {
			return t.Name()
		}
	}
	return ""
}

// isCellType reports whether name is a non-generic type declared in this
// cell or an earlier one.
func (r *rewriter) isCellType(name string) bool {
	if def, ok := r.st.types[name]; ok {
		return !isGenericTypeDef(name, def)
	}
	ts := r.c.typeSpec(name)
	return ts != nil && ts.TypeParams == nil
}

// isGenericTypeDef reports whether def, the printed definition of type name
// (cellState.types), has type parameters.
func isGenericTypeDef(name, def string) bool { return strings.HasPrefix(def, name+"[") }

// instantiateMinMax gives min and max (generic funcs of the prelude) their
// type argument, as untyped constant arguments defeat yaegi's inference: the
// type of the first typed argument, or, when all are constants, the call is
// replaced by its constant result, which stays untyped as in Go
// (math.Sqrt(max(4, 9))). An argument of unknown type leaves the call alone.
func (r *rewriter) instantiateMinMax(id *ast.Ident, call *ast.CallExpr) {
	typed := ""
	for _, a := range call.Args {
		if isConstLike(a) {
			continue
		}
		t := r.typeName(a, 0)
		if t == "" {
			return
		}
		if typed == "" {
			typed = t
		}
	}
	if typed != "" {
		at := r.off(id.End())
		r.add(at, at, "["+typed+"]")
		return
	}
	if pick := constExtreme(call.Args, id.Name == "max"); pick != nil {
		r.add(r.off(call.Pos()), r.off(call.End()), "("+r.c.text(r.p, pick)+")")
	}
}

// constExtreme returns the largest (or smallest) of constant arguments, or
// nil when one cannot be evaluated.
func constExtreme(args []ast.Expr, largest bool) ast.Expr {
	var best ast.Expr
	var bestVal constant.Value
	for _, a := range args {
		tv, err := types.Eval(token.NewFileSet(), nil, token.NoPos, types.ExprString(a))
		if err != nil || tv.Value == nil {
			return nil
		}
		op := token.LSS
		if largest {
			op = token.GTR
		}
		if best == nil || constant.Compare(tv.Value, op, bestVal) {
			best, bestVal = a, tv.Value
		}
	}
	return best
}

// mapColumns rewrites the "line:col: " positions of msg, which count
// columns in the rewritten source, to columns of the cell source.
func (rw *rewrites) mapColumns(src, msg string) string {
	lines := strings.SplitAfter(src, "\n")
	return positioned.ReplaceAllStringFunc(msg, func(m string) string {
		sub := positioned.FindStringSubmatch(m)
		line, _ := strconv.Atoi(sub[1])
		col, _ := strconv.Atoi(sub[2])
		if line < 1 || line > len(lines) {
			return m
		}
		start := 0
		for _, l := range lines[:line-1] {
			start += len(l)
		}
		orig := rw.origColumn(start, start+len(lines[line-1]), col-1)
		return strings.Replace(m, sub[1]+":"+sub[2], sub[1]+":"+strconv.Itoa(orig+1), 1)
	})
}

// origColumn converts a byte column of the rewritten line [start, end) of
// the cell to a column of the original line.
func (rw *rewrites) origColumn(start, end, target int) int {
	es := append([]edit(nil), rw.edits...)
	// By position; at one position, insertions first (in the order they
	// were made), so that a replacement starting there does not hide them.
	sort.SliceStable(es, func(i, j int) bool {
		if es[i].start != es[j].start {
			return es[i].start < es[j].start
		}
		return es[i].end == es[i].start && es[j].end != es[j].start
	})
	orig, rew := 0, 0
	for _, e := range es {
		if e.start < start+orig || e.start > end {
			continue
		}
		gap := e.start - start - orig
		if rew+gap >= target {
			break
		}
		rew += gap + len(e.text)
		orig = e.end - start
		if rew > target {
			return e.start - start
		}
	}
	return orig + target - rew
}

// allBlank reports whether names is empty or only blank identifiers.
func allBlank(names []string) bool {
	for _, n := range names {
		if n != "_" {
			return false
		}
	}
	return true
}

// instantiateSliceFunc gives a generic func whose only type parameter E is
// the element of its first parameter []E its type argument, when the first
// argument's element type is a predeclared type: yaegi cannot infer E from
// a slice made by compiled code (strings.Fields).
func (r *rewriter) instantiateSliceFunc(call *ast.CallExpr) bool {
	var fd *ast.FuncDecl
	switch f := call.Fun.(type) {
	case *ast.SelectorExpr:
		if pkg, ok := f.X.(*ast.Ident); ok {
			fd = genericDecls[pkg.Name+"."+f.Sel.Name]
		}
	case *ast.Ident:
		if fd = r.funcs[f.Name]; fd == nil {
			fd = r.st.funcs[f.Name]
		}
	}
	if fd == nil || fd.Type.TypeParams.NumFields() != 1 || fd.Type.Params.NumFields() == 0 {
		return false
	}
	e := fd.Type.TypeParams.List[0].Names[0].Name
	arr, ok := fd.Type.Params.List[0].Type.(*ast.ArrayType)
	if !ok || arr.Len != nil {
		return false
	}
	if id, ok := arr.Elt.(*ast.Ident); !ok || id.Name != e {
		return false
	}
	t := r.argType(call.Args[0])
	if t == nil || t.Kind() != reflect.Slice || t.Elem().PkgPath() != "" || t.Elem().Name() == "" {
		return false
	}
	at := r.off(call.Fun.End())
	r.add(at, at, "["+t.Elem().Name()+"]")
	return true
}

// argType returns the type of a global name, or of the result of a call of
// a compiled func, or nil.
func (r *rewriter) argType(x ast.Expr) reflect.Type {
	switch e := x.(type) {
	case *ast.Ident:
		if v, ok := r.local[e.Name]; ok {
			if call, ok := v.(*ast.CallExpr); ok {
				return r.argType(call)
			}
			return nil
		}
		return r.globalType(e.Name)
	case *ast.CallExpr:
		if !isNameChain(e.Fun) {
			return nil
		}
		t := r.globalType(r.c.text(r.p, e.Fun))
		if t != nil && t.Kind() == reflect.Func && t.NumOut() > 0 {
			return t.Out(0)
		}
	}
	return nil
}

// isConstLike reports whether x is a literal or arithmetic on literals,
// which must stay untyped where it is used.
func isConstLike(x ast.Expr) bool {
	switch e := x.(type) {
	case *ast.BasicLit:
		return true
	case *ast.ParenExpr:
		return isConstLike(e.X)
	case *ast.UnaryExpr:
		return isConstLike(e.X)
	case *ast.BinaryExpr:
		return isConstLike(e.X) && isConstLike(e.Y)
	}
	return false
}

func isFuncLit(x ast.Expr) bool {
	_, ok := x.(*ast.FuncLit)
	return ok
}

func isCall(x ast.Expr) bool {
	_, ok := x.(*ast.CallExpr)
	return ok
}

// typeBinding is a type argument found for a type parameter; weak ones come
// from untyped constants and give way to a more general constant kind
// (int < rune < float64 < complex128) or to a typed argument.
type typeBinding struct {
	name string
	weak bool
}

var constRank = map[string]int{"int": 1, "rune": 2, "float64": 3, "complex128": 4}

// inferTypeArgs infers the type arguments of a call of the generic func fd
// the way Go does for the common shapes (T, []T, ...T, func(T) U with a func
// literal), as yaegi's inference fails on several of them. It returns ""
// unless every type parameter is found.
func (r *rewriter) inferTypeArgs(fd *ast.FuncDecl, call *ast.CallExpr) string {
	var tparams []string
	for _, f := range fd.Type.TypeParams.List {
		for _, n := range f.Names {
			tparams = append(tparams, n.Name)
		}
	}
	bind := map[string]typeBinding{}
	isParam := func(x ast.Expr) string {
		if id, ok := x.(*ast.Ident); ok {
			for _, p := range tparams {
				if p == id.Name {
					return p
				}
			}
		}
		return ""
	}
	set := func(p, t string, weak bool) {
		old, ok := bind[p]
		switch {
		case t == "":
		case !ok, old.weak && !weak:
			bind[p] = typeBinding{t, weak}
		case old.weak && weak && constRank[t] > constRank[old.name]:
			bind[p] = typeBinding{t, weak}
		}
	}
	var match func(pt ast.Expr, arg ast.Expr)
	match = func(pt ast.Expr, arg ast.Expr) {
		if p := isParam(pt); p != "" {
			set(p, r.typeName(arg, 0), isConstLike(arg))
			return
		}
		switch t := pt.(type) {
		case *ast.ArrayType:
			if p := isParam(t.Elt); p != "" && t.Len == nil {
				set(p, r.sliceElem(arg), false)
			}
		case *ast.FuncType:
			lit, ok := arg.(*ast.FuncLit)
			if !ok {
				return
			}
			matchFields(t.Params, lit.Type.Params, isParam, set, r)
			matchFields(t.Results, lit.Type.Results, isParam, set, r)
		}
	}
	params := fd.Type.Params.List
	i := 0
	for _, f := range params {
		n := max(len(f.Names), 1)
		for k := 0; k < n && i < len(call.Args); k++ {
			if e, ok := f.Type.(*ast.Ellipsis); ok {
				for ; i < len(call.Args); i++ {
					if call.Ellipsis.IsValid() {
						match(&ast.ArrayType{Elt: e.Elt}, call.Args[i])
					} else {
						match(e.Elt, call.Args[i])
					}
				}
				break
			}
			match(f.Type, call.Args[i])
			i++
		}
	}
	out := make([]string, len(tparams))
	for k, p := range tparams {
		b, ok := bind[p]
		if !ok {
			return ""
		}
		out[k] = b.name
	}
	return strings.Join(out, ", ")
}

// matchFields binds the type parameters of a func type's fields to the
// types written in a func literal's fields.
func matchFields(want, got *ast.FieldList, isParam func(ast.Expr) string,
	set func(p, t string, weak bool), r *rewriter) {
	if want == nil || got == nil {
		return
	}
	var wt, gt []ast.Expr
	for _, f := range want.List {
		for k := 0; k < max(len(f.Names), 1); k++ {
			wt = append(wt, f.Type)
		}
	}
	for _, f := range got.List {
		for k := 0; k < max(len(f.Names), 1); k++ {
			gt = append(gt, f.Type)
		}
	}
	if len(wt) != len(gt) {
		return
	}
	for k := range wt {
		if p := isParam(wt[k]); p != "" {
			set(p, r.c.text(r.p, gt[k]), false)
		}
	}
}

// sliceElem returns the element type name of a slice argument, or "".
func (r *rewriter) sliceElem(x ast.Expr) string {
	if lit, ok := x.(*ast.CompositeLit); ok {
		if at, ok := lit.Type.(*ast.ArrayType); ok && at.Len == nil {
			return r.c.text(r.p, at.Elt)
		}
		return ""
	}
	if id, ok := x.(*ast.Ident); ok {
		if v, ok := r.local[id.Name]; ok && v != nil {
			if _, isLit := v.(*ast.CompositeLit); isLit {
				return r.sliceElem(v)
			}
		}
	}
	t := r.argType(x)
	if t == nil || t.Kind() != reflect.Slice || t.Elem().PkgPath() != "" || t.Elem().Name() == "" {
		return ""
	}
	return t.Elem().Name()
}
