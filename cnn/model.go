package cnn

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"sync"
)

// Sequential is a stack of layers, each feeding the next, trained as one
// model.
type Sequential struct {
	layers  []Layer
	in      []int
	built   bool
	err     error
	opt     Optimizer
	loss    lossFunc
	metrics []string
	stop    bool

	workers []*worker // per-core runners, sized for shardCap samples
	shards  int
	capN    int
}

var (
	initMu  sync.Mutex
	initSrc = rand.New(rand.NewPCG(42, 1))
)

// SetRandomSeed resets the generator behind weight initialisation and the
// default Fit seed, so that a notebook gives the same results each run. The
// process starts with a fixed seed.
func SetRandomSeed(seed int64) {
	initMu.Lock()
	defer initMu.Unlock()
	initSrc = rand.New(rand.NewPCG(uint64(seed), 1))
}

// initRand returns a generator for one layer's initialisation, drawn from
// the package's seeded source.
func initRand() *rand.Rand {
	initMu.Lock()
	defer initMu.Unlock()
	return rand.New(rand.NewPCG(initSrc.Uint64(), initSrc.Uint64()))
}

func nextSeed() int64 {
	initMu.Lock()
	defer initMu.Unlock()
	return int64(initSrc.Uint64() >> 1)
}

// NewSequential stacks layers into a model. When the first layer has an
// InputShape the model is built at once (shapes checked, weights
// initialised); otherwise on the first Fit. Errors in the layers are
// reported by Compile, Fit and Summary.
func NewSequential(layers ...Layer) *Sequential {
	m := &Sequential{layers: layers}
	m.nameLayers()
	if len(layers) == 0 {
		m.err = errors.New("cnn: NewSequential: the model has no layers")
		return m
	}
	for _, l := range layers {
		if b := l.base(); b.err != nil {
			m.err = fmt.Errorf("cnn: layer %q (%s): %w", b.name, b.kind, b.err)
			return m
		}
	}
	if in := layers[0].base().cfg.inputShape; in != nil {
		m.err = m.build(in)
	}
	return m
}

// nameLayers gives unnamed layers Keras-style names: conv2d, conv2d_1, …
func (m *Sequential) nameLayers() {
	seen := map[string]int{}
	for _, l := range m.layers {
		b := l.base()
		if b.name != "" {
			continue
		}
		stem := snake(b.kind)
		if k := seen[stem]; k > 0 {
			b.name = fmt.Sprintf("%s_%d", stem, k)
		} else {
			b.name = stem
		}
		seen[stem]++
	}
}

