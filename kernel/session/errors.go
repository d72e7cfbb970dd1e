package session

import (
	"errors"
	"fmt"
	"go/scanner"
	"regexp"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
)

// Kinds of CellError.Name.
const (
	nameSyntax      = "SyntaxError"
	nameCompile     = "CompileError"
	namePanic       = "panic"
	nameExit        = "Exit"
	nameInterrupted = "Interrupted"
	nameRedefined   = "RedefinitionError"
	nameMagic       = "MagicError"
)

// syntaxError converts a go/parser error on a cell piece parsed after a
// prefix of prefixLen bytes on line 1.
func syntaxError(err error, prefixLen int) *CellError {
	var list scanner.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return &CellError{Name: nameSyntax, Value: err.Error()}
	}
	e := list[0]
	line, col := e.Pos.Line, e.Pos.Column
	if line == 1 {
		col -= prefixLen
	}
	msg := fmt.Sprintf("%d:%d: %s", line, col, e.Msg)
	return &CellError{Name: nameSyntax, Value: msg}
}

// positioned matches the position yaegi puts in front of its messages.
var positioned = regexp.MustCompile(`(?m)(?:^|\s)(?:_\.go:)?(\d+):(\d+): `)

// interpError converts an error returned by yaegi for a chunk whose source
// was prefixed with one newline, so line L of the chunk is line L-1 of the
// cell.
func interpError(err error) *CellError {
	var ce *CellError
	if errors.As(err, &ce) {
		return ce
	}
	var p interp.Panic
	if errors.As(err, &p) {
		return panicError(p.Value)
	}
	msg := fixPositions(err.Error())
	return &CellError{Name: nameCompile, Value: msg}
}

// fixPositions rewrites every "L:C: " in msg to the cell's line numbering.
func fixPositions(msg string) string {
	return positioned.ReplaceAllStringFunc(msg, func(m string) string {
		sub := positioned.FindStringSubmatch(m)
		line, _ := strconv.Atoi(sub[1])
		lead := ""
		if len(m) > 0 && (m[0] == ' ' || m[0] == '\n' || m[0] == '\t') {
			lead = m[:1]
		}
		if line > 1 {
			line--
		}
		return fmt.Sprintf("%s%d:%s: ", lead, line, sub[2])
	})
}

// returnPanic is what a return at the top level of a cell panics with.
type returnPanic struct{}

// nameReturned names the error that reports a top-level return: like a
// return from main, it ends the cell, successfully.
const nameReturned = "return"

// exitPanic is what os.Exit panics with inside a cell.
type exitPanic struct{ code int }

// fatalPanic is what log.Fatal* panics with inside a cell.
type fatalPanic struct{ msg string }

// panicError converts a recovered panic value to a CellError.
func panicError(v any) *CellError {
	switch p := v.(type) {
	case returnPanic:
		return &CellError{Name: nameReturned, Value: "the cell returned"}
	case exitPanic:
		return &CellError{Name: nameExit, Value: fmt.Sprintf(
			"os.Exit(%d) called: the cell stopped, the session keeps its state", p.code)}
	case *exitPanic:
		return panicError(*p)
	case fatalPanic:
		return &CellError{Name: "log.Fatal", Value: strings.TrimSuffix(p.msg, "\n") +
			" (log.Fatal stops the cell, the session keeps its state)"}
	case *fatalPanic:
		return panicError(*p)
	case error:
		return &CellError{Name: namePanic, Value: p.Error()}
	}
	if s, ok := v.(string); ok && strings.HasPrefix(s, "os.Exit(") {
		return &CellError{Name: nameExit, Value: s +
			" called: the cell stopped, the session keeps its state"}
	}
	return &CellError{Name: namePanic, Value: fmt.Sprint(v)}
}

// withTraceback fills e.Traceback with the message and, when it names a
// cell position, the offending line with a caret under the column.
func withTraceback(e *CellError, src string) *CellError {
	if len(e.Traceback) > 0 {
		return e
	}
	e.Traceback = []string{e.Name + ": " + e.Value}
	sub := positioned.FindStringSubmatch(e.Value)
	if sub == nil {
		return e
	}
	line, _ := strconv.Atoi(sub[1])
	col, _ := strconv.Atoi(sub[2])
	lines := strings.Split(src, "\n")
	if line < 1 || line > len(lines) {
		return e
	}
	e.Traceback = append(e.Traceback, caretLines(lines[line-1], line, col)...)
	return e
}
