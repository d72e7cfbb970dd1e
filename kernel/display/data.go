// Package display shows rich output in a gonote notebook: HTML, Markdown,
// LaTeX, images, gonum plots and figures of several plots.
//
// Every cell has the package pre-imported as display. A cell's value is turned
// into a MIME bundle by [Render]; [Display] publishes one mid-cell. Outside a
// kernel (a plain go run) every function still works: text goes to standard
// output and images are written to files in os.TempDir.
//
// Binary MIME values (PNG, JPEG, PDF) are held as []byte; encoding/json turns
// them into the base64 strings Jupyter expects.
package display

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"os"
	"strings"

	_ "image/gif"  // register GIF for Bytes' size detection
	_ "image/jpeg" // register JPEG for JPEG's size detection
)

// MIME types the package produces.
const (
	MIMETypeHTML       = "text/html"
	MIMETypeJavaScript = "application/javascript"
	MIMETypeJPEG       = "image/jpeg"
	MIMETypeJSON       = "application/json"
	MIMETypeLatex      = "text/latex"
	MIMETypeMarkdown   = "text/markdown"
	MIMETypePNG        = "image/png"
	MIMETypePDF        = "application/pdf"
	MIMETypeSVG        = "image/svg+xml"
	MIMETypeText       = "text/plain"
)

// MIMEMap maps MIME types to their representation of one value.
type MIMEMap = map[string]any

// Data is a MIME bundle: the content of a display_data, update_display_data or
// execute_result message. Data holds one representation per MIME type,
// Metadata per-type details (an image's width and height) and Transient what
// is not stored in the notebook (the display_id).
type Data struct {
	Data      MIMEMap
	Metadata  MIMEMap
	Transient MIMEMap
}

// Empty reports whether d holds nothing to show.
func (d Data) Empty() bool { return len(d.Data) == 0 }

// Text returns d's text/plain representation, or "" when it has none.
func (d Data) Text() string {
	s, _ := d.Data[MIMETypeText].(string)
	return s
}

