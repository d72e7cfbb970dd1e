package main

import (
	"fmt"
	"strings"
)

type Number interface {
	~int | ~int64 | ~float64
}

func Scale[T Number](xs []T, k T) []T {
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = x * k
	}
	return out
}

type Pair[K comparable, V any] struct {
	Key K
	Val V
}

func (p Pair[K, V]) String() string { return fmt.Sprintf("%v=%v", p.Key, p.Val) }

func Filter[T any](xs []T, keep func(T) bool) []T {
	var out []T
	for _, x := range xs {
		if keep(x) {
			out = append(out, x)
		}
	}
	return out
}

func main() {
	fmt.Println(Scale([]int{1, 2, 3}, 2), Scale([]float64{0.5}, 4))
	p := Pair[string, int]{"a", 1}
	fmt.Println(p.String())
	fmt.Println(Filter([]string{"go", "rust", "gopher"}, func(s string) bool {
		return strings.HasPrefix(s, "go")
	}))
}
