package session

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"sort"
	"strings"
)

// A statement `a, b := x` at the top level of a cell defines globals, and
// yaegi types globals in a first pass that cannot type a call of a generic
// func ("constant definition loop") nor a comma-ok form ("nil type"). Inside
// a func body both work. So the session runs such a statement in a func
// literal that hands out pointers to what it defined (the value is computed
// once), then defines each global from its pointer with the type spelt out:
//
//	gonoteBox = func() []any { a, b := x; return []any{&a, &b} }()
//	var a T1
//	gonotert.Set(&a, gonoteBox[0])
//	var b T2
//	gonotert.Set(&b, gonoteBox[1])

// hoistable reports whether piece p is a top-level definition (`a, b := x`
// or `var a, b = x`) that yaegi cannot run as a global one.
func (s *Session) hoistable(c *cell, p *piece) bool {
	names, values := definition(p)
	if names == nil {
		return false
	}
	// yaegi also fails on `var y = x` for a global x ("variable definition
	// loop"), where y := x works.
	return isCommaOk(len(names), values) || s.hasGenericCall(c, values...) ||
		(p.kind == declPiece && s.mentionsGlobalVar(values))
}

// mentionsGlobalVar reports whether values use a variable of an earlier
// cell (outside func literals).
func (s *Session) mentionsGlobalVar(values []ast.Expr) bool {
	return anyOutsideFuncLits(values, func(n ast.Node) bool {
		id, ok := n.(*ast.Ident)
		if ok {
			_, ok = s.state.vars[id.Name]
		}
		return ok
	})
}

// anyOutsideFuncLits reports whether found holds for a node of nodes that
// is not inside a func literal, whose body runs later, inside a func.
func anyOutsideFuncLits(nodes []ast.Expr, found func(ast.Node) bool) bool {
	hit := false
	for _, n := range nodes {
		ast.Inspect(n, func(n ast.Node) bool {
			if _, lit := n.(*ast.FuncLit); lit || hit {
				return false
			}
			hit = found(n)
			return !hit
		})
	}
	return hit
}

// definition returns the names and values of a top-level `:=` statement or
// single-spec var declaration with values; nil names for anything else.
func definition(p *piece) (names []ast.Expr, values []ast.Expr) {
	switch p.kind {
	case stmtPiece:
		if as, ok := p.stmt.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			return as.Lhs, as.Rhs
		}
	case declPiece:
		gd, ok := p.decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || len(gd.Specs) != 1 {
			return nil, nil
		}
		vs := gd.Specs[0].(*ast.ValueSpec)
		if len(vs.Values) == 0 {
			return nil, nil
		}
		for _, n := range vs.Names {
			names = append(names, n)
		}
		return names, vs.Values
	}
	return nil, nil
}

// isCommaOk reports whether n names take the single value of `m[k]`,
// `x.(T)` or `<-ch`.
func isCommaOk(n int, values []ast.Expr) bool {
	if n != 2 || len(values) != 1 {
		return false
	}
	switch x := ast.Unparen(values[0]).(type) {
	case *ast.IndexExpr, *ast.TypeAssertExpr:
		return true
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	}
	return false
}

// hasGenericCall reports whether n calls a generic func: one declared in a
// cell, the prelude's min and max, an interpreted generic std func, or any
// func with explicit type arguments. Func literals do not count: their
// bodies run later, inside a func.
func (s *Session) hasGenericCall(c *cell, nodes ...ast.Expr) bool {
	return hasGenericCall(c, s.state, nodes...)
}

func hasGenericCall(c *cell, st *cellState, nodes ...ast.Expr) bool {
	return anyOutsideFuncLits(nodes, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		return ok && isGenericFunc(c, st, call.Fun)
	})
}