// MIMETypes returns the MIME types d holds, sorted.
func (d Data) MIMETypes() []string {
	out := make([]string, 0, len(d.Data))
	for k := range d.Data {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}

// MakeData returns a bundle holding v as mime. Unless mime is text/plain, the
// bundle also holds text/plain: v itself when it is text, a short description
// for binary data, v printed by Format otherwise.
func MakeData(mime string, v any) Data {
	d := Data{Data: MIMEMap{mime: v}}
	if mime != MIMETypeText {
		d.Data[MIMETypeText] = plainFor(mime, v)
	}
	return d
}

// MakeData3 returns a bundle holding v as mime and plaintext as text/plain.
func MakeData3(mime string, plaintext string, v any) Data {
	return Data{Data: MIMEMap{MIMETypeText: plaintext, mime: v}}
}

// MIME returns a bundle of the given representations and metadata, for
// several MIME types at once.
func MIME(data, metadata MIMEMap) Data {
	return Data{Data: data, Metadata: metadata}
}

// Merge returns one bundle holding the representations of all ds; a later
// bundle wins where two hold the same MIME type. Merge(HTML(h), Markdown(m))
// shows HTML where the front end can and Markdown where it cannot.
func Merge(ds ...Data) Data {
	var out Data
	for _, d := range ds {
		out.Data = mergeMaps(out.Data, d.Data)
		out.Metadata = mergeMaps(out.Metadata, d.Metadata)
		out.Transient = mergeMaps(out.Transient, d.Transient)
	}
	return out
}

func mergeMaps(dst, src MIMEMap) MIMEMap {
	if len(src) == 0 {
		return dst
	}
	if dst == nil {
		dst = make(MIMEMap, len(src))
	}
	for k, v := range src {
		dst[k] = v
	}
	return dst
}

// plainFor is the text/plain companion of a representation: the text itself
// for textual types, a short description for binary ones.
func plainFor(mime string, v any) string {
	if b, ok := v.([]byte); ok {
		if strings.HasPrefix(mime, "text/") {
			return string(b)
		}
		return fmt.Sprintf("<%s, %d bytes>", mime, len(b))
	}
	if s, ok := v.(string); ok {
		return s
	}
	return Format(v)
}

// Text returns a text/plain bundle.
func Text(s string) Data { return Data{Data: MIMEMap{MIMETypeText: s}} }

// HTML returns a text/html bundle; its text/plain is the HTML source.
func HTML(html string) Data { return MakeData(MIMETypeHTML, html) }

// Markdown returns a text/markdown bundle; its text/plain is the source.
func Markdown(markdown string) Data { return MakeData(MIMETypeMarkdown, markdown) }

// JavaScript returns an application/javascript bundle. Front ends run it only
// in trusted notebooks.
func JavaScript(js string) Data { return MakeData(MIMETypeJavaScript, js) }

// Latex returns a text/latex bundle of inline math: latex is wrapped in $…$
// unless it is already delimited. Its text/plain is latex as given.
func Latex(latex string) Data {
	return MakeData3(MIMETypeLatex, latex, delimitMath(latex, "$"))
}

// Math returns a text/latex bundle of display math: latex is wrapped in $$…$$
// unless it is already delimited. Its text/plain is latex as given.
func Math(latex string) Data {
	return MakeData3(MIMETypeLatex, latex, delimitMath(latex, "$$"))
}

func delimitMath(latex, delim string) string {
	t := strings.TrimSpace(latex)
	if strings.HasPrefix(t, "$") || strings.HasPrefix(t, `\[`) ||
		strings.HasPrefix(t, `\(`) || strings.HasPrefix(t, `\begin`) {
		return t
	}
	return delim + t + delim
}

// SVG returns an image/svg+xml bundle.
func SVG(svg string) Data {
	return MakeData3(MIMETypeSVG, "<svg image>", svg)
}

// PNG returns an image/png bundle of encoded PNG bytes, with the image's size
// in the metadata when the bytes decode.
func PNG(b []byte) Data { return encodedImage(MIMETypePNG, b) }

// JPEG returns an image/jpeg bundle of encoded JPEG bytes, with the image's
// size in the metadata when the bytes decode.
func JPEG(b []byte) Data { return encodedImage(MIMETypeJPEG, b) }

func encodedImage(mime string, b []byte) Data {
	d := MakeData(mime, b)
	if cfg, _, err := image.DecodeConfig(bytes.NewReader(b)); err == nil {
		setImageMeta(&d, mime, cfg.Width, cfg.Height)
		d.Data[MIMETypeText] = fmt.Sprintf("<image %d×%d>", cfg.Width, cfg.Height)
	}
	return d
}

// PDF returns an application/pdf bundle.
func PDF(b []byte) Data { return MakeData(MIMETypePDF, b) }

// JSON returns an application/json bundle of v encoded now with
// encoding/json (front ends show it as a collapsible tree); its text/plain is
// v printed by Format. A value encoding/json cannot encode (a channel, a
// function) is shown as the error's text.
func JSON(v any) Data {
	b, err := json.Marshal(v)
	if err != nil {
		return Text(fmt.Sprintf("display: encoding JSON: %v", err))
	}
	return MakeData3(MIMETypeJSON, Format(v), json.RawMessage(b))
}

// Image returns img encoded as PNG. When encoding fails, the bundle holds the
// error's text.
func Image(img image.Image) Data {
	if img == nil {
		return Text("<nil image>")
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Text(fmt.Sprintf("display: encoding image as PNG: %v", err))
	}
	b := img.Bounds()
	d := MakeData3(MIMETypePNG, fmt.Sprintf("<image %d×%d>", b.Dx(), b.Dy()),
		buf.Bytes())
	setImageMeta(&d, MIMETypePNG, b.Dx(), b.Dy())
	return d
}

func setImageMeta(d *Data, mime string, w, h int) {
	if d.Metadata == nil {
		d.Metadata = MIMEMap{}
	}
	d.Metadata[mime] = map[string]any{"width": w, "height": h}
}

// String returns s as mime (text/html, text/markdown, image/svg+xml…).
func String(mime string, s string) Data { return MakeData(mime, s) }

// Bytes returns b as mime; an empty mime is detected from the content
// (PNG, JPEG, GIF, PDF, SVG, HTML; anything unknown is shown as text).
func Bytes(mime string, b []byte) Data {
	if mime == "" {
		mime = detectMIME(b)
	}
	switch {
	case mime == MIMETypePNG || mime == MIMETypeJPEG || mime == "image/gif":
		return encodedImage(mime, b)
	case strings.HasPrefix(mime, "text/") || mime == MIMETypeSVG:
		return MakeData(mime, string(b))
	}
	return MakeData(mime, b)
}

func detectMIME(b []byte) string {
	m := http.DetectContentType(b)
	if i := strings.IndexByte(m, ';'); i >= 0 {
		m = m[:i]
	}
	switch {
	case bytes.Contains(b[:min(len(b), 512)], []byte("<svg")):
		return MIMETypeSVG
	case m == "application/octet-stream":
		return MIMETypeText
	}
	return m
}

// Reader reads r to its end and returns the content as mime (detected when
// empty). A read error is shown as text.
func Reader(mime string, r io.Reader) Data {
	b, err := io.ReadAll(r)
	if err != nil {
		return Text(fmt.Sprintf("display: reading: %v", err))
	}
	return Bytes(mime, b)
}

// File returns the content of the file at path as mime (detected from the
// content when empty). A file that cannot be read is shown as the error's
// text, so the cell still runs to its end.
func File(mime string, path string) Data {
	b, err := os.ReadFile(path)
	if err != nil {
		return Text(fmt.Sprintf("display: %v", err))
	}
	return Bytes(mime, b)
}

// Any returns v as mime: a string or []byte is taken as that MIME type's
// representation, an io.Reader is read; any other value is rendered like a
// cell value. An empty mime is detected from the content.
func Any(mime string, v any) Data {
	switch x := v.(type) {
	case string:
		if mime == "" {
			return Text(x)
		}
		return String(mime, x)
	case []byte:
		return Bytes(mime, x)
	case io.Reader:
		return Reader(mime, x)
	}
	return Render(v)
}

// Auto is Any with the MIME type detected from the content.
func Auto(v any) Data { return Any("", v) }
