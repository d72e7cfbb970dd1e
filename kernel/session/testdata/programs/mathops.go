package main

import (
	"fmt"
	"math"
)

func main() {
	fmt.Println(math.Sqrt(2), math.Floor(-2.5), math.Max(3, 7))
	fmt.Println(7/2, 7%3, -7/2, 7.0/2)
	var u uint8 = 250
	u += 10
	fmt.Println(u, 1<<10, 0xff&0x0f)
	fmt.Printf("%.4f\n", math.Exp(1))
	fmt.Println(math.Inf(1), math.IsNaN(math.NaN()))
}
