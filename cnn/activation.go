package cnn

import (
	"fmt"
	"math"
)

// activation is an element-wise (or, for softmax, row-wise) function that
// Conv2D and Dense apply to their output.
type activation int

const (
	actLinear activation = iota
	actReLU
	actSigmoid
	actTanh
	actSoftmax
)

var activationNames = map[string]activation{
	"": actLinear, "linear": actLinear, "relu": actReLU, "sigmoid": actSigmoid,
	"tanh": actTanh, "softmax": actSoftmax,
}

func parseActivation(name string) (activation, error) {
	a, ok := activationNames[name]
	if !ok {
		return 0, fmt.Errorf("unknown activation %q (want relu, softmax, sigmoid, tanh or linear)",
			name)
	}
	return a, nil
}

func (a activation) String() string {
	return [...]string{"linear", "relu", "sigmoid", "tanh", "softmax"}[a]
}

// biasAct adds bias to each row of z (rows of width len(bias)) and applies
// the activation in place: one pass over the output.
func (a activation) biasAct(z []float32, bias []float32) {
	w := len(bias)
	switch a {
	case actReLU:
		for i := 0; i+w <= len(z); i += w {
			row := z[i : i+w]
			for j, b := range bias {
				row[j] = max(row[j]+b, 0)
			}
		}
	case actSoftmax:
		for i := 0; i+w <= len(z); i += w {
			row := z[i : i+w]
			for j, b := range bias {
				row[j] += b
			}
			softmax(row)
		}
	default:
		for i := 0; i+w <= len(z); i += w {
			row := z[i : i+w]
			for j, b := range bias {
				row[j] = a.apply(row[j] + b)
			}
		}
	}
}

func (a activation) apply(v float32) float32 {
	switch a {
	case actReLU:
		return max(v, 0)
	case actSigmoid:
		return float32(1 / (1 + math.Exp(-float64(v))))
	case actTanh:
		return float32(math.Tanh(float64(v)))
	}
	return v
}

// backward turns dy, the gradient at the activation's output y, into the
// gradient at its input, in place. Rows are width wide.
func (a activation) backward(y, dy []float32, width int) {
	switch a {
	case actReLU:
		for i, v := range y {
			if v <= 0 {
				dy[i] = 0
			}
		}
	case actSigmoid:
		for i, v := range y {
			dy[i] *= v * (1 - v)
		}
	case actTanh:
		for i, v := range y {
			dy[i] *= 1 - v*v
		}
	case actSoftmax:
		for i := 0; i+width <= len(y); i += width {
			yr, dr := y[i:i+width], dy[i:i+width]
			var dot float64
			for j, v := range yr {
				dot += float64(v) * float64(dr[j])
			}
			for j, v := range yr {
				dr[j] = v * (dr[j] - float32(dot))
			}
		}
	}
}

func softmax(row []float32) {
	m := row[0]
	for _, v := range row {
		m = max(m, v)
	}
	var sum float64
	for j, v := range row {
		e := math.Exp(float64(v - m))
		row[j] = float32(e)
		sum += e
	}
	inv := float32(1 / sum)
	for j := range row {
		row[j] *= inv
	}
}
