package main

import (
	"fmt"
	"sync"
)

func send(v int, out chan<- int) { out <- v }

type box struct{ n int }

func (b box) report(out chan<- string, tag string) { out <- fmt.Sprint(tag, b.n) }

func main() {
	x := 1
	done := make(chan int)
	var mu sync.Mutex
	mu.Lock()
	go send(x, done)
	x = 2
	mu.Unlock()
	fmt.Println(<-done, x)

	msgs := make(chan string, 1)
	b := box{n: 7}
	go b.report(msgs, "box")
	fmt.Println(<-msgs)
}
