package cnn

import (
	"log/slog"
	"math"
	"strings"
)

// Logs carries the figures of a training event: at a batch's end the
// running loss and accuracy of the epoch; at an epoch's end loss,
// accuracy, val_loss, val_accuracy and learning_rate.
type Logs map[string]float64

// Callback is called by Fit at the stages of training. Each method gets
// the model, through which it may change the learning rate
// (SetLearningRate), stop training (StopTraining) or save weights. Epochs
// count from 0. Embed NopCallback to implement only some methods, or use
// CallbackFuncs.
type Callback interface {
	// OnTrainBegin is called once before the first epoch.
	OnTrainBegin(m *Sequential, logs Logs)
	// OnEpochBegin is called before an epoch's first batch.
	OnEpochBegin(m *Sequential, epoch int, logs Logs)
	// OnBatchEnd is called after each optimisation step with the epoch's
	// running figures; batch counts from 0 within the epoch.
	OnBatchEnd(m *Sequential, batch int, logs Logs)
	// OnEpochEnd is called after an epoch and its validation with the
	// epoch's figures, the ones History records.
	OnEpochEnd(m *Sequential, epoch int, logs Logs)
	// OnTrainEnd is called once when Fit ends, also after an interrupt.
	OnTrainEnd(m *Sequential, logs Logs)
}

// NopCallback implements Callback with methods that do nothing; embed it
// in a callback type to write only the methods it needs.
type NopCallback struct{}

// OnTrainBegin does nothing.
func (NopCallback) OnTrainBegin(m *Sequential, logs Logs) {}

// OnEpochBegin does nothing.
func (NopCallback) OnEpochBegin(m *Sequential, epoch int, logs Logs) {}

// OnBatchEnd does nothing.
func (NopCallback) OnBatchEnd(m *Sequential, batch int, logs Logs) {}

// OnEpochEnd does nothing.
func (NopCallback) OnEpochEnd(m *Sequential, epoch int, logs Logs) {}

// OnTrainEnd does nothing.
func (NopCallback) OnTrainEnd(m *Sequential, logs Logs) {}

// CallbackFuncs is a Callback made of optional functions, handy in a
// notebook: cnn.CallbackFuncs{EpochEnd: func(m *cnn.Sequential, e int,
// l cnn.Logs) { ... }}.
type CallbackFuncs struct {
	TrainBegin func(m *Sequential, logs Logs)
	EpochBegin func(m *Sequential, epoch int, logs Logs)
	BatchEnd   func(m *Sequential, batch int, logs Logs)
	EpochEnd   func(m *Sequential, epoch int, logs Logs)
	TrainEnd   func(m *Sequential, logs Logs)
}

// OnTrainBegin calls TrainBegin when set.
func (f CallbackFuncs) OnTrainBegin(m *Sequential, logs Logs) {
	if f.TrainBegin != nil {
		f.TrainBegin(m, logs)
	}
}

// OnEpochBegin calls EpochBegin when set.
func (f CallbackFuncs) OnEpochBegin(m *Sequential, epoch int, logs Logs) {
	if f.EpochBegin != nil {
		f.EpochBegin(m, epoch, logs)
	}
}

// OnBatchEnd calls BatchEnd when set.
func (f CallbackFuncs) OnBatchEnd(m *Sequential, batch int, logs Logs) {
	if f.BatchEnd != nil {
		f.BatchEnd(m, batch, logs)
	}
}

// OnEpochEnd calls EpochEnd when set.
func (f CallbackFuncs) OnEpochEnd(m *Sequential, epoch int, logs Logs) {
	if f.EpochEnd != nil {
		f.EpochEnd(m, epoch, logs)
	}
}

// OnTrainEnd calls TrainEnd when set.
func (f CallbackFuncs) OnTrainEnd(m *Sequential, logs Logs) {
	if f.TrainEnd != nil {
		f.TrainEnd(m, logs)
	}
}

// LearningRateScheduler returns a callback that sets the learning rate to
// schedule(epoch) at the start of each epoch (epochs count from 0, as in
// Keras).
func LearningRateScheduler(schedule func(epoch int) float64) Callback {
	return CallbackFuncs{EpochBegin: func(m *Sequential, epoch int, _ Logs) {
		m.SetLearningRate(schedule(epoch))
	}}
}

// CallbackOption configures EarlyStopping and ModelCheckpoint: Monitor,
// Mode, MinDelta, Patience, RestoreBestWeights, SaveBestOnly.
type CallbackOption func(*monitorConfig)

type monitorConfig struct {
	monitor     string
	mode        string
	minDelta    float64
	patience    int
	restoreBest bool
	bestOnly    bool
}

