package session

import (
	"bytes"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Inspect returns the signature and doc comment of the name at cursor (a
// position in code points) as a text/plain bundle: names of earlier cells,
// package members (documented from their source) and package names.
func (s *Session) Inspect(code string, cursor, detailLevel int) (map[string]any, bool) {
	s.lookups.Lock()
	defer s.lookups.Unlock()
	s.idle = s.mu.TryLock()
	if s.idle {
		defer s.mu.Unlock()
	}
	s.stateMu.RLock()
	defer s.stateMu.RUnlock()
	off := byteOffset(code, cursor)
	end := off
	for end < len(code) {
		r, size := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += size
	}
	word, chain := wordBefore(code, end)
	if word == "" && off > 0 && code[off-1] == '(' {
		// Shift-Tab just inside a call's parenthesis asks about the callee.
		word, chain = wordBefore(code, off-1)
	}
	if word == "" {
		return nil, false
	}
	text := s.describe(chain, word)
	if text == "" {
		return nil, false
	}
	return map[string]any{"text/plain": text}, true
}

// describe returns the help text of chain.word (or word when chain is "").
func (s *Session) describe(chain, word string) string {
	if chain == "" {
		if decl, ok := s.state.decls[word]; ok {
			return joinDoc(decl, s.state.docs[word])
		}
		if p, ok := s.importPath(word); ok {
			if d := packageDocs(p); d != nil {
				return "package " + d.name + " // import \"" + p + "\"\n\n" + d.synopsis
			}
			return "package " + word + " // import \"" + p + "\""
		}
		if t := s.idleType(word); t != nil {
			return word + " " + t.String()
		}
		return ""
	}
	if p, ok := s.importPath(chain); ok {
		if d := packageDocs(p); d != nil {
			if text, ok := d.members[word]; ok {
				return text
			}
		}
		if t := s.idleType(chain + "." + word); t != nil {
			return chain + "." + word + " " + t.String()
		}
		return ""
	}
	if tn := s.userTypeOf(chain); tn != "" {
		if decl, ok := s.state.decls[tn+"."+word]; ok {
			return joinDoc(decl, s.state.docs[tn+"."+word])
		}
	}
	if text := methodDoc(s.typeOfChain(chain), word); text != "" {
		return text
	}
	if t := s.typeOfChain(chain + "." + word); t != nil {
		return chain + "." + word + " " + t.String()
	}
	return ""
}

// methodDoc returns the signature and doc of method name of a compiled
// named type t (or a pointer to one), from its package's source.
func methodDoc(t reflect.Type, name string) string {
	for t != nil && t.Kind() == reflect.Pointer && t.Name() == "" {
		t = t.Elem()
	}
	if t == nil || t.PkgPath() == "" || t.Name() == "" {
		return ""
	}
	if d := packageDocs(t.PkgPath()); d != nil {
		return d.members[t.Name()+"."+name]
	}
	return ""
}

func joinDoc(sig, doc string) string {
	if doc == "" {
		return sig
	}
	return sig + "\n\n" + strings.TrimSpace(doc)
}

// pkgDoc is the documentation of one package, by member name.
type pkgDoc struct {
	name, synopsis string
	members        map[string]string
}

var (
	docMu    sync.Mutex
	docCache = map[string]*pkgDoc{}
)

// packageDocs parses the source of package p (GOROOT or the module cache)
// and returns the signature and doc of each exported member. Results are
// cached; nil when the source cannot be found.
func packageDocs(p string) *pkgDoc {
	docMu.Lock()
	defer docMu.Unlock()
	if d, ok := docCache[p]; ok {
		return d
	}
	d := loadDocs(p)
	docCache[p] = d
	return d
}

func loadDocs(p string) *pkgDoc {
	dir := packageDir(p)
	if dir == "" {
		return nil
	}
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	if err != nil && len(pkgs) == 0 {
		return nil
	}
	for name, pkg := range pkgs {
		if strings.HasSuffix(name, "_test") {
			continue
		}
		dp := doc.New(pkg, p, doc.AllDecls)
		out := &pkgDoc{name: dp.Name, synopsis: dp.Synopsis(dp.Doc), members: map[string]string{}}
		add := func(names []string, decl ast.Node, text string) {
			sig := printDecl(fset, decl)
			for _, n := range names {
				if ast.IsExported(n) {
					out.members[n] = joinDoc(sig, text)
				}
			}
		}
		for _, f := range dp.Funcs {
			add([]string{f.Name}, f.Decl, f.Doc)
		}
		for _, t := range dp.Types {
			add([]string{t.Name}, t.Decl, t.Doc)
			for _, f := range t.Funcs {
				add([]string{f.Name}, f.Decl, f.Doc)
			}
			for _, m := range t.Methods {
				if ast.IsExported(m.Name) {
					add([]string{t.Name + "." + m.Name}, m.Decl, m.Doc)
				}
			}
		}
		for _, v := range append(dp.Vars, dp.Consts...) {
			add(v.Names, v.Decl, v.Doc)
		}
		return out
	}
	return nil
}

// printDecl prints a declaration without its body.
func printDecl(fset *token.FileSet, n ast.Node) string {
	if fd, ok := n.(*ast.FuncDecl); ok {
		c := *fd
		c.Body, c.Doc = nil, nil
		n = &c
	}
	if gd, ok := n.(*ast.GenDecl); ok {
		c := *gd
		c.Doc = nil
		n = &c
	}
	var b bytes.Buffer
	_ = printer.Fprint(&b, fset, n)
	return b.String()
}

// packageDir finds the source folder of a package: GOROOT for std, the
// module cache for dependencies (from the binary's build info), this
// module's source tree when the binary was built from it, else `go list`.
func packageDir(p string) string {
	if bp, err := build.Import(p, "", build.FindOnly); err == nil && bp.Dir != "" && bp.Goroot {
		return bp.Dir
	}
	if dir := moduleDir(p); dir != "" {
		return dir
	}
	out, err := exec.Command("go", "list", "-f", "{{.Dir}}", p).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// moduleDir locates p through the build info of the running binary.
func moduleDir(p string) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	if rest, ok := strings.CutPrefix(p, info.Main.Path); ok && info.Main.Path != "" {
		// The source tree this file was compiled from, if still there.
		_, self, _, _ := runtime.Caller(0)
		root := filepath.Dir(filepath.Dir(filepath.Dir(self)))
		if dir := filepath.Join(root, rest); isDir(dir) {
			return dir
		}
	}
	cache := os.Getenv("GOMODCACHE")
	if cache == "" {
		cache = filepath.Join(build.Default.GOPATH, "pkg", "mod")
	}
	for _, m := range info.Deps {
		if m.Replace != nil {
			m = m.Replace
		}
		rest, ok := strings.CutPrefix(p, m.Path)
		if !ok || (rest != "" && rest[0] != '/') {
			continue
		}
		dir := filepath.Join(cache, escapeModule(m.Path)+"@"+m.Version, rest)
		if isDir(dir) {
			return dir
		}
	}
	return ""
}

// escapeModule escapes upper-case letters as the module cache does.
func escapeModule(p string) string {
	var b strings.Builder
	for _, r := range p {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isDir(dir string) bool {
	fi, err := os.Stat(dir)
	return err == nil && fi.IsDir()
}
