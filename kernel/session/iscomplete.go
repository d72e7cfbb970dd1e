package session

import (
	"go/scanner"
	"go/token"
	"strings"
)

// IsComplete tells a console whether code can run as is ("complete"),
// needs more lines ("incomplete", with the indent of the next line) or
// cannot be fixed by adding lines ("invalid").
func (s *Session) IsComplete(code string) (status, indent string) {
	body := stripMagicLines(code)
	if strings.TrimSpace(body) == "" {
		return "complete", ""
	}
	depth, open := bracketDepth(body)
	switch {
	case open:
		return "incomplete", ""
	case depth < 0:
		return "invalid", ""
	case depth > 0:
		return "incomplete", strings.Repeat("\t", depth)
	}
	if _, err := parseCell(body); err != nil {
		if endsWithOperator(body) {
			return "incomplete", "\t"
		}
		return "invalid", ""
	}
	return "complete", ""
}

// stripMagicLines blanks leading magic lines.
func stripMagicLines(code string) string {
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if !strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "!") {
			break
		}
		lines[i] = ""
	}
	return strings.Join(lines, "\n")
}

// bracketDepth returns the nesting depth at the end of src, and whether a
// string or comment is left open.
func bracketDepth(src string) (depth int, open bool) {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), []byte(src), func(_ token.Position, msg string) {
		if strings.Contains(msg, "not terminated") {
			open = true
		}
	}, 0)
	for {
		_, tok, _ := s.Scan()
		switch tok {
		case token.EOF:
			return depth, open
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
	}
}

// endsWithOperator reports whether the last token of src is a binary
// operator or a comma, so the expression continues on the next line.
func endsWithOperator(src string) bool {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	last := token.ILLEGAL
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.SEMICOLON && lit == "\n" {
			continue
		}
		last = tok
	}
	return last.IsOperator() && last != token.RPAREN && last != token.RBRACK &&
		last != token.RBRACE && last != token.INC && last != token.DEC
}