// snake turns a layer kind into its Keras name stem: MaxPooling2D →
// max_pooling2d.
func snake(kind string) string {
	var b strings.Builder
	for i, r := range kind {
		if r >= 'A' && r <= 'Z' {
			if i > 0 && !(kind[i-1] >= '0' && kind[i-1] <= '9') &&
				!(kind[i-1] >= 'A' && kind[i-1] <= 'Z') {
				b.WriteByte('_')
			}
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (m *Sequential) build(in []int) error {
	for _, d := range in {
		if d <= 0 {
			return fmt.Errorf("cnn: InputShape %s must have positive dimensions", fmtShape(in))
		}
	}
	m.in = append([]int(nil), in...)
	shape := m.in
	for _, l := range m.layers {
		b := l.base()
		b.in = shape
		out, err := l.build(shape)
		if err != nil {
			return err
		}
		b.out, shape = out, out
	}
	m.built = true
	m.workers = nil
	return nil
}

// Layers returns the model's layers in order.
func (m *Sequential) Layers() []Layer { return append([]Layer(nil), m.layers...) }

// InputShape returns one sample's input shape, nil before the model is
// built.
func (m *Sequential) InputShape() []int { return append([]int(nil), m.in...) }

// OutputShape returns one sample's output shape, nil before the model is
// built.
func (m *Sequential) OutputShape() []int {
	if !m.built {
		return nil
	}
	return m.layers[len(m.layers)-1].OutputShape()
}

// CountParams returns the number of trainable values of the model.
func (m *Sequential) CountParams() int {
	n := 0
	for _, l := range m.layers {
		n += l.CountParams()
	}
	return n
}

func (m *Sequential) params() []*param {
	var ps []*param
	for _, l := range m.layers {
		ps = append(ps, l.base().params...)
	}
	return ps
}

// Summary prints the model's layers, output shapes and parameter counts to
// standard output, as Keras's model.summary() does.
func (m *Sequential) Summary() { fmt.Fprint(os.Stdout, m.SummaryString()) }

// SummaryString returns the table Summary prints.
func (m *Sequential) SummaryString() string {
	var b strings.Builder
	b.WriteString("Model: \"sequential\"\n")
	if m.err != nil {
		fmt.Fprintf(&b, "error: %v\n", m.err)
		return b.String()
	}
	rows := [][3]string{{"Layer (type)", "Output Shape", "Param #"}}
	for _, l := range m.layers {
		shape := "?"
		if m.built {
			shape = fmtBatchShape(l.OutputShape())
		}
		rows = append(rows, [3]string{l.Name() + " (" + l.Type() + ")", shape,
			groupThousands(l.CountParams())})
	}
	writeTable(&b, rows)
	total := m.CountParams()
	size := fmtBytes(4 * total)
	fmt.Fprintf(&b, "Total params: %s (%s)\n", groupThousands(total), size)
	fmt.Fprintf(&b, "Trainable params: %s (%s)\n", groupThousands(total), size)
	b.WriteString("Non-trainable params: 0 (0.00 B)\n")
	if !m.built {
		b.WriteString("(not built yet: give the first layer an InputShape or call Fit)\n")
	}
	return b.String()
}

func writeTable(b *strings.Builder, rows [][3]string) {
	w := [3]int{}
	for _, r := range rows {
		for i, c := range r {
			w[i] = max(w[i], len([]rune(c))+2)
		}
	}
	w[0], w[1], w[2] = max(w[0], 30), max(w[1], 22), max(w[2], 12)
	line := func(l, mid, r, fill string) {
		b.WriteString(l + strings.Repeat(fill, w[0]) + mid + strings.Repeat(fill, w[1]) + mid +
			strings.Repeat(fill, w[2]) + r + "\n")
	}
	cell := func(s string, width int, right bool) string {
		pad := strings.Repeat(" ", width-2-len([]rune(s)))
		if right {
			return " " + pad + s + " "
		}
		return " " + s + pad + " "
	}
	line("┌", "┬", "┐", "─")
	for i, r := range rows {
		fmt.Fprintf(b, "│%s│%s│%s│\n", cell(r[0], w[0], false), cell(r[1], w[1], false),
			cell(r[2], w[2], true))
		if i == 0 {
			line("├", "┼", "┤", "─")
		}
	}
	line("└", "┴", "┘", "─")
}

func groupThousands(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func fmtBytes(n int) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.2f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.2f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// Compile sets the optimizer, the loss ("categorical_crossentropy",
// "sparse_categorical_crossentropy" or "mse") and the metrics (only
// "accuracy" is known) used by Fit and Evaluate.
func (m *Sequential) Compile(opt Optimizer, loss string, metrics ...string) error {
	if m.err != nil {
		return m.err
	}
	if opt == nil {
		return errors.New("cnn: Compile: the optimizer is nil (use cnn.Adam(0.001))")
	}
	lf, err := newLoss(loss)
	if err != nil {
		return fmt.Errorf("cnn: Compile: %w", err)
	}
	for _, name := range metrics {
		if name != "accuracy" && name != "acc" {
			return fmt.Errorf("cnn: Compile: unknown metric %q (only \"accuracy\" is known)",
				name)
		}
	}
	m.opt, m.loss, m.metrics = opt, lf, append([]string(nil), metrics...)
	m.workers = nil
	return nil
}

// StopTraining asks Fit to stop at the end of the current epoch; callbacks
// such as EarlyStopping call it.
func (m *Sequential) StopTraining() { m.stop = true }

// Optimizer returns the optimizer set by Compile (nil before).
func (m *Sequential) Optimizer() Optimizer { return m.opt }

// LearningRate returns the optimizer's current learning rate, 0 before
// Compile.
func (m *Sequential) LearningRate() float64 {
	if m.opt == nil {
		return 0
	}
	return m.opt.LearningRate()
}

// SetLearningRate changes the optimizer's learning rate; callbacks such as
// LearningRateScheduler call it between epochs.
func (m *Sequential) SetLearningRate(lr float64) {
	if m.opt != nil {
		m.opt.SetLearningRate(lr)
	}
}
