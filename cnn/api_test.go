package cnn_test

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gonote/gonote/cnn"
	"github.com/gonote/gonote/kernel/display"
)

// toyData returns n random 6×6×1 images whose class (of 3) is the quadrant
// sum that is largest, so a small model can learn it.
func toyData(n int, seed uint64) (*cnn.Tensor, *cnn.Tensor) {
	r := rand.New(rand.NewPCG(seed, 9))
	x := cnn.Zeros(n, 6, 6, 1)
	labels := make([]uint8, n)
	for i := 0; i < n; i++ {
		c := r.IntN(3)
		labels[i] = uint8(c)
		for j := 0; j < 36; j++ {
			v := r.Float32() * 0.3
			if j/12 == c {
				v += 0.7
			}
			x.Set(v, i, j/6, j%6, 0)
		}
	}
	return x, cnn.ToCategorical(labels, 3)
}

func toyModel(t *testing.T) *cnn.Sequential {
	t.Helper()
	cnn.SetRandomSeed(7)
	m := cnn.NewSequential(
		cnn.Conv2D(4, [2]int{3, 3}, cnn.Activation("relu"), cnn.InputShape(6, 6, 1)),
		cnn.MaxPooling2D([2]int{2, 2}),
		cnn.Flatten(),
		cnn.Dense(3, cnn.Activation("softmax")),
	)
	if err := m.Compile(cnn.Adam(0.01), "categorical_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSchedulerRecordsLearningRate(t *testing.T) {
	m := toyModel(t)
	x, y := toyData(50, 1)
	sched := cnn.LearningRateScheduler(func(epoch int) float64 {
		return 0.01 / float64(epoch+1)
	})
	h, err := m.Fit(x, y, cnn.Epochs(4), cnn.BatchSize(16), cnn.Callbacks(sched),
		cnn.Verbose(0), cnn.Seed(1))
	if err != nil {
		t.Fatal(err)
	}
	for e, lr := range h.History["learning_rate"] {
		if want := 0.01 / float64(e+1); math.Abs(lr-want) > 1e-12 {
			t.Errorf("epoch %d learning_rate = %g, want %g", e, lr, want)
		}
	}
	if len(h.History["learning_rate"]) != 4 || len(h.Epoch) != 4 || h.Epoch[3] != 3 {
		t.Errorf("history has epochs %v and %d rates, want 0..3", h.Epoch,
			len(h.History["learning_rate"]))
	}
	if _, ok := h.History["val_loss"]; ok {
		t.Error("val_loss recorded without ValidationData")
	}
}

func TestFitLearnsAndIsDeterministic(t *testing.T) {
	x, y := toyData(200, 2)
	xv, yv := toyData(60, 3)
	run := func() *cnn.History {
		m := toyModel(t)
		h, err := m.Fit(x, y, cnn.Epochs(5), cnn.BatchSize(32), cnn.Seed(4),
			cnn.ValidationData(xv, yv), cnn.Verbose(0))
		if err != nil {
			t.Fatal(err)
		}
		return h
	}
	a, b := run(), run()
	for k, v := range a.History {
		for i := range v {
			if v[i] != b.History[k][i] {
				t.Fatalf("%s[%d] differs between runs with one seed: %v vs %v", k, i, v[i],
					b.History[k][i])
			}
		}
	}
	if acc := a.History["val_accuracy"][4]; acc < 0.9 {
		t.Errorf("val_accuracy after 5 epochs = %.3f, want ≥ 0.9", acc)
	}
	if a.History["loss"][4] >= a.History["loss"][0] {
		t.Errorf("loss did not fall: %v", a.History["loss"])
	}
}

func TestBadInputErrors(t *testing.T) {
	x, y := toyData(10, 1)
	nan := cnn.Zeros(10, 6, 6, 1)
	nan.Set(float32(math.NaN()), 3, 1, 1, 0)
	cases := []struct {
		name string
		run  func() error
		want string
	}{
		{"fit before compile", func() error {
			m := cnn.NewSequential(cnn.Flatten(cnn.InputShape(6, 6, 1)), cnn.Dense(3))
			_, err := m.Fit(x, y)
			return err
		}, "Fit before Compile"},
		{"wrong input shape", func() error {
			_, err := toyModel(t).Fit(cnn.Zeros(10, 6, 6), y, cnn.Verbose(0))
			return err
		}, `x has shape (10, 6, 6) but layer "conv2d" (Conv2D) expects input of shape ` +
			`(None, 6, 6, 1)`},
		{"labels not matching outputs", func() error {
			_, err := toyModel(t).Fit(x, cnn.Zeros(10, 5), cnn.Verbose(0))
			return err
		}, `y has shape (10, 5) but the output of layer "dense" (Dense) has shape (None, 3)`},
		{"sample counts differ", func() error {
			_, err := toyModel(t).Fit(x, cnn.Zeros(9, 3), cnn.Verbose(0))
			return err
		}, "x has 10 samples but y has 9"},
		{"empty data", func() error {
			_, err := toyModel(t).Fit(cnn.Zeros(0, 6, 6, 1), cnn.Zeros(0, 3), cnn.Verbose(0))
			return err
		}, "x is empty"},
		{"NaN in inputs", func() error {
			_, err := toyModel(t).Fit(nan, y, cnn.Verbose(0))
			return err
		}, "x has NaN or Inf at sample 3"},
		{"batch size 0", func() error {
			_, err := toyModel(t).Fit(x, y, cnn.BatchSize(0))
			return err
		}, "BatchSize must be positive, got 0"},
		{"unknown activation", func() error {
			m := cnn.NewSequential(cnn.Dense(3, cnn.Activation("relu6"), cnn.InputShape(4)))
			return m.Compile(cnn.Adam(0.001), "mse")
		}, `layer "dense" (Dense): unknown activation "relu6"`},
		{"dense on images", func() error {
			m := cnn.NewSequential(cnn.Dense(3, cnn.InputShape(6, 6, 1)))
			return m.Compile(cnn.Adam(0.001), "mse")
		}, "add Flatten before it"},
		{"unknown loss", func() error {
			return toyModel(t).Compile(cnn.Adam(0.001), "hinge")
		}, `unknown loss "hinge"`},
		{"window larger than input", func() error {
			m := cnn.NewSequential(cnn.Conv2D(2, [2]int{7, 7}, cnn.InputShape(6, 6, 1)))
			return m.Compile(cnn.Adam(0.001), "mse")
		}, "window 7x7 is larger than the input 6x6"},
		{"evaluate before compile", func() error {
			m := cnn.NewSequential(cnn.Flatten(cnn.InputShape(6, 6, 1)), cnn.Dense(3))
			_, _, err := m.Evaluate(x, y)
			return err
		}, "Evaluate before Compile"},
		{"predict wrong shape", func() error {
			_, err := toyModel(t).Predict(cnn.Zeros(2, 5, 5, 1))
			return err
		}, "expects input of shape (None, 6, 6, 1)"},
		{"sparse labels out of range", func() error {
			m := toyModel(t)
			if err := m.Compile(cnn.Adam(0.01), "sparse_categorical_crossentropy"); err != nil {
				return err
			}
			_, err := m.Fit(x, cnn.LabelsTensor([]uint8{0, 1, 2, 3, 0, 1, 2, 0, 1, 2}),
				cnn.Verbose(0))
			return err
		}, "y[3] = 3 is not a class index below 3"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := c.run()
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error = %v, want one containing %q", err, c.want)
			}
		})
	}
}

