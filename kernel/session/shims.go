package session

import (
	_ "embed"
	"go/ast"
	"go/parser"
	"go/token"

	"github.com/traefik/yaegi/stdlib/generic"
)

// genericResults maps "pkg.Func" of the generic std functions (interpreted
// from source, so the callee cannot be evaluated without instantiation) to
// their result counts.
var genericResults = map[string]int{}

// genericDecls maps "pkg.Func" of the interpreted std generics to their
// declarations, for explicit instantiation by the rewriter.
var genericDecls = map[string]*ast.FuncDecl{}

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
				genericDecls[f.Name.Name+"."+fd.Name.Name] = fd
			}
		}
	}
}

// Interpreted additions to the generic std packages: what yaegi's embedded
// sources lack or cannot infer (their S ~[]E signatures defeat its type
// inference when E appears nowhere else), written with plain []E and
// map[K]V parameters.
var (
	//go:embed shims_slices.go.txt
	shimSlices string
	//go:embed shims_maps.go.txt
	shimMaps string
	//go:embed shims_iter.go.txt
	shimIter string
)

// shimSources are evaluated in every new session, after the std tables.
var shimSources = []string{shimSlices, shimMaps, shimIter}
