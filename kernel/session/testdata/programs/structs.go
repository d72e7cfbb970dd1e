package main

import "fmt"

type Point struct{ X, Y int }

type Line struct {
	A, B Point
	Name string
}

func main() {
	p := Point{1, 2}
	q := p
	q.X = 10
	fmt.Println(p, q, p == Point{1, 2})
	l := Line{A: p, B: q, Name: "l"}
	fmt.Printf("%+v\n", l)
	ptr := &l.A
	ptr.Y = 7
	fmt.Println(l.A.Y)
	anon := struct{ A, B int }{3, 4}
	fmt.Println(anon.A + anon.B)
}
