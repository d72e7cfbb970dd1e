package session

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"regexp"
	"strconv"
	"strings"
)

// pieceKind says how a top-level piece of a cell is evaluated.
type pieceKind int

const (
	importPiece pieceKind = iota // an import declaration
	declPiece                    // a type, func, method, var or const declaration
	stmtPiece                    // a statement, run as if in main's body
)

// piece is one top-level declaration or statement of a cell.
type piece struct {
	kind       pieceKind
	start, end int      // byte offsets in the cell source
	decl       ast.Decl // importPiece and declPiece
	stmt       ast.Stmt // stmtPiece
	base       int      // offset of the cell's first byte in the parsed file
}

// cell is a parsed cell: its source and its pieces in order.
type cell struct {
	src    string
	fset   *token.FileSet
	pieces []*piece
}

// off converts a position inside piece p to an offset in the cell source.
func (c *cell) off(p *piece, pos token.Pos) int {
	return c.fset.Position(pos).Offset - p.base
}

// text returns the cell source of node n from piece p.
func (c *cell) text(p *piece, n ast.Node) string {
	return c.src[c.off(p, n.Pos()):c.off(p, n.End())]
}

// lineCol converts an offset in the cell source to a 1-based line and
// column (in bytes).
func (c *cell) lineCol(off int) (line, col int) {
	before := c.src[:off]
	return strings.Count(before, "\n") + 1, off - strings.LastIndexByte(before, "\n"[0])
}

// declaresFunc reports whether the cell declares a func or method name.
func (c *cell) declaresFunc(name string) bool {
	for _, p := range c.pieces {
		if f, ok := p.decl.(*ast.FuncDecl); ok && f.Name.Name == name {
			return true
		}
	}
	return false
}

const (
	declPrefix = "package p;"
	stmtPrefix = "package p;func _(){"
)

// parseCell splits src into top-level pieces and parses each one. A
// package clause at the top (a whole program pasted into a cell) is ignored.
func parseCell(src string) (*cell, error) {
	src = blankPackageClause(src)
	c := &cell{src: src, fset: token.NewFileSet()}
	for _, r := range splitTopLevel(src) {
		p, err := c.parsePiece(r[0], r[1])
		if err != nil {
			return nil, err
		}
		c.pieces = append(c.pieces, p)
	}
	return c, nil
}

// packageClause matches a package clause before any other code, after
// comments.
var packageClause = regexp.MustCompile(`^(\s*(//[^\n]*\n|/\*(?s:.*?)\*/)?)*\s*package\s+\w+[ \t]*;?`)

// blankPackageClause replaces a leading package clause with spaces, keeping
// every position in the cell.
func blankPackageClause(src string) string {
	loc := packageClause.FindStringIndex(src)
	if loc == nil {
		return src
	}
	i := strings.LastIndex(src[:loc[1]], "package")
	return src[:i] + strings.Repeat(" ", loc[1]-i) + src[loc[1]:]
}

// splitTopLevel returns the byte ranges of the statements and declarations
// at brace depth 0, found by scanning tokens up to each semicolon.
func splitTopLevel(src string) [][2]int {
	var s scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)

	var out [][2]int
	depth, start, end := 0, -1, -1
	header := false // in the header of a for, if or switch at depth 0
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		off := file.Offset(pos)
		if depth == 0 {
			switch {
			case tok == token.FOR || tok == token.IF || tok == token.SWITCH:
				header = true
			case tok == token.LBRACE:
				header = false
			case tok == token.SEMICOLON && lit == ";" && header:
				end = off + 1
				continue
			}
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		case token.SEMICOLON:
			if depth <= 0 {
				if start >= 0 {
					out = append(out, [2]int{start, end})
				}
				start, end = -1, -1
				depth, header = 0, false
				continue
			}
		}
		if tok == token.SEMICOLON && lit != ";" {
			continue // inserted at a newline inside brackets
		}
		if start < 0 {
			start = off
		}
		end = min(off+tokenLen(tok, lit), len(src))
	}
	if start >= 0 {
		out = append(out, [2]int{start, end})
	}
	return out
}

