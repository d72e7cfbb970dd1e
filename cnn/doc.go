// Package cnn trains small convolutional networks on the CPU with a
// Keras-style API: layers such as Conv2D, MaxPooling2D and Dense are stacked
// in a Sequential model, compiled with an optimizer and a loss, and trained
// with Fit.
//
// Tensors are float32 in NHWC order (batch, height, width, channels). The
// engine lowers convolutions to matrix products (im2col) run by a BLAS:
// OpenBLAS, loaded at run time when the library is installed, or gonum's
// pure-Go BLAS otherwise (and always with the purego build tag or without
// cgo). A training step splits the batch across the available cores and
// reuses its buffers from one step to the next.
//
// The public API avoids generic types and functions so that interpreters
// such as yaegi can expose it.
package cnn
