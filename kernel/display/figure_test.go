package display

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
)

func TestFigureGrid(t *testing.T) {
	p := plot.New()
	cases := []struct {
		name             string
		rows, cols, n    int
		wantRows, wantCs int
	}{
		{"given", 1, 2, 2, 1, 2},
		{"one row by default", 0, 0, 3, 1, 3},
		{"cols from rows", 2, 0, 3, 2, 2},
		{"rows from cols", 0, 2, 5, 3, 2},
		{"grows when too small", 1, 2, 5, 3, 2},
		{"no plots", 0, 0, 0, 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			plots := make([]*plot.Plot, c.n)
			for i := range plots {
				plots[i] = p
			}
			f := Figure(6, 4, c.rows, c.cols, plots...)
			if f.Rows != c.wantRows || f.Cols != c.wantCs {
				t.Errorf("grid %d×%d, want %d×%d", f.Rows, f.Cols, c.wantRows, c.wantCs)
			}
			if len(f.PNG()) == 0 {
				t.Error("empty PNG")
			}
		})
	}
}

func TestFigurePixelSize(t *testing.T) {
	f := Figure(12, 5, 1, 2, lossPlot(), accuracyPlot())
	img, err := png.Decode(bytes.NewReader(f.PNG()))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1200 || b.Dy() != 500 {
		t.Errorf("12×5 in at 100 dpi = %v, want 1200×500", b)
	}
	if s := f.SVG(); !strings.Contains(s, "Accuracy") || !strings.Contains(s, "Loss") {
		t.Error("SVG lacks a plot's title")
	}
}

func TestFigureSave(t *testing.T) {
	f := Figure(6, 3, 1, 2, lossPlot(), accuracyPlot())
	dir := t.TempDir()
	magic := map[string]string{".png": "\x89PNG", ".svg": "<?xml", ".pdf": "%PDF"}
	for ext, m := range magic {
		path := filepath.Join(dir, "fig"+ext)
		if err := f.Save(path); err != nil {
			t.Fatalf("Save(%s): %v", ext, err)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(m)) {
			t.Errorf("%s starts with %q, want %q", ext, b[:min(8, len(b))], m)
		}
	}
	err := f.Save(filepath.Join(dir, "fig.bmp"))
	if err == nil || !strings.Contains(err.Error(), `unknown format ".bmp"`) {
		t.Errorf("Save(.bmp) err = %v", err)
	}
	err = f.Save(filepath.Join(dir, "missing", "fig.png"))
	if err == nil {
		t.Error("Save into a missing directory succeeded")
	}
}

func TestLinePlotSeries(t *testing.T) {
	p := LinePlot("t", "x", "y",
		Series{Name: "a", Y: []float64{1, math.NaN(), 3}},
		Series{X: []float64{10, 20}, Y: []float64{5, 6, 7}},
		Series{Name: "empty"})
	if p.X.Min > 0 || p.X.Max < 20 || p.Y.Min > 1 || p.Y.Max < 6 {
		t.Errorf("axes [%g,%g]×[%g,%g] do not cover the data",
			p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	// The margins keep the extreme points off the frame.
	if p.Y.Max <= 6 || p.Y.Min >= 1 {
		t.Errorf("no margin around y data: [%g,%g]", p.Y.Min, p.Y.Max)
	}
	got := seriesPoints(Series{Y: []float64{1, math.Inf(1), 3}})
	if len(got) != 2 || got[1].X != 2 {
		t.Errorf("non-finite points not dropped: %v", got)
	}
}

func TestLegendPlacement(t *testing.T) {
	falling := LinePlot("", "", "", Series{Name: "loss", Y: []float64{3, 2, 1}})
	rising := LinePlot("", "", "", Series{Name: "acc", Y: []float64{1, 2, 3}})
	if !falling.Legend.Top || rising.Legend.Top {
		t.Errorf("legend top: falling %v, rising %v; want true, false",
			falling.Legend.Top, rising.Legend.Top)
	}
}

func TestIntegerTicks(t *testing.T) {
	cases := []struct {
		lo, hi float64
		want   string
	}{
		{-0.3, 6.3, "0 1 2 3 4 5 6"},
		{0.5, 15.5, "2 4 6 8 10 12 14"},
		{0, 100, "0 20 40 60 80 100"},
		{0.95, 2.05, "1 2"},
	}
	for _, c := range cases {
		var labels []string
		for _, tk := range (IntegerTicks{}).Ticks(c.lo, c.hi) {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if got := strings.Join(labels, " "); got != c.want {
			t.Errorf("Ticks(%g, %g) = %q, want %q", c.lo, c.hi, got, c.want)
		}
	}
	if len((IntegerTicks{}).Ticks(0.2, 0.8)) == 0 {
		t.Error("no ticks when no whole number is in range")
	}
}

func TestBadPlotsDoNotPanic(t *testing.T) {
	logPlot := LinePlot("log", "x", "y", Series{Y: []float64{-1, 0, 1}})
	logPlot.Y.Scale = plot.LogScale{}
	logPlot.Y.Tick.Marker = plot.LogTicks{}
	cases := []struct {
		name string
		d    Data
	}{
		{"log scale over negative data", Plot(logPlot, 4, 3)},
		{"nil plot", Plot(nil, 4, 3)},
		{"nil plot in a figure", Render(Figure(4, 3, 1, 1, nil))},
	}
	for _, c := range cases {
		if c.d.Empty() || c.d.Text() == "" {
			t.Errorf("%s: empty bundle", c.name)
		}
	}
	if !strings.Contains(cases[0].d.Text(), "display: drawing plot") {
		t.Errorf("log plot text = %q, want the drawing error", cases[0].d.Text())
	}
	if _, err := PlotPNG(nil, 1, 1); err == nil {
		t.Error("PlotPNG(nil) succeeded")
	}
}
