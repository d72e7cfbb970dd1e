package main

import (
	"fmt"
	"unicode"
)

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

func main() {
	fmt.Println(reverse("héllo, 世界"))
	letters, digits := 0, 0
	for _, r := range "abc123é" {
		switch {
		case unicode.IsLetter(r):
			letters++
		case unicode.IsDigit(r):
			digits++
		}
	}
	fmt.Println(letters, digits)
	b := []byte("go")
	b[0] = 'G'
	fmt.Println(string(b), string(rune(65)))
}
