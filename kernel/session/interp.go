package session

import (
	"fmt"
	"io"
	"log"
	"os"
	"reflect"
	"strings"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gonote/gonote/kernel/symbols"
)

// runtimePath is the import path of the helpers the prelude and the rewrites
// call into.
const runtimePath = "github.com/gonote/gonote/kernel/session/gonotert"

// newInterpreter returns an interpreter with the symbol tables loaded, the
// process-ending functions made cell-ending, and the prelude evaluated.
func newInterpreter(opts Options, trace *panicTrace, gp *goPanicLog, defers *cellDefers) (*interp.Interpreter, error) {
	in := interp.New(interp.Options{
		Stdout: opts.Stdout, Stderr: trace, Stdin: opts.Stdin,
		Unrestricted: true, Env: os.Environ(),
	})
	if err := in.Use(stdSymbols()); err != nil {
		return nil, fmt.Errorf("loading the standard library: %w", err)
	}
	if err := in.Use(otherSymbols()); err != nil {
		return nil, fmt.Errorf("loading compiled packages: %w", err)
	}
	if err := in.Use(overrides(opts, gp, defers)); err != nil {
		return nil, fmt.Errorf("loading the session runtime: %w", err)
	}
	for _, src := range shimSources {
		if _, err := in.Eval(src); err != nil {
			return nil, fmt.Errorf("compiling the std shims: %w", err)
		}
	}
	src := prelude
	if _, ok := symbols.Symbols[displayPath+"/display"]; ok {
		src = "import \"" + displayPath + "\"\n" + src + displayPrelude
	}
	if _, err := in.Eval(src); err != nil {
		return nil, fmt.Errorf("evaluating the prelude: %w", err)
	}
	return in, nil
}

// stdSymbols returns yaegi's own std tables (which route fmt, log and os to
// the session's writers) completed with the symbols of the running Go
// version that they miss.
func stdSymbols() interp.Exports {
	out := interp.Exports{}
	for k, v := range stdlib.Symbols {
		m := make(map[string]reflect.Value, len(v))
		for name, sym := range v {
			m[name] = sym
		}
		out[k] = m
	}
	for k, v := range symbols.Symbols {
		if !isStd(k) {
			continue
		}
		m := out[k]
		if m == nil {
			m = map[string]reflect.Value{}
			out[k] = m
		}
		for name, sym := range v {
			if _, ok := m[name]; !ok {
				m[name] = sym
			}
		}
	}
	return out
}

// isStd reports whether a symbol-table key names a std package.
func isStd(key string) bool {
	first := strings.SplitN(key, "/", 2)[0]
	return !strings.Contains(first, ".")
}

// otherSymbols returns the tables of the non-std packages.
func otherSymbols() interp.Exports {
	out := interp.Exports{}
	for k, v := range symbols.Symbols {
		if !isStd(k) {
			out[k] = v
		}
	}
	return out
}

// overrides makes os.Exit and log.Fatal end the cell instead of the process,
// lets errors.As match error types declared in cells, and provides the runtime helpers of the prelude.
func overrides(opts Options, gp *goPanicLog, defers *cellDefers) interp.Exports {
	logger := log.New(opts.Stderr, "", log.LstdFlags)
	fatal := func(msg string) {
		_ = logger.Output(3, msg)
		panic(fatalPanic{msg: msg})
	}
	return interp.Exports{
		"os/os": {
			"Exit":   reflect.ValueOf(func(code int) { panic(exitPanic{code: code}) }),
			"Stdin":  stdinSymbol(opts.Stdin),
			"Stderr": stderrSymbol(opts.Stderr),
		},
		"errors/errors": {
			"As": reflect.ValueOf(errorsAs),
		},
		"log/log": {
			"Fatal":   reflect.ValueOf(func(v ...any) { fatal(fmt.Sprint(v...)) }),
			"Fatalf":  reflect.ValueOf(func(f string, v ...any) { fatal(fmt.Sprintf(f, v...)) }),
			"Fatalln": reflect.ValueOf(func(v ...any) { fatal(fmt.Sprintln(v...)) }),
		},
		runtimePath + "/gonotert": {
			"GoPanic": reflect.ValueOf(gp.record),
			"Clear":   reflect.ValueOf(clearValue),
			"Defer":   reflect.ValueOf(defers.add),
			"Return":  reflect.ValueOf(func() { panic(returnPanic{}) }),
			"Set":     reflect.ValueOf(setThrough),
			"Zero":    reflect.ValueOf(zeroThrough),
		},
	}
}

