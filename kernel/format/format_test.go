package format

import (
	"errors"
	"strings"
	"testing"
)

func TestSource(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"empty", "", ""},
		{"blank", "  \n", "  \n"},
		{"statement", "x:=1+2\nfmt.Println( x )", "x := 1 + 2\nfmt.Println(x)"},
		{"keeps trailing newline", "x:=1\n", "x := 1\n"},
		{"already formatted", "x := 1\nif x > 0 {\n\tx++\n}", "x := 1\nif x > 0 {\n\tx++\n}"},
		{"indents with tabs", "for i:=0;i<3;i++{\n  fmt.Println(i)\n}",
			"for i := 0; i < 3; i++ {\n\tfmt.Println(i)\n}"},
		{"declarations", "import \"fmt\"\nfunc  f( a int )int{return a*2}",
			"import \"fmt\"\n\nfunc f(a int) int { return a * 2 }"},
		{"import block sorted", "import (\n\"strings\"\n\"fmt\"\n)",
			"import (\n\t\"fmt\"\n\t\"strings\"\n)"},
		{"mixed", "import \"fmt\"\nx:=f(2)\nfunc f(a int)int{\nreturn a}\nfmt.Println(x)",
			"import \"fmt\"\nx := f(2)\nfunc f(a int) int {\n\treturn a\n}\nfmt.Println(x)"},
		{"blank lines kept between runs", "type T struct{A int}\n\nt:=T{1}\n\n\nfmt.Println(t)",
			"type T struct{ A int }\n\nt := T{1}\n\nfmt.Println(t)"},
		{"doc comment stays with func", "x:=1\n// f doubles.\nfunc f(a int)int{return 2*a}",
			"x := 1\n// f doubles.\nfunc f(a int) int { return 2 * a }"},
		{"method", "type T int\nfunc (t T) Twice() T {return t*2}\nT(3).Twice()",
			"type T int\n\nfunc (t T) Twice() T { return t * 2 }\nT(3).Twice()"},
		{"func literal is a statement", "func(){fmt.Println(1)}()",
			"func() { fmt.Println(1) }()"},
		{"func literal with result", "func(a int) int {return a}(3)", "func(a int) int { return a }(3)"},
		{"magic lines untouched", "%time\n!ls  -la\nx:=1\ny:=x",
			"%time\n!ls  -la\nx := 1\ny := x"},
		{"indented magic and comments between", "  %env  A=1\n\n// note\n!echo  hi\nx:=1",
			"  %env  A=1\n\n// note\n!echo  hi\nx := 1"},
		{"magic before declarations", "%time\nfunc f()int{return 1}\nf()",
			"%time\nfunc f() int { return 1 }\nf()"},
		{"only magics", "%help", "%help"},
		{"only a comment", "// nothing yet", "// nothing yet"},
		{"negation after the first Go line is Go", "ok := true &&\n!false",
			"ok := true &&\n\t!false"},
		{"percent in raw string is not magic", "s:=`\n%d  x\n`\nfmt.Printf(s,1)",
			"s := `\n%d  x\n`\nfmt.Printf(s, 1)"},
		{"generic function",
			"func Map[T, U any](xs []T, f func(T) U) []U {\nreturn nil}\nMap([]int{1}, strconv.Itoa)",
			"func Map[T, U any](xs []T, f func(T) U) []U {\n\treturn nil\n}\nMap([]int{1}, strconv.Itoa)"},
		{"go and defer statements", "defer  fmt.Println(1)\ngo func(){}()",
			"defer fmt.Println(1)\ngo func() {}()"},
		{"block comment", "/*\n  %not magic\n*/\nx:=1", "/*\n   %not magic\n*/\nx := 1"},
		{"crlf line ends", "x:=1\r\ny:=2\r\n", "x := 1\ny := 2\n"},
		{"raw string lines keep their indent", "if true {\ns:=`a\n\tb\nc`\n_ = s\n}",
			"if true {\n\ts := `a\n\tb\nc`\n\t_ = s\n}"},
		{"var and const", "var  x =  1\nconst c=2", "var x = 1\n\nconst c = 2"},
		{"whole file", "package main\nfunc main(){ }", "package main\n\nfunc main() {}"},
		{"comments kept", "// sum\nx:=1 // one\ny:=2 // two", "// sum\nx := 1 // one\ny := 2 // two"},
		{"composite literal", "m:=map[string]int{\n\"a\":1,\n\"bb\":2,\n}",
			"m := map[string]int{\n\t\"a\":  1,\n\t\"bb\": 2,\n}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Source(tt.in)
			if err != nil {
				t.Fatalf("Source(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Source(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			again, err := Source(got)
			if err != nil || again != got {
				t.Errorf("Source is not idempotent on %q: %q, %v", got, again, err)
			}
		})
	}
}

func TestSourceErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		msg      string
	}{
		{"statement", "x := 1\ny := (2", 2, "expected ')'"},
		{"statement run before declarations", "if true {\nx := 1\nfunc f() {}", 3, ""},
		{"second line", "x := 1\nx = = 2", 2, "expected"},
		{"in declaration", "import \"fmt\"\nfunc f( {\n}", 2, ""},
		{"after a magic", "%time\nx := 1 +", 2, ""},
		{"after declarations", "type T int\n\nfunc f() {}\nx := T(1\nfmt.Println(x)", 4, ""},
		{"unclosed brace", "if true {\nx := 1", 2, ""},
		{"whole file", "package main\n\nfunc main() {\n\tx :=\n}", 5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Source(tt.in)
			if err == nil {
				t.Fatalf("Source(%q) = %q, want an error", tt.in, got)
			}
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("Source(%q) error is %T (%v), want *Error", tt.in, err, err)
			}
			maxLine := strings.Count(tt.in, "\n") + 1
			if e.Line != tt.line || e.Line > maxLine || e.Column < 1 {
				t.Errorf("Source(%q) error at %d:%d (%v), want line %d", tt.in, e.Line, e.Column, e, tt.line)
			}
			if !strings.Contains(e.Msg, tt.msg) {
				t.Errorf("Source(%q) error %q does not mention %q", tt.in, e.Msg, tt.msg)
			}
		})
	}
}

func TestHandle(t *testing.T) {
	tests := []struct {
		name string
		req  map[string]any
		want map[string]any
	}{
		{"ok with id", map[string]any{"code": "x:=1", "id": 7.0},
			map[string]any{"status": "ok", "code": "x := 1", "id": 7.0}},
		{"ok without id", map[string]any{"code": "x:=1"},
			map[string]any{"status": "ok", "code": "x := 1"}},
		{"syntax error", map[string]any{"code": "x := (", "id": "a"},
			map[string]any{"status": "error", "error": "1:7: expected operand, found 'EOF'", "id": "a"}},
		{"missing code", map[string]any{"id": "b"},
			map[string]any{"status": "error", "id": "b",
				"error": "missing code: the request needs a string field \"code\""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Handle(tt.req)
			if len(got) != len(tt.want) {
				t.Fatalf("Handle(%v) = %v, want %v", tt.req, got, tt.want)
			}
			for k, v := range tt.want {
				if got[k] != v {
					t.Errorf("Handle(%v)[%q] = %#v, want %#v", tt.req, k, got[k], v)
				}
			}
		})
	}
}

// FuzzSource checks that Source never panics, that a formatted cell formats
// to itself, and that an error is positioned inside the cell.
func FuzzSource(f *testing.F) {
	for _, s := range []string{
		"x:=1", "%time\nx := 1", "import \"fmt\"\nfunc f(){}\nf()", "if x {\n",
		"s := `a\n%b`", "/* c */ x := 1", "func (t T) M() {}\nfunc(){}()", "package main",
		"x := 1\n\n// f doc\nfunc f() {}", "!ls\n\n\n", "var (\na=1\n)\nb:=a",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		out, err := Source(src)
		if err != nil {
			var e *Error
			if errors.As(err, &e) {
				if e.Line < 1 || e.Line > strings.Count(src, "\n")+1 {
					t.Errorf("Source(%q): error line %d outside the cell", src, e.Line)
				}
			}
			return
		}
		again, err := Source(out)
		if err != nil {
			t.Fatalf("Source(%q) = %q, which fails to format: %v", src, out, err)
		}
		if again != out {
			t.Errorf("Source(%q) = %q, then %q", src, out, again)
		}
	})
}
