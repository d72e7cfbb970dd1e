package cnn

import (
	"math/rand/v2"
	"syscall"
	"testing"
	"time"
)

// cpuTime returns the process's user and system CPU time so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// seedModel builds the notebook's model: two convolutions with pooling,
// then two dense layers.
func seedModel() *Sequential {
	return NewSequential(
		Conv2D(32, [2]int{3, 3}, Activation("relu"), InputShape(28, 28, 1)),
		MaxPooling2D([2]int{2, 2}),
		Conv2D(64, [2]int{3, 3}, Activation("relu")),
		MaxPooling2D([2]int{2, 2}),
		Flatten(),
		Dense(64, Activation("relu")),
		Dense(10, Activation("softmax")),
	)
}

// randomBatch returns n random images in [0, 1) and one-hot labels.
func randomBatch(n int, seed uint64) (*Tensor, *Tensor) {
	r := rand.New(rand.NewPCG(seed, 3))
	x := Zeros(n, 28, 28, 1)
	for i := range x.data {
		x.data[i] = r.Float32()
	}
	labels := make([]uint8, n)
	for i := range labels {
		labels[i] = uint8(r.IntN(10))
	}
	return x, ToCategorical(labels, 10)
}

// BenchmarkTrainStep times one training step (forward, backward, Adam) of
// the notebook's model on a batch of 64 images; ms/step is the figure to
// compare with bench/pytorch_step.py.
func BenchmarkTrainStep(b *testing.B) {
	m := seedModel()
	if err := m.Compile(Adam(0.001), "categorical_crossentropy", "accuracy"); err != nil {
		b.Fatal(err)
	}
	x, y := randomBatch(64, 1)
	m.ensureWorkers(64)
	m.trainBatch(x.data, y.data, 64, 1, 0)
	b.Logf("BLAS: %s", BLAS())
	cpu0 := cpuTime()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		m.trainBatch(x.data, y.data, 64, 1, i)
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/step")
	// CPU time per step is steadier than wall time on a shared machine.
	b.ReportMetric((cpuTime()-cpu0).Seconds()*1000/float64(b.N), "cpu-ms/step")
}
