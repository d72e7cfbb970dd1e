package cnn

import (
	"fmt"
	"math"
)

// Optimizer updates a model's weights from their gradients. Adam and SGD
// make one.
type Optimizer interface {
	// Name returns the optimizer's Keras name, such as "adam".
	Name() string
	// LearningRate returns the current learning rate.
	LearningRate() float64
	// SetLearningRate changes the learning rate for the next steps.
	SetLearningRate(lr float64)
	// Iterations returns how many updates have been applied.
	Iterations() int

	update(ps []*param)
}

// adam is Adam with Keras's bias correction folded into the step size.
type adam struct {
	lr, beta1, beta2, eps float64
	t                     int
}

// Adam returns the Adam optimizer with Keras's defaults: beta1 0.9, beta2
// 0.999, epsilon 1e-7.
func Adam(lr float64) Optimizer { return AdamWith(lr, 0.9, 0.999, 1e-7) }

// AdamWith returns the Adam optimizer with explicit moment decay rates and
// epsilon. Each step t (from 1) does, per weight w with gradient g:
//
//	m = beta1·m + (1-beta1)·g
//	v = beta2·v + (1-beta2)·g²
//	w -= lr·sqrt(1-beta2^t)/(1-beta1^t) · m/(sqrt(v)+epsilon)
func AdamWith(lr, beta1, beta2, epsilon float64) Optimizer {
	return &adam{lr: lr, beta1: beta1, beta2: beta2, eps: epsilon}
}

func (a *adam) Name() string               { return "adam" }
func (a *adam) LearningRate() float64      { return a.lr }
func (a *adam) SetLearningRate(lr float64) { a.lr = lr }
func (a *adam) Iterations() int            { return a.t }

// String describes the optimizer's settings.
func (a *adam) String() string {
	return fmt.Sprintf("Adam(lr=%g, beta1=%g, beta2=%g, epsilon=%g)", a.lr, a.beta1, a.beta2,
		a.eps)
}

func (a *adam) update(ps []*param) {
	a.t++
	t := float64(a.t)
	step := float32(a.lr * math.Sqrt(1-math.Pow(a.beta2, t)) / (1 - math.Pow(a.beta1, t)))
	b1, b2 := float32(a.beta1), float32(a.beta2)
	c1, c2, eps := 1-b1, 1-b2, float32(a.eps)
	for _, p := range ps {
		if p.m == nil {
			p.m, p.v = make([]float32, len(p.w)), make([]float32, len(p.w))
		}
		m, v, w := p.m[:len(p.g)], p.v[:len(p.g)], p.w[:len(p.g)]
		for i, g := range p.g {
			mi := b1*m[i] + c1*g
			vi := b2*v[i] + c2*g*g
			m[i], v[i] = mi, vi
			w[i] -= step * mi / (float32(math.Sqrt(float64(vi))) + eps)
		}
	}
}

// sgd is stochastic gradient descent with optional momentum.
type sgd struct {
	lr, momentum float64
	t            int
}

// SGD returns stochastic gradient descent; with momentum > 0 each step
// does velocity = momentum·velocity - lr·g; w += velocity, as Keras does.
func SGD(lr, momentum float64) Optimizer { return &sgd{lr: lr, momentum: momentum} }

func (s *sgd) Name() string               { return "sgd" }
func (s *sgd) LearningRate() float64      { return s.lr }
func (s *sgd) SetLearningRate(lr float64) { s.lr = lr }
func (s *sgd) Iterations() int            { return s.t }

// String describes the optimizer's settings.
func (s *sgd) String() string { return fmt.Sprintf("SGD(lr=%g, momentum=%g)", s.lr, s.momentum) }

func (s *sgd) update(ps []*param) {
	s.t++
	lr, mom := float32(s.lr), float32(s.momentum)
	for _, p := range ps {
		if mom == 0 {
			for i, g := range p.g {
				p.w[i] -= lr * g
			}
			continue
		}
		if p.m == nil {
			p.m = make([]float32, len(p.w))
		}
		for i, g := range p.g {
			p.m[i] = mom*p.m[i] - lr*g
			p.w[i] += p.m[i]
		}
	}
}
