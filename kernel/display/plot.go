package display

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Defaults of how plots are drawn when they are a cell's value, like
// matplotlib's figure.figsize and figure.dpi.
const (
	DefaultPlotWidth  = 6.4 // inches
	DefaultPlotHeight = 4.8 // inches
	DefaultDPI        = 100
)

type plotSettings struct {
	mu            sync.Mutex
	width, height float64
	dpi           int
	svg           bool
	retina        bool
}

var settings = plotSettings{
	width: DefaultPlotWidth, height: DefaultPlotHeight, dpi: DefaultDPI,
}

// SetPlotSize sets the size, in inches, of a plot shown as a cell's value;
// values ≤ 0 restore the defaults (6.4×4.8).
func SetPlotSize(width, height float64) {
	settings.mu.Lock()
	defer settings.mu.Unlock()
	settings.width, settings.height = DefaultPlotWidth, DefaultPlotHeight
	if width > 0 && height > 0 {
		settings.width, settings.height = width, height
	}
}

// SetPlotDPI sets the resolution, in dots per inch, of plots and figures
// rendered as PNG; values ≤ 0 restore the default (100).
func SetPlotDPI(dpi int) {
	settings.mu.Lock()
	defer settings.mu.Unlock()
	settings.dpi = DefaultDPI
	if dpi > 0 {
		settings.dpi = dpi
	}
}

// SetPlotSVG makes plots and figures shown in cells carry image/svg+xml
// next to image/png (on) or PNG only (off, the default). Front ends prefer
// SVG when present: sharp at any zoom, larger notebooks.
func SetPlotSVG(on bool) {
	settings.mu.Lock()
	defer settings.mu.Unlock()
	settings.svg = on
}

// SetPlotRetina makes plots and figures shown in cells sharp on high-density
// screens (on): the PNG holds twice the pixels in each direction and its
// metadata asks the front end to show it at the normal size. Notebooks grow
// about four times larger. Off by default.
func SetPlotRetina(on bool) {
	settings.mu.Lock()
	defer settings.mu.Unlock()
	settings.retina = on
}

func retinaOn() bool {
	settings.mu.Lock()
	defer settings.mu.Unlock()
	return settings.retina
}

func currentSettings() (w, h float64, dpi int, svg bool) {
	settings.mu.Lock()
	defer settings.mu.Unlock()
	return settings.width, settings.height, settings.dpi, settings.svg
}

// drawer draws on a canvas; a plot and a figure both are one.
type drawer func(c draw.Canvas)

// safeDraw runs d on c and turns a panic of gonum/plot (a log scale over
// non-positive data, a figure too small for its axes) into an error, so a
// bad plot shows a message instead of stopping the cell.
func safeDraw(d drawer, c draw.Canvas) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("display: drawing plot: %v", r)
		}
	}()
	d(c)
	return nil
}

func renderPNG(d drawer, width, height float64, dpi int) ([]byte, error) {
	if width <= 0 || height <= 0 {
		return nil, fmt.Errorf("display: plot size %g×%g in is not positive", width, height)
	}
	c := vgimg.NewWith(
		vgimg.UseWH(vg.Length(width)*vg.Inch, vg.Length(height)*vg.Inch),
		vgimg.UseDPI(dpi),
	)
	if err := safeDraw(d, draw.New(c)); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("display: encoding PNG: %w", err)
	}
	return buf.Bytes(), nil
}

func renderSVG(d drawer, width, height float64) (string, error) {
	if width <= 0 || height <= 0 {
		return "", fmt.Errorf("display: plot size %g×%g in is not positive", width, height)
	}
	c := vgsvg.New(vg.Length(width)*vg.Inch, vg.Length(height)*vg.Inch)
	if err := safeDraw(d, draw.New(c)); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return "", fmt.Errorf("display: encoding SVG: %w", err)
	}
	return buf.String(), nil
}

