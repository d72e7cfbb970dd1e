// Package format gofmts the source of a notebook cell. It serves the
// gonote.format comm: a front end sends a cell's source and gets it back
// formatted, or gets the first syntax error with the cell's own line and
// column.
//
// A cell is not a Go file: it may mix declarations (import, func, type, var,
// const) with statements at the top level and hold magic lines (%time,
// !ls) at its top. Source splits the cell into runs of declarations and runs of
// statements, formats each run with go/format (a statement run inside a
// function body), and joins the results; magic lines come back untouched.
package format

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// Handle answers one gonote.format comm request. The request carries the
// cell's source in "code" and an optional "id" that is echoed back. The
// reply is {"status": "ok", "code": formatted} or {"status": "error",
// "error": "line:col: message"}; on error the source is not returned, so a
// front end leaves the cell as it is.
func Handle(data map[string]any) map[string]any {
	reply := map[string]any{}
	if id, ok := data["id"]; ok {
		reply["id"] = id
	}

	code, ok := data["code"].(string)
	if !ok {
		reply["status"] = "error"
		reply["error"] = "missing code: the request needs a string field \"code\""
		return reply
	}

	out, err := Source(code)
	if err != nil {
		reply["status"] = "error"
		reply["error"] = err.Error()
		return reply
	}
	reply["status"] = "ok"
	reply["code"] = out
	return reply
}

// Error is a syntax error in a cell, positioned in the cell's own lines and
// columns (both 1-based, columns in bytes as go/scanner counts them).
type Error struct {
	Line, Column int
	Msg          string
}

// Error formats the error as "line:col: message", as the Go compiler does.
func (e *Error) Error() string {
	return fmt.Sprintf("%d:%d: %s", e.Line, e.Column, e.Msg)
}

// Source returns the cell's source formatted as gofmt would, or an *Error
// for the first syntax error. A source that is already formatted comes
// back unchanged; a missing trailing newline stays missing.
func Source(src string) (string, error) {
	if strings.TrimSpace(src) == "" {
		return src, nil
	}

	lines := strings.SplitAfter(src, "\n")
	magic := magicLines(lines)
	masked := maskMagic(lines, magic)

	var parts []string
	for _, r := range splitRuns(masked) {
		out, err := formatRun(r, masked)
		if err != nil {
			return "", err
		}
		if out == "" {
			continue
		}
		if r.blankBefore && len(parts) > 0 {
			out = "\n" + out
		}
		parts = append(parts, out)
	}

	out := unmaskMagic(strings.Join(parts, "\n"), lines, magic)
	if strings.HasSuffix(src, "\n") {
		out += "\n"
	}
	return out, nil
}

// magicPrefix starts the comment that stands in for a magic line while the
// cell is formatted; the line's index follows it.
const magicPrefix = "// gonote-magic "

// magicLines reports, for each line, whether it is a magic line. As the
// kernel runs them, magics are the lines at the top of the cell that start
// with % or ! (after spaces), before the first Go line; blank and comment
// lines may come between them.
func magicLines(lines []string) []bool {
	magic := make([]bool, len(lines))
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" || strings.HasPrefix(t, "//") {
			continue
		}
		if !strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "!") {
			break
		}
		magic[i] = true
	}
	return magic
}

