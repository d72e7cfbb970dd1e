package main

import "fmt"

type Color int

const (
	Red Color = iota
	Green
	Blue
)

func (c Color) String() string {
	return [...]string{"red", "green", "blue"}[c]
}

type Temp float64

func (t Temp) String() string { return fmt.Sprintf("%.1f°C", float64(t)) }

func main() {
	fmt.Println(Green, Blue)
	fmt.Printf("%v %s\n", Red, Temp(21.5))
	fmt.Println(Temp(3))
}
