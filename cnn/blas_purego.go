//go:build !cgo || !linux || purego

package cnn

// loadOpenBLAS is unavailable in this build: the engine uses gonum's BLAS.
func loadOpenBLAS(workers int) (backend, bool) { return backend{}, false }