func TestInterruptKeepsWeights(t *testing.T) {
	m := toyModel(t)
	x, y := toyData(100, 5)
	before := m.Layers()[0].Weights()[0].Data()[0]
	ctx, cancel := context.WithCancel(context.Background())
	stopper := cnn.CallbackFuncs{BatchEnd: func(_ *cnn.Sequential, batch int, _ cnn.Logs) {
		if batch == 2 {
			cancel()
		}
	}}
	h, err := m.Fit(x, y, cnn.Epochs(3), cnn.BatchSize(10), cnn.Context(ctx),
		cnn.Callbacks(stopper), cnn.Verbose(0))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Fit error = %v, want one wrapping context.Canceled", err)
	}
	if h == nil || len(h.History["loss"]) != 0 {
		t.Errorf("history after an interrupt in epoch 1 = %+v, want no finished epoch", h)
	}
	if after := m.Layers()[0].Weights()[0].Data()[0]; after == before {
		t.Error("the three trained steps did not change the weights")
	}
}

func TestEarlyStoppingAndCheckpoint(t *testing.T) {
	m := toyModel(t)
	x, y := toyData(40, 6)
	path := filepath.Join(t.TempDir(), "best.gnm")
	// The rising learning rate is the watched figure: it is best at epoch 0.
	sched := cnn.LearningRateScheduler(func(e int) float64 { return 0.001 * float64(e+1) })
	stop := cnn.EarlyStopping(cnn.Monitor("learning_rate"), cnn.Mode("min"), cnn.Patience(1))
	ckpt := cnn.ModelCheckpoint(path, cnn.Monitor("learning_rate"), cnn.Mode("min"))
	var afterFirst []float32
	grab := cnn.CallbackFuncs{EpochEnd: func(m *cnn.Sequential, e int, _ cnn.Logs) {
		if e == 0 {
			afterFirst = m.Layers()[0].Weights()[0].Data()
		}
	}}
	h, err := m.Fit(x, y, cnn.Epochs(10), cnn.BatchSize(8), cnn.Verbose(0),
		cnn.Callbacks(sched, stop, ckpt, grab))
	if err != nil {
		t.Fatal(err)
	}
	if len(h.Epoch) != 3 {
		t.Errorf("trained %d epochs, want 3 (best at 0, patience 1)", len(h.Epoch))
	}
	best, err := cnn.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	got := best.Layers()[0].Weights()[0].Data()
	for i := range got {
		if got[i] != afterFirst[i] {
			t.Fatalf("checkpoint weight %d = %g, want epoch 0's %g", i, got[i], afterFirst[i])
		}
	}
}

