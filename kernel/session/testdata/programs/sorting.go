package main

import (
	"fmt"
	"sort"
)

type Person struct {
	Name string
	Age  int
}

type byAge []Person

func (a byAge) Len() int           { return len(a) }
func (a byAge) Swap(i, j int)      { a[i], a[j] = a[j], a[i] }
func (a byAge) Less(i, j int) bool { return a[i].Age < a[j].Age }

func main() {
	people := []Person{{"ann", 30}, {"bob", 25}, {"cid", 35}}
	sort.Slice(people, func(i, j int) bool { return people[i].Name > people[j].Name })
	fmt.Println(people)
	sort.Sort(byAge(people))
	fmt.Println(people)
	xs := []float64{2.5, -1, 3}
	sort.Float64s(xs)
	fmt.Println(xs, sort.SearchFloat64s(xs, 2.5))
}
