package display

import (
	"fmt"
	"image"
	"reflect"
	"strings"

	"gonum.org/v1/plot"
)

// Interfaces a value may implement to choose how a cell shows it. Only the
// method matters: a package implements them without importing display.
// A value implementing several gets all their MIME types in one bundle.
//
// They are named interfaces, not aliases of interface literals: yaegi
// generates wrappers for named ones, so an interpreted value assigned to a
// display.HTMLer variable reaches compiled code with its method.
type (
	// Renderer returns a complete bundle.
	Renderer interface{ Render() Data }
	// MIMEBundler returns a complete bundle.
	MIMEBundler interface{ MIMEBundle() Data }
	// SimpleRenderer returns the representations only.
	SimpleRenderer interface{ SimpleRender() MIMEMap }
	// HTMLer is shown as text/html.
	HTMLer interface{ HTML() string }
	// Markdowner is shown as text/markdown.
	Markdowner interface{ Markdown() string }
	// Latexer is shown as text/latex.
	Latexer interface{ Latex() string }
	// SVGer is shown as image/svg+xml.
	SVGer interface{ SVG() string }
	// PNGer is shown as image/png.
	PNGer interface{ PNG() []byte }
	// JPEGer is shown as image/jpeg.
	JPEGer interface{ JPEG() []byte }
	// PDFer is shown as application/pdf.
	PDFer interface{ PDF() []byte }
	// JavaScripter is shown as application/javascript.
	JavaScripter interface{ JavaScript() string }
	// JSONer is shown as application/json.
	JSONer interface{ JSON() any }
	// JSONMapper is shown as application/json (gophernotes' signature).
	JSONMapper interface{ JSON() map[string]any }
)

// Render turns a cell's value into a bundle, by type:
//
//   - nil: an empty bundle (nothing is shown);
//   - Data or *Data: as is, with text/plain added when it has none;
//   - Renderer, MIMEBundler, SimpleRenderer: what the method returns;
//   - *plot.Plot: image/png of the plot at the size set by SetPlotSize
//     (and image/svg+xml when SetPlotSVG is on);
//   - image.Image: image/png;
//   - error: its text;
//   - HTMLer, Markdowner, Latexer, SVGer, PNGer, JPEGer, PDFer,
//     JavaScripter, JSONer: the MIME type of each method it has;
//   - anything else: text/plain as printed by Format.
//
// Every bundle Render returns holds text/plain, so a notebook exported to
// text or Markdown stays readable.
//
// A rendering method that panics (on a nil receiver, say) does not stop the
// cell: the value is shown as text, followed by the panic.
func Render(v any) (d Data) {
	defer func() {
		if r := recover(); r != nil {
			d = Text(fmt.Sprintf("%s\n(display: rendering %T panicked: %v)",
				Format(v), v, r))
		}
	}()
	switch x := v.(type) {
	case Data:
		return bundleWithText(x)
	case *Data:
		if x == nil {
			return Data{}
		}
		return bundleWithText(*x)
	}
	if whole, ok := renderWhole(v); ok {
		return withText(whole, v)
	}
	parts := renderParts(v)
	if _, ok := interpreterWrapped(reflect.ValueOf(v)); ok && len(parts) > 0 {
		// The wrapped value may be wrong (see interpreterWrapped); the
		// rich representation's source is a safer text/plain.
		return bundleWithText(Data{Data: parts})
	}
	return withText(Data{Data: parts}, v)
}

// bundleWithText returns a bundle made by hand with text/plain added when it
// lacks one: its Markdown, LaTeX or HTML source, or the list of its types.
// The caller's map is left as it is.
func bundleWithText(d Data) Data {
	if d.Empty() {
		return d
	}
	if _, ok := d.Data[MIMETypeText]; ok {
		return d
	}
	text := fmt.Sprintf("<%s>", strings.Join(d.MIMETypes(), ", "))
	for _, mime := range []string{MIMETypeMarkdown, MIMETypeLatex, MIMETypeHTML} {
		if s, ok := d.Data[mime].(string); ok {
			text = s
			break
		}
	}
	d.Data = mergeMaps(cloneMap(d.Data), MIMEMap{MIMETypeText: text})
	return d
}

func renderWhole(v any) (Data, bool) {
	switch x := v.(type) {
	case nil:
		return Data{}, true
	case Renderer:
		return x.Render(), true
	case MIMEBundler:
		return x.MIMEBundle(), true
	case SimpleRenderer:
		return Data{Data: x.SimpleRender()}, true
	case *plot.Plot:
		return Plot(x, 0, 0), true
	case image.Image:
		return Image(x), true
	case error:
		return Text(x.Error()), true
	}
	return Data{}, false
}

func renderParts(v any) MIMEMap {
	m := MIMEMap{}
	if x, ok := v.(HTMLer); ok {
		m[MIMETypeHTML] = x.HTML()
	}
	if x, ok := v.(Markdowner); ok {
		m[MIMETypeMarkdown] = x.Markdown()
	}
	if x, ok := v.(Latexer); ok {
		m[MIMETypeLatex] = x.Latex()
	}
	if x, ok := v.(SVGer); ok {
		m[MIMETypeSVG] = x.SVG()
	}
	if x, ok := v.(PNGer); ok {
		m[MIMETypePNG] = x.PNG()
	}
	if x, ok := v.(JPEGer); ok {
		m[MIMETypeJPEG] = x.JPEG()
	}
	if x, ok := v.(PDFer); ok {
		m[MIMETypePDF] = x.PDF()
	}
	if x, ok := v.(JavaScripter); ok {
		m[MIMETypeJavaScript] = x.JavaScript()
	}
	if x, ok := v.(JSONer); ok {
		setJSON(m, x.JSON())
	}
	if x, ok := v.(JSONMapper); ok {
		setJSON(m, x.JSON())
	}
	return m
}

// setJSON puts v's encoding in m, or nothing when v cannot be encoded.
func setJSON(m MIMEMap, v any) {
	if b, ok := JSON(v).Data[MIMETypeJSON]; ok {
		m[MIMETypeJSON] = b
	}
}

// withText adds v printed by Format as text/plain to a bundle that lacks
// it, leaving the map it was given as it is.
func withText(d Data, v any) Data {
	if v == nil {
		return d
	}
	if _, ok := d.Data[MIMETypeText]; !ok {
		d.Data = mergeMaps(cloneMap(d.Data), MIMEMap{MIMETypeText: Format(v)})
	}
	return d
}

// RenderValues turns the values of a cell whose last expression has several
// (a call returning (T, error), say) into one bundle. All nil shows nothing;
// a single non-nil value with a rich representation (an image, a plot, HTML)
// next to nils is shown alone; otherwise the values are printed as text,
// separated by commas.
func RenderValues(vs ...any) Data {
	if len(vs) == 1 {
		return Render(vs[0])
	}
	var only any
	nonNil := 0
	for _, v := range vs {
		if v != nil {
			only = v
			nonNil++
		}
	}
	if nonNil == 0 {
		return Data{}
	}
	if nonNil == 1 {
		if d := Render(only); isRich(d) {
			return d
		}
	}
	return Text(formatValues(vs))
}

func formatValues(vs []any) string {
	s := ""
	for i, v := range vs {
		if i > 0 {
			s += ", "
		}
		s += Format(v)
	}
	return s
}

// isRich reports whether d holds more than text/plain.
func isRich(d Data) bool {
	for k := range d.Data {
		if k != MIMETypeText {
			return true
		}
	}
	return false
}
