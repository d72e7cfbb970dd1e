package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func testImage() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	return img
}

func pngBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, testImage()); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegBytes(t *testing.T) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, testImage(), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestConstructors(t *testing.T) {
	pngb, jpgb := pngBytes(t), jpegBytes(t)
	svg := `<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"></svg>`
	cases := []struct {
		name  string
		got   Data
		mime  string
		value any
		text  string
	}{
		{"HTML", HTML("<b>hi</b>"), MIMETypeHTML, "<b>hi</b>", "<b>hi</b>"},
		{"Markdown", Markdown("# T"), MIMETypeMarkdown, "# T", "# T"},
		{"Latex", Latex(`x^2`), MIMETypeLatex, "$x^2$", "x^2"},
		{"Latex delimited", Latex(`$x$`), MIMETypeLatex, "$x$", "$x$"},
		{"Math", Math(`\sum_i x_i`), MIMETypeLatex, `$$\sum_i x_i$$`, `\sum_i x_i`},
		{"SVG", SVG(svg), MIMETypeSVG, svg, "<svg image>"},
		{"PNG", PNG(pngb), MIMETypePNG, pngb, "<image 4×3>"},
		{"JPEG", JPEG(jpgb), MIMETypeJPEG, jpgb, "<image 4×3>"},
		{"PDF", PDF([]byte("%PDF-1.4")), MIMETypePDF, []byte("%PDF-1.4"),
			"<application/pdf, 8 bytes>"},
		{"JSON", JSON(map[string]any{"a": 1}), MIMETypeJSON,
			json.RawMessage(`{"a":1}`), `map["a":1]`},
		{"JSON unencodable", JSON(make(chan int)), MIMETypeText,
			"display: encoding JSON: json: unsupported type: chan int",
			"display: encoding JSON: json: unsupported type: chan int"},
		{"JavaScript", JavaScript("alert(1)"), MIMETypeJavaScript, "alert(1)", "alert(1)"},
		{"Text", Text("plain"), MIMETypeText, "plain", "plain"},
		{"MakeData", MakeData("text/csv", "a,b"), "text/csv", "a,b", "a,b"},
		{"MakeData3", MakeData3("text/csv", "table", "a,b"), "text/csv", "a,b", "table"},
		{"String", String(MIMETypeHTML, "<i>x</i>"), MIMETypeHTML, "<i>x</i>", "<i>x</i>"},
		{"Bytes png", Bytes("", pngb), MIMETypePNG, pngb, "<image 4×3>"},
		{"Bytes svg", Bytes("", []byte(svg)), MIMETypeSVG, svg, svg},
		{"Bytes html", Bytes(MIMETypeHTML, []byte("<p>")), MIMETypeHTML, "<p>", "<p>"},
		{"Any string", Any(MIMETypeMarkdown, "*x*"), MIMETypeMarkdown, "*x*", "*x*"},
		{"Any reader", Any("", bytes.NewReader(pngb)), MIMETypePNG, pngb, "<image 4×3>"},
		{"Auto", Auto(pngb), MIMETypePNG, pngb, "<image 4×3>"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.got.Data[c.mime]; !reflect.DeepEqual(got, c.value) {
				t.Errorf("%s = %#v, want %#v", c.mime, got, c.value)
			}
			if got := c.got.Text(); got != c.text {
				t.Errorf("text/plain = %q, want %q", got, c.text)
			}
		})
	}
}

func TestImageBundle(t *testing.T) {
	d := Image(testImage())
	b, ok := d.Data[MIMETypePNG].([]byte)
	if !ok {
		t.Fatalf("image/png is %T, want []byte", d.Data[MIMETypePNG])
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.At(1, 1); !sameColor(got, color.RGBA{R: 255, A: 255}) {
		t.Errorf("pixel (1,1) = %v, want red", got)
	}
	meta := d.Metadata[MIMETypePNG].(map[string]any)
	if meta["width"] != 4 || meta["height"] != 3 {
		t.Errorf("metadata = %v, want width 4 height 3", meta)
	}
	if d.Text() != "<image 4×3>" {
		t.Errorf("text/plain = %q", d.Text())
	}
	if got := Image(nil).Text(); got != "<nil image>" {
		t.Errorf("Image(nil) text = %q", got)
	}
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

func TestFileAndErrors(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.png")
	if err := os.WriteFile(path, pngBytes(t), 0o644); err != nil {
		t.Fatal(err)
	}
	if d := File("", path); d.Data[MIMETypePNG] == nil {
		t.Errorf("File(png) types = %v", d.MIMETypes())
	}
	d := File("", filepath.Join(t.TempDir(), "missing.png"))
	if !strings.Contains(d.Text(), "no such file") {
		t.Errorf("File(missing) text = %q, want the error", d.Text())
	}
}

func TestMergeAndMIME(t *testing.T) {
	d := Merge(HTML("<b>x</b>"), Markdown("**x**"), Text("x"))
	want := []string{MIMETypeHTML, MIMETypeMarkdown, MIMETypeText}
	if got := d.MIMETypes(); !reflect.DeepEqual(got, want) {
		t.Errorf("types = %v, want %v", got, want)
	}
	if d.Text() != "x" {
		t.Errorf("the last bundle's text/plain should win, got %q", d.Text())
	}
	m := MIME(MIMEMap{"text/csv": "a"}, MIMEMap{"text/csv": map[string]any{"k": 1}})
	if m.Data["text/csv"] != "a" || m.Metadata["text/csv"] == nil {
		t.Errorf("MIME = %+v", m)
	}
}

// TestJSONWire checks that bundles marshal the way Jupyter wants binary
// data: base64 strings.
func TestJSONWire(t *testing.T) {
	b := pngBytes(t)
	out, err := json.Marshal(Image(testImage()).Data)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatal(err)
	}
	s, _ := m[MIMETypePNG].(string)
	dec, err := base64.StdEncoding.DecodeString(s)
	if err != nil || !bytes.Equal(dec, b) {
		t.Errorf("image/png does not round-trip through base64 (err %v)", err)
	}
}
