package session

import (
	"go/ast"
	"go/parser"
	"go/types"
	"path"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/traefik/yaegi/stdlib"

	"github.com/gonote/gonote/kernel/symbols"
)

// goWords are the keywords, builtins and predeclared types offered when
// completing a bare name.
var goWords = strings.Fields(`break case chan const continue default defer else
fallthrough for func go goto if import interface map package range return select
struct switch type var append cap clear close complex copy delete imag len make max
min new panic print println real recover bool byte complex64 complex128 error
float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32
uint64 uintptr any comparable true false nil iota`)

// Complete returns the completions of the name before cursor (a position
// in code points) and the code-point range they replace: package members
// after "pkg.", fields and methods after "x.", and otherwise the names of
// earlier cells, Go's keywords and builtins.
func (s *Session) Complete(code string, cursor int) (matches []string, start, end int) {
	s.lookups.Lock()
	defer s.lookups.Unlock()
	s.idle = s.mu.TryLock()
	if s.idle {
		defer s.mu.Unlock()
	}
	s.stateMu.RLock()
	defer s.stateMu.RUnlock()
	off := byteOffset(code, cursor)
	word, chain := wordBefore(code, off)
	start = cursor - utf8.RuneCountInString(word)

	var cands []string
	if chain == "" {
		cands = append(s.state.names(), goWords...)
		cands = append(cands, "display")
	} else {
		cands = s.members(chain)
	}
	seen := map[string]bool{}
	for _, c := range cands {
		if strings.HasPrefix(c, word) && !seen[c] && !strings.HasPrefix(c, "gonote") {
			seen[c] = true
			matches = append(matches, c)
		}
	}
	sort.Strings(matches)
	return matches, start, cursor
}

// byteOffset converts a code-point offset to a byte offset.
func byteOffset(s string, cp int) int {
	i := 0
	for n := 0; n < cp && i < len(s); n++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i
}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// wordBefore returns the identifier part ending at off and, if it follows a
// dot, the name chain before the dot ("x.f" in "x.f.Na").
func wordBefore(code string, off int) (word, chain string) {
	i := off
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:i])
		if !isIdentRune(r) {
			break
		}
		i -= size
	}
	word = code[i:off]
	if i == 0 || code[i-1] != '.' {
		return word, ""
	}
	j := i - 1
	for j > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:j])
		if r == ')' {
			// A call in the chain: time.Now().Fo
			if open := matchingParen(code[:j]); open >= 0 {
				j = open
				continue
			}
		}
		if !isIdentRune(r) && r != '.' {
			break
		}
		j -= size
	}
	return word, strings.Trim(code[j:i-1], ".")
}

// matchingParen returns the offset of the '(' that the ')' ending s closes,
// or -1.
func matchingParen(s string) int {
	depth := 0
	for k := len(s) - 1; k >= 0; k-- {
		switch s[k] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				return k
			}
		case '\n', ';', '{', '}':
			return -1
		}
	}
	return -1
}

// typeOfChain returns the type of a name chain, or of a chain with calls
// (found without calling them: completion and inspection have no side
// effects); nil when unknown.
func (s *Session) typeOfChain(chain string) reflect.Type {
	if strings.Contains(chain, "(") {
		return s.chainType(chain)
	}
	return s.idleType(chain)
}

// chainType returns the static type of a chain with calls in it
// (time.Now().UTC()) from the types of the funcs and methods it calls,
// without calling them; nil when it cannot tell.
func (s *Session) chainType(chain string) reflect.Type {
	x, err := parser.ParseExpr(chain)
	if err != nil {
		return nil
	}
	return s.exprType(x, 0)
}

