package session

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gonote/gonote/kernel/internal/syncbuf"
)

// run executes one cell and fails the test on error.
func run(t *testing.T, s *Session, code string) string {
	t.Helper()
	d, err := s.Execute(context.Background(), code)
	if err != nil {
		t.Fatalf("%q: %v", code, err)
	}
	if d == nil {
		return ""
	}
	v, _ := d.Data["text/plain"].(string)
	return v
}

// interrupt runs code and cancels it after 200 ms, returning the error and
// how long the cell took to stop after the cancel.
func interrupt(t *testing.T, s *Session, code string) (error, time.Duration) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stopped time.Time
	go func() {
		time.Sleep(200 * time.Millisecond)
		stopped = time.Now()
		cancel()
	}()
	_, err := s.Execute(ctx, code)
	return err, time.Since(stopped)
}

func TestInterrupt(t *testing.T) {
	if raceEnabled {
		t.Skip("a stopped yaegi evaluation cannot be joined; see hardStopSettle")
	}
	cases := []struct{ name, code string }{
		{"sleep", "import \"time\"\ntime.Sleep(30 * time.Second)"},
		{"loop", "for {\n}"},
		{"loop-in-func", "func spin() {\n\tfor {\n\t}\n}\nspin()"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _, _ := newTestSession(t)
			run(t, s, "keep := 42\nfunc named() int { return 7 }")
			err, took := interrupt(t, s, c.code)
			var ce *CellError
			if !errors.As(err, &ce) || ce.Name != nameInterrupted {
				t.Fatalf("got %v, want an Interrupted cell error", err)
			}
			t.Logf("%s stopped %v after the interrupt", c.name, took)
			if took > 10*time.Second {
				t.Errorf("the cell took %v to stop", took)
			}
			if got := run(t, s, "keep + named()"); got != "49" {
				t.Errorf("after the interrupt: keep + named() = %q, want 49", got)
			}
		})
	}
}

// TestInterruptClosures measures what an interpreter stop does to function
// values created before it (see docs/cells.md).
func TestInterruptClosures(t *testing.T) {
	if raceEnabled {
		t.Skip("a stopped yaegi evaluation cannot be joined; see hardStopSettle")
	}
	s, _, _ := newTestSession(t)
	run(t, s, "f := func() int { return 42 }\ntype holder struct{ fn func() int }\n"+
		"h := holder{func() int { return 44 }}")
	err, _ := interrupt(t, s, "for {\n}")
	if err == nil {
		t.Fatal("the loop was not interrupted")
	}
	if !strings.Contains(err.Error(), "closures") {
		t.Errorf("the error %q does not warn about closures", err)
	}
	if got := run(t, s, "f()"); got != "42" {
		t.Errorf("a func-literal variable after the interrupt returned %s, want 42", got)
	}
	t.Logf("a closure inside a struct made before the interrupt now returns %s",
		run(t, s, "h.fn()"))
	if got := run(t, s, "g := func() int { return 43 }\ng()"); got != "43" {
		t.Errorf("a closure created after the interrupt returned %q", got)
	}
}

func TestMagics(t *testing.T) {
	s, out, _ := newTestSession(t)

	run(t, s, "%help")
	help := out.Take()
	for _, m := range []string{"%help", "%env", "%time", "%reset", "!cmd"} {
		if !strings.Contains(help, m) {
			t.Errorf("%%help does not list %s:\n%s", m, help)
		}
	}

	run(t, s, "%env GONOTE_TEST_VAR=hello")
	if got := os.Getenv("GONOTE_TEST_VAR"); got != "hello" {
		t.Errorf("after %%env, GONOTE_TEST_VAR = %q", got)
	}
	if got := run(t, s, "import \"os\"\nos.Getenv(\"GONOTE_TEST_VAR\")"); got != `"hello"` {
		t.Errorf("os.Getenv in a cell = %s", got)
	}

	if got := run(t, s, "%time\n1 + 2"); got != "3" {
		t.Errorf("%%time cell value = %q", got)
	}
	if !strings.Contains(out.Take(), "time: ") {
		t.Error("the time magic printed no time")
	}

	run(t, s, "!echo from-shell")
	if got := out.Take(); !strings.Contains(got, "from-shell") {
		t.Errorf("!echo printed %q", got)
	}
	if _, err := s.Execute(context.Background(), "!exit 3"); err == nil {
		t.Error("a failing command did not fail the cell")
	}

	run(t, s, "gone := 1")
	run(t, s, "%reset")
	if _, err := s.Execute(context.Background(), "gone"); err == nil {
		t.Error("a variable survived %reset")
	}
	if got := run(t, s, "min(4, 2)"); got != "2" {
		t.Errorf("after %%reset min(4, 2) = %q", got)
	}
}

