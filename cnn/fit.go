package cnn

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/gonote/gonote/kernel/display"
)

// FitOption configures Fit, Evaluate and Predict: Epochs, BatchSize,
// ValidationData, Callbacks, Shuffle, Verbose, Seed, Context.
type FitOption func(*fitConfig)

type fitConfig struct {
	epochs     int
	batch      int
	batchSet   bool
	xVal, yVal *Tensor
	callbacks  []Callback
	shuffle    bool
	verbose    int
	seed       int64
	seedSet    bool
	ctx        context.Context
}

// Epochs sets how many passes over the training data Fit makes (default 1).
func Epochs(n int) FitOption { return func(c *fitConfig) { c.epochs = n } }

// BatchSize sets the number of samples per step (default 32, as Keras).
func BatchSize(n int) FitOption {
	return func(c *fitConfig) { c.batch, c.batchSet = n, true }
}

// ValidationData makes Fit evaluate the model on (x, y) after each epoch,
// reported as val_loss and val_accuracy.
func ValidationData(x, y *Tensor) FitOption {
	return func(c *fitConfig) { c.xVal, c.yVal = x, y }
}

// Callbacks adds callbacks that Fit calls during training.
func Callbacks(cbs ...Callback) FitOption {
	return func(c *fitConfig) { c.callbacks = append(c.callbacks, cbs...) }
}

// WithCallback adds one callback, like Callbacks. In a gonote notebook use
// it for a callback type defined in a cell: the interpreter can hand such a
// value to a plain interface parameter but not to a variadic one.
func WithCallback(cb Callback) FitOption {
	return func(c *fitConfig) { c.callbacks = append(c.callbacks, cb) }
}

// Shuffle sets whether Fit visits the samples in a new random order each
// epoch (default true).
func Shuffle(on bool) FitOption { return func(c *fitConfig) { c.shuffle = on } }

// Verbose sets the progress output: 0 silent, 1 a progress bar per epoch
// (the default), 2 one line per epoch.
func Verbose(level int) FitOption { return func(c *fitConfig) { c.verbose = level } }

// Seed fixes the shuffling and dropout randomness of Fit; without it the
// seed comes from the package's generator (see SetRandomSeed).
func Seed(seed int64) FitOption {
	return func(c *fitConfig) { c.seed, c.seedSet = seed, true }
}

// Context sets the context Fit checks between batches; by default the
// running notebook cell's (display.Context()), so an interrupt stops Fit.
func Context(ctx context.Context) FitOption { return func(c *fitConfig) { c.ctx = ctx } }

func newFitConfig(opts []FitOption) *fitConfig {
	c := &fitConfig{epochs: 1, batch: 32, shuffle: true, verbose: 1}
	for _, o := range opts {
		o(c)
	}
	if c.ctx == nil {
		c.ctx = display.Context()
	}
	if !c.seedSet {
		c.seed = nextSeed()
	}
	return c
}

// History holds the per-epoch figures of a Fit: History["loss"][e] is the
// mean training loss of epoch e. Keys: loss, accuracy, val_loss,
// val_accuracy, learning_rate (those that apply).
type History struct {
	History map[string][]float64
	Epoch   []int
}

func (h *History) add(epoch int, logs Logs) {
	h.Epoch = append(h.Epoch, epoch)
	for k, v := range logs {
		h.History[k] = append(h.History[k], v)
	}
}

// Fit trains the model on x (samples along the first dimension) and the
// targets y: one-hot rows for categorical_crossentropy and mse, class
// indices for sparse_categorical_crossentropy. The last, smaller batch of
// an epoch is trained too. When the context is cancelled Fit returns the
// History of the finished epochs and an error wrapping context.Canceled;
// the weights learnt so far are kept.
func (m *Sequential) Fit(x, y *Tensor, opts ...FitOption) (*History, error) {
	c := newFitConfig(opts)
	h := &History{History: map[string][]float64{}}
	if err := m.checkFit(x, y, c); err != nil {
		return h, err
	}
	t := newTrainer(m, x, y, c)
	m.stop = false
	logs := Logs{}
	for _, cb := range c.callbacks {
		cb.OnTrainBegin(m, logs)
	}
	var err error
	for epoch := 0; epoch < c.epochs && !m.stop; epoch++ {
		var epochLogs Logs
		epochLogs, err = t.epoch(epoch)
		if err != nil {
			break
		}
		h.add(epoch, epochLogs)
	}
	for _, cb := range c.callbacks {
		cb.OnTrainEnd(m, Logs{})
	}
	return h, err
}

func (m *Sequential) checkFit(x, y *Tensor, c *fitConfig) error {
	if m.err != nil {
		return m.err
	}
	if m.opt == nil || m.loss == nil {
		return errors.New("cnn: Fit before Compile: call model.Compile(cnn.Adam(0.001), " +
			"\"categorical_crossentropy\", \"accuracy\") first")
	}
	if c.batch <= 0 {
		return fmt.Errorf("cnn: Fit: BatchSize must be positive, got %d", c.batch)
	}
	if c.epochs < 0 {
		return fmt.Errorf("cnn: Fit: Epochs must not be negative, got %d", c.epochs)
	}
	if err := m.checkData("Fit", "x", "y", x, y); err != nil {
		return err
	}
	if c.xVal != nil || c.yVal != nil {
		return m.checkData("Fit", "validation x", "validation y", c.xVal, c.yVal)
	}
	return nil
}

