package main

import (
	"fmt"
	"strconv"
)

func main() {
	n, err := strconv.Atoi("123")
	fmt.Println(n+1, err)
	f, _ := strconv.ParseFloat("2.5", 64)
	fmt.Println(f * 2)
	fmt.Println(strconv.Itoa(99)+"!", strconv.FormatInt(255, 16), strconv.Quote("hi"))
	b, _ := strconv.ParseBool("true")
	fmt.Println(b)
}