// stdinSymbol is what cells see as os.Stdin. The kernel's stdin is not a
// file: each read asks the front end for a line (input_request). So, unless
// it is a file, os.Stdin is an io.Reader in cells rather than an *os.File,
// which is enough for bufio.NewReader, bufio.NewScanner, io.ReadAll and
// fmt.Fscan.
func stdinSymbol(r io.Reader) reflect.Value {
	if f, ok := r.(*os.File); ok {
		return reflect.ValueOf(&f).Elem()
	}
	return reflect.ValueOf(&r).Elem()
}

// setThrough sets *dst to *src, converting between the identical types
// yaegi can make twice for one generic instantiation.
func setThrough(dst, src any) {
	d, v := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem()
	if !v.Type().AssignableTo(d.Type()) {
		v = v.Convert(d.Type())
	}
	d.Set(v)
}

// zeroThrough sets *p to its zero value.
func zeroThrough(p any) {
	v := reflect.ValueOf(p).Elem()
	v.Set(reflect.Zero(v.Type()))
}

// clearValue implements the clear builtin for maps and slices.
func clearValue(x any) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	}
}

// displayPath is the import path of the display package, pre-imported in
// every session.
const displayPath = "github.com/gonote/gonote/kernel/display"

// displayPrelude defines Display as a global func, as gophernotes does, so
// that its notebooks' Display(display.HTML(...)) calls run unchanged.
const displayPrelude = `
func Display(v interface{}) error { return display.Display(v) }
`

// prelude is evaluated in every new session: display is pre-imported, and
// the helpers the rewrites call are defined.
const prelude = `
import gonotert "` + runtimePath + `"
import gonoteCmp "cmp"

func min[T gonoteCmp.Ordered](x T, y ...T) T {
	for _, v := range y {
		if v < x {
			x = v
		}
	}
	return x
}

func max[T gonoteCmp.Ordered](x T, y ...T) T {
	for _, v := range y {
		if v > x {
			x = v
		}
	}
	return x
}

func clear(x interface{}) { gonotert.Clear(x) }

var gonoteBox []any // pointers to what a hoisted definition defined

func gonoteRecoverGo() {
	if r := recover(); r != nil {
		gonotert.GoPanic(r)
	}
}

type gonoteInteger interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 |
		~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr
}

func gonoteRangeInt[T gonoteInteger](n T) (T, T) { return 0, n }

// gonoteIter runs an iterator in its own goroutine, one value at a time:
// yield hands a value to the loop and waits until the loop asks for the
// next one, so the iterator's code and the loop body interleave as in Go.
// A panic in the iterator is raised again in the loop.
type gonotePair[K, V any] struct {
	A K
	B V
}

type gonoteIter[K, V any] struct {
	A      K
	B      V
	vals   chan gonotePair[K, V]
	resume chan bool
	failed any
}

func gonoteStart[K, V any](run func(yield func(K, V) bool)) *gonoteIter[K, V] {
	it := &gonoteIter[K, V]{vals: make(chan gonotePair[K, V]), resume: make(chan bool)}
	go func() {
		defer func() {
			it.failed = recover()
			close(it.vals)
		}()
		<-it.resume
		run(func(k K, v V) bool {
			it.vals <- gonotePair[K, V]{A: k, B: v}
			more := <-it.resume
			return more
		})
	}()
	return it
}

func (it *gonoteIter[K, V]) next() bool {
	it.resume <- true
	p, ok := <-it.vals
	if !ok {
		if it.failed != nil {
			panic(it.failed)
		}
		return false
	}
	it.A, it.B = p.A, p.B
	return true
}

func gonoteSeq[V any](seq func(func(V) bool)) *gonoteIter[V, bool] {
	return gonoteStart[V, bool](func(yield func(V, bool) bool) {
		seq(func(v V) bool { return yield(v, true) })
	})
}

func gonoteSeq2[K, V any](seq func(func(K, V) bool)) *gonoteIter[K, V] {
	return gonoteStart[K, V](seq)
}
`
