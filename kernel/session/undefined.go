package session

import (
	"context"
	"fmt"
	"go/ast"
	"strings"
)

// undefinedName looks for a name the pieces use that nothing defines and
// returns a Go-like "undefined: name" error for the first one. yaegi reports
// some of these as "constant definition loop" or at a wrong place.
func (s *Session) undefinedName(c *cell, ps []*piece) *CellError {
	known := map[string]bool{"display": true, "_": true}
	for _, w := range goWords {
		known[w] = true
	}
	for _, n := range s.state.names() {
		known[n] = true
	}
	for _, p := range ps {
		for _, id := range declaredNames(p) {
			known[id] = true
		}
	}
	for _, p := range ps {
		var root ast.Node = p.decl
		if p.kind == stmtPiece {
			root = p.stmt
		}
		if id := s.firstUnknown(root, known); id != nil {
			at := c.fset.Position(id.Pos())
			col := at.Column
			if at.Line == 1 {
				col -= p.base
			}
			return &CellError{Name: nameCompile,
				Value: fmt.Sprintf("%d:%d: undefined: %s", at.Line, col, id.Name)}
		}
	}
	return nil
}

// declaredNames lists every name a piece declares anywhere inside it.
func declaredNames(p *piece) []string {
	var out []string
	var root ast.Node = p.decl
	if p.kind == stmtPiece {
		root = p.stmt
	}
	ast.Inspect(root, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.AssignStmt:
			for _, l := range x.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					out = append(out, id.Name)
				}
			}
		case *ast.ValueSpec:
			for _, id := range x.Names {
				out = append(out, id.Name)
			}
		case *ast.Field:
			for _, id := range x.Names {
				out = append(out, id.Name)
			}
		case *ast.TypeSpec:
			out = append(out, x.Name.Name)
		case *ast.FuncDecl:
			out = append(out, x.Name.Name)
		case *ast.RangeStmt:
			for _, e := range []ast.Expr{x.Key, x.Value} {
				if id, ok := e.(*ast.Ident); ok {
					out = append(out, id.Name)
				}
			}
		case *ast.LabeledStmt:
			out = append(out, x.Label.Name)
		}
		return true
	})
	return out
}

// firstUnknown returns the first identifier in root that is not a field or
// key name, not known, and that the interpreter does not know either.
func (s *Session) firstUnknown(root ast.Node, known map[string]bool) *ast.Ident {
	skip := map[*ast.Ident]bool{}
	var found *ast.Ident
	ast.Inspect(root, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch x := n.(type) {
		case *ast.SelectorExpr:
			skip[x.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := x.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.BranchStmt:
			if x.Label != nil {
				skip[x.Label] = true
			}
		case *ast.Ident:
			if skip[x] || known[x.Name] || strings.HasPrefix(x.Name, "gonote") {
				return true
			}
			known[x.Name] = true
			if _, err := s.eval(context.Background(), x.Name); err != nil &&
				strings.Contains(err.Value, "undefined") {
				found = x
			}
		}
		return true
	})
	return found
}
