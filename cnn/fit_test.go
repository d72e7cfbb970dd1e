package cnn_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/gonote/gonote/cnn"
)

// TestFitTrainsLastPartialBatch checks that, as in Keras, an epoch over n
// samples in batches of b takes ceil(n/b) optimiser steps: the last,
// smaller batch is trained, not dropped.
func TestFitTrainsLastPartialBatch(t *testing.T) {
	cases := []struct{ n, batch, steps int }{
		{10, 4, 3}, {8, 4, 2}, {3, 4, 1}, {33, 32, 2},
	}
	for _, c := range cases {
		m := toyModel(t)
		x, y := toyData(c.n, 11)
		var batches []int
		count := cnn.CallbackFuncs{BatchEnd: func(_ *cnn.Sequential, b int, _ cnn.Logs) {
			batches = append(batches, b)
		}}
		const epochs = 2
		if _, err := m.Fit(x, y, cnn.Epochs(epochs), cnn.BatchSize(c.batch),
			cnn.Callbacks(count), cnn.Verbose(0)); err != nil {
			t.Fatal(err)
		}
		if got := m.Optimizer().Iterations(); got != epochs*c.steps {
			t.Errorf("n=%d batch=%d: %d optimiser steps in %d epochs, want %d", c.n,
				c.batch, got, epochs, epochs*c.steps)
		}
		if len(batches) != epochs*c.steps || batches[len(batches)-1] != c.steps-1 {
			t.Errorf("n=%d batch=%d: OnBatchEnd saw batches %v, want 0..%d twice", c.n,
				c.batch, batches, c.steps-1)
		}
	}
}

// captureStdout returns what f prints to os.Stdout, which it sends to a
// file (not a terminal, so progress lines are printed once, finished).
func captureStdout(t *testing.T, f func()) string {
	t.Helper()
	file, err := os.Create(filepath.Join(t.TempDir(), "stdout"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	saved := os.Stdout
	os.Stdout = file
	defer func() { os.Stdout = saved }()
	f()
	b, err := os.ReadFile(file.Name())
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestProgressInTerminal checks Fit's plain progress output outside a
// notebook: per epoch a header and one Keras-like line with the figures.
func TestProgressInTerminal(t *testing.T) {
	const figures = ` - accuracy: \d\.\d{4} - loss: \d+\.\d{4}`
	const val = ` - val_accuracy: \d\.\d{4} - val_loss: \d+\.\d{4}`
	const rate = ` - learning_rate: 0\.0100$`
	const step = `[\d.]+m?s/step`
	cases := []struct {
		verbose  int
		validate bool
		line     string
	}{
		{1, true, `^3/3 ━{20} \d+s ` + step + figures + val + rate},
		{2, true, `^3/3 - \d+s - ` + step + figures + val + rate},
		{1, false, `^3/3 ━{20} \d+s ` + step + figures + rate},
		{2, false, `^3/3 - \d+s - ` + step + figures + rate},
	}
	x, y := toyData(10, 12)
	for _, c := range cases {
		opts := []cnn.FitOption{cnn.Epochs(2), cnn.BatchSize(4), cnn.Verbose(c.verbose)}
		if c.validate {
			opts = append(opts, cnn.ValidationData(x, y))
		}
		out := captureStdout(t, func() {
			if _, err := toyModel(t).Fit(x, y, opts...); err != nil {
				t.Fatal(err)
			}
		})
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		re := regexp.MustCompile(c.line)
		if len(lines) != 4 || lines[0] != "Epoch 1/2" || lines[2] != "Epoch 2/2" ||
			!re.MatchString(lines[1]) || !re.MatchString(lines[3]) {
			t.Errorf("verbose %d, validation %v: output\n%s\nwant 2 × (Epoch e/2, a line "+
				"matching %s)", c.verbose, c.validate, out, c.line)
		}
	}
}
