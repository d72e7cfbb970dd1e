package session

import (
	"go/ast"
	"go/parser"
	"go/token"

	"github.com/traefik/yaegi/stdlib/generic"
)

// genericResults maps "pkg.Func" of the generic std functions (interpreted
// from source, so the callee cannot be evaluated without instantiation) to
// their result counts.
var genericResults = map[string]int{}

func init() {
	srcs := append([]string{}, generic.Sources[:]...)
	srcs = append(srcs, shimSources...)
	for _, src := range srcs {
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.SkipObjectResolution)
		if err != nil {
			continue
		}
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() {
				genericResults[f.Name.Name+"."+fd.Name.Name] = fd.Type.Results.NumFields()
			}
		}
	}
}

// shimSources are interpreted additions to generic std packages that yaegi
// lacks.
var shimSources []string
