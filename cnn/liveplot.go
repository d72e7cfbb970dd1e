package cnn

import (
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync/atomic"

	"gonum.org/v1/plot"

	"github.com/gonote/gonote/kernel/display"
)

// LivePlotOption configures LivePlot.
type LivePlotOption func(*livePlot)

// LivePlotSize sets the chart's size in inches (default 12×4.5).
func LivePlotSize(width, height float64) LivePlotOption {
	return func(l *livePlot) {
		if width > 0 && height > 0 {
			l.width, l.height = width, height
		}
	}
}

// LivePlotMetrics chooses the figures drawn, one plot each, in order
// ("loss", "accuracy", "learning_rate"…). Each plot also shows the
// validation figure ("val_" + name) when Fit has validation data. By default
// every figure of the first epoch is drawn except learning_rate, loss first.
func LivePlotMetrics(names ...string) LivePlotOption {
	return func(l *livePlot) { l.metrics = append([]string(nil), names...) }
}

type livePlot struct {
	NopCallback
	width, height float64
	metrics       []string
	chosen        []string
	history       map[string][]float64
	id            string
	shown         bool
}

var livePlotCount atomic.Int64

// LivePlot returns a callback that draws the training curves, one plot per
// figure (loss, accuracy) with its validation counterpart, and redraws the
// chart in place after every epoch: in a notebook the cell shows one chart
// that grows as training goes on.
//
//	history, err := model.Fit(x, y, cnn.Epochs(15),
//		cnn.ValidationData(xv, yv), cnn.Callbacks(cnn.LivePlot()))
//
// Outside a notebook the chart is written to a PNG file in os.TempDir after
// every epoch and its path is printed.
func LivePlot(opts ...LivePlotOption) Callback {
	l := &livePlot{width: 12, height: 4.5}
	for _, o := range opts {
		o(l)
	}
	return l
}

// OnTrainBegin reserves the chart's place in the cell's output, above the
// progress bars that follow.
func (l *livePlot) OnTrainBegin(m *Sequential, logs Logs) {
	l.history = map[string][]float64{}
	l.chosen = nil
	l.shown = false
	l.id = fmt.Sprintf("gonote-liveplot-%d", livePlotCount.Add(1))
	if display.InKernel() {
		l.show(display.Text("training curves: waiting for the first epoch…"))
	}
}

// OnEpochEnd records the epoch's figures and redraws the chart.
func (l *livePlot) OnEpochEnd(m *Sequential, epoch int, logs Logs) {
	if l.history == nil {
		l.OnTrainBegin(m, nil)
	}
	for k, v := range logs {
		l.history[k] = append(l.history[k], v)
	}
	if l.chosen == nil {
		l.chosen = l.chooseMetrics(logs)
	}
	l.show(l.Figure())
}

func (l *livePlot) show(v any) {
	var err error
	if l.shown {
		err = display.UpdateDisplay(l.id, v)
	} else {
		err = display.DisplayWithID(l.id, v)
		l.shown = err == nil
	}
	if err != nil {
		slog.Debug("cnn: showing the live plot", "err", err)
	}
}

// chooseMetrics returns the figures to draw: the configured ones, or every
// training figure of logs but the learning rate, loss first.
func (l *livePlot) chooseMetrics(logs Logs) []string {
	if len(l.metrics) > 0 {
		return l.metrics
	}
	var names []string
	for k := range logs {
		if !strings.HasPrefix(k, "val_") && k != "learning_rate" {
			names = append(names, k)
		}
	}
	sort.Slice(names, func(i, j int) bool {
		if (names[i] == "loss") != (names[j] == "loss") {
			return names[i] == "loss"
		}
		return names[i] < names[j]
	})
	return names
}

// Figure returns the chart of the figures recorded so far.
func (l *livePlot) Figure() *display.Fig {
	plots := make([]*plot.Plot, 0, len(l.chosen))
	for _, name := range l.chosen {
		plots = append(plots, l.metricPlot(name))
	}
	return display.Figure(l.width, l.height, 1, len(plots), plots...)
}

func (l *livePlot) metricPlot(name string) *plot.Plot {
	series := []display.Series{}
	for _, s := range []struct{ key, label string }{
		{name, "train"}, {"val_" + name, "validation"},
	} {
		ys := l.history[s.key]
		if len(ys) == 0 {
			continue
		}
		xs := make([]float64, len(ys))
		for i := range xs {
			xs[i] = float64(i + 1)
		}
		series = append(series, display.Series{
			Name: s.label, X: xs, Y: ys, Points: len(ys) < 30,
			Dashed: s.label == "validation",
		})
	}
	return display.LinePlot(livePlotTitle(name), "epoch", name, series...)
}

// livePlotTitle turns a figure's name into a plot title: "val_loss" → "Val loss".
func livePlotTitle(name string) string {
	s := strings.ReplaceAll(name, "_", " ")
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
