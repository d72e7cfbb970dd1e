package session

import (
	"go/ast"
	"go/token"
	"reflect"
	"strings"
)

// rangeKind is what a range expression iterates over, as far as the
// rewriter can tell.
type rangeKind int

const (
	rangeOther rangeKind = iota // slice, map, string, channel or unknown
	rangeInt
	rangeFunc1 // func(yield func(V) bool)
	rangeFunc2 // func(yield func(K, V) bool)
)

// seqFuncs are the std functions returning iter.Seq (1) or iter.Seq2 (2).
var seqFuncs = map[string]rangeKind{
	"maps.Keys": rangeFunc1, "maps.Values": rangeFunc1, "maps.All": rangeFunc2,
	"slices.All": rangeFunc2, "slices.Values": rangeFunc1, "slices.Backward": rangeFunc2,
	"slices.Chunk":  rangeFunc1,
	"strings.Lines": rangeFunc1, "strings.SplitSeq": rangeFunc1,
	"strings.SplitAfterSeq": rangeFunc1, "strings.FieldsSeq": rangeFunc1,
	"strings.FieldsFuncSeq": rangeFunc1,
	"bytes.Lines":           rangeFunc1, "bytes.SplitSeq": rangeFunc1,
	"bytes.SplitAfterSeq": rangeFunc1, "bytes.FieldsSeq": rangeFunc1,
	"bytes.FieldsFuncSeq": rangeFunc1,
}

var intTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true,
	"uintptr": true, "byte": true, "rune": true,
}

// rangeKind guesses the kind of x from the cell's declarations, earlier
// cells and, for global names, the interpreter.
func (r *rewriter) rangeKind(x ast.Expr) rangeKind {
	return r.kindOf(x, 0)
}

func (r *rewriter) kindOf(x ast.Expr, depth int) rangeKind {
	if depth > 8 {
		return rangeOther
	}
	switch e := x.(type) {
	case *ast.ParenExpr:
		return r.kindOf(e.X, depth+1)
	case *ast.BasicLit:
		if e.Kind == token.INT {
			return rangeInt
		}
	case *ast.BinaryExpr:
		switch e.Op {
		case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.SHL, token.SHR,
			token.AND, token.OR, token.XOR:
			if k := r.kindOf(e.X, depth+1); k == rangeInt {
				return k
			}
			return r.kindOf(e.Y, depth+1)
		}
	case *ast.FuncLit:
		return funcTypeKind(e.Type)
	case *ast.FuncType:
		return funcTypeKind(e)
	case *ast.Ident:
		return r.identKind(e, depth)
	case *ast.IndexExpr, *ast.IndexListExpr, *ast.SelectorExpr:
		return r.typeExprKind(x, depth)
	case *ast.CallExpr:
		return r.callKind(e, depth)
	}
	return rangeOther
}

func (r *rewriter) identKind(id *ast.Ident, depth int) rangeKind {
	if intTypes[id.Name] {
		return rangeInt
	}
	if v, ok := r.local[id.Name]; ok && v != nil {
		return r.kindOf(v, depth+1)
	}
	if v, ok := r.st.vars[id.Name]; ok && v != nil {
		if k := r.kindOf(v, depth+1); k != rangeOther {
			return k
		}
	}
	return r.globalKind(id.Name)
}

// typeExprKind handles iter.Seq[...] and friends used as types or values.
func (r *rewriter) typeExprKind(x ast.Expr, depth int) rangeKind {
	base := x
	switch e := x.(type) {
	case *ast.IndexExpr:
		base = e.X
	case *ast.IndexListExpr:
		base = e.X
	}
	if sel, ok := base.(*ast.SelectorExpr); ok {
		if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "iter" {
			switch sel.Sel.Name {
			case "Seq":
				return rangeFunc1
			case "Seq2":
				return rangeFunc2
			}
		}
	}
	if isNameChain(x) {
		return r.globalKind(r.c.text(r.p, x))
	}
	return rangeOther
}

func (r *rewriter) callKind(call *ast.CallExpr, depth int) rangeKind {
	fun := ast.Unparen(call.Fun)
	if id, ok := fun.(*ast.Ident); ok {
		switch {
		case id.Name == "len" || id.Name == "cap" || intTypes[id.Name]:
			return rangeInt
		case r.funcs[id.Name] != nil:
			return resultKind(r, r.funcs[id.Name], depth)
		case r.st.funcs[id.Name] != nil:
			return resultKind(r, r.st.funcs[id.Name], depth)
		}
	}
	if isNameChain(fun) {
		name := r.c.text(r.p, fun)
		if k, ok := seqFuncs[name]; ok {
			return k
		}
		if t := r.globalType(name); t != nil && t.Kind() == reflect.Func && t.NumOut() > 0 {
			return reflectKind(t.Out(0))
		}
	}
	// A method of a cell type (l.All()), when its receiver's type is not
	// known here: the methods of that name decide, if they agree.
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		switch args := r.methodSeqArgs(sel.Sel.Name); {
		case args == "":
		case strings.Contains(args, ","):
			return rangeFunc2
		default:
			return rangeFunc1
		}
	}
	return rangeOther
}

func resultKind(r *rewriter, fd *ast.FuncDecl, depth int) rangeKind {
	if fd.Type.Results == nil || len(fd.Type.Results.List) == 0 {
		return rangeOther
	}
	return r.kindOf(fd.Type.Results.List[0].Type, depth+1)
}

// funcTypeKind is the kind of a func type used as a range expression.
func funcTypeKind(ft *ast.FuncType) rangeKind {
	if ft.Params == nil || len(ft.Params.List) != 1 {
		return rangeOther
	}
	yield, ok := ft.Params.List[0].Type.(*ast.FuncType)
	if !ok {
		return rangeOther
	}
	switch yield.Params.NumFields() {
	case 1:
		return rangeFunc1
	case 2:
		return rangeFunc2
	}
	return rangeOther
}

func (r *rewriter) globalType(name string) reflect.Type {
	if r.typ == nil {
		return nil
	}
	return r.typ(name)
}

func (r *rewriter) globalKind(name string) rangeKind {
	if t := r.globalType(name); t != nil {
		return reflectKind(t)
	}
	return rangeOther
}

// reflectKind is the range kind of a value of type t.
func reflectKind(t reflect.Type) rangeKind {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Uintptr:
		return rangeInt
	case reflect.Func:
		if t.NumIn() == 1 && t.In(0).Kind() == reflect.Func {
			switch t.In(0).NumIn() {
			case 1:
				return rangeFunc1
			case 2:
				return rangeFunc2
			}
		}
	}
	return rangeOther
}