// maskMagic replaces each magic line by a comment naming its index, so that
// the Go scanner and gofmt see a valid cell with the same line numbers.
func maskMagic(lines []string, magic []bool) string {
	var b strings.Builder
	for i, l := range lines {
		if !magic[i] {
			b.WriteString(l)
			continue
		}
		fmt.Fprintf(&b, "%s%d", magicPrefix, i)
		if strings.HasSuffix(l, "\n") {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// unmaskMagic puts the original magic lines back in place of their
// comments, with the indentation they had in the cell.
func unmaskMagic(out string, lines []string, magic []bool) string {
	outLines := strings.Split(out, "\n")
	for i, l := range outLines {
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, magicPrefix) {
			continue
		}
		var n int
		if _, err := fmt.Sscanf(t[len(magicPrefix):], "%d", &n); err != nil {
			continue
		}
		if n >= 0 && n < len(lines) && magic[n] {
			outLines[i] = strings.TrimRight(lines[n], "\r\n")
		}
	}
	return strings.Join(outLines, "\n")
}

// run is a stretch of whole lines of the cell that holds only declarations
// or only statements.
type run struct {
	stmts       bool
	start, end  int  // byte offsets in the masked cell, at line starts
	firstLine   int  // 1-based line of start
	blankBefore bool // a blank line separated it from the run before
}

// splitRuns cuts the masked cell into runs of declarations and statements.
// Items are found with go/scanner at bracket depth 0, after a semicolon
// (written or automatically inserted at a line end).
//
// TODO: a declaration and a statement on the same line (x := 1; func f()
// {}) stay in one run and give a syntax error; splitting mid-line would
// need column bookkeeping for error positions.
func splitRuns(src string) []run {
	items := scanItems(src)
	var runs []run
	for _, it := range items {
		start := lineStart(src, it.offset)
		start = backOverComments(src, start)
		if len(runs) > 0 && runs[len(runs)-1].stmts == it.stmt {
			continue
		}
		if len(runs) > 0 {
			if start <= runs[len(runs)-1].start {
				continue // same line as the run before: keep it there
			}
			runs[len(runs)-1].end = start
		}
		runs = append(runs, run{stmts: it.stmt, start: start})
	}
	if len(runs) == 0 {
		return []run{{start: 0, end: len(src), firstLine: 1}}
	}
	runs[0].start = 0
	runs[len(runs)-1].end = len(src)
	for i := range runs {
		runs[i].firstLine = 1 + strings.Count(src[:runs[i].start], "\n")
		if i > 0 {
			runs[i].blankBefore = endsWithBlankLine(src[runs[i-1].start:runs[i].start])
		}
	}
	return runs
}

// item is a top-level declaration or statement of the cell.
type item struct {
	offset int
	stmt   bool
}

// scanItems lists the cell's top-level items in order.
func scanItems(src string) []item {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)

	var toks []token.Token
	var offsets []int
	for {
		pos, t, _ := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, t)
		offsets = append(offsets, file.Offset(pos))
	}

	var items []item
	depth := 0
	atStart := true
	for i, t := range toks {
		if atStart && depth == 0 && t != token.SEMICOLON {
			items = append(items, item{offset: offsets[i], stmt: !isDeclStart(toks[i:])})
			atStart = false
		}
		switch t {
		case token.LPAREN, token.LBRACE, token.LBRACK:
			depth++
		case token.RPAREN, token.RBRACE, token.RBRACK:
			if depth > 0 {
				depth--
			}
		case token.SEMICOLON:
			if depth == 0 {
				atStart = true
			}
		}
	}
	return items
}

// isDeclStart reports whether toks begin a top-level declaration: import,
// type, var, const, a function or a method. A func keyword followed by a
// parameter list that is not a receiver starts a function literal, which
// is a statement.
func isDeclStart(toks []token.Token) bool {
	switch toks[0] {
	case token.IMPORT, token.TYPE, token.VAR, token.CONST, token.PACKAGE:
		return true
	case token.FUNC:
	default:
		return false
	}
	if len(toks) < 2 {
		return false
	}
	switch toks[1] {
	case token.IDENT:
		return true
	case token.LPAREN:
	default:
		return false
	}

	// func (recv) Name( ... is a method; func (params) T { ... } is a literal.
	depth := 0
	for k := 1; k < len(toks); k++ {
		switch toks[k] {
		case token.LPAREN:
			depth++
		case token.RPAREN:
			depth--
			if depth == 0 {
				return k+2 < len(toks) && toks[k+1] == token.IDENT && toks[k+2] == token.LPAREN
			}
		}
	}
	return false
}

// lineStart returns the offset of the start of the line holding offset.
func lineStart(src string, offset int) int {
	return strings.LastIndexByte(src[:offset], '\n') + 1
}

// backOverComments moves a line start up over the comment lines right above
// it, so that a doc comment stays with the declaration it documents.
func backOverComments(src string, start int) int {
	for start > 0 {
		prev := lineStart(src, start-1)
		if !strings.HasPrefix(strings.TrimSpace(src[prev:start]), "//") {
			break
		}
		start = prev
	}
	return start
}

// endsWithBlankLine reports whether the last line of s, which ends with a
// newline, holds only white space.
func endsWithBlankLine(s string) bool {
	s = strings.TrimSuffix(s, "\n")
	last := s[strings.LastIndexByte(s, '\n')+1:]
	return strings.TrimSpace(last) == ""
}

