package cnn

import "fmt"

// conv2D is a 2-D convolution over NHWC input, lowered to one matrix
// product per batch share: im2col(x) (rows = output pixels, columns =
// kh·kw·c) times the kernel (kh·kw·c × filters), which is already NHWC.
type conv2D struct {
	layerBase
	filters int
	kernel  [2]int
	act     activation
	g       convGeom
}

// convGeom is the geometry of a convolution or pooling window.
type convGeom struct {
	h, w, c    int // input
	kh, kw     int
	sh, sw     int
	padT, padL int
	oh, ow     int
	direct     bool // 1×1, stride 1, no padding: im2col(x) == x
}

// Conv2D returns a 2-D convolution layer with the given number of filters
// and kernel size (height, width). Options: Activation, InputShape,
// Padding, Strides, Name.
func Conv2D(filters int, kernel [2]int, opts ...LayerOption) Layer {
	l := &conv2D{layerBase: newBase("Conv2D", opts), filters: filters, kernel: kernel}
	l.act, l.err = parseActivation(l.cfg.activation)
	if l.cfg.strides == [2]int{} {
		l.cfg.strides = [2]int{1, 1}
	}
	switch {
	case l.err != nil:
	case filters <= 0:
		l.err = fmt.Errorf("filters must be positive, got %d", filters)
	case kernel[0] <= 0 || kernel[1] <= 0:
		l.err = fmt.Errorf("kernel size must be positive, got %v", kernel)
	case l.cfg.strides[0] <= 0 || l.cfg.strides[1] <= 0:
		l.err = fmt.Errorf("strides must be positive, got %v", l.cfg.strides)
	case l.cfg.padding != "valid" && l.cfg.padding != "same":
		l.err = fmt.Errorf("padding must be \"valid\" or \"same\", got %q", l.cfg.padding)
	}
	return l
}

func (l *conv2D) build(in []int) ([]int, error) {
	if len(in) != 3 {
		return nil, l.errorf("expects input of shape (height, width, channels), got %s",
			fmtShape(in))
	}
	g, err := newGeom(in, l.kernel, l.cfg.strides, l.cfg.padding)
	if err != nil {
		return nil, l.errorf("%v", err)
	}
	l.g = g
	k := g.kh * g.kw * g.c
	l.params = []*param{
		newParam(l.name+"/kernel", g.kh, g.kw, g.c, l.filters),
		newParam(l.name+"/bias", l.filters),
	}
	l.params[0].glorotUniform(k, g.kh*g.kw*l.filters, initRand())
	return []int{g.oh, g.ow, l.filters}, nil
}

func newGeom(in []int, k, s [2]int, padding string) (convGeom, error) {
	g := convGeom{h: in[0], w: in[1], c: in[2], kh: k[0], kw: k[1], sh: s[0], sw: s[1]}
	if padding == "same" {
		g.oh, g.ow = (g.h+g.sh-1)/g.sh, (g.w+g.sw-1)/g.sw
		g.padT = max((g.oh-1)*g.sh+g.kh-g.h, 0) / 2
		g.padL = max((g.ow-1)*g.sw+g.kw-g.w, 0) / 2
	} else {
		if g.h < g.kh || g.w < g.kw {
			return g, fmt.Errorf("window %dx%d is larger than the input %dx%d",
				g.kh, g.kw, g.h, g.w)
		}
		g.oh, g.ow = (g.h-g.kh)/g.sh+1, (g.w-g.kw)/g.sw+1
	}
	g.direct = g.kh == 1 && g.kw == 1 && g.sh == 1 && g.sw == 1
	return g, nil
}

type convRunner struct {
	l                 *conv2D
	x                 []float32
	cols, out         []float32
	dcols, dx, dw, db []float32
	fused             bool // dy is already the pre-activation gradient
	deferred          bool // the next layer applies bias and activation
}

func (r *convRunner) setFused() { r.fused = true }

func (l *conv2D) newRunner(maxN int) runner {
	g := l.g
	rows, k := maxN*g.oh*g.ow, g.kh*g.kw*g.c
	r := &convRunner{l: l, out: make([]float32, rows*l.filters),
		dw: make([]float32, k*l.filters), db: make([]float32, l.filters)}
	if !g.direct {
		r.cols = make([]float32, rows*k)
	}
	return r
}

func (r *convRunner) forward(x []float32, n int, train bool) []float32 {
	l, g := r.l, &r.l.g
	rows, k := n*g.oh*g.ow, g.kh*g.kw*g.c
	r.x = x
	cols := x
	if !g.direct {
		cols = r.cols[:rows*k]
		im2col(x, n, g, cols)
	}
	out := r.out[:rows*l.filters]
	sgemm(false, false, rows, l.filters, k, 1, cols, k, l.params[0].w, l.filters,
		0, out, l.filters)
	if !r.deferred {
		l.act.biasAct(out, l.params[1].w)
	}
	return out
}

