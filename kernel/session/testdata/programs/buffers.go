package main

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"
)

func main() {
	var buf bytes.Buffer
	buf.WriteString("line one\n")
	buf.WriteString("line two\n")
	sc := bufio.NewScanner(strings.NewReader(buf.String()))
	n := 0
	for sc.Scan() {
		n++
		fmt.Println(n, sc.Text())
	}
	fmt.Println(bytes.ToUpper([]byte("abc")), string(bytes.Repeat([]byte("z"), 3)))
}
