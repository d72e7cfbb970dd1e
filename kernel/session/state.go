package session

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// cellState is what the session knows about the names earlier cells
// defined: yaegi offers no listing of imports, funcs or types, so they are
// tracked from the parsed cells.
type cellState struct {
	imports map[string]string        // local name → import path
	types   map[string]string        // type name → its printed definition
	methods map[string]string        // "T.M" → printed method declaration
	funcs   map[string]*ast.FuncDecl // func name → declaration
	funcSrc map[string]string        // func name → rewritten source
	vars    map[string]ast.Expr      // var/const name → declared type or value, if known
	docs    map[string]string        // user name → doc comment
	decls   map[string]string        // user name → printed declaration (for inspect)

	// reflectTypes caches the interpreter's reflect type of cell types and
	// their instantiations, by name (nil when it has none), for hoist.go.
	reflectTypes map[string]reflect.Type
}

func newCellState() *cellState {
	return &cellState{
		imports: map[string]string{}, types: map[string]string{},
		methods: map[string]string{}, funcs: map[string]*ast.FuncDecl{},
		funcSrc: map[string]string{},
		vars:    map[string]ast.Expr{}, docs: map[string]string{}, decls: map[string]string{},
		reflectTypes: map[string]reflect.Type{},
	}
}

// importName is the local name an import spec binds.
func importName(is *ast.ImportSpec) (name, p string) {
	p, _ = strconv.Unquote(is.Path.Value)
	if is.Name != nil {
		return is.Name.Name, p
	}
	base := path.Base(p)
	if strings.HasPrefix(base, "v") && len(base) > 1 && base[1] >= '0' && base[1] <= '9' {
		base = path.Base(path.Dir(p))
	}
	return base, p
}

// imported reports whether the spec's package is already imported under
// the same name.
func (st *cellState) imported(is *ast.ImportSpec) bool {
	name, p := importName(is)
	return name != "_" && name != "." && st.imports[name] == p
}

func (st *cellState) recordImport(is *ast.ImportSpec) {
	name, p := importName(is)
	st.imports[name] = p
}

// print returns the printed form of a node, without comments.
func print(n any) string {
	var b bytes.Buffer
	_ = printer.Fprint(&b, token.NewFileSet(), n)
	return b.String()
}

// recvName returns the type name of a method receiver.
func recvName(fd *ast.FuncDecl) string {
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return "?"
		}
	}
}

// checkRedefinitions finds the types and methods in ps that exist already:
// an identical one is skipped (returned in skip), a different one is an
// error, as yaegi would silently keep the old definition.
func (st *cellState) checkRedefinitions(c *cell, ps []*piece) (skip []*piece, err *CellError) {
	for _, p := range ps {
		switch d := p.decl.(type) {
		case *ast.GenDecl:
			if d.Tok != token.TYPE {
				continue
			}
			same := 0
			for _, spec := range d.Specs {
				ts := spec.(*ast.TypeSpec)
				old, ok := st.types[ts.Name.Name]
				if !ok {
					continue
				}
				if old != print(ts) {
					return nil, redefinedError(c, p, ts.Pos(), "type "+ts.Name.Name)
				}
				same++
			}
			if same == len(d.Specs) {
				skip = append(skip, p)
			} else if same > 0 {
				return nil, &CellError{Name: nameRedefined, Value: "a type group " +
					"mixes new and already defined types: declare them separately"}
			}
		case *ast.FuncDecl:
			if d.Recv == nil || len(d.Recv.List) == 0 {
				continue
			}
			key := recvName(d) + "." + d.Name.Name
			if old, ok := st.methods[key]; ok {
				if old != print(d) {
					return nil, redefinedError(c, p, d.Pos(), "method "+key)
				}
				skip = append(skip, p)
			}
		}
	}
	return skip, nil
}

func redefinedError(c *cell, p *piece, pos token.Pos, what string) *CellError {
	at := c.fset.Position(pos)
	col := at.Column
	if at.Line == 1 {
		col -= p.base
	}
	return &CellError{Name: nameRedefined, Value: fmt.Sprintf(
		"%d:%d: %s is already defined differently and the interpreter cannot "+
			"replace it: use %%reset, or a new name", at.Line, col, what)}
}

// changedFuncs returns the funcs of ps that replace a different definition.
func (st *cellState) changedFuncs(c *cell, rw *rewrites, ps []*piece) map[string]bool {
	out := map[string]bool{}
	for _, p := range ps {
		fd, ok := p.decl.(*ast.FuncDecl)
		if !ok || fd.Recv != nil {
			continue
		}
		if old, ok := st.funcSrc[fd.Name.Name]; ok && old != rw.apply(c.src, p.start, p.end, nil) {
			out[fd.Name.Name] = true
		}
	}
	return out
}

