package cnn

import (
	"bytes"
	"image/png"
	"sync"
	"testing"

	"github.com/gonote/gonote/kernel/display"
)

// recordingPublisher keeps what the live plot publishes.
type recordingPublisher struct {
	mu      sync.Mutex
	sent    []display.Data
	updates []bool
}

func (r *recordingPublisher) Publish(d display.Data, update bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, d)
	r.updates = append(r.updates, update)
	return nil
}

func (r *recordingPublisher) ClearOutput(bool) {}

func TestLivePlotRedrawsInPlace(t *testing.T) {
	rec := &recordingPublisher{}
	display.SetPublisher(rec)
	defer display.SetPublisher(nil)

	cb := LivePlot(LivePlotSize(6, 2.5))
	cb.OnTrainBegin(nil, Logs{})
	for e := range 3 {
		cb.OnEpochEnd(nil, e, Logs{
			"loss": 1 / float64(e+1), "accuracy": 0.8 + 0.05*float64(e),
			"val_loss": 1.2 / float64(e+1), "val_accuracy": 0.75 + 0.05*float64(e),
			"learning_rate": 0.001,
		})
	}
	cb.OnTrainEnd(nil, Logs{})

	if len(rec.sent) != 4 {
		t.Fatalf("published %d times, want 4 (placeholder + 3 epochs)", len(rec.sent))
	}
	id := rec.sent[0].Transient["display_id"]
	if id == nil || rec.updates[0] {
		t.Fatalf("first message: id %v update %v, want a display_data with an id",
			id, rec.updates[0])
	}
	for i := 1; i < 4; i++ {
		d := rec.sent[i]
		if !rec.updates[i] || d.Transient["display_id"] != id {
			t.Errorf("epoch %d: update %v id %v, want an update of %v",
				i, rec.updates[i], d.Transient["display_id"], id)
		}
		b, ok := d.Data[display.MIMETypePNG].([]byte)
		if !ok {
			t.Fatalf("epoch %d: no image/png in %v", i, d.MIMETypes())
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds().Dx(); got != 600 {
			t.Errorf("chart width %d px, want 600 (6 in at 100 dpi)", got)
		}
	}
	if got := rec.sent[3].Text(); got != "<figure 6×2.5 in, 1×2 plots 600×250>" {
		t.Errorf("text/plain = %q", got)
	}
}

func TestLivePlotMetrics(t *testing.T) {
	l := LivePlot().(*livePlot)
	logs := Logs{"accuracy": 1, "loss": 1, "val_loss": 1, "learning_rate": 1, "auc": 1}
	got := l.chooseMetrics(logs)
	want := []string{"loss", "accuracy", "auc"}
	if len(got) != len(want) {
		t.Fatalf("metrics %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("metrics %v, want %v", got, want)
		}
	}
	l = LivePlot(LivePlotMetrics("learning_rate")).(*livePlot)
	if got := l.chooseMetrics(logs); len(got) != 1 || got[0] != "learning_rate" {
		t.Errorf("configured metrics %v, want [learning_rate]", got)
	}
}

// TestLivePlotDuringFit trains a tiny model for real and checks that the
// chart is redrawn once per epoch.
func TestLivePlotDuringFit(t *testing.T) {
	rec := &recordingPublisher{}
	display.SetPublisher(rec)
	defer display.SetPublisher(nil)

	SetRandomSeed(3)
	x := Zeros(32, 4)
	y := Zeros(32, 2)
	for i := range 32 {
		x.Set(float32(i%2), i, i%4)
		y.Set(1, i, i%2)
	}
	m := NewSequential(Dense(8, Activation("relu"), InputShape(4)),
		Dense(2, Activation("softmax")))
	if err := m.Compile(Adam(0.01), "categorical_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	_, err := m.Fit(x, y, Epochs(3), BatchSize(8), Verbose(0),
		ValidationData(x, y), Callbacks(LivePlot()))
	if err != nil {
		t.Fatal(err)
	}
	updates := 0
	var id any
	for i, d := range rec.sent {
		if d.Data[display.MIMETypePNG] == nil {
			continue
		}
		if !rec.updates[i] {
			t.Errorf("message %d: chart published as a new display", i)
		}
		if id == nil {
			id = d.Transient["display_id"]
		} else if d.Transient["display_id"] != id {
			t.Errorf("message %d: display id changed", i)
		}
		updates++
	}
	if updates != 3 {
		t.Errorf("chart drawn %d times, want 3 (one per epoch)", updates)
	}
}

// LivePlot goes with Fit's other callbacks; in a notebook the chart above
// the progress bars grows by one point per epoch.
func ExampleLivePlot() {
	model := NewSequential(Dense(2, Activation("softmax"), InputShape(4)))
	_ = model.Compile(Adam(0.001), "categorical_crossentropy", "accuracy")
	x, y := Zeros(8, 4), Zeros(8, 2)
	_, _ = model.Fit(x, y, Epochs(3), Verbose(0),
		Callbacks(LivePlot(LivePlotSize(10, 4), LivePlotMetrics("loss", "accuracy"))))
}
