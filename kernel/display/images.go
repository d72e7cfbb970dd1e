package display

import (
	"image"
	"image/color"
	"image/draw"
	"math"
)

// GrayImage returns width×height pixels, row by row, as a grayscale image
// scaled by scale (each pixel becomes scale×scale; ≤ 1 keeps the size).
// The values are stretched so the smallest is black and the largest white,
// which suits both raw bytes (0–255) and normalised inputs (0–1). Missing
// pixels are black.
//
//	display.GrayImage(x.Data()[:784], 28, 28, 4) // the first MNIST digit
func GrayImage(pix []float32, width, height, scale int) image.Image {
	lo, hi := float32(math.Inf(1)), float32(math.Inf(-1))
	for _, p := range pix {
		lo, hi = min(lo, p), max(hi, p)
	}
	span := hi - lo
	scale = max(scale, 1)
	img := image.NewGray(image.Rect(0, 0, max(width, 0)*scale, max(height, 0)*scale))
	for y := range height {
		for x := range width {
			i := y*width + x
			if i >= len(pix) || span <= 0 {
				continue
			}
			g := uint8(math.Round(float64((pix[i] - lo) / span * 255)))
			fillSquare(img, x*scale, y*scale, scale, color.Gray{Y: g})
		}
	}
	return img
}

func fillSquare(img *image.Gray, x0, y0, size int, c color.Gray) {
	for y := y0; y < y0+size; y++ {
		for x := x0; x < x0+size; x++ {
			img.SetGray(x, y, c)
		}
	}
}

// ImageGrid returns the images placed row by row on a grid of cols columns
// (≤ 0: all in one row) with pad pixels of white between them, each in a
// cell the size of the largest image. A nil image leaves its cell empty.
func ImageGrid(cols, pad int, imgs ...image.Image) image.Image {
	if len(imgs) == 0 {
		return image.NewRGBA(image.Rect(0, 0, 0, 0))
	}
	if cols <= 0 || cols > len(imgs) {
		cols = len(imgs)
	}
	pad = max(pad, 0)
	rows := (len(imgs) + cols - 1) / cols
	cw, ch := 0, 0
	for _, im := range imgs {
		if im != nil {
			cw, ch = max(cw, im.Bounds().Dx()), max(ch, im.Bounds().Dy())
		}
	}
	out := image.NewRGBA(image.Rect(0, 0, cols*cw+(cols-1)*pad, rows*ch+(rows-1)*pad))
	draw.Draw(out, out.Bounds(), image.White, image.Point{}, draw.Src)
	for i, im := range imgs {
		if im == nil {
			continue
		}
		x, y := (i%cols)*(cw+pad), (i/cols)*(ch+pad)
		r := image.Rect(x, y, x+im.Bounds().Dx(), y+im.Bounds().Dy())
		draw.Draw(out, r, im, im.Bounds().Min, draw.Src)
	}
	return out
}