func TestShellInterrupt(t *testing.T) {
	s, _, _ := newTestSession(t)
	err, took := interrupt(t, s, "!sleep 30")
	if err == nil {
		t.Fatal("!sleep 30 was not interrupted")
	}
	t.Logf("!sleep stopped %v after the interrupt", took)
}

func TestComplete(t *testing.T) {
	s, _, _ := newTestSession(t)
	run(t, s, "import \"strings\"\ntype point struct{ X, Y int }\n"+
		"func (p point) Norm() int { return p.X*p.X + p.Y*p.Y }\n"+
		"func scale(v int) int { return v }\nscaleFactor := 2\npt := point{1, 2}")
	cases := []struct {
		code string
		want []string
	}{
		{"strings.ToU", []string{"ToUpper"}},
		{"sca", []string{"scale", "scaleFactor"}},
		{"x := pt.", []string{"Norm", "X", "Y"}},
		{"poi", []string{"point"}},
		{"strin", []string{"strings"}},
		{"display.HT", []string{"HTML"}},
		{"import \"slices\"\nslices.So", []string{"Sort"}},
		{"import \"time\"\ntime.Now().Fo", []string{"Format"}},
		{"time.Now().UTC().Add(time.Second).Tru", []string{"Truncate"}},
		{"strings.NewReplacer(\"a\", \"b\").Rep", []string{"Replace"}},
	}
	for _, c := range cases {
		if strings.HasPrefix(c.code, "import") {
			run(t, s, strings.SplitN(c.code, "\n", 2)[0])
			c.code = strings.SplitN(c.code, "\n", 2)[1]
		}
		cursor := len([]rune(c.code))
		got, start, end := s.Complete(c.code, cursor)
		for _, w := range c.want {
			if !slices.Contains(got, w) {
				t.Errorf("Complete(%q) = %v, missing %s", c.code, got, w)
			}
		}
		if end != cursor || start > end {
			t.Errorf("Complete(%q) range = %d..%d", c.code, start, end)
		}
	}
}

func TestInspect(t *testing.T) {
	s, _, _ := newTestSession(t)
	run(t, s, "import \"strings\"\nimport \"gonum.org/v1/gonum/mat\"\n"+
		"import \"github.com/gonote/gonote/cnn\"\n"+
		"// scale multiplies v by two.\nfunc scale(v int) int { return v * 2 }\n"+
		"m := mat.NewDense(2, 2, nil)\nmodel := cnn.NewSequential(cnn.Dense(2))")
	cases := []struct {
		code   string
		cursor int
		want   string
	}{
		{"strings.ToUpper", 10, "func ToUpper(s string) string"},
		{"strings.ToUpper", 3, "package strings"},
		{"scale(3)", 3, "scale multiplies v by two"},
		{"x := scale", 10, "func scale(v int) int"},
		{"mat.NewDense", 6, "func NewDense(r, c int, data []float64) *Dense"},
		{"display.HTML", 10, "func HTML("},
		{"cnn.LearningRateScheduler", 8, "LearningRateScheduler"},
		{"m.Dims()", 4, "Dims returns the number of rows and columns"},
		{"model.Fit(x, y)", 8, "Fit trains the model"},
		{"strings.ToUpper(", 16, "func ToUpper(s string) string"},
		{"strings.NewReplacer(\"a\", \"b\").Replace", 30, "Replace returns a copy of s"},
	}
	for _, c := range cases {
		d, ok := s.Inspect(c.code, c.cursor, 0)
		text, _ := d["text/plain"].(string)
		if !ok || !strings.Contains(text, c.want) {
			t.Errorf("Inspect(%q) = %q, %v; want it to contain %q", c.code, text, ok, c.want)
		}
	}
}

func TestIsComplete(t *testing.T) {
	s, _, _ := newTestSession(t)
	cases := []struct{ code, status, indent string }{
		{"x := 1", "complete", ""},
		{"func f() {", "incomplete", "\t"},
		{"for {\n\tif x {", "incomplete", "\t\t"},
		{"s := `raw", "incomplete", ""},
		{"x := 1 +", "incomplete", "\t"},
		{"x := )", "invalid", ""},
		{"}}", "invalid", ""},
		{"%time", "complete", ""},
	}
	for _, c := range cases {
		status, indent := s.IsComplete(c.code)
		if status != c.status || indent != c.indent {
			t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", c.code, status, indent,
				c.status, c.indent)
		}
	}
}