// Monitor sets the figure watched, such as "val_loss" (the default) or
// "val_accuracy".
func Monitor(name string) CallbackOption { return func(c *monitorConfig) { c.monitor = name } }

// Mode says whether the watched figure improves going down ("min") or up
// ("max"); "auto" (the default) picks "max" for accuracies.
func Mode(mode string) CallbackOption { return func(c *monitorConfig) { c.mode = mode } }

// MinDelta sets the smallest change that counts as an improvement.
func MinDelta(d float64) CallbackOption { return func(c *monitorConfig) { c.minDelta = d } }

// Patience sets how many epochs without improvement EarlyStopping accepts.
func Patience(n int) CallbackOption { return func(c *monitorConfig) { c.patience = n } }

// RestoreBestWeights makes EarlyStopping put back the weights of the best
// epoch when it stops.
func RestoreBestWeights(on bool) CallbackOption {
	return func(c *monitorConfig) { c.restoreBest = on }
}

// SaveBestOnly sets whether ModelCheckpoint writes only when the watched
// figure improves (the default) or after every epoch.
func SaveBestOnly(on bool) CallbackOption { return func(c *monitorConfig) { c.bestOnly = on } }

func newMonitor(opts []CallbackOption) *monitorConfig {
	c := &monitorConfig{monitor: "val_loss", mode: "auto", bestOnly: true}
	for _, o := range opts {
		o(c)
	}
	if c.mode == "auto" {
		c.mode = "min"
		if strings.Contains(c.monitor, "acc") {
			c.mode = "max"
		}
	}
	return c
}

// improved reports whether v beats best by more than minDelta.
func (c *monitorConfig) improved(v, best float64) bool {
	if math.IsNaN(best) {
		return true
	}
	if c.mode == "max" {
		return v > best+c.minDelta
	}
	return v < best-c.minDelta
}

// value returns the watched figure, logging once when it is missing.
func (c *monitorConfig) value(logs Logs, warned *bool) (float64, bool) {
	v, ok := logs[c.monitor]
	if !ok && !*warned {
		*warned = true
		slog.Warn("cnn: monitored figure not in the epoch's logs (is ValidationData set?)",
			"monitor", c.monitor)
	}
	return v, ok
}

type earlyStopping struct {
	NopCallback
	c      *monitorConfig
	best   float64
	wait   int
	saved  [][]float32
	warned bool
}

// EarlyStopping returns a callback that stops training when the watched
// figure (Monitor, default "val_loss") has not improved for Patience
// epochs (default 0), optionally restoring the best weights.
func EarlyStopping(opts ...CallbackOption) Callback {
	return &earlyStopping{c: newMonitor(opts)}
}

func (e *earlyStopping) OnTrainBegin(m *Sequential, logs Logs) {
	e.best, e.wait, e.saved = math.NaN(), 0, nil
}

func (e *earlyStopping) OnEpochEnd(m *Sequential, epoch int, logs Logs) {
	v, ok := e.c.value(logs, &e.warned)
	if !ok {
		return
	}
	if e.c.improved(v, e.best) {
		e.best, e.wait = v, 0
		if e.c.restoreBest {
			e.saved = m.snapshot()
		}
		return
	}
	e.wait++
	if e.wait > e.c.patience {
		m.StopTraining()
		if e.saved != nil {
			m.restore(e.saved)
		}
	}
}

type modelCheckpoint struct {
	NopCallback
	path   string
	c      *monitorConfig
	best   float64
	warned bool
	// Err holds the last error from writing the file.
	err error
}

// ModelCheckpoint returns a callback that saves the model to path (see
// Save) after each epoch in which the watched figure improves (Monitor,
// default "val_loss"), so the file ends up holding the best epoch's model;
// SaveBestOnly(false) saves after every epoch.
func ModelCheckpoint(path string, opts ...CallbackOption) Callback {
	return &modelCheckpoint{path: path, c: newMonitor(opts), best: math.NaN()}
}

func (k *modelCheckpoint) OnEpochEnd(m *Sequential, epoch int, logs Logs) {
	if k.c.bestOnly {
		v, ok := k.c.value(logs, &k.warned)
		if !ok || !k.c.improved(v, k.best) {
			return
		}
		k.best = v
	}
	if err := m.Save(k.path); err != nil {
		k.err = err
		slog.Error("cnn: ModelCheckpoint", "err", err)
	}
}

// snapshot copies all weights.
func (m *Sequential) snapshot() [][]float32 {
	var out [][]float32
	for _, p := range m.params() {
		out = append(out, append([]float32(nil), p.w...))
	}
	return out
}

func (m *Sequential) restore(s [][]float32) {
	for i, p := range m.params() {
		copy(p.w, s[i])
	}
}