// bundle renders d as the MIME types the settings ask for, with text as
// text/plain.
func bundle(d drawer, width, height float64, text string) Data {
	_, _, dpi, svg := currentSettings()
	density := 1
	if retinaOn() {
		density = 2
	}
	b, err := renderPNG(d, width, height, dpi*density)
	if err != nil {
		return Text(err.Error())
	}
	px, py := pixels(width, dpi), pixels(height, dpi)
	out := MakeData3(MIMETypePNG, fmt.Sprintf("<%s %d×%d>", text, px, py), b)
	setImageMeta(&out, MIMETypePNG, px, py)
	if svg {
		if s, err := renderSVG(d, width, height); err == nil {
			out.Data[MIMETypeSVG] = s
		}
	}
	return out
}

func pixels(inches float64, dpi int) int {
	return int(math.Ceil(inches * float64(dpi)))
}

func plotDrawer(p *plot.Plot) drawer {
	return func(c draw.Canvas) {
		if p == nil {
			panic("nil *plot.Plot")
		}
		p.Draw(c)
	}
}

// Plot returns p rendered at width×height inches as image/png (and
// image/svg+xml when SetPlotSVG is on); sizes ≤ 0 take the size set by
// SetPlotSize. A cell whose value is a *plot.Plot shows Plot(p, 0, 0).
func Plot(p *plot.Plot, width, height float64) Data {
	if p == nil {
		return Text("<nil plot>")
	}
	width, height = sizeOr(width, height)
	return bundle(plotDrawer(p), width, height, plotLabel("plot", p.Title.Text))
}

func sizeOr(width, height float64) (float64, float64) {
	if width > 0 && height > 0 {
		return width, height
	}
	w, h, _, _ := currentSettings()
	return w, h
}

func plotLabel(kind, title string) string {
	if title == "" {
		return kind
	}
	return fmt.Sprintf("%s %q", kind, title)
}

// PlotPNG returns p rendered as PNG at width×height inches (sizes ≤ 0 take
// the size set by SetPlotSize) and the DPI set by SetPlotDPI.
func PlotPNG(p *plot.Plot, width, height float64) ([]byte, error) {
	width, height = sizeOr(width, height)
	_, _, dpi, _ := currentSettings()
	return renderPNG(plotDrawer(p), width, height, dpi)
}

// PlotSVG returns p rendered as SVG at width×height inches (sizes ≤ 0 take
// the size set by SetPlotSize).
func PlotSVG(p *plot.Plot, width, height float64) (string, error) {
	width, height = sizeOr(width, height)
	return renderSVG(plotDrawer(p), width, height)
}

// Palette is the colour cycle LinePlot gives series without a Color, the
// same ten colours as matplotlib's default ("tab10").
var Palette = []color.Color{
	rgb(0x1f77b4), rgb(0xff7f0e), rgb(0x2ca02c), rgb(0xd62728),
	rgb(0x9467bd), rgb(0x8c564b), rgb(0xe377c2), rgb(0x7f7f7f),
	rgb(0xbcbd22), rgb(0x17becf),
}

func rgb(hex uint32) color.Color {
	return color.RGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

// Series is one line of a LinePlot.
type Series struct {
	// Name is the series' legend entry; series without a name stay out of
	// the legend.
	Name string
	// X holds the x coordinates; nil means 0, 1, 2, … like matplotlib's
	// plot(y). When set it must be as long as Y.
	X []float64
	// Y holds the y coordinates.
	Y []float64
	// Color is the line's colour; nil takes the next colour of Palette.
	Color color.Color
	// Dashed draws a dashed line.
	Dashed bool
	// Points marks each point with a dot.
	Points bool
}

// LinePlot returns a plot of the series as lines, with a title, axis labels,
// a light grid and a legend of the named series. It is the short way to draw
// training curves:
//
//	display.LinePlot("Loss", "epoch", "loss",
//		display.Series{Name: "train", Y: history.History["loss"]},
//		display.Series{Name: "validation", Y: history.History["val_loss"]})
//
// A series whose X and Y lengths differ is drawn over the shorter length.
func LinePlot(title, xlabel, ylabel string, series ...Series) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{Y: 0xdd}
	grid.Horizontal.Color = color.Gray{Y: 0xdd}
	p.Add(grid)

	var all plotter.XYs
	for i, s := range series {
		pts := seriesPoints(s)
		addSeries(p, s, pts, i)
		all = append(all, pts...)
	}
	addMargins(p, 0.05)
	p.Legend.Top = !crowdedTopRight(p, all)
	if allIntegers(all) {
		p.X.Tick.Marker = IntegerTicks{}
	}
	return p
}

