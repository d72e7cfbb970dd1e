package display

import "testing"

// BenchmarkFigurePNG measures drawing the notebook's 12×5 in figure of two
// plots at 100 dpi, which the live training chart does once per epoch.
func BenchmarkFigurePNG(b *testing.B) {
	f := Figure(12, 5, 1, 2, lossPlot(), accuracyPlot())
	for b.Loop() {
		if len(f.PNG()) == 0 {
			b.Fatal("empty PNG")
		}
	}
}

// BenchmarkPlotSVG measures rendering one plot as SVG.
func BenchmarkPlotSVG(b *testing.B) {
	p := lossPlot()
	for b.Loop() {
		if _, err := PlotSVG(p, 6.4, 4.8); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFormatLongSlice measures printing a million-element slice as a
// cell value; shortening keeps it independent of the length.
func BenchmarkFormatLongSlice(b *testing.B) {
	xs := make([]float64, 1_000_000)
	for b.Loop() {
		_ = Format(xs)
	}
}

// BenchmarkFormatLargeMap measures printing a map of 100,000 entries.
func BenchmarkFormatLargeMap(b *testing.B) {
	m := make(map[int]float64, 100_000)
	for i := range 100_000 {
		m[i] = float64(i)
	}
	for b.Loop() {
		_ = Format(m)
	}
}
