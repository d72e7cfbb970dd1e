package cnn

import (
	"fmt"
	"math"
)

// lossFunc computes a loss, its gradient and the accuracy count on a share
// of a batch. The gradient is divided by the whole batch's size, so the
// shares' weight gradients add up to the batch mean's.
type lossFunc interface {
	name() string
	// sparse reports whether targets are class indices (one per sample).
	sparse() bool
	// eval returns the summed loss and number of correct predictions of n
	// samples, and writes dL/dout into dout (nil for evaluation only).
	// When fused is set, dout is the gradient before the output softmax.
	eval(out, y []float32, n, k int, batch int, dout []float32, fused bool) (float64, int)
	// fusesSoftmax reports whether eval can skip a softmax's Jacobian.
	fusesSoftmax() bool
}

const probEps = 1e-7 // Keras's clipping of probabilities in cross-entropy

func newLoss(name string) (lossFunc, error) {
	switch name {
	case "categorical_crossentropy":
		return crossEntropy{}, nil
	case "sparse_categorical_crossentropy":
		return crossEntropy{sparseY: true}, nil
	case "mse", "mean_squared_error":
		return mse{}, nil
	}
	return nil, fmt.Errorf("unknown loss %q (want categorical_crossentropy, "+
		"sparse_categorical_crossentropy or mse)", name)
}

type crossEntropy struct{ sparseY bool }

func (c crossEntropy) name() string {
	if c.sparseY {
		return "sparse_categorical_crossentropy"
	}
	return "categorical_crossentropy"
}

func (c crossEntropy) sparse() bool       { return c.sparseY }
func (c crossEntropy) fusesSoftmax() bool { return true }

func (c crossEntropy) eval(out, y []float32, n, k, batch int, dout []float32,
	fused bool) (float64, int) {
	var sum float64
	correct := 0
	inv := float32(1 / float64(batch))
	for i := 0; i < n; i++ {
		p := out[i*k : (i+1)*k]
		label := c.label(y, i, k)
		if argmax(p) == label {
			correct++
		}
		for j, pj := range p {
			t := c.target(y, i, j, k, label)
			if t != 0 {
				sum -= float64(t) * math.Log(clip(float64(pj)))
			}
			if dout == nil {
				continue
			}
			if fused {
				dout[i*k+j] = (pj - t) * inv
			} else {
				dout[i*k+j] = -t / float32(clip(float64(pj))) * inv
			}
		}
	}
	return sum, correct
}

// label returns sample i's class: its index when sparse, else the argmax of
// its one-hot row.
func (c crossEntropy) label(y []float32, i, k int) int {
	if c.sparseY {
		return int(y[i])
	}
	return argmax(y[i*k : (i+1)*k])
}

func (c crossEntropy) target(y []float32, i, j, k, label int) float32 {
	if c.sparseY {
		if j == label {
			return 1
		}
		return 0
	}
	return y[i*k+j]
}

func clip(p float64) float64 { return min(max(p, probEps), 1-probEps) }

type mse struct{}

func (mse) name() string       { return "mse" }
func (mse) sparse() bool       { return false }
func (mse) fusesSoftmax() bool { return false }

func (mse) eval(out, y []float32, n, k, batch int, dout []float32, _ bool) (float64, int) {
	var sum float64
	correct := 0
	scale := float32(2 / float64(k*batch))
	for i := 0; i < n; i++ {
		p, t := out[i*k:(i+1)*k], y[i*k:(i+1)*k]
		var s float64
		for j := range p {
			d := p[j] - t[j]
			s += float64(d) * float64(d)
			if dout != nil {
				dout[i*k+j] = d * scale
			}
		}
		sum += s / float64(k)
		if k == 1 {
			if (p[0] > 0.5) == (t[0] > 0.5) {
				correct++
			}
		} else if argmax(p) == argmax(t) {
			correct++
		}
	}
	return sum, correct
}
