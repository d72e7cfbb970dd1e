package session_test

import (
	"context"
	"fmt"
	"os"

	"github.com/gonote/gonote/kernel/session"
)

// A session keeps what each cell defines; the value of a cell's last
// expression comes back as a MIME bundle, and a failed cell as a CellError.
func ExampleSession_Execute() {
	s, err := session.New(session.Options{Stdout: os.Stdout, Stderr: os.Stdout})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	cells := []string{
		"import \"fmt\"\nfunc double(x int) int { return x * 2 }",
		"fmt.Println(\"printed\")",
		"double(21)",
		"double(undefinedName)",
	}
	for _, c := range cells {
		d, err := s.Execute(ctx, c)
		switch {
		case err != nil:
			fmt.Println("error:", err)
		case d != nil:
			fmt.Println("value:", d.Data["text/plain"])
		}
	}
	// Output:
	// printed
	// value: 42
	// error: CompileError: 1:8: undefined: undefinedName
}

func ExampleSession_Complete() {
	s, _ := session.New(session.Options{})
	matches, start, end := s.Complete("strings.ToUp", 12)
	fmt.Println(matches, start, end)
	_, _ = s.Execute(context.Background(), "import \"strings\"")
	matches, start, end = s.Complete("strings.ToUp", 12)
	fmt.Println(matches, start, end)
	// Output:
	// [] 8 12
	// [ToUpper ToUpperSpecial] 8 12
}