// tokenLen is the source length of a scanned token.
func tokenLen(tok token.Token, lit string) int {
	if lit != "" {
		return len(lit)
	}
	return len(tok.String())
}

// masked returns src with every byte outside [start, end) blanked, newlines
// kept, so positions in the result match the cell's.
func masked(src string, start, end int) string {
	b := []byte(src)
	for i := range b {
		if (i < start || i >= end) && b[i] != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// parsePiece parses src[start:end] as a declaration or else as a statement.
func (c *cell) parsePiece(start, end int) (*piece, error) {
	text := masked(c.src, start, end)
	if isDeclStart(c.src[start:end]) {
		f, err := parser.ParseFile(c.fset, "", declPrefix+text, parser.ParseComments)
		if err == nil && len(f.Decls) == 1 && !varOfFuncLit(f.Decls[0]) {
			p := &piece{kind: declPiece, start: start, end: end, decl: f.Decls[0],
				base: len(declPrefix)}
			if g, ok := p.decl.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
				p.kind = importPiece
			}
			return p, nil
		}
		if err != nil && !strings.HasPrefix(strings.TrimSpace(c.src[start:end]), "func") {
			return nil, syntaxError(err, len(declPrefix))
		}
	}
	f, err := parser.ParseFile(c.fset, "", stmtPrefix+text+"\n}", 0)
	if err != nil {
		return nil, clampError(syntaxError(err, len(stmtPrefix)), c.src)
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	if len(body.List) != 1 {
		return nil, &CellError{Name: "SyntaxError",
			Value: "cannot split the cell into statements here"}
	}
	return &piece{kind: stmtPiece, start: start, end: end, stmt: body.List[0],
		base: len(stmtPrefix)}, nil
}

// isDeclStart reports whether a top-level piece starts like a declaration:
// import, type, var, const, or func followed by a name or a receiver.
func isDeclStart(text string) bool {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(text)), []byte(text), nil, 0)
	_, tok, _ := s.Scan()
	switch tok {
	case token.IMPORT, token.TYPE, token.VAR, token.CONST:
		return true
	case token.FUNC:
	default:
		return false
	}
	_, tok, _ = s.Scan()
	if tok == token.IDENT {
		return true
	}
	if tok != token.LPAREN {
		return false
	}
	// func (recv T) Name(...) is a method; func(...) {...}() is a statement.
	depth := 1
	for depth > 0 {
		_, tok, _ = s.Scan()
		switch tok {
		case token.LPAREN:
			depth++
		case token.RPAREN:
			depth--
		case token.EOF:
			return false
		}
	}
	_, tok, _ = s.Scan()
	return tok == token.IDENT
}

// clampError moves a syntax error reported on the wrapper's closing line
// to the end of the cell.
func clampError(e *CellError, src string) *CellError {
	lines := strings.Split(src, "\n")
	sub := positioned.FindStringSubmatch(e.Value)
	if sub == nil {
		return e
	}
	if line, _ := strconv.Atoi(sub[1]); line <= len(lines) {
		return e
	}
	last := len(lines)
	msg := strings.TrimPrefix(e.Value, sub[0])
	msg = strings.Replace(msg, "found '}'", "found end of cell", 1)
	e.Value = fmt.Sprintf("%d:%d: %s", last, len(lines[last-1])+1, msg)
	return e
}

// varOfFuncLit reports whether d is a var declaration whose value holds a
// func literal. Such a piece runs as a statement: as a declaration yaegi
// reports a "definition loop" when a parameter shadows a global.
func varOfFuncLit(d ast.Decl) bool {
	g, ok := d.(*ast.GenDecl)
	if !ok || g.Tok != token.VAR {
		return false
	}
	found := false
	ast.Inspect(g, func(n ast.Node) bool {
		if _, ok := n.(*ast.FuncLit); ok {
			found = true
		}
		return !found
	})
	return found
}
