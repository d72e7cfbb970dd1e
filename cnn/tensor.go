package cnn

import (
	"fmt"
	"math"
	"strings"
)

// Tensor is a dense float32 array in row-major order. Image batches are
// NHWC: (batch, height, width, channels).
type Tensor struct {
	shape []int
	data  []float32
}

// Uint8Tensor is a dense uint8 array in row-major order, the raw form of
// image data sets such as MNIST.
type Uint8Tensor struct {
	shape []int
	data  []uint8
}

// NewTensor returns a tensor of the given shape over data, which it keeps
// (no copy). It fails when the shape does not match len(data).
func NewTensor(data []float32, shape ...int) (*Tensor, error) {
	n, err := shapeSize(shape)
	if err != nil {
		return nil, err
	}
	if n != len(data) {
		return nil, fmt.Errorf("cnn: shape %v needs %d values, got %d", shape, n, len(data))
	}
	return &Tensor{shape: append([]int(nil), shape...), data: data}, nil
}

// Zeros returns a tensor of the given shape filled with zeros.
func Zeros(shape ...int) *Tensor {
	n, err := shapeSize(shape)
	if err != nil {
		panic(err)
	}
	return &Tensor{shape: append([]int(nil), shape...), data: make([]float32, n)}
}

// NewUint8Tensor returns a uint8 tensor of the given shape over data, which
// it keeps (no copy).
func NewUint8Tensor(data []uint8, shape ...int) (*Uint8Tensor, error) {
	n, err := shapeSize(shape)
	if err != nil {
		return nil, err
	}
	if n != len(data) {
		return nil, fmt.Errorf("cnn: shape %v needs %d values, got %d", shape, n, len(data))
	}
	return &Uint8Tensor{shape: append([]int(nil), shape...), data: data}, nil
}

func shapeSize(shape []int) (int, error) {
	n := 1
	for _, d := range shape {
		if d < 0 {
			return 0, fmt.Errorf("cnn: negative dimension in shape %v", shape)
		}
		n *= d
	}
	return n, nil
}

// Shape returns a copy of the tensor's dimensions.
func (t *Tensor) Shape() []int { return append([]int(nil), t.shape...) }

// Data returns the tensor's values in row-major order (not a copy).
func (t *Tensor) Data() []float32 { return t.data }

// Len returns the size of the first dimension (the number of samples).
func (t *Tensor) Len() int {
	if len(t.shape) == 0 {
		return 0
	}
	return t.shape[0]
}

// At returns the value at the given indices, one per dimension.
func (t *Tensor) At(idx ...int) float32 { return t.data[offset(t.shape, idx)] }

// Set stores v at the given indices, one per dimension.
func (t *Tensor) Set(v float32, idx ...int) { t.data[offset(t.shape, idx)] = v }

func offset(shape, idx []int) int {
	if len(idx) != len(shape) {
		panic(fmt.Sprintf("cnn: %d indices for a tensor of shape %v", len(idx), shape))
	}
	off := 0
	for i, d := range shape {
		if idx[i] < 0 || idx[i] >= d {
			panic(fmt.Sprintf("cnn: index %v out of range for shape %v", idx, shape))
		}
		off = off*d + idx[i]
	}
	return off
}

// Scale returns a new tensor with every value multiplied by f.
func (t *Tensor) Scale(f float64) *Tensor {
	out := &Tensor{shape: t.Shape(), data: make([]float32, len(t.data))}
	s := float32(f)
	for i, v := range t.data {
		out.data[i] = v * s
	}
	return out
}

// ExpandDims returns a view of t with a new dimension of size 1 inserted at
// axis; a negative axis counts from the end (-1 appends a last dimension),
// as in Keras and NumPy. The view shares t's data.
func (t *Tensor) ExpandDims(axis int) *Tensor {
	return &Tensor{shape: expandShape(t.shape, axis), data: t.data}
}

// Reshape returns a view of t with a new shape of the same size. One
// dimension may be -1 and is then inferred.
func (t *Tensor) Reshape(shape ...int) (*Tensor, error) {
	s := append([]int(nil), shape...)
	known, infer := 1, -1
	for i, d := range s {
		switch {
		case d == -1 && infer < 0:
			infer = i
		case d < 0:
			return nil, fmt.Errorf("cnn: bad shape %v in Reshape", shape)
		default:
			known *= d
		}
	}
	if infer >= 0 && known > 0 {
		s[infer] = len(t.data) / known
	}
	if n, _ := shapeSize(s); n != len(t.data) {
		return nil, fmt.Errorf("cnn: cannot reshape %v (%d values) to %v",
			t.shape, len(t.data), shape)
	}
	return &Tensor{shape: s, data: t.data}, nil
}