// formatRun formats one run and returns it without a trailing newline.
func formatRun(r run, src string) (string, error) {
	text := src[r.start:r.end]
	if strings.TrimSpace(text) == "" {
		return "", nil
	}
	var out string
	var err error
	switch {
	case r.stmts:
		out, err = formatStmts(text, r.firstLine)
	case startsWithPackage(text):
		out, err = formatFile(text, r.firstLine)
	default:
		out, err = formatDecls(text, r.firstLine)
	}
	if err != nil {
		return "", clampToRun(err, r, text)
	}
	return out, nil
}

// startsWithPackage reports whether the run is a whole Go file.
func startsWithPackage(text string) bool {
	items := scanItems(text)
	return len(items) > 0 && strings.HasPrefix(text[items[0].offset:], "package")
}

// formatFile formats a run that is a complete Go file.
func formatFile(text string, firstLine int) (string, error) {
	out, err := format.Source([]byte(text))
	if err != nil {
		return "", cellError(err, firstLine-1)
	}
	return strings.TrimRight(string(out), "\n"), nil
}

// formatDecls formats declarations under a package clause of their own.
func formatDecls(text string, firstLine int) (string, error) {
	const header = "package p\n"
	out, err := format.Source([]byte(header + text))
	if err != nil {
		return "", cellError(err, firstLine-2)
	}

	// Drop the package clause and the blank line gofmt puts after it.
	body := string(out)
	body = body[strings.IndexByte(body, '\n')+1:]
	return strings.Trim(body, "\n"), nil
}

// formatStmts formats statements as the body of a function and takes the
// body back out, one tab of indentation less.
func formatStmts(text string, firstLine int) (string, error) {
	const header = "package p\nfunc _() {\n"
	out, err := format.Source([]byte(header + text + "\n}\n"))
	if err != nil {
		return "", cellError(err, firstLine-3)
	}
	return unwrapBody(out)
}

// unwrapBody returns the lines of the only function body in a formatted
// file, each unindented by one tab except the inner lines of raw strings.
func unwrapBody(src []byte) (string, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return "", fmt.Errorf("reparsing formatted cell: %w", err)
	}
	fn, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok || fn.Body == nil {
		return "", errors.New("reparsing formatted cell: wrapper function not found")
	}
	from := fset.Position(fn.Body.Lbrace).Line + 1
	to := fset.Position(fn.Body.Rbrace).Line - 1

	keep := rawStringLines(fset, f)
	lines := bytes.Split(src, []byte("\n"))
	var b strings.Builder
	for n := from; n <= to; n++ {
		l := lines[n-1]
		if !keep[n] {
			l = bytes.TrimPrefix(l, []byte("\t"))
		}
		b.Write(l)
		if n < to {
			b.WriteByte('\n')
		}
	}
	return strings.Trim(b.String(), "\n"), nil
}

// rawStringLines returns the lines that continue a multi-line raw string;
// their content is the string's value and must not be touched.
func rawStringLines(fset *token.FileSet, f *ast.File) map[int]bool {
	keep := map[int]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		lit, ok := n.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING || !strings.HasPrefix(lit.Value, "`") {
			return true
		}
		first := fset.Position(lit.Pos()).Line
		last := fset.Position(lit.End()).Line
		for n := first + 1; n <= last; n++ {
			keep[n] = true
		}
		return true
	})
	return keep
}

// clampToRun moves an error found past the end of a run to the end of the
// run's last line: an unclosed brace is reported where the wrapper around
// the run closes it, and that brace is not in the cell.
func clampToRun(err error, r run, text string) error {
	var e *Error
	if !errors.As(err, &e) {
		return err
	}
	body := strings.TrimRight(text, " \t\r\n")
	lastLine := r.firstLine + strings.Count(body, "\n")
	if e.Line <= lastLine {
		return err
	}
	e.Line = lastLine
	e.Column = len(body) - strings.LastIndexByte(body, '\n')
	e.Msg = strings.ReplaceAll(e.Msg, "found '}'", "found 'EOF'")
	return e
}

// cellError turns a go/format error into an *Error in the cell's lines:
// shift is what to add to a line of the formatted text to get the cell's.
func cellError(err error, shift int) error {
	var list scanner.ErrorList
	if errors.As(err, &list) && len(list) > 0 {
		e := list[0]
		line := e.Pos.Line + shift
		if line < 1 {
			line = 1
		}
		return &Error{Line: line, Column: e.Pos.Column, Msg: e.Msg}
	}
	return fmt.Errorf("formatting cell: %w", err)
}
