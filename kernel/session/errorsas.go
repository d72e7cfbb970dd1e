package session

import (
	"errors"
	"reflect"
)

var errorType = reflect.TypeFor[error]()

// errorsAs is errors.As as cells see it. The std version panics when the
// target points to an error type declared in a cell: the interpreter builds
// such types without methods, so reflect says they do not implement error.
// For those targets, errorsAs walks the chain itself and matches the cell's
// values inside the interpreter's error wrappers by their type.
func errorsAs(err error, target any) bool {
	if target == nil {
		panic("errors: target cannot be nil")
	}
	tv := reflect.ValueOf(target)
	if tv.Kind() != reflect.Pointer || tv.IsNil() {
		panic("errors: target must be a non-nil pointer")
	}
	elem := tv.Type().Elem()
	if elem.Kind() == reflect.Interface || elem.Implements(errorType) {
		return errors.As(err, target)
	}
	return asInterpreted(err, tv.Elem())
}

// asInterpreted reports whether an error of err's chain holds a value
// assignable to dst, and stores the first such value in dst.
func asInterpreted(err error, dst reflect.Value) bool {
	for err != nil {
		if v := interpretedValue(err); v.IsValid() && v.Type().AssignableTo(dst.Type()) {
			dst.Set(v)
			return true
		}
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(dst.Addr().Interface()) {
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if asInterpreted(e, dst) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}

// interpretedValue returns the cell's value that the interpreter wrapped
// to pass err to compiled code (the wrapper's IValue field), or err itself.
func interpretedValue(err error) reflect.Value {
	v := reflect.ValueOf(err)
	if v.Kind() == reflect.Struct {
		if f := v.FieldByName("IValue"); f.IsValid() && f.Kind() == reflect.Interface && !f.IsNil() {
			return f.Elem()
		}
	}
	return v
}