func isGenericFunc(c *cell, st *cellState, fun ast.Expr) bool {
	switch f := ast.Unparen(fun).(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	case *ast.Ident:
		if fd := c.funcDecl(f.Name); fd != nil {
			return fd.Type.TypeParams.NumFields() > 0
		}
		if fd := st.funcs[f.Name]; fd != nil {
			return fd.Type.TypeParams.NumFields() > 0
		}
		return f.Name == "min" || f.Name == "max"
	case *ast.SelectorExpr:
		pkg, ok := f.X.(*ast.Ident)
		if !ok {
			return false
		}
		path, imported := st.imports[pkg.Name]
		if !imported {
			path, imported = c.importPath(pkg.Name)
		}
		if !imported {
			return false
		}
		_, generic := genericDecls[path[strings.LastIndexByte(path, '/')+1:]+"."+f.Sel.Name]
		return generic
	}
	return false
}

// funcDecl returns the cell's declaration of func name, or nil.
func (c *cell) funcDecl(name string) *ast.FuncDecl {
	for _, p := range c.pieces {
		if f, ok := p.decl.(*ast.FuncDecl); ok && f.Recv == nil && f.Name.Name == name {
			return f
		}
	}
	return nil
}

// importPath returns the path the cell imports under name.
func (c *cell) importPath(name string) (string, bool) {
	for _, p := range c.pieces {
		if p.kind != importPiece {
			continue
		}
		for _, spec := range p.decl.(*ast.GenDecl).Specs {
			if n, path := importName(spec.(*ast.ImportSpec)); n == name {
				return path, true
			}
		}
	}
	return "", false
}

// evalDefine runs the hoistable definition p (see hoistable).
func (s *Session) evalDefine(ctx context.Context, c *cell, rw *rewrites, p *piece) *CellError {
	if u := s.undefinedName(c, []*piece{p}); u != nil {
		return u
	}
	var names, ptrs []string
	lhs, _ := definition(p)
	for _, x := range lhs {
		if id, ok := x.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
			ptrs = append(ptrs, "&"+id.Name)
		}
	}
	src := chunkSource(c, rw, p.start, p.end, nil, "gonoteBox = func() []any { ") +
		"; return []any{" + strings.Join(ptrs, ", ") + "} }()"
	if _, err := s.eval(ctx, src); err != nil {
		err.Value = rw.mapColumns(c.src, err.Value)
		return err
	}
	defs, err := s.globalDefs(ctx, c, p, names)
	if err != nil {
		return err
	}
	redefined := s.redefinedVars([]*piece{p})
	if _, err := s.eval(ctx, defs); err != nil {
		return err
	}
	s.stateMu.Lock()
	if p.kind == declPiece {
		s.state.recordDecls(c, rw, []*piece{p})
	} else {
		s.state.recordStmts(c, []*piece{p})
	}
	s.stateMu.Unlock()
	return s.recompileCallers(ctx, redefined)
}

// lhsPos is the position of the first name a definition defines.
func lhsPos(p *piece) token.Pos {
	names, _ := definition(p)
	return names[0].Pos()
}

// globalDefs returns the definitions of names from the pointers in
// gonoteBox.
func (s *Session) globalDefs(ctx context.Context, c *cell, p *piece, names []string) (
	string, *CellError) {
	box, err := s.eval(ctx, "gonoteBox")
	if err != nil {
		return "", err
	}
	var defs []string
	var cellTypes map[reflect.Type]string
	for i, name := range names {
		if i == 0 {
			if def, ok := commaOkValueDef(c, p, name); ok {
				defs = append(defs, def)
				continue
			}
		}
		if cellTypes == nil {
			cellTypes = s.cellTypes(ctx, c, p)
		}
		ptr := box.Index(i).Elem()
		typ, ok := s.typeExpr(ptr.Type().Elem(), cellTypes)
		if !ok {
			line, col := c.lineCol(c.off(p, lhsPos(p)))
			return "", &CellError{Name: nameCompile, Value: fmt.Sprintf(
				"%d:%d: cannot name the type %s of %s to keep it for later cells; "+
					"declare it first (var %s T), then assign it with =",
				line, col, ptr.Type().Elem(), name, name)}
		}
		// A type assertion to a generic instantiation crashes yaegi's
		// compiler; a compiled helper copies the value instead.
		defs = append(defs, fmt.Sprintf("var %s %s\ngonotert.Set(&%s, gonoteBox[%d])",
			name, typ, name, i))
	}
	return ";" + strings.Join(defs, "\n"), nil
}

