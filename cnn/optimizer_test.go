package cnn

import (
	"math"
	"testing"
)

// TestAdamClosedForm checks two Adam steps on two weights against values
// worked out by hand from the update rule.
func TestAdamClosedForm(t *testing.T) {
	p := &param{w: []float32{1, -2}, g: []float32{0.5, -0.1}}
	opt := AdamWith(0.1, 0.9, 0.999, 1e-7)

	// Step 1: m = 0.1·g, v = 0.001·g², step size 0.1·sqrt(0.001)/0.1, so
	// each weight moves by 0.1·sqrt(0.001)/0.1 · 0.1·g/(sqrt(0.001)·|g|+eps)
	// ≈ 0.1·sign(g).
	opt.update([]*param{p})
	want1 := []float64{1 - 0.1*adamRatio(0.5, 1), -2 + 0.1*adamRatio(0.1, 1)}
	for i, w := range want1 {
		if math.Abs(float64(p.w[i])-w) > 1e-6 {
			t.Errorf("after step 1, w[%d] = %.7f, want %.7f", i, p.w[i], w)
		}
	}
	if math.Abs(float64(p.w[0])-0.9) > 1e-5 {
		t.Errorf("after step 1, w[0] = %.7f, want about 0.9 (a step of lr)", p.w[0])
	}

	// Step 2 with the gradient halved: m = 0.9·m1 + 0.1·g2, v likewise.
	p.g = []float32{0.25, -0.05}
	opt.update([]*param{p})
	for i, g1 := range []float64{0.5, -0.1} {
		g2 := g1 / 2
		m := 0.9*0.1*g1 + 0.1*g2
		v := 0.999*0.001*g1*g1 + 0.001*g2*g2
		step := 0.1 * math.Sqrt(1-0.999*0.999) / (1 - 0.9*0.9)
		want := want1[i] - step*m/(math.Sqrt(v)+1e-7)
		// The optimizer state is float32: allow a few of its rounding steps.
		if math.Abs(float64(p.w[i])-want) > 5e-6 {
			t.Errorf("after step 2, w[%d] = %.7f, want %.7f", i, p.w[i], want)
		}
	}
	if opt.Iterations() != 2 {
		t.Errorf("Iterations() = %d, want 2", opt.Iterations())
	}
}

// adamRatio is m̂/(sqrt(v̂)+eps) after t steps of the constant gradient g.
func adamRatio(g float64, t int) float64 {
	b1, b2 := 0.9, 0.999
	m := (1 - math.Pow(b1, float64(t))) * g
	v := (1 - math.Pow(b2, float64(t))) * g * g
	step := math.Sqrt(1-math.Pow(b2, float64(t))) / (1 - math.Pow(b1, float64(t)))
	return step * m / (math.Sqrt(v) + 1e-7)
}

func TestSGDMomentum(t *testing.T) {
	p := &param{w: []float32{1}, g: []float32{2}}
	opt := SGD(0.1, 0.5)
	opt.update([]*param{p}) // v = -0.2, w = 0.8
	opt.update([]*param{p}) // v = -0.1 - 0.2 = -0.3, w = 0.5
	if math.Abs(float64(p.w[0])-0.5) > 1e-6 {
		t.Errorf("w = %g after two momentum steps, want 0.5", p.w[0])
	}
}
