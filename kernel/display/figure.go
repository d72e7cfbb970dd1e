package display

import (
	"fmt"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgpdf"
)

// Fig is several plots drawn side by side in one image, like a matplotlib
// figure of subplots. Plots are placed row by row; a nil plot leaves its
// tile empty. The plots' data areas are aligned across rows and columns.
type Fig struct {
	// Width and Height are the figure's size in inches.
	Width, Height float64
	// Rows and Cols are the grid's shape.
	Rows, Cols int
	// Plots are the plots in row-major order.
	Plots []*plot.Plot
	// Title, when set, is drawn above all the plots (matplotlib's
	// suptitle).
	Title string
}

// Figure returns a figure of width×height inches (matplotlib's figsize)
// holding plots on a rows×cols grid, row by row. rows or cols ≤ 0 are
// computed from the number of plots (one row by default); when there are
// more plots than tiles, rows are added.
//
//	display.Figure(12, 5, 1, 2, lossPlot, accuracyPlot)
func Figure(width, height float64, rows, cols int, plots ...*plot.Plot) *Fig {
	n := max(len(plots), 1)
	switch {
	case rows <= 0 && cols <= 0:
		rows, cols = 1, n
	case cols <= 0:
		cols = (n + rows - 1) / rows
	case rows <= 0:
		rows = (n + cols - 1) / cols
	}
	if rows*cols < len(plots) {
		rows = (len(plots) + cols - 1) / cols
	}
	if width <= 0 || height <= 0 {
		w, h, _, _ := currentSettings()
		width, height = w*float64(cols), h*float64(rows)
	}
	return &Fig{Width: width, Height: height, Rows: rows, Cols: cols, Plots: plots}
}

// grid returns the plots as rows of Cols, padded with nil.
func (f *Fig) grid() [][]*plot.Plot {
	g := make([][]*plot.Plot, f.Rows)
	for r := range g {
		g[r] = make([]*plot.Plot, f.Cols)
		for c := range g[r] {
			if i := r*f.Cols + c; i < len(f.Plots) {
				g[r][c] = f.Plots[i]
			}
		}
	}
	return g
}

func (f *Fig) draw(dc draw.Canvas) {
	if f.Rows <= 0 || f.Cols <= 0 {
		return
	}
	pad := vg.Points(8)
	tiles := draw.Tiles{
		Rows: f.Rows, Cols: f.Cols,
		PadX: 3 * pad, PadY: 3 * pad,
		PadTop: pad, PadBottom: pad, PadLeft: pad, PadRight: pad,
	}
	dc = f.drawTitle(dc)
	g := f.grid()
	canvases := plot.Align(g, tiles, dc)
	for r, row := range g {
		for c, p := range row {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
}

// drawTitle draws the figure's title at the top of dc and returns the
// canvas left below it.
func (f *Fig) drawTitle(dc draw.Canvas) draw.Canvas {
	if f.Title == "" {
		return dc
	}
	sty := text.Style{
		Color: color.Black, Font: font.From(plot.DefaultFont, 14),
		XAlign: draw.XCenter, YAlign: draw.YTop, Handler: plot.DefaultTextHandler,
	}
	pad := vg.Points(6)
	top := vg.Point{X: (dc.Min.X + dc.Max.X) / 2, Y: dc.Max.Y - pad}
	dc.FillText(sty, top, f.Title)
	dc.Max.Y -= sty.Height(f.Title) + 2*pad
	return dc
}

// String describes the figure: its size and grid.
func (f *Fig) String() string {
	return fmt.Sprintf("figure %g×%g in, %d×%d plots", f.Width, f.Height, f.Rows, f.Cols)
}

// MIMEBundle returns the figure as image/png (and image/svg+xml when
// SetPlotSVG is on); a cell whose value is a *Fig shows it.
func (f *Fig) MIMEBundle() Data {
	return bundle(f.draw, f.Width, f.Height, f.String())
}

// PNG returns the figure as PNG at the DPI set by SetPlotDPI, nil when it
// cannot be encoded.
func (f *Fig) PNG() []byte {
	_, _, dpi, _ := currentSettings()
	b, err := renderPNG(f.draw, f.Width, f.Height, dpi)
	if err != nil {
		return nil
	}
	return b
}

// SVG returns the figure as an SVG document, "" when it cannot be encoded.
func (f *Fig) SVG() string {
	s, err := renderSVG(f.draw, f.Width, f.Height)
	if err != nil {
		return ""
	}
	return s
}

// Save writes the figure to path in the format its extension names: .png,
// .svg or .pdf.
func (f *Fig) Save(path string) error {
	var b []byte
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".png":
		_, _, dpi, _ := currentSettings()
		png, err := renderPNG(f.draw, f.Width, f.Height, dpi)
		if err != nil {
			return fmt.Errorf("saving figure to %s: %w", path, err)
		}
		b = png
	case ".svg":
		s, err := renderSVG(f.draw, f.Width, f.Height)
		if err != nil {
			return fmt.Errorf("saving figure to %s: %w", path, err)
		}
		b = []byte(s)
	case ".pdf":
		c := vgpdf.New(vg.Length(f.Width)*vg.Inch, vg.Length(f.Height)*vg.Inch)
		if err := safeDraw(f.draw, draw.New(c)); err != nil {
			return fmt.Errorf("saving figure to %s: %w", path, err)
		}
		var buf strings.Builder
		if _, err := c.WriteTo(&buf); err != nil {
			return fmt.Errorf("saving figure to %s: %w", path, err)
		}
		b = []byte(buf.String())
	default:
		return fmt.Errorf("saving figure to %s: unknown format %q (want .png, .svg or .pdf)",
			path, ext)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("saving figure: %w", err)
	}
	return nil
}