// checkData validates inputs and targets against the model, building it
// from x's shape when it has no InputShape yet.
func (m *Sequential) checkData(op, xName, yName string, x, y *Tensor) error {
	if err := m.checkInput(op, xName, x); err != nil {
		return err
	}
	if y == nil {
		return fmt.Errorf("cnn: %s: %s is nil", op, yName)
	}
	if y.Len() != x.Len() || len(y.shape) == 0 {
		return fmt.Errorf("cnn: %s: %s has %d samples but %s has %d", op, xName, x.Len(),
			yName, y.Len())
	}
	out := m.OutputShape()
	last := m.layers[len(m.layers)-1]
	if m.loss != nil && m.loss.sparse() {
		if rowSize(y.shape) != 1 {
			return fmt.Errorf("cnn: %s: %s has shape %s; sparse_categorical_crossentropy "+
				"wants one class index per sample, shape (%d,) or (%d, 1)", op, yName,
				fmtShape(y.shape), y.Len(), y.Len())
		}
		for i, v := range y.data {
			if v < 0 || int(v) >= out[len(out)-1] || v != float32(int(v)) {
				return fmt.Errorf("cnn: %s: %s[%d] = %g is not a class index below %d", op,
					yName, i, v, out[len(out)-1])
			}
		}
		return nil
	}
	if !sameShape(y.shape[1:], out) {
		return fmt.Errorf("cnn: %s: %s has shape %s but the output of layer %q (%s) has "+
			"shape %s", op, yName, fmtShape(y.shape), last.Name(), last.Type(),
			fmtBatchShape(out))
	}
	if i := hasNaN(y.data); i >= 0 {
		return fmt.Errorf("cnn: %s: %s has NaN or Inf at sample %d", op, yName,
			i/rowSize(y.shape))
	}
	return nil
}

func (m *Sequential) checkInput(op, xName string, x *Tensor) error {
	if m.err != nil {
		return m.err
	}
	if x == nil {
		return fmt.Errorf("cnn: %s: %s is nil", op, xName)
	}
	if x.Len() == 0 || len(x.data) == 0 {
		return fmt.Errorf("cnn: %s: %s is empty (shape %s)", op, xName, fmtShape(x.shape))
	}
	if !m.built {
		if err := m.build(x.shape[1:]); err != nil {
			m.err = err
			return err
		}
	}
	if !sameShape(x.shape[1:], m.in) {
		first := m.layers[0]
		return fmt.Errorf("cnn: %s: %s has shape %s but layer %q (%s) expects input of "+
			"shape %s", op, xName, fmtShape(x.shape), first.Name(), first.Type(),
			fmtBatchShape(m.in))
	}
	if i := hasNaN(x.data); i >= 0 {
		return fmt.Errorf("cnn: %s: %s has NaN or Inf at sample %d", op, xName,
			i/rowSize(x.shape))
	}
	return nil
}

// trainer holds one Fit's state: order of samples, batch buffers, seeds.
type trainer struct {
	m      *Sequential
	x, y   *Tensor
	c      *fitConfig
	order  []int
	rng    *rand.Rand
	bx, by []float32
	step   int
}

func newTrainer(m *Sequential, x, y *Tensor, c *fitConfig) *trainer {
	m.ensureWorkers(c.batch)
	t := &trainer{m: m, x: x, y: y, c: c, order: make([]int, x.Len()),
		rng: rand.New(rand.NewPCG(uint64(c.seed), 7))}
	for i := range t.order {
		t.order[i] = i
	}
	t.bx = make([]float32, c.batch*rowSize(x.shape))
	t.by = make([]float32, c.batch*rowSize(y.shape))
	return t
}

// epoch trains one pass over the data and returns its logs.
func (t *trainer) epoch(epoch int) (Logs, error) {
	m, c := t.m, t.c
	for _, cb := range c.callbacks {
		cb.OnEpochBegin(m, epoch, Logs{})
	}
	if c.shuffle {
		t.rng.Shuffle(len(t.order), func(i, j int) {
			t.order[i], t.order[j] = t.order[j], t.order[i]
		})
	}
	n := t.x.Len()
	steps := (n + c.batch - 1) / c.batch
	bar := newProgress(c.verbose, epoch, c.epochs, steps)
	var lossSum float64
	var correct, seen int
	logs := Logs{}
	for s := 0; s < steps; s++ {
		if err := c.ctx.Err(); err != nil {
			bar.interrupt(logs)
			return nil, fmt.Errorf("cnn: Fit interrupted in epoch %d/%d at step %d/%d: %w",
				epoch+1, c.epochs, s, steps, err)
		}
		lo, hi := s*c.batch, min((s+1)*c.batch, n)
		xs, ys := t.gather(lo, hi)
		l, k := m.trainBatch(xs, ys, hi-lo, uint64(c.seed), t.step)
		t.step++
		lossSum, correct, seen = lossSum+l, correct+k, seen+hi-lo
		logs = m.trainLogs(lossSum, correct, seen)
		for _, cb := range c.callbacks {
			cb.OnBatchEnd(m, s, logs)
		}
		bar.update(s+1, logs, false)
	}
	if c.xVal != nil {
		vl, va, err := m.evaluate(c.xVal, c.yVal, max(c.batch, 256), c.ctx)
		if err != nil {
			bar.interrupt(logs)
			return nil, fmt.Errorf("cnn: Fit: validating after epoch %d: %w", epoch+1, err)
		}
		logs["val_loss"] = vl
		if m.hasAccuracy() {
			logs["val_accuracy"] = va
		}
	}
	logs["learning_rate"] = m.LearningRate()
	for _, cb := range c.callbacks {
		cb.OnEpochEnd(m, epoch, logs)
	}
	bar.update(steps, logs, true)
	return logs, nil
}

