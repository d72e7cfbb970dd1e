package cnn

import (
	"math"
	"testing"

	G "gorgonia.org/gorgonia"
	"gorgonia.org/tensor"
)

// TestGradientsMatchGorgonia computes the notebook model's gradients on one
// batch with gorgonia's autodiff (float64, NCHW) from the same weights and
// compares them with the engine's.
func TestGradientsMatchGorgonia(t *testing.T) {
	SetRandomSeed(11)
	m := seedModel()
	if err := m.Compile(Adam(0.001), "categorical_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	const n = 8
	x, y := randomBatch(n, 4)
	m.ensureWorkers(n)
	m.gradients(x.data, y.data, n, 1, 0)

	want := gorgoniaGradients(t, m, x, y, n)
	for i, p := range m.params() {
		var worst, scale float64
		for j, g := range p.g {
			worst = max(worst, math.Abs(float64(g)-want[i][j]))
			scale = max(scale, math.Abs(want[i][j]))
		}
		t.Logf("%-16s max |Δ| %.2e, max |gradient| %.2e", p.name, worst, scale)
		if worst > 1e-5*max(scale, 1e-2) {
			t.Errorf("%s: engine and gorgonia differ by up to %.3g (largest gradient %.3g)",
				p.name, worst, scale)
		}
	}
}

// gorgoniaGradients returns the gradients of the batch's mean cross-entropy
// for m's parameters, in m.params() order and layout.
func gorgoniaGradients(t *testing.T, m *Sequential, x, y *Tensor, n int) [][]float64 {
	t.Helper()
	g := G.NewGraph()
	ps := m.params()
	node := func(name string, shape tensor.Shape, data []float64) *G.Node {
		v := tensor.New(tensor.WithShape(shape...), tensor.WithBacking(data))
		return G.NewTensor(g, tensor.Float64, len(shape), G.WithShape(shape...),
			G.WithName(name), G.WithValue(v))
	}
	k1, b1 := node("k1", tensor.Shape{32, 1, 3, 3}, toOIHW(ps[0])), node("b1",
		tensor.Shape{1, 32, 1, 1}, to64(ps[1].w))
	k2, b2 := node("k2", tensor.Shape{64, 32, 3, 3}, toOIHW(ps[2])), node("b2",
		tensor.Shape{1, 64, 1, 1}, to64(ps[3].w))
	w3, b3 := node("w3", tensor.Shape{1600, 64}, to64(ps[4].w)), node("b3",
		tensor.Shape{1, 64}, to64(ps[5].w))
	w4, b4 := node("w4", tensor.Shape{64, 10}, to64(ps[6].w)), node("b4",
		tensor.Shape{1, 10}, to64(ps[7].w))
	in := node("x", tensor.Shape{n, 1, 28, 28}, to64(x.data))
	target := node("y", tensor.Shape{n, 10}, to64(y.data))

	convBlock := func(h, k, b *G.Node) *G.Node {
		c := G.Must(G.Conv2d(h, k, tensor.Shape{3, 3}, []int{0, 0}, []int{1, 1},
			[]int{1, 1}))
		r := G.Must(G.Rectify(G.Must(G.BroadcastAdd(c, b, nil, []byte{0, 2, 3}))))
		return G.Must(G.MaxPool2D(r, tensor.Shape{2, 2}, []int{0, 0}, []int{2, 2}))
	}
	h := convBlock(convBlock(in, k1, b1), k2, b2)
	h = G.Must(G.Reshape(G.Must(G.Transpose(h, 0, 2, 3, 1)), tensor.Shape{n, 1600}))
	h = G.Must(G.Rectify(G.Must(G.BroadcastAdd(G.Must(G.Mul(h, w3)), b3, nil,
		[]byte{0}))))
	p := G.Must(G.SoftMax(G.Must(G.BroadcastAdd(G.Must(G.Mul(h, w4)), b4, nil,
		[]byte{0}))))
	sum := G.Must(G.Sum(G.Must(G.HadamardProd(target, G.Must(G.Log(p))))))
	cost := G.Must(G.Div(G.Must(G.Neg(sum)), G.NewConstant(float64(n))))
	wrt := G.Nodes{k1, b1, k2, b2, w3, b3, w4, b4}
	grads, err := G.Grad(cost, wrt...)
	if err != nil {
		t.Fatal(err)
	}
	vm := G.NewTapeMachine(g)
	defer vm.Close()
	if err := vm.RunAll(); err != nil {
		t.Fatal(err)
	}
	out := make([][]float64, len(grads))
	for i, gn := range grads {
		data := gn.Value().Data().([]float64)
		if i == 0 || i == 2 {
			out[i] = fromOIHW(ps[i], data)
		} else {
			out[i] = append([]float64(nil), data...)
		}
	}
	return out
}

func to64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}

// toOIHW converts a (kh, kw, c, f) kernel to gorgonia's (f, c, kh, kw).
func toOIHW(p *param) []float64 {
	kh, kw, c, f := p.shape[0], p.shape[1], p.shape[2], p.shape[3]
	out := make([]float64, len(p.w))
	for i := 0; i < kh; i++ {
		for j := 0; j < kw; j++ {
			for ci := 0; ci < c; ci++ {
				for fi := 0; fi < f; fi++ {
					out[((fi*c+ci)*kh+i)*kw+j] = float64(p.w[((i*kw+j)*c+ci)*f+fi])
				}
			}
		}
	}
	return out
}

// fromOIHW converts gorgonia's (f, c, kh, kw) layout back to (kh, kw, c, f).
func fromOIHW(p *param, v []float64) []float64 {
	kh, kw, c, f := p.shape[0], p.shape[1], p.shape[2], p.shape[3]
	out := make([]float64, len(v))
	for i := 0; i < kh; i++ {
		for j := 0; j < kw; j++ {
			for ci := 0; ci < c; ci++ {
				for fi := 0; fi < f; fi++ {
					out[((i*kw+j)*c+ci)*f+fi] = v[((fi*c+ci)*kh+i)*kw+j]
				}
			}
		}
	}
	return out
}
