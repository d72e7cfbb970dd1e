package main

import (
	"fmt"
	"iter"
	"maps"
	"slices"
)

func Countdown(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := n; i > 0; i-- {
			if !yield(i) {
				return
			}
		}
	}
}

func main() {
	for v := range Countdown(3) {
		fmt.Print(v, " ")
	}
	fmt.Println()
	m := map[string]int{"a": 1, "b": 2, "c": 3}
	keys := slices.Sorted(maps.Keys(m))
	fmt.Println(keys)
	for i, v := range slices.All([]string{"x", "y"}) {
		fmt.Println(i, v)
	}
	fmt.Println(slices.Collect(Countdown(4)))
}
