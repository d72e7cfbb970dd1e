package display

import (
	"bytes"
	"errors"
	"fmt"
	"image/png"
	"reflect"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

type htmlMarkdown struct{}

func (htmlMarkdown) HTML() string     { return "<b>x</b>" }
func (htmlMarkdown) Markdown() string { return "**x**" }
func (htmlMarkdown) String() string   { return "x" }

type bundler struct{}

func (bundler) MIMEBundle() Data { return MakeData3("text/csv", "table", "a,b") }

type renderer struct{}

func (renderer) Render() Data { return HTML("<i>r</i>") }

type simple struct{}

func (simple) SimpleRender() MIMEMap { return MIMEMap{MIMETypeMarkdown: "_s_"} }

type pnger struct{ b []byte }

func (p pnger) PNG() []byte { return p.b }

type jsoner struct{}

func (jsoner) JSON() any { return []int{1, 2} }

type jsonMapper struct{}

func (jsonMapper) JSON() map[string]any { return map[string]any{"k": "v"} }

type latexSVG struct{}

func (latexSVG) Latex() string { return "$x$" }
func (latexSVG) SVG() string   { return "<svg/>" }

func TestRenderByType(t *testing.T) {
	p := plot.New()
	p.Title.Text = "T"
	pngb := pngBytes(t)
	cases := []struct {
		name  string
		v     any
		types []string // MIME types expected, sorted
		text  string   // text/plain expected; "*" skips the check
	}{
		{"nil", nil, []string{}, ""},
		{"Data", HTML("<p>"), []string{MIMETypeHTML, MIMETypeText}, "<p>"},
		{"*Data", ptr(Markdown("m")), []string{MIMETypeMarkdown, MIMETypeText}, "m"},
		{"Renderer", renderer{}, []string{MIMETypeHTML, MIMETypeText}, "<i>r</i>"},
		{"MIMEBundler", bundler{}, []string{"text/csv", MIMETypeText}, "table"},
		{"SimpleRenderer", simple{}, []string{MIMETypeMarkdown, MIMETypeText}, "{}"},
		{"plot", p, []string{MIMETypePNG, MIMETypeText}, `<plot "T" 640×480>`},
		{"image", testImage(), []string{MIMETypePNG, MIMETypeText}, "<image 4×3>"},
		{"error", errors.New("boom"), []string{MIMETypeText}, "boom"},
		{"HTML+Markdown", htmlMarkdown{},
			[]string{MIMETypeHTML, MIMETypeMarkdown, MIMETypeText}, "x"},
		{"PNGer", pnger{pngb}, []string{MIMETypePNG, MIMETypeText}, "*"},
		{"JSONer", jsoner{}, []string{MIMETypeJSON, MIMETypeText}, "{}"},
		{"JSONMapper", jsonMapper{}, []string{MIMETypeJSON, MIMETypeText}, "{}"},
		{"Latex+SVG", latexSVG{}, []string{MIMETypeSVG, MIMETypeLatex, MIMETypeText}, "{}"},
		{"figure", Figure(4, 2, 1, 2, p, p), []string{MIMETypePNG, MIMETypeText},
			"<figure 4×2 in, 1×2 plots 400×200>"},
		{"int", 42, []string{MIMETypeText}, "42"},
		{"string", "hi", []string{MIMETypeText}, `"hi"`},
		{"Stringer", time.Second, []string{MIMETypeText}, "1s"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := Render(c.v)
			if got := d.MIMETypes(); !reflect.DeepEqual(got, c.types) {
				t.Errorf("types = %v, want %v", got, c.types)
			}
			if c.text != "*" && d.Text() != c.text {
				t.Errorf("text/plain = %q, want %q", d.Text(), c.text)
			}
		})
	}
}

func ptr(d Data) *Data { return &d }

func TestRenderPlotSVG(t *testing.T) {
	SetPlotSVG(true)
	defer SetPlotSVG(false)
	d := Render(lossPlot())
	s, _ := d.Data[MIMETypeSVG].(string)
	if !strings.Contains(s, "<svg") || !strings.Contains(s, "Loss") {
		t.Errorf("image/svg+xml missing or without the title: %.80q", s)
	}
	if d.Data[MIMETypePNG] == nil {
		t.Error("image/png missing next to SVG")
	}
}

