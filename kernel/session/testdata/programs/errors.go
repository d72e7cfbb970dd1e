package main

import (
	"errors"
	"fmt"
	"strconv"
)

var ErrNotFound = errors.New("not found")

type ParseError struct{ Line int }

func (e *ParseError) Error() string { return "parse error on line " + strconv.Itoa(e.Line) }

func find(k string) error {
	if k == "" {
		return fmt.Errorf("finding %q: %w", k, ErrNotFound)
	}
	return &ParseError{Line: 3}
}

func main() {
	err := find("")
	fmt.Println(err, errors.Is(err, ErrNotFound))
	err = find("x")
	var pe *ParseError
	fmt.Println(errors.As(err, &pe), pe.Line)
	_, err = strconv.Atoi("x1")
	fmt.Println(err)
	var ne *strconv.NumError
	fmt.Println(errors.As(err, &ne), ne.Func)
	var inner error = &ParseError{Line: 7}
	joined := errors.Join(ErrNotFound, fmt.Errorf("op: %w", inner))
	var pe2 *ParseError
	fmt.Println(errors.As(joined, &pe2), pe2.Line)
	var pe3 *ParseError
	fmt.Println(errors.As(ErrNotFound, &pe3), pe3 == nil)
}
