package cnn

import (
	"math"
	"math/rand/v2"
	"testing"
)

// lossAt returns the batch's mean loss with the current weights, using the
// same dropout masks as gradients(…, step 0).
// gradEps is the finite-difference step: small enough that few ReLU
// kinks or pooling switches fall inside it, large enough for float32.
var gradEps = 3e-3

func lossAt(m *Sequential, x, y []float32, n int) float64 {
	l, _ := m.gradients(x, y, n, 9, 0)
	return l / float64(n)
}

// checkGradients compares every parameter's analytic gradient with central
// finite differences on up to 12 entries per array.
func checkGradients(t *testing.T, m *Sequential, x, y []float32, n int) {
	t.Helper()
	m.ensureWorkers(n)
	m.gradients(x, y, n, 9, 0)
	var grads [][]float32 // lossAt overwrites the gradients
	for _, p := range m.params() {
		grads = append(grads, append([]float32(nil), p.g...))
	}
	r := rand.New(rand.NewPCG(5, 5))
	eps := gradEps
	for pi, p := range m.params() {
		analytic := grads[pi]
		idx := r.Perm(len(p.w))
		if len(idx) > 12 {
			idx = idx[:12]
		}
		bad := 0
		for _, i := range idx {
			w := p.w[i]
			p.w[i] = w + float32(eps)
			up := lossAt(m, x, y, n)
			p.w[i] = w - float32(eps)
			down := lossAt(m, x, y, n)
			p.w[i] = w
			numeric := (up - down) / (2 * eps)
			a := float64(analytic[i])
			if diff := math.Abs(numeric - a); diff > 2e-3+0.05*math.Abs(numeric) {
				bad++
				t.Errorf("%s[%d]: analytic %.6g, finite differences %.6g", p.name, i, a,
					numeric)
			}
		}
		if bad > 0 {
			t.Logf("%s: %d of %d entries differ", p.name, bad, len(idx))
		}
	}
}

func randTensor(r *rand.Rand, shape ...int) *Tensor {
	t := Zeros(shape...)
	for i := range t.data {
		t.data[i] = float32(r.NormFloat64())
	}
	return t
}

func oneHot(r *rand.Rand, n, k int) *Tensor {
	labels := make([]uint8, n)
	for i := range labels {
		labels[i] = uint8(r.IntN(k))
	}
	return ToCategorical(labels, k)
}

func TestGradients(t *testing.T) {
	cases := []struct {
		name   string
		layers func() []Layer
		in     []int
		loss   string
		k      int
	}{
		{"conv tanh, dense softmax, crossentropy", func() []Layer {
			return []Layer{Conv2D(3, [2]int{3, 3}, Activation("tanh")), Flatten(),
				Dense(4, Activation("softmax"))}
		}, []int{6, 5, 2}, "categorical_crossentropy", 4},
		{"conv same stride 2 relu, pool, sigmoid, mse", func() []Layer {
			return []Layer{Conv2D(4, [2]int{3, 3}, Activation("relu"), Padding("same"),
				Strides(2, 2)), MaxPooling2D([2]int{2, 2}), Flatten(),
				Dense(5, Activation("sigmoid")), Dense(3)}
		}, []int{9, 8, 2}, "mse", 3},
		{"conv 1x1 linear, pool 3x3 stride 2, sparse", func() []Layer {
			return []Layer{Conv2D(3, [2]int{1, 1}), MaxPooling2D([2]int{3, 3},
				Strides(2, 2)), Flatten(), Dense(4, Activation("softmax"))}
		}, []int{7, 7, 2}, "sparse_categorical_crossentropy", 4},
		{"notebook model with tanh on 15x15", func() []Layer {
			// tanh keeps the loss smooth and a small image keeps pooling
			// switches few: both make finite differences unreliable (the
			// gorgonia test covers the real model).
			return []Layer{Conv2D(4, [2]int{3, 3}, Activation("tanh")),
				MaxPooling2D([2]int{2, 2}), Conv2D(6, [2]int{3, 3}, Activation("tanh")),
				MaxPooling2D([2]int{2, 2}), Flatten(), Dense(8, Activation("tanh")),
				Dense(10, Activation("softmax"))}
		}, []int{15, 15, 1}, "categorical_crossentropy", 10},
		{"dropout, softmax without fusion", func() []Layer {
			return []Layer{Flatten(), Dense(6, Activation("tanh")), Dropout(0.3),
				Dense(3, Activation("softmax")), Dense(2, Activation("softmax"))}
		}, []int{4, 3}, "categorical_crossentropy", 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			SetRandomSeed(3)
			layers := c.layers()
			layers[0].base().cfg.inputShape = c.in
			m := NewSequential(layers...)
			if err := m.Compile(SGD(0.1, 0), c.loss); err != nil {
				t.Fatal(err)
			}
			const n = 5
			x := randTensor(r, append([]int{n}, c.in...)...)
			y := oneHot(r, n, c.k)
			if c.loss == "sparse_categorical_crossentropy" {
				y = LabelsTensor([]uint8{0, 3, 1, 2, 3})
			}
			checkGradients(t, m, x.data, y.data, n)
		})
	}
}

// TestPoolTiesSendGradientOnce checks that a window whose values are equal
// (as on MNIST's blank background) passes its gradient to one input.
func TestPoolTiesSendGradientOnce(t *testing.T) {
	l := MaxPooling2D([2]int{2, 2}).(*maxPooling2D)
	if _, err := l.build([]int{2, 2, 1}); err != nil {
		t.Fatal(err)
	}
	r := l.newRunner(1)
	out := r.forward([]float32{0.5, 0.5, 0.5, 0.5}, 1, true)
	dx := r.backward([]float32{1}, 1, true)
	if out[0] != 0.5 || dx[0] != 1 || dx[1]+dx[2]+dx[3] != 0 {
		t.Errorf("pool of a tie: out %v, dx %v; want 0.5 and [1 0 0 0]", out, dx)
	}
}
