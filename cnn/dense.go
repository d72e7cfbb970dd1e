package cnn

import (
	"fmt"
	"math/rand/v2"
)

// dense is a fully connected layer: y = act(x·W + b).
type dense struct {
	layerBase
	units int
	inDim int
	act   activation
}

// Dense returns a fully connected layer with the given number of units.
// Its input must be one-dimensional per sample (use Flatten after
// convolutions). Options: Activation, InputShape, Name.
func Dense(units int, opts ...LayerOption) Layer {
	l := &dense{layerBase: newBase("Dense", opts), units: units}
	l.act, l.err = parseActivation(l.cfg.activation)
	if l.err == nil && units <= 0 {
		l.err = fmt.Errorf("units must be positive, got %d", units)
	}
	return l
}

func (l *dense) build(in []int) ([]int, error) {
	if len(in) != 1 {
		return nil, l.errorf("expects one-dimensional input per sample, got %s "+
			"(add Flatten before it)", fmtShape(in))
	}
	l.inDim = in[0]
	l.params = []*param{
		newParam(l.name+"/kernel", l.inDim, l.units),
		newParam(l.name+"/bias", l.units),
	}
	l.params[0].glorotUniform(l.inDim, l.units, initRand())
	return []int{l.units}, nil
}

type denseRunner struct {
	l               *dense
	x               []float32
	out, dx, dw, db []float32
	fused           bool
}

func (l *dense) newRunner(maxN int) runner {
	return &denseRunner{l: l, out: make([]float32, maxN*l.units),
		dw: make([]float32, l.inDim*l.units), db: make([]float32, l.units)}
}

func (r *denseRunner) setFused() { r.fused = true }

func (r *denseRunner) forward(x []float32, n int, train bool) []float32 {
	l := r.l
	r.x = x
	out := r.out[:n*l.units]
	sgemm(false, false, n, l.units, l.inDim, 1, x, l.inDim, l.params[0].w, l.units,
		0, out, l.units)
	l.act.biasAct(out, l.params[1].w)
	return out
}

func (r *denseRunner) backward(dy []float32, n int, needDx bool) []float32 {
	l := r.l
	dz := dy[:n*l.units]
	if !r.fused {
		l.act.backward(r.out[:n*l.units], dz, l.units)
	}
	sgemm(true, false, l.inDim, l.units, n, 1, r.x, l.inDim, dz, l.units, 0, r.dw, l.units)
	colSums(dz, r.db)
	if !needDx {
		return nil
	}
	r.dx = grow(r.dx, n*l.inDim)
	sgemm(false, true, n, l.inDim, l.units, 1, dz, l.units, l.params[0].w, l.units,
		0, r.dx, l.inDim)
	return r.dx
}

func (r *denseRunner) grads() [][]float32 { return [][]float32{r.dw, r.db} }

// dropout zeroes a random fraction of its input while training and scales
// the rest so that the expected sum is unchanged.
type dropout struct {
	layerBase
	rate float64
}

// Dropout returns a layer that, during training only, sets each input value
// to zero with probability rate and scales the others by 1/(1-rate).
func Dropout(rate float64, opts ...LayerOption) Layer {
	l := &dropout{layerBase: newBase("Dropout", opts), rate: rate}
	if rate < 0 || rate >= 1 {
		l.err = fmt.Errorf("rate must be in [0, 1), got %g", rate)
	}
	return l
}

func (l *dropout) build(in []int) ([]int, error) { return append([]int(nil), in...), nil }

type dropoutRunner struct {
	l         *dropout
	mask, out []float32
	rng       *rand.Rand
	pcg       *rand.PCG
	active    bool
}

func (l *dropout) newRunner(maxN int) runner {
	pcg := rand.NewPCG(1, 2)
	return &dropoutRunner{l: l, pcg: pcg, rng: rand.New(pcg)}
}

// reseed makes the masks of a step depend only on the Fit seed, the step
// and the worker, so that training is reproducible.
func (r *dropoutRunner) reseed(seed, stream uint64) { r.pcg.Seed(seed, stream) }

func (r *dropoutRunner) forward(x []float32, n int, train bool) []float32 {
	r.active = train && r.l.rate > 0
	if !r.active {
		return x
	}
	r.mask, r.out = grow(r.mask, len(x)), grow(r.out, len(x))
	keep, scale := 1-r.l.rate, float32(1/(1-r.l.rate))
	for i, v := range x {
		m := float32(0)
		if r.rng.Float64() < keep {
			m = scale
		}
		r.mask[i], r.out[i] = m, v*m
	}
	return r.out
}

func (r *dropoutRunner) backward(dy []float32, n int, needDx bool) []float32 {
	if r.active {
		for i, m := range r.mask[:len(dy)] {
			dy[i] *= m
		}
	}
	return dy
}

func (r *dropoutRunner) grads() [][]float32 { return nil }
