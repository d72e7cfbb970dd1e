package cnn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Layer is one stage of a Sequential model. Layers are made by Conv2D,
// MaxPooling2D, Flatten, Dense and Dropout.
type Layer interface {
	// Name returns the layer's name in its model, such as "conv2d_1".
	Name() string
	// Type returns the layer's kind, such as "Conv2D".
	Type() string
	// OutputShape returns the shape of one sample's output (no batch
	// dimension); nil before the model is built.
	OutputShape() []int
	// CountParams returns the number of trainable values.
	CountParams() int
	// Weights returns copies of the layer's parameters (kernel, then
	// bias) with their shapes.
	Weights() []*Tensor
	// SetWeights replaces the layer's parameters; shapes must match.
	SetWeights(w ...*Tensor) error

	base() *layerBase
	build(in []int) ([]int, error)
	newRunner(maxN int) runner
}

// runner runs one layer on one worker's share of a batch. It owns the
// buffers of that share, allocated once for up to maxN samples.
type runner interface {
	// forward returns the output for n samples of x; x must stay
	// unchanged until backward.
	forward(x []float32, n int, train bool) []float32
	// backward takes the gradient at the output (it may overwrite dy),
	// stores the parameter gradients and returns the gradient at the
	// input when needDx.
	backward(dy []float32, n int, needDx bool) []float32
	// grads returns the parameter gradients, aligned with the layer's
	// params.
	grads() [][]float32
}

// LayerOption configures a layer: Activation, InputShape, Padding, Strides,
// Name.
type LayerOption func(*layerConfig)

type layerConfig struct {
	activation string
	inputShape []int
	padding    string
	strides    [2]int
	name       string
}

// Activation sets the function applied to a Conv2D's or Dense's output:
// "relu", "softmax", "sigmoid", "tanh" or "linear" (the default).
func Activation(name string) LayerOption {
	return func(c *layerConfig) { c.activation = name }
}

// InputShape sets the shape of one input sample on the first layer, such as
// InputShape(28, 28, 1) for grey 28×28 images (height, width, channels).
func InputShape(dims ...int) LayerOption {
	return func(c *layerConfig) { c.inputShape = append([]int(nil), dims...) }
}

// Padding sets a Conv2D's border handling: "valid" (no padding, the
// default) or "same" (zero padding so that the output has the input's size
// divided by the stride).
func Padding(mode string) LayerOption {
	return func(c *layerConfig) { c.padding = mode }
}

// Strides sets the step between windows of a Conv2D or MaxPooling2D.
func Strides(h, w int) LayerOption {
	return func(c *layerConfig) { c.strides = [2]int{h, w} }
}

// Name sets the layer's name instead of the generated one.
func Name(name string) LayerOption {
	return func(c *layerConfig) { c.name = name }
}

// param is one trainable array with its gradient and optimizer state.
type param struct {
	name  string
	shape []int
	w, g  []float32
	m, v  []float32 // optimizer slots, allocated by the optimizer
}

func newParam(name string, shape ...int) *param {
	n, _ := shapeSize(shape)
	return &param{name: name, shape: shape, w: make([]float32, n), g: make([]float32, n)}
}

// glorotUniform fills p with Keras's default kernel initialisation.
func (p *param) glorotUniform(fanIn, fanOut int, r *rand.Rand) {
	limit := math.Sqrt(6 / float64(fanIn+fanOut))
	for i := range p.w {
		p.w[i] = float32((2*r.Float64() - 1) * limit)
	}
}

// layerBase holds what every layer has: identity, shapes, parameters and
// construction errors, reported when the model is compiled.
type layerBase struct {
	kind   string
	name   string
	cfg    layerConfig
	in     []int
	out    []int
	params []*param
	err    error
}

func newBase(kind string, opts []LayerOption) layerBase {
	b := layerBase{kind: kind, cfg: layerConfig{padding: "valid"}}
	for _, o := range opts {
		o(&b.cfg)
	}
	b.name = b.cfg.name
	return b
}

func (b *layerBase) base() *layerBase { return b }

// Name returns the layer's name in its model.
func (b *layerBase) Name() string { return b.name }

// Type returns the layer's kind.
func (b *layerBase) Type() string { return b.kind }

// OutputShape returns one sample's output shape.
func (b *layerBase) OutputShape() []int { return append([]int(nil), b.out...) }

// CountParams returns the number of trainable values.
func (b *layerBase) CountParams() int {
	n := 0
	for _, p := range b.params {
		n += len(p.w)
	}
	return n
}

// Weights returns copies of the parameters.
func (b *layerBase) Weights() []*Tensor {
	out := make([]*Tensor, len(b.params))
	for i, p := range b.params {
		out[i] = &Tensor{shape: append([]int(nil), p.shape...),
			data: append([]float32(nil), p.w...)}
	}
	return out
}

// SetWeights replaces the parameters with copies of w.
func (b *layerBase) SetWeights(w ...*Tensor) error {
	if len(w) != len(b.params) {
		return fmt.Errorf("cnn: layer %q has %d weight arrays, got %d", b.name,
			len(b.params), len(w))
	}
	for i, p := range b.params {
		if !sameShape(p.shape, w[i].shape) {
			return fmt.Errorf("cnn: layer %q weight %d has shape %s, got %s", b.name, i,
				fmtShape(p.shape), fmtShape(w[i].shape))
		}
	}
	for i, p := range b.params {
		copy(p.w, w[i].data)
	}
	return nil
}

func (b *layerBase) errorf(format string, args ...any) error {
	return fmt.Errorf("cnn: layer %q (%s): %s", b.name, b.kind, fmt.Sprintf(format, args...))
}

func sameShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// fmtShape writes a shape as Keras does, (28, 28, 1).
func fmtShape(s []int) string {
	parts := make([]string, len(s))
	for i, d := range s {
		parts[i] = fmt.Sprint(d)
	}
	if len(s) == 1 {
		return "(" + parts[0] + ",)"
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// fmtBatchShape writes a per-sample shape with the batch dimension,
// (None, 28, 28, 1).
func fmtBatchShape(s []int) string {
	var b strings.Builder
	b.WriteString("(None")
	for _, d := range s {
		fmt.Fprintf(&b, ", %d", d)
	}
	b.WriteByte(')')
	return b.String()
}

func grow(buf []float32, n int) []float32 {
	if cap(buf) < n {
		return make([]float32, n)
	}
	return buf[:n]
}
