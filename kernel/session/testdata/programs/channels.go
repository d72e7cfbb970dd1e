package main

import (
	"fmt"
	"time"
)

func producer(n int, ch chan<- int) {
	for i := 0; i < n; i++ {
		ch <- i
	}
	close(ch)
}

func main() {
	ch := make(chan int)
	go producer(5, ch)
	sum := 0
	for v := range ch {
		sum += v
	}
	fmt.Println(sum)

	done := make(chan string, 1)
	timeout := time.After(2 * time.Second)
	go func() { done <- "ok" }()
	select {
	case m := <-done:
		fmt.Println(m)
	case <-timeout:
		fmt.Println("timeout")
	}
	buf := make(chan int, 3)
	buf <- 1
	buf <- 2
	fmt.Println(len(buf), cap(buf))
}