// Slice returns a view of samples [lo, hi) along the first dimension.
func (t *Tensor) Slice(lo, hi int) *Tensor {
	if lo < 0 || hi > t.Len() || lo > hi {
		panic(fmt.Sprintf("cnn: slice [%d:%d] of a tensor with %d samples", lo, hi, t.Len()))
	}
	row := rowSize(t.shape)
	s := t.Shape()
	s[0] = hi - lo
	return &Tensor{shape: s, data: t.data[lo*row : hi*row]}
}

// ArgMax returns, for each row of the last dimension, the index of its
// largest value: the predicted class of each sample of a model's output.
func (t *Tensor) ArgMax() []int {
	if len(t.shape) == 0 || t.shape[len(t.shape)-1] == 0 {
		return nil
	}
	k := t.shape[len(t.shape)-1]
	out := make([]int, len(t.data)/k)
	for i := range out {
		out[i] = argmax(t.data[i*k : (i+1)*k])
	}
	return out
}

// String returns a short description: the shape and the first values.
func (t *Tensor) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Tensor%v [", t.shape)
	for i, v := range t.data {
		if i == 8 {
			b.WriteString(" …")
			break
		}
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%.4g", v)
	}
	b.WriteByte(']')
	return b.String()
}

// Shape returns a copy of the tensor's dimensions.
func (t *Uint8Tensor) Shape() []int { return append([]int(nil), t.shape...) }

// Data returns the tensor's values in row-major order (not a copy).
func (t *Uint8Tensor) Data() []uint8 { return t.data }

// Len returns the size of the first dimension (the number of samples).
func (t *Uint8Tensor) Len() int {
	if len(t.shape) == 0 {
		return 0
	}
	return t.shape[0]
}

// At returns the value at the given indices, one per dimension.
func (t *Uint8Tensor) At(idx ...int) uint8 { return t.data[offset(t.shape, idx)] }

// Float32 returns a float32 copy of the tensor, values unchanged (0–255).
func (t *Uint8Tensor) Float32() *Tensor {
	out := &Tensor{shape: t.Shape(), data: make([]float32, len(t.data))}
	for i, v := range t.data {
		out.data[i] = float32(v)
	}
	return out
}

// ExpandDims returns a view of t with a new dimension of size 1 at axis (a
// negative axis counts from the end).
func (t *Uint8Tensor) ExpandDims(axis int) *Uint8Tensor {
	return &Uint8Tensor{shape: expandShape(t.shape, axis), data: t.data}
}

// String returns a short description of the tensor.
func (t *Uint8Tensor) String() string { return fmt.Sprintf("Uint8Tensor%v", t.shape) }

func expandShape(shape []int, axis int) []int {
	if axis < 0 {
		axis += len(shape) + 1
	}
	if axis < 0 || axis > len(shape) {
		panic(fmt.Sprintf("cnn: ExpandDims axis out of range for shape %v", shape))
	}
	s := make([]int, 0, len(shape)+1)
	s = append(s, shape[:axis]...)
	s = append(s, 1)
	return append(s, shape[axis:]...)
}

func rowSize(shape []int) int {
	n := 1
	for _, d := range shape[1:] {
		n *= d
	}
	return n
}

// ToCategorical one-hot encodes labels: the result has shape
// (len(labels), n) with a 1 in each label's column. Labels ≥ n make it
// panic, since they are a programming error.
func ToCategorical(labels []uint8, n int) *Tensor {
	t := Zeros(len(labels), n)
	for i, l := range labels {
		if int(l) >= n {
			panic(fmt.Sprintf("cnn: ToCategorical: label %d at %d is not below %d", l, i, n))
		}
		t.data[i*n+int(l)] = 1
	}
	return t
}

// LabelsTensor returns labels as a (len(labels), 1) tensor of class
// indices, the target form of sparse_categorical_crossentropy.
func LabelsTensor(labels []uint8) *Tensor {
	t := Zeros(len(labels), 1)
	for i, l := range labels {
		t.data[i] = float32(l)
	}
	return t
}

func argmax(v []float32) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

func hasNaN(v []float32) int {
	for i, x := range v {
		if x != x || math.IsInf(float64(x), 0) {
			return i
		}
	}
	return -1
}
