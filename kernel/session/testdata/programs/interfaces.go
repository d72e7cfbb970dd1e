package main

import (
	"fmt"
	"math"
)

type Shape interface {
	Area() float64
	Perimeter() float64
}

type Circle struct{ R float64 }

func (c Circle) Area() float64      { return math.Pi * c.R * c.R }
func (c Circle) Perimeter() float64 { return 2 * math.Pi * c.R }

type Square struct{ S float64 }

func (s Square) Area() float64      { return s.S * s.S }
func (s Square) Perimeter() float64 { return 4 * s.S }

func main() {
	shapes := []Shape{Circle{1}, Square{2}}
	total := 0.0
	for _, s := range shapes {
		total += s.Area()
		fmt.Printf("%.2f %.2f\n", s.Area(), s.Perimeter())
	}
	fmt.Printf("total %.3f\n", total)
}
