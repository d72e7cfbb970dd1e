package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

func main() {
	e := errors.Join(io.EOF, os.ErrNotExist)
	fmt.Println(errors.Is(e, io.EOF), errors.Is(e, os.ErrNotExist))
	fmt.Println(e)
	w := fmt.Errorf("reading: %w", io.ErrUnexpectedEOF)
	fmt.Println(errors.Unwrap(w) == io.ErrUnexpectedEOF)
	_, err := os.Open("/nonexistent/file")
	fmt.Println(errors.Is(err, os.ErrNotExist))
}
