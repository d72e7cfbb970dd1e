package main

import (
	"fmt"
	"sort"
)

func main() {
	words := []string{"b", "a", "c", "a", "b", "a"}
	count := map[string]int{}
	for _, w := range words {
		count[w]++
	}
	keys := make([]string, 0, len(count))
	for k := range count {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Println(k, count[k])
	}
	delete(count, "a")
	_, ok := count["a"]
	fmt.Println(len(count), ok)
	fmt.Println(map[string]int{"z": 1, "y": 2})
}
