package main

import (
	"fmt"
	"strings"
)

type Counter struct{ n int }

func (c *Counter) Add(k int) { c.n += k }

type Op func(int, int) int

func main() {
	c := &Counter{}
	add := c.Add
	add(2)
	add(3)
	fmt.Println(c.n)
	ops := map[string]Op{
		"+": func(a, b int) int { return a + b },
		"*": func(a, b int) int { return a * b },
	}
	fmt.Println(ops["+"](3, 4), ops["*"](3, 4))
	up := strings.ToUpper
	fmt.Println(up("method value"))
}
