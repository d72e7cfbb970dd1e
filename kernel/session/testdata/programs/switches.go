package main

import "fmt"

func kind(v any) string {
	switch x := v.(type) {
	case int:
		return fmt.Sprint("int ", x)
	case string:
		return "string " + x
	case []int:
		return fmt.Sprint("slice of ", len(x))
	default:
		return "other"
	}
}

func grade(n int) string {
	switch {
	case n >= 90:
		return "A"
	case n >= 80:
		return "B"
	}
	return "C"
}

func main() {
	fmt.Println(kind(3), kind("s"), kind([]int{1, 2}), kind(2.5))
	fmt.Println(grade(95), grade(85), grade(10))
outer:
	for i := 0; i < 3; i++ {
		for j := 0; j < 3; j++ {
			if j == 2 {
				continue outer
			}
			if i == 2 {
				break outer
			}
			fmt.Print(i, j, " ")
		}
	}
	fmt.Println()
}