func (r *convRunner) backward(dy []float32, n int, needDx bool) []float32 {
	l, g := r.l, &r.l.g
	rows, k, f := n*g.oh*g.ow, g.kh*g.kw*g.c, l.filters
	dz := dy[:rows*f]
	if !r.fused && !r.deferred {
		l.act.backward(r.out[:rows*f], dz, f)
	}
	cols := r.x
	if !g.direct {
		cols = r.cols[:rows*k]
	}
	sgemm(true, false, k, f, rows, 1, cols, k, dz, f, 0, r.dw, f)
	colSums(dz, r.db)
	if !needDx {
		return nil
	}
	if g.direct {
		r.dx = grow(r.dx, rows*k)
		sgemm(false, true, rows, k, f, 1, dz, f, l.params[0].w, f, 0, r.dx, k)
		return r.dx
	}
	r.dcols = grow(r.dcols, rows*k)
	sgemm(false, true, rows, k, f, 1, dz, f, l.params[0].w, f, 0, r.dcols, k)
	r.dx = grow(r.dx, n*g.h*g.w*g.c)
	col2im(r.dcols, n, g, r.dx)
	return r.dx
}

func (r *convRunner) grads() [][]float32 { return [][]float32{r.dw, r.db} }

// colSums stores the sum of each column of m (rows of width len(sums)).
func colSums(m, sums []float32) {
	clear(sums)
	w := len(sums)
	for i := 0; i+w <= len(m); i += w {
		row := m[i : i+w]
		for j, v := range row {
			sums[j] += v
		}
	}
}

// im2col lays out, for each output pixel of n NHWC images, the kh·kw·c
// input values under its window as one row of cols (zeros where the window
// leaves the padded image).
func im2col(x []float32, n int, g *convGeom, cols []float32) {
	k, img, run := g.kh*g.kw*g.c, g.h*g.w*g.c, g.kw*g.c
	for b := 0; b < n; b++ {
		xb := x[b*img : (b+1)*img]
		for oh := 0; oh < g.oh; oh++ {
			for ow := 0; ow < g.ow; ow++ {
				row := cols[((b*g.oh+oh)*g.ow+ow)*k:][:k]
				iw0 := ow*g.sw - g.padL
				inside := iw0 >= 0 && iw0+g.kw <= g.w
				for kh := 0; kh < g.kh; kh++ {
					dst := row[kh*run : (kh+1)*run]
					ih := oh*g.sh + kh - g.padT
					switch {
					case ih < 0 || ih >= g.h:
						clear(dst)
					case inside && run <= 8:
						// A call to copy costs more than a few moves (first
						// layers have one channel).
						src := xb[(ih*g.w+iw0)*g.c:][:run]
						for i, v := range src {
							dst[i] = v
						}
					case inside:
						copy(dst, xb[(ih*g.w+iw0)*g.c:])
					default:
						copyRowPadded(dst, xb[ih*g.w*g.c:], iw0, g)
					}
				}
			}
		}
	}
}

func copyRowPadded(dst, xrow []float32, iw0 int, g *convGeom) {
	for kw := 0; kw < g.kw; kw++ {
		d := dst[kw*g.c : (kw+1)*g.c]
		if iw := iw0 + kw; iw < 0 || iw >= g.w {
			clear(d)
		} else {
			copy(d, xrow[iw*g.c:])
		}
	}
}

// col2im is im2col's adjoint: it sums each row of cols back into the input
// positions it was copied from.
func col2im(cols []float32, n int, g *convGeom, dx []float32) {
	clear(dx[:n*g.h*g.w*g.c])
	k, img, run := g.kh*g.kw*g.c, g.h*g.w*g.c, g.kw*g.c
	for b := 0; b < n; b++ {
		xb := dx[b*img : (b+1)*img]
		for oh := 0; oh < g.oh; oh++ {
			for ow := 0; ow < g.ow; ow++ {
				row := cols[((b*g.oh+oh)*g.ow+ow)*k:][:k]
				iw0 := ow*g.sw - g.padL
				inside := iw0 >= 0 && iw0+g.kw <= g.w
				for kh := 0; kh < g.kh; kh++ {
					ih := oh*g.sh + kh - g.padT
					if ih < 0 || ih >= g.h {
						continue
					}
					src := row[kh*run : (kh+1)*run]
					if inside {
						// The window's row is contiguous in NHWC.
						addTo(xb[(ih*g.w+iw0)*g.c:][:run], src)
						continue
					}
					addRowPadded(xb[ih*g.w*g.c:], src, iw0, g)
				}
			}
		}
	}
}

func addRowPadded(xrow, src []float32, iw0 int, g *convGeom) {
	for kw := 0; kw < g.kw; kw++ {
		if iw := iw0 + kw; iw >= 0 && iw < g.w {
			addTo(xrow[iw*g.c:][:g.c], src[kw*g.c:][:g.c])
		}
	}
}

func addTo(dst, src []float32) {
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] += v
	}
}