// commaOkValueDef defines the value of a comma-ok definition with its
// static type taken from the source: the asserted type of x.(T), or the
// element type of a map by indexing it again (m[k] with m and k free of side
// effects gives the same value, or the zero value on a miss). A reflect type
// alone cannot tell Celsius from float64.
func commaOkValueDef(c *cell, p *piece, name string) (string, bool) {
	names, values := definition(p)
	if !isCommaOk(len(names), values) || types.ExprString(names[0]) != name {
		return "", false
	}
	switch x := ast.Unparen(values[0]).(type) {
	case *ast.TypeAssertExpr:
		if x.Type != nil {
			return fmt.Sprintf("var %s %s\ngonotert.Set(&%s, gonoteBox[0])",
				name, c.text(p, x.Type), name), true
		}
	case *ast.IndexExpr:
		if isPure(x.X) && isPure(x.Index) {
			return name + " := " + c.text(p, x), true
		}
	}
	return "", false
}

// cellTypes maps the reflect types of the types declared in cells to their
// names. Struct types are all tried. A named type of another kind (type
// Celsius float64) has the reflect type of its underlying type, so it is
// tried only when the definition mentions it. Generic types are tried with each list of type arguments
// written in the definition (NewStack[string]() makes a Stack[string]).
func (s *Session) cellTypes(ctx context.Context, c *cell, p *piece) map[reflect.Type]string {
	mentioned := mentionedNames(p)
	typeArgs := typeArgLists(c, p)
	s.stateMu.RLock()
	var names []string
	for name, def := range s.state.types {
		switch {
		case isGenericTypeDef(name, def):
			for _, args := range typeArgs {
				names = append(names, name+"["+args+"]")
			}
		case strings.HasPrefix(def, name+" struct") || mentioned[name]:
			names = append(names, name)
		}
	}
	s.stateMu.RUnlock()
	sort.Strings(names)
	m := map[reflect.Type]string{}
	for _, name := range names {
		if t := s.reflectTypeOf(ctx, name); t != nil {
			if _, dup := m[t]; !dup {
				m[t] = name
			}
		}
	}
	return m
}

// reflectTypeOf returns the reflect type the interpreter gives the cell type
// name (Celsius, Pair[string, int]), or nil. It is asked once per name: a
// type cannot change its definition short of %reset, which starts a new
// state.
func (s *Session) reflectTypeOf(ctx context.Context, name string) reflect.Type {
	s.stateMu.RLock()
	t, known := s.state.reflectTypes[name]
	s.stateMu.RUnlock()
	if known {
		return t
	}
	// (*Pair[string, int])(nil) crashes yaegi's compiler; this does not.
	v, err := s.eval(ctx, ";func() *"+name+" { return nil }()")
	if err == nil && v.IsValid() && v.Kind() == reflect.Pointer {
		t = v.Type().Elem()
	}
	s.stateMu.Lock()
	s.state.reflectTypes[name] = t
	s.stateMu.Unlock()
	return t
}

// mentionedNames returns the identifiers of a definition's values.
func mentionedNames(p *piece) map[string]bool {
	out := map[string]bool{}
	_, values := definition(p)
	for _, v := range values {
		ast.Inspect(v, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				out[id.Name] = true
			}
			return true
		})
	}
	return out
}

