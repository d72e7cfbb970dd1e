//go:build ignore

// logo-gen draws the kernelspec logos logo-32x32.png and logo-64x64.png:
// a Go-blue rounded square with the ruled lines of a notebook page. Run it
// with `go generate ./nbext` after changing the drawing; logo-svg.svg is the
// same picture drawn by hand.
package main

import (
	"image"
	"image/color"
	"image/png"
	"log"
	"os"
)

var (
	goBlue = color.NRGBA{0x00, 0xAD, 0xD8, 0xFF}
	navy   = color.NRGBA{0x00, 0x4B, 0x6B, 0xFF}
	white  = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
)

func main() {
	for _, size := range []int{32, 64} {
		if err := write(size); err != nil {
			log.Fatal(err)
		}
	}
}

func write(size int) error {
	img := draw(size)
	f, err := os.Create("logo-" + itoa(size) + "x" + itoa(size) + ".png")
	if err != nil {
		return err
	}
	if err := png.Encode(f, img); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// draw paints the logo on a 64-unit grid scaled to size pixels.
func draw(size int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	s := float64(size) / 64
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			u, v := (float64(x)+0.5)/s, (float64(y)+0.5)/s
			if c, ok := colorAt(u, v); ok {
				img.Set(x, y, c)
			}
		}
	}
	return img
}

// colorAt returns the colour of the point (u, v) of the 64×64 design.
func colorAt(u, v float64) (color.Color, bool) {
	if !inRoundedSquare(u, v, 2, 62, 12) {
		return nil, false
	}
	if u >= 14 && u < 18 {
		return navy, true // the page's margin
	}
	for _, line := range []float64{18, 28, 38, 48} {
		if v >= line && v < line+4 && u >= 24 && u < 54-float64(int(line)%20) {
			return white, true
		}
	}
	return goBlue, true
}

func inRoundedSquare(u, v, lo, hi, r float64) bool {
	if u < lo || u >= hi || v < lo || v >= hi {
		return false
	}
	cx := clamp(u, lo+r, hi-r)
	cy := clamp(v, lo+r, hi-r)
	return (u-cx)*(u-cx)+(v-cy)*(v-cy) <= r*r
}

func clamp(x, lo, hi float64) float64 { return max(lo, min(x, hi)) }

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}
