package cnn

import "testing"

// maxStepAllocs bounds the objects one training step allocates; the docs
// claim 25, every buffer being reused from step to step.
const maxStepAllocs = 40

// stepAllocs returns the mean number of allocations of one training step
// of the notebook's model on a batch of n images, after a warm-up step.
func stepAllocs(t *testing.T, n int) float64 {
	t.Helper()
	m := seedModel()
	if err := m.Compile(Adam(0.001), "categorical_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	x, y := randomBatch(n, 1)
	m.ensureWorkers(n)
	m.trainBatch(x.data, y.data, n, 1, 0)
	step := 1
	return testing.AllocsPerRun(5, func() {
		m.trainBatch(x.data, y.data, n, 1, step)
		step++
	})
}

// TestTrainStepAllocsConstant checks that a training step allocates the
// same small number of objects whatever the batch size. The race detector
// leaves the counts unchanged, so it runs under -race too.
func TestTrainStepAllocsConstant(t *testing.T) {
	small, large := stepAllocs(t, 16), stepAllocs(t, 64)
	t.Logf("allocations per step: %v at batch 16, %v at batch 64", small, large)
	if small != large {
		t.Errorf("a step allocates %v objects at batch 16 but %v at batch 64, want equal",
			small, large)
	}
	if large > maxStepAllocs {
		t.Errorf("a step allocates %v objects, want at most %d", large, maxStepAllocs)
	}
}