func (m *Sequential) hasAccuracy() bool { return len(m.metrics) > 0 }

func (m *Sequential) trainLogs(lossSum float64, correct, seen int) Logs {
	logs := Logs{"loss": lossSum / float64(seen)}
	if m.hasAccuracy() {
		logs["accuracy"] = float64(correct) / float64(seen)
	}
	return logs
}

// gather copies the samples of batch [lo, hi) of the current order into
// the batch buffers.
func (t *trainer) gather(lo, hi int) ([]float32, []float32) {
	rx, ry := rowSize(t.x.shape), rowSize(t.y.shape)
	for i, idx := range t.order[lo:hi] {
		copy(t.bx[i*rx:(i+1)*rx], t.x.data[idx*rx:(idx+1)*rx])
		copy(t.by[i*ry:(i+1)*ry], t.y.data[idx*ry:(idx+1)*ry])
	}
	return t.bx[:(hi-lo)*rx], t.by[:(hi-lo)*ry]
}

// Evaluate returns the loss and accuracy of the model on (x, y); accuracy
// is 0 when Compile set no metric. Options: BatchSize (default 32),
// Verbose (default 1: one summary line), Context.
func (m *Sequential) Evaluate(x, y *Tensor, opts ...FitOption) (float64, float64, error) {
	c := newFitConfig(opts)
	if m.loss == nil {
		return 0, 0, errors.New("cnn: Evaluate before Compile: call model.Compile first")
	}
	if c.batch <= 0 {
		return 0, 0, fmt.Errorf("cnn: Evaluate: BatchSize must be positive, got %d", c.batch)
	}
	if err := m.checkData("Evaluate", "x", "y", x, y); err != nil {
		return 0, 0, err
	}
	start := time.Now()
	loss, acc, err := m.evaluate(x, y, c.batch, c.ctx)
	if err != nil {
		return 0, 0, err
	}
	if c.verbose > 0 {
		logs := Logs{"loss": loss}
		if m.hasAccuracy() {
			logs["accuracy"] = acc
		}
		steps := (x.Len() + c.batch - 1) / c.batch
		printEvaluation(steps, time.Since(start), logs)
	}
	return loss, acc, nil
}

// evaluate runs the model over (x, y) in batches of size batch.
func (m *Sequential) evaluate(x, y *Tensor, batch int, ctx context.Context) (float64,
	float64, error) {
	m.ensureWorkers(batch)
	n, rx, ry := x.Len(), rowSize(x.shape), rowSize(y.shape)
	var lossSum float64
	correct := 0
	for lo := 0; lo < n; lo += batch {
		if err := ctx.Err(); err != nil {
			return 0, 0, fmt.Errorf("cnn: evaluation interrupted: %w", err)
		}
		hi := min(lo+batch, n)
		l, k := m.inferBatch(x.data[lo*rx:hi*rx], y.data[lo*ry:hi*ry], nil, hi-lo)
		lossSum, correct = lossSum+l, correct+k
	}
	return lossSum / float64(n), float64(correct) / float64(n), nil
}

// Predict returns the model's outputs for x, one row per sample. Options:
// BatchSize (default 32), Context.
func (m *Sequential) Predict(x *Tensor, opts ...FitOption) (*Tensor, error) {
	c := newFitConfig(opts)
	if c.batch <= 0 {
		return nil, fmt.Errorf("cnn: Predict: BatchSize must be positive, got %d", c.batch)
	}
	if err := m.checkInput("Predict", "x", x); err != nil {
		return nil, err
	}
	m.ensureWorkers(c.batch)
	n, rx, k := x.Len(), rowSize(x.shape), m.outSize()
	out := Zeros(append([]int{n}, m.OutputShape()...)...)
	for lo := 0; lo < n; lo += c.batch {
		if err := c.ctx.Err(); err != nil {
			return nil, fmt.Errorf("cnn: Predict interrupted: %w", err)
		}
		hi := min(lo+c.batch, n)
		m.inferBatch(x.data[lo*rx:hi*rx], nil, out.data[lo*k:hi*k], hi-lo)
	}
	return out, nil
}
