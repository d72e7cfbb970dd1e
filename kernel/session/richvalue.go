package session

import (
	"context"
	"reflect"

	"github.com/gonote/gonote/kernel/display"
)

// richMethods are the methods through which a value chooses how it is
// shown (display.Render's interfaces, plus String and Error), each with the
// bundle its result makes. Compiled code cannot call them on a value of a
// type declared in a cell, so the session calls them in the interpreter.
var richMethods = []struct {
	name string
	make func(v reflect.Value) (display.Data, bool)
}{
	{"Error", stringResult(display.Text)},
	{"String", stringResult(display.Text)},
	{"Render", bundleResult},
	{"MIMEBundle", bundleResult},
	{"HTML", stringResult(display.HTML)},
	{"Markdown", stringResult(display.Markdown)},
	{"Latex", stringResult(display.Latex)},
	{"SVG", stringResult(display.SVG)},
	{"JavaScript", stringResult(display.JavaScript)},
	{"PNG", bytesResult(display.PNG)},
	{"JPEG", bytesResult(display.JPEG)},
	{"PDF", bytesResult(display.PDF)},
	{"JSON", jsonResult},
}

// richValue is a cell value of an interpreted type shown through its own
// methods: the bundle they made.
type richValue struct{ data display.Data }

// evalRich evaluates the value into a variable and, when its type was
// declared in a cell, calls the rich methods cells declared on it. A method
// the type lacks is a compile error, which has no side effects.
func (s *Session) evalRich(ctx context.Context, c *cell, rw *rewrites, p *piece) (
	[]reflect.Value, *CellError) {
	if _, err := s.eval(ctx, chunkSource(c, rw, p.start, p.end, nil, "gonoteV0 := ")); err != nil {
		return nil, err
	}
	v, err := s.eval(ctx, "gonoteV0")
	if err != nil {
		return nil, err
	}
	if !v.IsValid() || !interpreted(v.Type()) {
		return []reflect.Value{v}, nil
	}
	var parts []display.Data
	for _, m := range richMethods {
		if !s.state.hasMethod(m.name) {
			continue
		}
		r, err := s.eval(ctx, "gonoteV0."+m.name+"()")
		if err != nil || !r.IsValid() {
			continue
		}
		if d, ok := m.make(r); ok {
			parts = append(parts, d)
		}
	}
	if len(parts) == 0 {
		return []reflect.Value{v}, nil
	}
	return []reflect.Value{reflect.ValueOf(richValue{mergeRich(parts)})}, nil
}

// mergeRich merges the methods' bundles in the order of richMethods; the
// first value of a MIME type wins, so the text of String or Error replaces
// the plain-text fallback that HTML, Markdown and the others carry.
func mergeRich(parts []display.Data) display.Data {
	out := display.Data{Data: display.MIMEMap{}, Metadata: display.MIMEMap{}}
	for _, d := range parts {
		for k, v := range d.Data {
			if _, ok := out.Data[k]; !ok {
				out.Data[k] = v
			}
		}
		for k, v := range d.Metadata {
			if _, ok := out.Metadata[k]; !ok {
				out.Metadata[k] = v
			}
		}
	}
	if len(out.Metadata) == 0 {
		out.Metadata = nil
	}
	return display.Render(out)
}

func bundleResult(v reflect.Value) (display.Data, bool) {
	d, ok := v.Interface().(display.Data)
	return d, ok
}

func stringResult(f func(string) display.Data) func(reflect.Value) (display.Data, bool) {
	return func(v reflect.Value) (display.Data, bool) {
		if v.Kind() != reflect.String {
			return display.Data{}, false
		}
		return f(v.String()), true
	}
}

func bytesResult(f func([]byte) display.Data) func(reflect.Value) (display.Data, bool) {
	return func(v reflect.Value) (display.Data, bool) {
		b, ok := v.Interface().([]byte)
		return f(b), ok && b != nil
	}
}

func jsonResult(v reflect.Value) (display.Data, bool) {
	if !v.CanInterface() {
		return display.Data{}, false
	}
	return display.JSON(v.Interface()), true
}
