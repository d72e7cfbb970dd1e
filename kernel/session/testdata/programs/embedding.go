package main

import "fmt"

type Animal struct{ Name string }

func (a Animal) Describe() string { return "animal " + a.Name }

type Dog struct {
	Animal
	Breed string
}

func (d Dog) Bark() string { return d.Name + " says woof" }

func main() {
	d := Dog{Animal{"rex"}, "lab"}
	fmt.Println(d.Describe())
	fmt.Println(d.Bark())
	fmt.Println(d.Name, d.Breed)
}
