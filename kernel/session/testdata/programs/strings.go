package main

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

func main() {
	s := "Hello, Gopher! héllo"
	fmt.Println(strings.ToUpper(s), len(s), utf8.RuneCountInString(s))
	fmt.Println(strings.Fields("a b  c"), strings.Split("a,b,c", ","))
	fmt.Println(strings.Contains(s, "Go"), strings.Index(s, "!"), strings.Repeat("ab", 3))
	var b strings.Builder
	for i := 0; i < 3; i++ {
		fmt.Fprintf(&b, "%d-", i)
	}
	fmt.Println(b.String())
	for i, r := range "hé" {
		fmt.Println(i, string(r))
	}
	fmt.Println(strings.Map(func(r rune) rune { return r + 1 }, "abc"))
}