func (s *Session) exprType(x ast.Expr, depth int) reflect.Type {
	if depth > 16 {
		return nil
	}
	if isNameChain(x) {
		return s.idleType(types.ExprString(x))
	}
	switch e := x.(type) {
	case *ast.ParenExpr:
		return s.exprType(e.X, depth+1)
	case *ast.CallExpr:
		if ft := s.exprType(e.Fun, depth+1); ft != nil && ft.Kind() == reflect.Func &&
			ft.NumOut() > 0 {
			return ft.Out(0)
		}
	case *ast.SelectorExpr:
		if t := s.exprType(e.X, depth+1); t != nil {
			return memberType(t, e.Sel.Name)
		}
	}
	return nil
}

// memberType is the type of method or field name of a value of type t: a
// func type for a method (its receiver first, for concrete types).
func memberType(t reflect.Type, name string) reflect.Type {
	for _, tt := range []reflect.Type{t, reflect.PointerTo(t)} {
		if m, ok := tt.MethodByName(name); ok {
			return m.Type
		}
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		if f, ok := st.FieldByName(name); ok {
			return f.Type
		}
	}
	return nil
}

// members lists what can follow "chain.".
func (s *Session) members(chain string) []string {
	if p, ok := s.importPath(chain); ok {
		return packageMembers(p)
	}
	var out []string
	if t := s.typeOfChain(chain); t != nil {
		out = append(out, typeMembers(t)...)
	}
	if tn := s.userTypeOf(chain); tn != "" {
		for key := range s.state.methods {
			if recv, m, _ := strings.Cut(key, "."); recv == tn {
				out = append(out, m)
			}
		}
	}
	return out
}

// importPath returns the path of an imported (or pre-imported) package.
func (s *Session) importPath(name string) (string, bool) {
	if p, ok := s.state.imports[name]; ok {
		return p, true
	}
	if name == "display" {
		return displayPath, true
	}
	return "", false
}

// packageMembers lists the exported members of a package: its compiled
// symbols and its interpreted generic functions.
func packageMembers(p string) []string {
	var out []string
	key := p + "/" + path.Base(p)
	for _, table := range []map[string]map[string]reflect.Value{stdlib.Symbols, symbols.Symbols} {
		for k, m := range table {
			if k != key && path.Dir(k) != p {
				continue
			}
			for name := range m {
				if !strings.HasPrefix(name, "_") {
					out = append(out, name)
				}
			}
		}
	}
	prefix := path.Base(p) + "."
	for k := range genericResults {
		if strings.HasPrefix(k, prefix) {
			out = append(out, strings.TrimPrefix(k, prefix))
		}
	}
	return out
}

// typeMembers lists the exported fields and methods of t (and *t).
func typeMembers(t reflect.Type) []string {
	var out []string
	for _, tt := range []reflect.Type{t, reflect.PointerTo(t)} {
		for i := 0; i < tt.NumMethod(); i++ {
			out = append(out, tt.Method(i).Name)
		}
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for i := 0; i < st.NumField(); i++ {
			if f := st.Field(i); f.IsExported() {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

// userTypeOf guesses the name of the user type of a variable from its
// declaration: var x T, x := T{...}, x := &T{...}, x := NewT(...).
func (s *Session) userTypeOf(name string) string {
	x, ok := s.state.vars[name]
	if !ok || x == nil {
		return ""
	}
	for {
		switch e := x.(type) {
		case *ast.UnaryExpr:
			x = e.X
			continue
		case *ast.StarExpr:
			x = e.X
			continue
		case *ast.CompositeLit:
			x = e.Type
			continue
		case *ast.CallExpr:
			if id, ok := e.Fun.(*ast.Ident); ok {
				if fd := s.state.funcs[id.Name]; fd != nil && fd.Type.Results.NumFields() > 0 {
					x = fd.Type.Results.List[0].Type
					continue
				}
			}
			return ""
		case *ast.Ident:
			if _, ok := s.state.types[e.Name]; ok {
				return e.Name
			}
		}
		return ""
	}
}

// idleType is globalType for Complete and Inspect: they may run while a
// cell runs, and then must not evaluate anything on the interpreter, which
// is not safe for concurrent use.
func (s *Session) idleType(expr string) reflect.Type {
	if !s.idle {
		return nil
	}
	return s.globalType(expr)
}