func TestSaveLoadPredict(t *testing.T) {
	m := toyModel(t)
	x, y := toyData(30, 8)
	if _, err := m.Fit(x, y, cnn.Epochs(1), cnn.Verbose(0)); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "m.gnm")
	if err := m.Save(path); err != nil {
		t.Fatal(err)
	}
	loaded, err := cnn.Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.SummaryString() != m.SummaryString() {
		t.Errorf("summary after Load:\n%s\nwant:\n%s", loaded.SummaryString(),
			m.SummaryString())
	}
	p1, err := m.Predict(x)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := loaded.Predict(x, cnn.BatchSize(7))
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range p1.Data() {
		if p2.Data()[i] != v {
			t.Fatalf("prediction %d = %g after Load, %g before", i, p2.Data()[i], v)
		}
	}
	if s := p1.Shape(); len(s) != 2 || s[0] != 30 || s[1] != 3 {
		t.Errorf("Predict shape = %v, want [30 3]", s)
	}
	other := toyModel(t)
	if err := other.LoadWeights(path); err != nil {
		t.Fatal(err)
	}
	wrong := cnn.NewSequential(cnn.Flatten(cnn.InputShape(6, 6, 1)), cnn.Dense(3))
	if err := wrong.LoadWeights(path); err == nil {
		t.Error("LoadWeights into a different architecture succeeded")
	}
}

func TestSummary(t *testing.T) {
	m := cnn.NewSequential(
		cnn.Conv2D(32, [2]int{3, 3}, cnn.Activation("relu"), cnn.InputShape(28, 28, 1)),
		cnn.MaxPooling2D([2]int{2, 2}),
		cnn.Conv2D(64, [2]int{3, 3}, cnn.Activation("relu")),
		cnn.MaxPooling2D([2]int{2, 2}),
		cnn.Flatten(),
		cnn.Dense(64, cnn.Activation("relu")),
		cnn.Dense(10, cnn.Activation("softmax")),
	)
	s := m.SummaryString()
	for _, want := range []string{"conv2d (Conv2D)", "(None, 26, 26, 32)", "320",
		"max_pooling2d_1 (MaxPooling2D)", "(None, 5, 5, 64)", "flatten (Flatten)",
		"(None, 1600)", "102,464", "dense_1 (Dense)", "Total params: 121,930"} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q:\n%s", want, s)
		}
	}
}

// recorder is a display publisher that keeps what it is sent.
type recorder struct {
	mu   sync.Mutex
	sent []display.Data
	upd  []bool
}

func (r *recorder) Publish(d display.Data, update bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent, r.upd = append(r.sent, d), append(r.upd, update)
	return nil
}

func (r *recorder) ClearOutput(bool) {}

func TestProgressInNotebook(t *testing.T) {
	rec := &recorder{}
	display.SetPublisher(rec)
	defer display.SetPublisher(nil)
	m := toyModel(t)
	x, y := toyData(100, 9)
	if _, err := m.Fit(x, y, cnn.Epochs(2), cnn.BatchSize(10),
		cnn.ValidationData(x, y)); err != nil {
		t.Fatal(err)
	}
	ids := map[string]int{}
	var last = map[string]string{}
	for i, d := range rec.sent {
		id, _ := d.Transient["display_id"].(string)
		if !rec.upd[i] {
			ids[id]++
		}
		last[id], _ = d.Data["text/plain"].(string)
	}
	if len(ids) != 2 {
		t.Fatalf("%d displays created for 2 epochs, want 2: %v", len(ids), ids)
	}
	if len(rec.sent) > 8 {
		t.Errorf("%d display messages for a fast 2-epoch Fit, want few (throttled)",
			len(rec.sent))
	}
	for id, text := range last {
		if !strings.Contains(text, "10/10 ━") || !strings.Contains(text, "val_accuracy: ") ||
			!strings.Contains(text, "learning_rate: 0.0100") {
			t.Errorf("final state of %s = %q, want the finished epoch's line", id, text)
		}
	}
}