func TestDisplayPreimported(t *testing.T) {
	s, _, _ := newTestSession(t)
	d, err := s.Execute(context.Background(), `display.HTML("<b>hi</b>")`)
	if err != nil {
		t.Fatal(err)
	}
	if d == nil || d.Data["text/html"] != "<b>hi</b>" {
		t.Errorf("display.HTML value = %+v, want a text/html bundle", d)
	}
	got, _, _ := s.Complete("display.HT", 10)
	if !slices.Contains(got, "HTML") {
		t.Errorf("Complete(display.HT) = %v", got)
	}
}

// TestCompleteWhileRunning completes and inspects while a cell runs and
// defines names, which must neither block nor race.
func TestCompleteWhileRunning(t *testing.T) {
	s, _, _ := newTestSession(t)
	run(t, s, "import \"strings\"")
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = s.Execute(context.Background(),
			"import \"time\"\nfor i := range 20 {\n\ttime.Sleep(5 * time.Millisecond)\n"+
				"\t_ = i\n}\nlate := 1")
	}()
	for {
		select {
		case <-done:
			return
		default:
		}
		s.Complete("strings.ToU", 11)
		s.Inspect("strings.ToUpper", 10, 0)
		s.IsComplete("x := 1")
		time.Sleep(time.Millisecond)
	}
}

