package display

import (
	"fmt"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// MaxItems is how many elements of a slice, array or map Format prints
// before it shortens the rest to "… N more …".
var MaxItems = 20

// maxDepth bounds how deep Format descends into nested values.
const maxDepth = 6

// Format prints v the way a cell shows a plain value. It reads like Go's %+v
// with these differences, chosen so a value in a notebook is unambiguous and
// never floods the page:
//
//   - strings are quoted like Go literals ("a b"); a multi-line string at the
//     top level is shown as a raw `…` literal so its lines stay lines;
//   - a slice, array or map longer than MaxItems shows its first and last
//     elements around "… N more …";
//   - map keys are sorted (numbers by value, everything else by text);
//   - pointers show what they point to (&{…}), cycles end at the address;
//   - values with a String or Error method print through it, values with a
//     Format method (fmt.Formatter, such as mat.Formatted) as %v prints them,
//     gonum matrices as aligned rows (with corners only when large);
//   - functions print their type, channels their type, length and capacity.
func Format(v any) string {
	f := &formatter{seen: map[uintptr]bool{}}
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.String && !hasMethods(rv) {
		return topString(rv.String())
	}
	f.value(rv, 0)
	return f.b.String()
}

func hasMethods(v reflect.Value) bool { return v.Type().NumMethod() > 0 }

func topString(s string) string {
	if strings.Contains(s, "\n") && !strings.Contains(s, "`") &&
		strconv.CanBackquote(strings.ReplaceAll(s, "\n", "")) {
		return "`" + s + "`"
	}
	return strconv.Quote(s)
}

type formatter struct {
	b    strings.Builder
	seen map[uintptr]bool
}

func (f *formatter) put(s string) { f.b.WriteString(s) }

func (f *formatter) value(v reflect.Value, depth int) {
	if !v.IsValid() {
		f.put("nil")
		return
	}
	if depth > maxDepth {
		f.put("…")
		return
	}
	if s, ok := viaMethod(v); ok {
		f.put(s)
		return
	}
	if inner, ok := interpreterWrapped(v); ok {
		f.value(inner, depth)
		return
	}
	switch v.Kind() {
	case reflect.Bool:
		f.put(strconv.FormatBool(v.Bool()))
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		f.put(strconv.FormatInt(v.Int(), 10))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32,
		reflect.Uint64, reflect.Uintptr:
		f.put(strconv.FormatUint(v.Uint(), 10))
	case reflect.Float32, reflect.Float64:
		f.put(strconv.FormatFloat(v.Float(), 'g', -1, v.Type().Bits()))
	case reflect.Complex64, reflect.Complex128:
		f.put(strconv.FormatComplex(v.Complex(), 'g', -1, v.Type().Bits()))
	case reflect.String:
		f.put(strconv.Quote(v.String()))
	case reflect.Slice, reflect.Array:
		f.list(v, depth)
	case reflect.Map:
		f.mapping(v, depth)
	case reflect.Struct:
		f.structure(v, depth)
	case reflect.Pointer:
		f.pointer(v, depth)
	case reflect.Interface:
		f.value(v.Elem(), depth)
	case reflect.Func:
		f.nilOr(v, v.Type().String())
	case reflect.Chan:
		f.nilOr(v, fmt.Sprintf("%s (len %d, cap %d)", v.Type(), v.Len(), v.Cap()))
	default:
		f.put(fmt.Sprintf("%v", v))
	}
}

func (f *formatter) nilOr(v reflect.Value, s string) {
	if v.IsNil() {
		f.put("nil")
		return
	}
	f.put(s)
}

// viaMethod prints v through its Error or String method or as a matrix.
// A method that panics (on a nil receiver, say) falls back to the generic
// printing.
func viaMethod(v reflect.Value) (s string, ok bool) {
	if !v.CanInterface() {
		return "", false
	}
	if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface) && v.IsNil() {
		return "", false
	}
	defer func() {
		if recover() != nil {
			s, ok = "", false
		}
	}()
	switch x := v.Interface().(type) {
	case error:
		return x.Error(), true
	case fmt.Stringer:
		return x.String(), true
	case mat.Matrix:
		return formatMatrix(x), true
	case fmt.Formatter:
		return fmt.Sprintf("%v", x), true
	}
	return "", false
}

// interpreterWrapped returns the value inside one of yaegi's interface
// wrappers: a struct of an IValue field and one W<Method> func field per
// method, which stands for an interpreted value converted to a compiled
// interface (display.HTMLer, fmt.Stringer).
// TODO: yaegi v0.16.1 fills IValue wrongly for interpreted struct values
// (it holds the last field); pointers are right. Fixing it needs yaegi.
func interpreterWrapped(v reflect.Value) (reflect.Value, bool) {
	if v.Kind() != reflect.Struct {
		return v, false
	}
	t := v.Type()
	if t.NumField() < 1 || t.Field(0).Name != "IValue" ||
		t.Field(0).Type.Kind() != reflect.Interface {
		return v, false
	}
	for i := 1; i < t.NumField(); i++ {
		f := t.Field(i)
		if !strings.HasPrefix(f.Name, "W") || f.Type.Kind() != reflect.Func {
			return v, false
		}
	}
	return v.Field(0), true
}

