package main

import "fmt"

func main() {
	for i := range 3 {
		fmt.Print(i)
	}
	fmt.Println()
	n := 4
	total := 0
	for i := range n {
		total += i
	}
	fmt.Println(total)
	count := 0
	for range 5 {
		count++
	}
	fmt.Println(count, min(3, 1, 2), max(2.5, 1))
}