// BenchmarkExecute measures the cost of running small cells, including the
// splitting, rewriting and value probing around the interpreter.
func BenchmarkExecute(b *testing.B) {
	cells := map[string]string{
		"expr":  "1 + 1",
		"call":  "strings.ToUpper(\"go\")",
		"mixed": "type bp struct{ A int }\nfunc bf(x int) int { return x * 2 }\nbv := bp{bf(2)}\nbv.A",
		"loop":  "bt := 0\nfor i := range 1000 {\n\tbt += i\n}\nbt",
	}
	for name, code := range cells {
		b.Run(name, func(b *testing.B) {
			s, err := New(Options{Stdout: &syncbuf.Buffer{}, Stderr: &syncbuf.Buffer{}})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := s.Execute(context.Background(), "import \"strings\""); err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := s.Execute(context.Background(), code); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNew measures starting a session (tables, shims, prelude).
func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := New(Options{Stdout: &syncbuf.Buffer{}, Stderr: &syncbuf.Buffer{}}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGoroutinePanicBetweenCells checks that a goroutine panicking after
// its cell ended is reported at the next cell, which still runs.
func TestGoroutinePanicBetweenCells(t *testing.T) {
	s, _, errOut := newTestSession(t)
	run(t, s, "import \"time\"\ngo func() {\n\ttime.Sleep(50 * time.Millisecond)\n\tpanic(\"late\")\n}()")
	time.Sleep(300 * time.Millisecond)
	if got := run(t, s, "1 + 1"); got != "2" {
		t.Errorf("the next cell returned %q", got)
	}
	if got := errOut.Take(); !strings.Contains(got, "panic in a goroutine: late") {
		t.Errorf("stderr %q does not report the panic", got)
	}
}

// TestPanicTraceback checks that a panic shows once, as the cell's error,
// with the frames it went through and their lines, and that a recovered
// panic prints nothing.
func TestPanicTraceback(t *testing.T) {
	s, _, errOut := newTestSession(t)
	run(t, s, "func helper() { panic(\"deep\") }")
	_, err := s.Execute(context.Background(), "func outer() {\n\thelper()\n}\nx := 1\nouter()")
	var ce *CellError
	if !errors.As(err, &ce) || ce.Name != "panic" || ce.Value != "deep" {
		t.Fatalf("got %v, want panic: deep", err)
	}
	tb := strings.Join(ce.Traceback, "\n")
	for _, want := range []string{
		"panic: deep",
		"in helper (declared in an earlier cell)",
		"in outer, line 2:",
		"   2 | \thelper()",
		"in the cell, line 5:",
		"   5 | outer()",
	} {
		if !strings.Contains(tb, want) {
			t.Errorf("traceback lacks %q:\n%s", want, tb)
		}
	}
	if got := errOut.Take(); got != "" {
		t.Errorf("the panic was also written to stderr: %q", got)
	}

	code := "func safe() (msg string) {\n\tdefer func() { msg = fmt.Sprint(recover()) }()\n\thelper()\n\treturn\n}\nsafe()"
	run(t, s, "import \"fmt\"")
	if got := run(t, s, code); got != `"deep"` {
		t.Errorf("recovered panic returned %q", got)
	}
	if got := errOut.Take(); got != "" {
		t.Errorf("a recovered panic wrote to stderr: %q", got)
	}
}

// TestGlobalDisplay checks the gophernotes-style global Display func.
func TestGlobalDisplay(t *testing.T) {
	s, _, _ := newTestSession(t)
	if _, err := s.Execute(context.Background(), `Display(display.HTML("<b>x</b>"))`); err != nil {
		t.Fatalf("Display: %v", err)
	}
}

// TestRichMethods shows a value of a type declared in a cell through the
// display methods the cell gave it, which compiled code cannot call.
func TestRichMethods(t *testing.T) {
	s, _, _ := newTestSession(t)
	run(t, s, `import "fmt"
type table struct{ rows int }
func (t table) HTML() string { return fmt.Sprintf("<table>%d</table>", t.rows) }
func (t table) String() string { return "table of " + fmt.Sprint(t.rows) }`)
	d, err := s.Execute(context.Background(), "table{3}")
	if err != nil {
		t.Fatal(err)
	}
	if d == nil || d.Data["text/html"] != "<table>3</table>" ||
		d.Data["text/plain"] != "table of 3" {
		t.Errorf("table{3} = %+v, want text/html from HTML and text/plain from String", d)
	}

	// A type without those methods is shown as Go prints it.
	run(t, s, "type plain struct{ A int }")
	d, err = s.Execute(context.Background(), "plain{1}")
	if err != nil {
		t.Fatal(err)
	}
	if d == nil || d.Data["text/html"] != nil || d.Data["text/plain"] != "{A:1}" {
		t.Errorf("plain{1} = %+v, want only text/plain {A:1}", d)
	}
}

// TestInterruptFit interrupts a long cnn Fit in a cell: Fit watches the
// cell's context, so the cell ends cleanly, without stopping the
// interpreter, and the model and the weights learnt so far stay usable.
func TestInterruptFit(t *testing.T) {
	s, _, _ := newTestSession(t)
	run(t, s, `import "github.com/gonote/gonote/cnn"
x := cnn.Zeros(4096, 8)
y := cnn.ToCategorical(make([]uint8, 4096), 2)
model := cnn.NewSequential(cnn.Dense(16, cnn.Activation("relu"), cnn.InputShape(8)),
	cnn.Dense(2, cnn.Activation("softmax")))
err := model.Compile(cnn.Adam(0.001), "categorical_crossentropy", "accuracy")
var history *cnn.History`)
	err, took := interrupt(t, s,
		"history, err = model.Fit(x, y, cnn.Epochs(100000), cnn.BatchSize(8), cnn.Verbose(0))")
	var ce *CellError
	if !errors.As(err, &ce) || ce.Name != nameInterrupted {
		t.Fatalf("got %v, want an Interrupted cell error", err)
	}
	if strings.Contains(ce.Value, "closures") {
		t.Errorf("Fit was stopped by stopping the interpreter: %s", ce.Value)
	}
	if took > interruptGrace {
		t.Errorf("Fit took %v to stop, want under %v", took, interruptGrace)
	}
	if got := run(t, s, `loss, acc, err := model.Evaluate(x, y, cnn.Verbose(0))
err == nil && acc == 1 && loss < 0.5`); got != "true" {
		t.Errorf("after the interrupt, Evaluate = %s: the weights learnt were lost", got)
	}
}

// TestCompleteCallsNothing completes after a call of a cell func: the type
// comes from the func's signature, and the func is not called.
func TestCompleteCallsNothing(t *testing.T) {
	s, _, _ := newTestSession(t)
	run(t, s, "type box struct{ Width int }\ncalls := 0\n"+
		"func newBox() *box { calls++; return &box{} }")
	got, _, _ := s.Complete("newBox().Wi", 11)
	if !slices.Contains(got, "Width") {
		t.Errorf("Complete(newBox().Wi) = %v, want Width", got)
	}
	if n := run(t, s, "calls"); n != "0" {
		t.Errorf("completion called newBox %s times", n)
	}
}