func allIntegers(pts plotter.XYs) bool {
	for _, pt := range pts {
		if pt.X != math.Trunc(pt.X) {
			return false
		}
	}
	return len(pts) > 0
}

// IntegerTicks is a plot.Ticker that puts ticks on whole numbers only, at
// steps of 1, 2, 5, 10, 20, 50… so that there are at most eight; LinePlot
// uses it when every x is whole (epochs, steps). Use it on any axis with
// p.X.Tick.Marker = display.IntegerTicks{}.
type IntegerTicks struct{}

// Ticks returns the ticks between lo and hi.
func (IntegerTicks) Ticks(lo, hi float64) []plot.Tick {
	first, last := math.Ceil(lo), math.Floor(hi)
	if !isFinite(first) || !isFinite(last) || last < first {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	step := 1.0
	for i := 0; (last-first)/step > 8; i++ {
		step *= []float64{2, 2.5, 2}[i%3] // 1, 2, 5, 10, 20, 50…
	}
	var ticks []plot.Tick
	for v := math.Ceil(first/step) * step; v <= last; v += step {
		if v == 0 {
			v = 0 // no "-0" label
		}
		ticks = append(ticks, plot.Tick{Value: v,
			Label: strconv.FormatFloat(v, 'f', -1, 64)})
	}
	return ticks
}

// addMargins widens p's axes by frac of their span on each side, as
// matplotlib does, so lines do not run along the frame.
func addMargins(p *plot.Plot, frac float64) {
	widen := func(a *plot.Axis) {
		span := a.Max - a.Min
		if span <= 0 || !isFinite(span) {
			return
		}
		a.Min -= frac * span
		a.Max += frac * span
	}
	widen(&p.X)
	widen(&p.Y)
}

// crowdedTopRight reports whether the points in the right third of the plot
// lie mostly in its upper half, where the legend goes by default; rising
// curves (accuracy) then get their legend at the bottom right.
func crowdedTopRight(p *plot.Plot, pts plotter.XYs) bool {
	xs, ys := p.X.Max-p.X.Min, p.Y.Max-p.Y.Min
	if xs <= 0 || ys <= 0 {
		return false
	}
	high, n := 0, 0
	for _, pt := range pts {
		if (pt.X-p.X.Min)/xs < 2.0/3 {
			continue
		}
		n++
		if (pt.Y-p.Y.Min)/ys > 0.5 {
			high++
		}
	}
	return n > 0 && 2*high > n
}

func addSeries(p *plot.Plot, s Series, pts plotter.XYs, i int) {
	if len(pts) == 0 {
		return
	}
	c := s.Color
	if c == nil {
		c = Palette[i%len(Palette)]
	}
	line, err := plotter.NewLine(pts)
	if err != nil {
		// TODO: NaN and Inf points are dropped by seriesPoints; a line
		// fails only on values plotter rejects for other reasons.
		return
	}
	line.Color = c
	line.Width = vg.Points(1.5)
	if s.Dashed {
		line.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
	}
	p.Add(line)
	thumbs := []plot.Thumbnailer{line}
	if s.Points {
		sc, err := plotter.NewScatter(pts)
		if err == nil {
			sc.Color = c
			sc.Shape = draw.CircleGlyph{}
			sc.Radius = vg.Points(2.5)
			p.Add(sc)
			thumbs = append(thumbs, sc)
		}
	}
	if s.Name != "" {
		p.Legend.Add(s.Name, thumbs...)
	}
}

// seriesPoints pairs X and Y, leaving out points that are not finite.
func seriesPoints(s Series) plotter.XYs {
	n := len(s.Y)
	if s.X != nil {
		n = min(n, len(s.X))
	}
	pts := make(plotter.XYs, 0, n)
	for i := range n {
		x := float64(i)
		if s.X != nil {
			x = s.X[i]
		}
		y := s.Y[i]
		if isFinite(x) && isFinite(y) {
			pts = append(pts, plotter.XY{X: x, Y: y})
		}
	}
	return pts
}

func isFinite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
