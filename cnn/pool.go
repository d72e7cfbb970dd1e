package cnn

import (
	"fmt"
	"math"
)

// maxPooling2D keeps the largest value of each window, per channel.
type maxPooling2D struct {
	layerBase
	pool [2]int
	g    convGeom
}

// MaxPooling2D returns a max-pooling layer with the given window (height,
// width). The stride defaults to the window size (option Strides); windows
// that would leave the input are dropped ("valid" padding).
func MaxPooling2D(pool [2]int, opts ...LayerOption) Layer {
	l := &maxPooling2D{layerBase: newBase("MaxPooling2D", opts), pool: pool}
	if l.cfg.strides == [2]int{} {
		l.cfg.strides = pool
	}
	switch {
	case pool[0] <= 0 || pool[1] <= 0:
		l.err = fmt.Errorf("pool size must be positive, got %v", pool)
	case l.cfg.strides[0] <= 0 || l.cfg.strides[1] <= 0:
		l.err = fmt.Errorf("strides must be positive, got %v", l.cfg.strides)
	case l.cfg.padding != "valid":
		// TODO: "same" padding for pooling; the models built here do not use it.
		l.err = fmt.Errorf("only \"valid\" padding is supported, got %q", l.cfg.padding)
	}
	return l
}

func (l *maxPooling2D) build(in []int) ([]int, error) {
	if len(in) != 3 {
		return nil, l.errorf("expects input of shape (height, width, channels), got %s",
			fmtShape(in))
	}
	g, err := newGeom(in, l.pool, l.cfg.strides, "valid")
	if err != nil {
		return nil, l.errorf("%v", err)
	}
	l.g = g
	return []int{g.oh, g.ow, g.c}, nil
}

type poolRunner struct {
	l       *maxPooling2D
	out, dx []float32
	idx     []int32 // input offset (within the image) of each output's max
	// When the input is a convolution's output before its bias and its
	// (monotonic) activation, the pooling applies them to its 4× smaller
	// output instead: max commutes with adding a per-channel constant and
	// with an increasing function. bias is then the convolution's.
	deferred bool
	act      activation
	bias     []float32
}

// takeActivation makes the runner apply bias and act after pooling.
func (r *poolRunner) takeActivation(act activation, bias []float32) {
	r.deferred, r.act, r.bias = true, act, bias
}

func (l *maxPooling2D) newRunner(maxN int) runner {
	n := maxN * l.g.oh * l.g.ow * l.g.c
	return &poolRunner{l: l, out: make([]float32, n), idx: make([]int32, n)}
}

func (r *poolRunner) forward(x []float32, n int, train bool) []float32 {
	g := &r.l.g
	img, oimg := g.h*g.w*g.c, g.oh*g.ow*g.c
	for b := 0; b < n; b++ {
		xb := x[b*img : (b+1)*img]
		ob, ib := r.out[b*oimg:(b+1)*oimg], r.idx[b*oimg:(b+1)*oimg]
		for oh := 0; oh < g.oh; oh++ {
			for ow := 0; ow < g.ow; ow++ {
				o := (oh*g.ow + ow) * g.c
				if g.kh == 2 && g.kw == 2 {
					pool2x2(xb, ob[o:o+g.c], ib[o:o+g.c], oh*g.sh, ow*g.sw, g)
				} else {
					poolWindow(xb, ob[o:o+g.c], ib[o:o+g.c], oh*g.sh, ow*g.sw, g)
				}
			}
		}
	}
	out := r.out[:n*oimg]
	if r.deferred {
		r.act.biasAct(out, r.bias)
	}
	return out
}

// pool2x2 is poolWindow for the common 2×2 window. The position of the
// maximum is picked by comparing bit patterns, which the compiler turns
// into conditional moves: branches on the data would be unpredictable.
// The first position holding the maximum wins, so ties (frequent on
// MNIST's blank background) send the gradient to one input only.
func pool2x2(x, out []float32, idx []int32, h0, w0 int, g *convGeom) {
	c := len(out)
	p00 := (h0*g.w + w0) * c
	p01, p10 := p00+c, p00+g.w*c
	p11 := p10 + c
	a, b := x[p00:p00+c], x[p01:p01+c]
	d, e := x[p10:p10+c], x[p11:p11+c]
	idx = idx[:c]
	for i := range out {
		m := max(max(a[i], b[i]), max(d[i], e[i]))
		mb := math.Float32bits(m)
		at := int32(p11 + i)
		if math.Float32bits(d[i]) == mb {
			at = int32(p10 + i)
		}
		if math.Float32bits(b[i]) == mb {
			at = int32(p01 + i)
		}
		if math.Float32bits(a[i]) == mb {
			at = int32(p00 + i)
		}
		out[i], idx[i] = m, at
	}
}

// poolWindow writes the channel-wise maximum of the window at (h0, w0).
func poolWindow(x, out []float32, idx []int32, h0, w0 int, g *convGeom) {
	first := (h0*g.w + w0) * g.c
	copy(out, x[first:first+g.c])
	for c := range idx {
		idx[c] = int32(first + c)
	}
	for kh := 0; kh < g.kh; kh++ {
		for kw := 0; kw < g.kw; kw++ {
			if kh == 0 && kw == 0 {
				continue
			}
			p := ((h0+kh)*g.w + w0 + kw) * g.c
			for c, v := range x[p : p+g.c] {
				if v > out[c] {
					out[c], idx[c] = v, int32(p+c)
				}
			}
		}
	}
}

func (r *poolRunner) backward(dy []float32, n int, needDx bool) []float32 {
	if !needDx {
		return nil
	}
	g := &r.l.g
	img, oimg := g.h*g.w*g.c, g.oh*g.ow*g.c
	if r.deferred {
		r.act.backward(r.out[:n*oimg], dy[:n*oimg], g.c)
	}
	r.dx = grow(r.dx, n*img)
	clear(r.dx)
	for b := 0; b < n; b++ {
		db := r.dx[b*img : (b+1)*img]
		ib := r.idx[b*oimg : (b+1)*oimg]
		for i, v := range dy[b*oimg : (b+1)*oimg] {
			db[ib[i]] += v
		}
	}
	return r.dx
}

func (r *poolRunner) grads() [][]float32 { return nil }

// flatten turns each sample into a vector; NHWC data needs no copy.
type flatten struct{ layerBase }

// Flatten returns a layer that reshapes each sample to one dimension.
func Flatten(opts ...LayerOption) Layer {
	return &flatten{layerBase: newBase("Flatten", opts)}
}

func (l *flatten) build(in []int) ([]int, error) {
	n, _ := shapeSize(in)
	return []int{n}, nil
}

type identityRunner struct{}

func (l *flatten) newRunner(maxN int) runner { return identityRunner{} }

func (identityRunner) forward(x []float32, n int, train bool) []float32 { return x }

func (identityRunner) backward(dy []float32, n int, needDx bool) []float32 { return dy }

func (identityRunner) grads() [][]float32 { return nil }
