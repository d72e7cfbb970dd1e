package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

func main() {
	s := []int{5, 2, 8, 2}
	fmt.Println(slices.Contains(s, 8), slices.Index(s, 2), slices.Max(s), slices.Min(s))
	s2 := slices.Clone(s)
	slices.Sort(s2)
	fmt.Println(s2, s, slices.Compact(s2))
	s3 := slices.Insert([]int{1, 2}, 1, 9)
	fmt.Println(s3, slices.Equal(s3, []int{1, 9, 2}))
	m := map[string]int{"a": 1}
	m2 := maps.Clone(m)
	m2["b"] = 2
	fmt.Println(len(m), len(m2))
	before, after, found := strings.Cut("key=value", "=")
	fmt.Println(before, after, found, strings.EqualFold("Go", "GO"))
	words := strings.Fields(" the quick  brown fox ")
	slices.SortFunc(words, func(a, b string) int { return len(a) - len(b) })
	fmt.Println(words)
}
