package format_test

import (
	"fmt"

	"github.com/gonote/gonote/kernel/format"
)

func ExampleSource() {
	cell := "%time\nimport \"fmt\"\nfunc sq(x int)int{return x*x}\n" +
		"for i:=0;i<3;i++{\nfmt.Println(sq(i))\n}"
	out, err := format.Source(cell)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(out)
	// Output:
	// %time
	// import "fmt"
	//
	// func sq(x int) int { return x * x }
	// for i := 0; i < 3; i++ {
	// 	fmt.Println(sq(i))
	// }
}

func ExampleHandle() {
	reply := format.Handle(map[string]any{"code": "x := (1 +\nfmt.Println(x)", "id": 8})
	fmt.Println(reply["status"], reply["id"], reply["error"])
	// Output: error 8 2:15: expected ')', found newline
}