func TestPlotSize(t *testing.T) {
	SetPlotSize(3, 2)
	SetPlotDPI(50)
	defer func() { SetPlotSize(0, 0); SetPlotDPI(0) }()
	d := Render(lossPlot())
	meta := d.Metadata[MIMETypePNG].(map[string]any)
	if meta["width"] != 150 || meta["height"] != 100 {
		t.Errorf("metadata = %v, want 150×100", meta)
	}
	d = Plot(lossPlot(), 4, 1)
	if got := d.Text(); got != `<plot "Loss" 200×50>` {
		t.Errorf("text/plain = %q", got)
	}
}

func TestRenderValues(t *testing.T) {
	cases := []struct {
		name  string
		vs    []any
		text  string
		types int
	}{
		{"none", nil, "", 0},
		{"all nil", []any{nil, nil}, "", 0},
		{"value and nil error", []any{42, nil}, "42, nil", 1},
		{"value and error", []any{0, errors.New("bad input")}, "0, bad input", 1},
		{"image and nil", []any{testImage(), nil}, "<image 4×3>", 2},
		{"strings", []any{"a", "b"}, `"a", "b"`, 1},
		{"single", []any{1.5}, "1.5", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := RenderValues(c.vs...)
			if d.Text() != c.text || len(d.Data) != c.types {
				t.Errorf("got %q with %v, want %q with %d types",
					d.Text(), d.MIMETypes(), c.text, c.types)
			}
		})
	}
}

type point struct {
	X, Y   int
	hidden string
}

type cyclic struct {
	Name string
	Next *cyclic
}

type brokenStringer struct{ p *int }

func (b *brokenStringer) String() string { return fmt.Sprint(*b.p) }

func TestFormat(t *testing.T) {
	seq := make([]int, 100)
	for i := range seq {
		seq[i] = i
	}
	words := map[string]int{}
	for i := range 25 {
		words[fmt.Sprintf("w%02d", i)] = i
	}
	var nilMap map[string]int
	var nilSlice []int
	var nilPtr *point
	cases := []struct {
		name string
		v    any
		want string
	}{
		{"int", 7, "7"},
		{"fmt.Formatter", mat.Formatted(mat.NewDense(2, 2, []float64{1, 2, 3, 4})),
			fmt.Sprintf("%v", mat.Formatted(mat.NewDense(2, 2, []float64{1, 2, 3, 4})))},
		{"negative", int8(-3), "-3"},
		{"uint", uint16(9), "9"},
		{"float64", 0.1, "0.1"},
		{"float32", float32(0.1), "0.1"},
		{"complex", complex(1, -2), "(1-2i)"},
		{"bool", true, "true"},
		{"string", `say "hi"`, `"say \"hi\""`},
		{"multi-line", "a\nb", "`a\nb`"},
		{"multi-line with backquote", "a`\nb", `"a` + "`" + `\nb"`},
		{"strings", []string{"a", "b c"}, `["a" "b c"]`},
		{"short slice", []int{1, 2, 3}, "[1 2 3]"},
		{"long slice", seq, "[0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 … 81 more … 97 98 99]"},
		{"nested", [][]float64{{1, 2}, {3}}, "[[1 2] [3]]"},
		{"array", [2]bool{true, false}, "[true false]"},
		{"nil slice", nilSlice, "[]"},
		{"map sorted numerically", map[int]string{10: "b", 9: "a"}, `map[9:"a" 10:"b"]`},
		{"long map", words, `map["w00":0 "w01":1 "w02":2 "w03":3 "w04":4 "w05":5 ` +
			`"w06":6 "w07":7 "w08":8 "w09":9 "w10":10 "w11":11 "w12":12 "w13":13 ` +
			`"w14":14 "w15":15 … 6 more … "w22":22 "w23":23 "w24":24]`},
		{"nil map", nilMap, "map[]"},
		{"struct", point{1, 2, "h"}, `{X:1 Y:2 hidden:"h"}`},
		{"pointer", &point{X: 1}, `&{X:1 Y:0 hidden:""}`},
		{"nil pointer", nilPtr, "nil"},
		{"error", errors.New("boom"), "boom"},
		{"Stringer", 90 * time.Minute, "1h30m0s"},
		{"panicking Stringer", &brokenStringer{}, "&{p:nil}"},
		{"func", strings.ToUpper, "func(string) string"},
		{"chan", make(chan int, 2), "chan int (len 0, cap 2)"},
		{"matrix", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), "⎡1  2⎤\n⎣3  4⎦"},
		{"any slice", []any{1, "a", nil}, `[1 "a" nil]`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := Format(c.v); got != c.want {
				t.Errorf("Format = %q\n              want %q", got, c.want)
			}
		})
	}
}

