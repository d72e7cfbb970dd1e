package main

import "fmt"

type T struct {
	A int
	B string
}

func main() {
	fmt.Printf("%d %5d %-5d| %x %o %b\n", 42, 42, 42, 255, 8, 5)
	fmt.Printf("%.3f %e %g\n", 3.14159, 1234.5678, 0.000012)
	fmt.Printf("%s %q %v %+v\n", "go", "go", T{1, "x"}, T{2, "y"})
	fmt.Printf("%t %c %U %p\n", true, 'G', 'G', nil)
	fmt.Println(fmt.Sprintf("%08.3f", 3.14159))
}
