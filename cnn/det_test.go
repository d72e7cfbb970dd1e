package cnn

import (
	"math/rand/v2"
	"testing"
)

func TestDeterministicGradients(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	SetRandomSeed(3)
	m := NewSequential(Conv2D(4, [2]int{3, 3}, Activation("relu"), InputShape(28, 28, 1)),
		MaxPooling2D([2]int{2, 2}), Conv2D(6, [2]int{3, 3}, Activation("relu")),
		MaxPooling2D([2]int{2, 2}), Flatten(), Dense(8, Activation("relu")),
		Dense(10, Activation("softmax")))
	m.Compile(SGD(0.1, 0), "categorical_crossentropy")
	x := Zeros(5, 28, 28, 1)
	for i := range x.data {
		x.data[i] = r.Float32()
	}
	y := oneHot(r, 5, 10)
	m.ensureWorkers(5)
	var first [][]float32
	for run := 0; run < 4; run++ {
		m.gradients(x.data, y.data, 5, 9, 0)
		for i, p := range m.params() {
			if run == 0 {
				first = append(first, append([]float32(nil), p.g...))
				continue
			}
			for j := range p.g {
				if p.g[j] != first[i][j] {
					t.Fatalf("run %d: %s[%d] = %g, first run %g", run, p.name, j, p.g[j],
						first[i][j])
				}
			}
		}
	}
}