// recordDecls remembers the declarations of ps after they were evaluated.
func (st *cellState) recordDecls(c *cell, rw *rewrites, ps []*piece) {
	for _, p := range ps {
		switch d := p.decl.(type) {
		case *ast.GenDecl:
			st.recordGenDecl(c, p, d)
		case *ast.FuncDecl:
			body := d.Body
			d.Body = nil
			sig := print(d)
			d.Body = body
			if d.Recv != nil && len(d.Recv.List) > 0 {
				key := recvName(d) + "." + d.Name.Name
				st.methods[key] = print(d)
				st.decls[key] = sig
				st.docs[key] = docBefore(c.src, p.start)
				continue
			}
			st.funcs[d.Name.Name] = d
			st.funcSrc[d.Name.Name] = rw.apply(c.src, p.start, p.end, nil)
			st.decls[d.Name.Name] = sig
			st.docs[d.Name.Name] = docBefore(c.src, p.start)
		}
	}
}

func (st *cellState) recordGenDecl(c *cell, p *piece, d *ast.GenDecl) {
	for _, spec := range d.Specs {
		switch s := spec.(type) {
		case *ast.TypeSpec:
			st.types[s.Name.Name] = print(s)
			st.decls[s.Name.Name] = "type " + print(s)
			st.docs[s.Name.Name] = firstDoc(s.Doc, d.Doc)
			if st.docs[s.Name.Name] == "" {
				st.docs[s.Name.Name] = docBefore(c.src, p.start)
			}
		case *ast.ValueSpec:
			for i, n := range s.Names {
				var t ast.Expr = s.Type
				if t == nil && i < len(s.Values) {
					t = s.Values[i]
				}
				st.vars[n.Name] = t
				st.decls[n.Name] = d.Tok.String() + " " + print(s)
				st.docs[n.Name] = firstDoc(s.Doc, d.Doc)
			}
		}
	}
}

func firstDoc(gs ...*ast.CommentGroup) string {
	for _, g := range gs {
		if t := g.Text(); t != "" {
			return t
		}
	}
	return ""
}

// recordStmts remembers the names top-level := and var statements define.
func (st *cellState) recordStmts(c *cell, ps []*piece) {
	for _, p := range ps {
		switch s := p.stmt.(type) {
		case *ast.AssignStmt:
			if s.Tok != token.DEFINE {
				continue
			}
			for i, l := range s.Lhs {
				id, ok := l.(*ast.Ident)
				if !ok || id.Name == "_" {
					continue
				}
				var v ast.Expr
				if len(s.Rhs) == len(s.Lhs) {
					v = s.Rhs[i]
				}
				st.vars[id.Name] = v
				st.decls[id.Name] = print(s)
			}
		case *ast.DeclStmt:
			if g, ok := s.Decl.(*ast.GenDecl); ok {
				st.recordGenDecl(c, p, g)
			}
		}
	}
}

// names returns every user-defined and imported name, sorted.
func (st *cellState) names() []string {
	var out []string
	for _, m := range []map[string]string{st.imports, st.types} {
		for k := range m {
			out = append(out, k)
		}
	}
	for k := range st.funcs {
		out = append(out, k)
	}
	for k := range st.vars {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// docBefore returns the // comment lines right above offset start, the doc
// comment of a top-level declaration (outside the piece's own text).
func docBefore(src string, start int) string {
	lines := strings.Split(src[:start], "\n")
	lines = lines[:len(lines)-1] // the declaration's own line
	var doc []string
	for i := len(lines) - 1; i >= 0; i-- {
		t := strings.TrimSpace(lines[i])
		if !strings.HasPrefix(t, "//") {
			break
		}
		doc = append([]string{strings.TrimSpace(strings.TrimPrefix(t, "//"))}, doc...)
	}
	return strings.Join(doc, "\n")
}

// hasMethod reports whether a cell defined a method of that name.
func (st *cellState) hasMethod(name string) bool {
	for k := range st.methods {
		if strings.HasSuffix(k, "."+name) {
			return true
		}
	}
	return false
}

// hasRichMethod reports whether a cell defined one of the methods through
// which a value chooses how it is shown.
func (st *cellState) hasRichMethod() bool {
	for _, m := range richMethods {
		if st.hasMethod(m.name) {
			return true
		}
	}
	return false
}
