package display

import (
	"bytes"
	"flag"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot"
)

var update = flag.Bool("update", false, "rewrite the golden images under testdata/")

// goldenTolerance is the share of pixels allowed to differ noticeably from
// the golden image: font rasterising may vary slightly across platforms.
const goldenTolerance = 0.001

func curves() (loss, valLoss, acc []float64) {
	loss = []float64{0.9, 0.5, 0.35, 0.28, 0.24, 0.22, 0.21}
	valLoss = []float64{0.7, 0.45, 0.38, 0.33, 0.31, 0.31, 0.32}
	acc = []float64{0.72, 0.85, 0.9, 0.92, 0.93, 0.94, 0.945}
	return loss, valLoss, acc
}

func lossPlot() *plot.Plot {
	loss, valLoss, _ := curves()
	return LinePlot("Loss", "epoch", "loss",
		Series{Name: "train", Y: loss},
		Series{Name: "validation", Y: valLoss, Dashed: true, Points: true})
}

func accuracyPlot() *plot.Plot {
	_, _, acc := curves()
	return LinePlot("Accuracy", "epoch", "accuracy", Series{Name: "train", Y: acc})
}

func TestGoldenImages(t *testing.T) {
	SetPlotDPI(60)
	defer SetPlotDPI(0)

	cases := []struct {
		name string
		png  func() []byte
	}{
		{"lineplot", func() []byte {
			b, err := PlotPNG(lossPlot(), 5, 3.5)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}},
		{"figure_1x2", func() []byte {
			return Figure(10, 4, 1, 2, lossPlot(), accuracyPlot()).PNG()
		}},
		{"figure_title", func() []byte {
			f := Figure(10, 4.5, 1, 2, lossPlot(), accuracyPlot())
			f.Title = "Training (15 epochs)"
			return f.PNG()
		}},
		{"figure_2x2_gap", func() []byte {
			return Figure(8, 6, 2, 2, lossPlot(), nil, accuracyPlot()).PNG()
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkGolden(t, c.name, c.png())
		})
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".png")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden image (run go test -update to create it): %v", err)
	}
	gi, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatalf("decoding rendered PNG: %v", err)
	}
	wi, err := png.Decode(bytes.NewReader(want))
	if err != nil {
		t.Fatalf("decoding golden PNG: %v", err)
	}
	if gi.Bounds() != wi.Bounds() {
		t.Fatalf("size %v, golden %v", gi.Bounds(), wi.Bounds())
	}
	if share := differingShare(gi, wi); share > goldenTolerance {
		out := filepath.Join(t.TempDir(), name+".png")
		_ = os.WriteFile(out, got, 0o644)
		t.Errorf("%.2f%% of pixels differ from %s (tolerance %.2f%%); got %s",
			100*share, path, 100*goldenTolerance, out)
	}
}

// differingShare is the share of pixels whose colour differs by more than a
// small step in any channel.
func differingShare(a, b image.Image) float64 {
	const step = 24 << 8
	r := a.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			r1, g1, b1, a1 := a.At(x, y).RGBA()
			r2, g2, b2, a2 := b.At(x, y).RGBA()
			if far(r1, r2, step) || far(g1, g2, step) || far(b1, b2, step) ||
				far(a1, a2, step) {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

func far(a, b, step uint32) bool {
	if a > b {
		return a-b > step
	}
	return b-a > step
}

func TestGoldenDetectsChange(t *testing.T) {
	SetPlotDPI(60)
	defer SetPlotDPI(0)
	loss, _, _ := curves()
	other := LinePlot("Loss", "epoch", "loss", Series{Name: "train", Y: loss})
	b, err := PlotPNG(other, 5, 3.5)
	if err != nil {
		t.Fatal(err)
	}
	want, err := os.ReadFile(filepath.Join("testdata", "lineplot.png"))
	if err != nil {
		t.Skip("no golden image yet")
	}
	gi, _ := png.Decode(bytes.NewReader(b))
	wi, _ := png.Decode(bytes.NewReader(want))
	if share := differingShare(gi, wi); share <= goldenTolerance {
		t.Errorf("a plot without the validation series differs by %.3f%%: "+
			"the comparison is too lenient", 100*share)
	}
}