func TestFormatCycle(t *testing.T) {
	c := &cyclic{Name: "a"}
	c.Next = c
	got := Format(c)
	if !strings.HasPrefix(got, `&{Name:"a" Next:(*display.cyclic)(0x`) {
		t.Errorf("Format(cycle) = %q", got)
	}
}

func TestFormatMaxItems(t *testing.T) {
	defer func(n int) { MaxItems = n }(MaxItems)
	MaxItems = 5
	if got := Format([]int{1, 2, 3, 4, 5, 6, 7, 8}); got != "[1 2 3 … 4 more … 8]" {
		t.Errorf("Format = %q", got)
	}
	if got := Format([]int{1, 2, 3, 4, 5}); got != "[1 2 3 4 5]" {
		t.Errorf("Format at the limit = %q", got)
	}
}

func TestFormatLargeMatrixExcerpt(t *testing.T) {
	got := Format(mat.NewDense(50, 50, nil))
	if !strings.Contains(got, "Dims(50, 50)") || strings.Count(got, "\n") > 12 {
		t.Errorf("large matrix not shortened:\n%s", got)
	}
}

// wrapped has the shape of the wrappers yaegi generates when an interpreted
// value is converted to a compiled interface.
type wrapped struct {
	IValue interface{}
	WHTML  func() string
}

func (w wrapped) HTML() string { return w.WHTML() }

func TestFormatInterpreterWrapper(t *testing.T) {
	w := wrapped{IValue: point{X: 4}, WHTML: func() string { return "<b>4</b>" }}
	d := Render(w)
	if d.Data[MIMETypeHTML] != "<b>4</b>" || d.Text() != "<b>4</b>" {
		t.Errorf("Render(wrapper) = %v", d.Data)
	}
	if got := Format(w); got != `{X:4 Y:0 hidden:""}` {
		t.Errorf("Format(wrapper) = %q", got)
	}
}

type panicky struct{ m map[string]string }

func (p *panicky) HTML() string { return p.m["x"] + "<b>" }

func TestRenderSurvivesPanickingMethod(t *testing.T) {
	var p *panicky
	d := Render(p)
	if !strings.Contains(d.Text(), "nil\n(display: rendering *display.panicky panicked:") {
		t.Errorf("text/plain = %q", d.Text())
	}
	var f *Fig
	if d := Render(f); !strings.Contains(d.Text(), "panicked") {
		t.Errorf("nil *Fig: %q", d.Text())
	}
}

func TestRenderHandMadeBundle(t *testing.T) {
	m := MIMEMap{MIMETypeHTML: "<b>x</b>"}
	d := Render(Data{Data: m})
	if d.Text() != "<b>x</b>" {
		t.Errorf("text/plain = %q, want the HTML source", d.Text())
	}
	if _, ok := m[MIMETypeText]; ok {
		t.Error("Render modified the caller's map")
	}
	d = Render(&Data{Data: MIMEMap{"image/gif": []byte("GIF89a")}})
	if d.Text() != "<image/gif>" {
		t.Errorf("text/plain = %q, want the list of types", d.Text())
	}
	var nilData *Data
	if !Render(nilData).Empty() || !Render(Data{}).Empty() {
		t.Error("an empty or nil bundle is shown")
	}
}

func TestPlotRetina(t *testing.T) {
	SetPlotRetina(true)
	defer SetPlotRetina(false)
	d := Plot(lossPlot(), 3, 2)
	img, err := png.Decode(bytes.NewReader(d.Data[MIMETypePNG].([]byte)))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 600 || b.Dy() != 400 {
		t.Errorf("retina PNG is %v, want 600×400 pixels", b)
	}
	meta := d.Metadata[MIMETypePNG].(map[string]any)
	if meta["width"] != 300 || meta["height"] != 200 || d.Text() != `<plot "Loss" 300×200>` {
		t.Errorf("metadata %v, text %q; want the 300×200 display size", meta, d.Text())
	}
}
