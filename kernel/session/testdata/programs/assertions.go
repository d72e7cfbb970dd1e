package main

import (
	"fmt"
	"io"
	"strings"
)

type Named interface{ Name() string }

type file struct{ name string }

func (f file) Name() string { return f.name }

func main() {
	var v any = file{"a.txt"}
	if n, ok := v.(Named); ok {
		fmt.Println("named", n.Name())
	}
	_, ok := v.(fmt.Stringer)
	fmt.Println("stringer", ok)
	var r io.Reader = strings.NewReader("abc")
	data, _ := io.ReadAll(r)
	fmt.Println(string(data), len(data))
	values := []any{1, "two", 3.0, nil}
	for _, x := range values {
		fmt.Printf("%T ", x)
	}
	fmt.Println()
}