// typeArgLists returns the text of every index or type argument list of
// piece p: candidates for the arguments of generic cell types.
func typeArgLists(c *cell, p *piece) []string {
	var lists []string
	_, values := definition(p)
	for _, v := range values {
		ast.Inspect(v, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.IndexExpr:
				lists = append(lists, c.text(p, x.Index))
			case *ast.IndexListExpr:
				lists = append(lists, c.src[c.off(p, x.Lbrack)+1:c.off(p, x.Rbrack)])
			}
			return true
		})
	}
	return lists
}

// typeExpr spells t as a Go type expression valid in the session, using the
// names under which its packages are imported and the names of cell types.
func (s *Session) typeExpr(t reflect.Type, cellTypes map[reflect.Type]string) (string, bool) {
	if name, ok := lookupCellType(cellTypes, t); ok {
		return name, true
	}
	if t.Name() != "" {
		return s.namedTypeExpr(t)
	}
	elem := func(prefix string) (string, bool) {
		e, ok := s.typeExpr(t.Elem(), cellTypes)
		return prefix + e, ok
	}
	switch t.Kind() {
	case reflect.Pointer:
		return elem("*")
	case reflect.Slice:
		return elem("[]")
	case reflect.Array:
		return elem(fmt.Sprintf("[%d]", t.Len()))
	case reflect.Chan:
		return elem(map[reflect.ChanDir]string{reflect.BothDir: "chan ",
			reflect.RecvDir: "<-chan ", reflect.SendDir: "chan<- "}[t.ChanDir()])
	case reflect.Map:
		k, ok := s.typeExpr(t.Key(), cellTypes)
		v, ok2 := s.typeExpr(t.Elem(), cellTypes)
		return "map[" + k + "]" + v, ok && ok2
	case reflect.Func:
		return s.funcTypeExpr(t, cellTypes)
	case reflect.Interface:
		return "any", t.NumMethod() == 0
	}
	// TODO: unnamed struct types that are not cell types are not spelt.
	return "", false
}

// lookupCellType finds the cell type of t, by identity or, as yaegi may make
// two reflect types for one instantiation (Pair[string, int]), by its text.
func lookupCellType(cellTypes map[reflect.Type]string, t reflect.Type) (string, bool) {
	if name, ok := cellTypes[t]; ok {
		return name, true
	}
	if t.Kind() != reflect.Struct {
		return "", false
	}
	var found []string
	for ct, name := range cellTypes {
		if ct.String() == t.String() {
			found = append(found, name)
		}
	}
	if len(found) == 0 {
		return "", false
	}
	sort.Strings(found)
	return found[0], true
}

// namedTypeExpr spells a named type: predeclared, or qualified by the name
// its package is imported under.
func (s *Session) namedTypeExpr(t reflect.Type) (string, bool) {
	if t.PkgPath() == "" {
		return t.Name(), true
	}
	if strings.ContainsRune(t.Name(), '[') {
		return "", false
	}
	s.stateMu.RLock()
	defer s.stateMu.RUnlock()
	for name, path := range s.state.imports {
		if path == t.PkgPath() && name != "_" && name != "." {
			return name + "." + t.Name(), true
		}
	}
	return "", false
}

func (s *Session) funcTypeExpr(t reflect.Type, cellTypes map[reflect.Type]string) (string, bool) {
	list := func(n int, at func(int) reflect.Type, variadic bool) (string, bool) {
		var parts []string
		for i := range n {
			e, ok := s.typeExpr(at(i), cellTypes)
			if !ok {
				return "", false
			}
			if variadic && i == n-1 {
				e = "..." + strings.TrimPrefix(e, "[]")
			}
			parts = append(parts, e)
		}
		return strings.Join(parts, ", "), true
	}
	in, ok := list(t.NumIn(), t.In, t.IsVariadic())
	out, ok2 := list(t.NumOut(), t.Out, false)
	if t.NumOut() > 1 {
		out = "(" + out + ")"
	}
	return strings.TrimSpace("func(" + in + ") " + out), ok && ok2
}