func formatMatrix(m mat.Matrix) string {
	r, c := m.Dims()
	opts := []mat.FormatOption{mat.Squeeze()}
	if r > MaxItems || c > MaxItems {
		opts = append(opts, mat.Excerpt(3))
	}
	return fmt.Sprintf("%v", mat.Formatted(m, opts...))
}

// window returns how many leading and trailing elements of n are shown.
func window(n int) (head, tail int) {
	limit := max(MaxItems, 2)
	if n <= limit {
		return n, 0
	}
	tail = min(3, limit/4)
	return limit - tail - 1, tail
}

func (f *formatter) list(v reflect.Value, depth int) {
	if v.Kind() == reflect.Slice && v.IsNil() {
		f.put("[]")
		return
	}
	n := v.Len()
	head, tail := window(n)
	f.put("[")
	for i := range head {
		if i > 0 {
			f.put(" ")
		}
		f.value(v.Index(i), depth+1)
	}
	if tail > 0 {
		f.put(fmt.Sprintf(" … %d more …", n-head-tail))
		for i := n - tail; i < n; i++ {
			f.put(" ")
			f.value(v.Index(i), depth+1)
		}
	}
	f.put("]")
}

// mapEntry is a map key and, once needed, its printed form.
type mapEntry struct {
	key  reflect.Value
	kind reflect.Kind // the key's basic kind, Invalid when it has none
	i    int64
	u    uint64
	f    float64
	s    string
	text string
	done bool
}

// newMapEntry reads a key's value once so sorting compares plain numbers
// and strings, not reflect values.
func newMapEntry(k reflect.Value) mapEntry {
	e := mapEntry{key: k}
	if k.Kind() == reflect.Interface {
		k = k.Elem()
	}
	switch k.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.kind, e.i = reflect.Int, k.Int()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32,
		reflect.Uint64, reflect.Uintptr:
		e.kind, e.u = reflect.Uint, k.Uint()
	case reflect.Float32, reflect.Float64:
		e.kind, e.f = reflect.Float64, k.Float()
	case reflect.String:
		e.kind, e.s = reflect.String, k.String()
	case reflect.Bool:
		e.kind = reflect.Bool
		if k.Bool() {
			e.i = 1
		}
	}
	return e
}

// keyText prints the key on first use: keys of basic kinds are sorted
// without it, so a large map costs only the keys that are shown.
func (e *mapEntry) keyText() string {
	if !e.done {
		sub := &formatter{seen: map[uintptr]bool{}}
		sub.value(e.key, maxDepth-1)
		e.text, e.done = sub.b.String(), true
	}
	return e.text
}

func (f *formatter) mapping(v reflect.Value, depth int) {
	if v.IsNil() {
		f.put("map[]")
		return
	}
	entries := sortedKeys(v)
	head, tail := window(len(entries))
	f.put("map[")
	for i, e := range entries {
		if i >= head && i < len(entries)-tail {
			if i == head {
				f.put(fmt.Sprintf(" … %d more …", len(entries)-head-tail))
			}
			continue
		}
		if i > 0 {
			f.put(" ")
		}
		f.put(e.keyText() + ":")
		f.value(v.MapIndex(e.key), depth+1)
	}
	f.put("]")
}

// sortedKeys returns v's keys in the order Format prints them. Keys that
// print alike (NaNs, distinct pointers to equal values) may come in any
// order among themselves.
func sortedKeys(v reflect.Value) []*mapEntry {
	keys := v.MapKeys()
	entries := make([]*mapEntry, len(keys))
	for i, k := range keys {
		e := newMapEntry(k)
		entries[i] = &e
	}
	sort.Slice(entries, func(i, j int) bool { return keyLess(entries[i], entries[j]) })
	return entries
}

func keyLess(a, b *mapEntry) bool {
	if a.kind == b.kind {
		switch a.kind {
		case reflect.Int, reflect.Bool:
			return a.i < b.i
		case reflect.Uint:
			return a.u < b.u
		case reflect.Float64:
			return a.f < b.f
		case reflect.String:
			return a.s < b.s
		}
	}
	return a.keyText() < b.keyText()
}

func (f *formatter) structure(v reflect.Value, depth int) {
	t := v.Type()
	f.put("{")
	for i := range t.NumField() {
		if i > 0 {
			f.put(" ")
		}
		f.put(t.Field(i).Name + ":")
		f.value(v.Field(i), depth+1)
	}
	f.put("}")
}

func (f *formatter) pointer(v reflect.Value, depth int) {
	if v.IsNil() {
		f.put("nil")
		return
	}
	addr := v.Pointer()
	if f.seen[addr] {
		f.put(fmt.Sprintf("(%s)(%#x)", v.Type(), addr))
		return
	}
	f.seen[addr] = true
	defer delete(f.seen, addr)
	f.put("&")
	f.value(v.Elem(), depth+1)
}

func sortStrings(s []string) { sort.Strings(s) }
