package main

import "fmt"

func main() {
	s := []int{1, 2, 3, 4, 5}
	t := s[1:3]
	t = append(t, 10)
	fmt.Println(s, t, len(t), cap(t))
	u := make([]int, 2, 10)
	copy(u, s)
	fmt.Println(u)
	var grid [3][3]int
	for i := range grid {
		grid[i][i] = 1
	}
	fmt.Println(grid)
	s = append(s[:1], s[2:]...)
	fmt.Println(s)
}
