package cnn

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSgemmBackends checks the BLAS in use and gonum's against a naive
// product, for every transposition.
func TestSgemmBackends(t *testing.T) {
	name := BLAS()
	t.Logf("BLAS: %s", name)
	if strings.HasPrefix(name, "OpenBLAS") {
		for _, slow := range []string{"Prescott", "Katmai", "Core2", "Nehalem"} {
			if strings.Contains(name, slow) {
				t.Errorf("OpenBLAS runs its generic %s kernels on this CPU", slow)
			}
		}
	}
	backends := map[string]*backend{"current": currentBLAS()}
	g := gonumBackend()
	backends["gonum"] = &g
	r := rand.New(rand.NewPCG(1, 1))
	const m, n, k = 7, 5, 9
	a, b := make([]float32, m*k), make([]float32, k*n)
	for i := range a {
		a[i] = r.Float32() - 0.5
	}
	for i := range b {
		b[i] = r.Float32() - 0.5
	}
	for bname, be := range backends {
		for _, tA := range []bool{false, true} {
			for _, tB := range []bool{false, true} {
				lda, ldb := k, n
				if tA {
					lda = m
				}
				if tB {
					ldb = k
				}
				at, bt := layout(a, m, k, tA), layout(b, k, n, tB)
				c := make([]float32, m*n)
				for i := range c {
					c[i] = 1
				}
				be.sgemm(tA, tB, m, n, k, 2, at, lda, bt, ldb, 0.5, c, n)
				for i := 0; i < m; i++ {
					for j := 0; j < n; j++ {
						var want float64 = 0.5
						for p := 0; p < k; p++ {
							want += 2 * float64(a[i*k+p]) * float64(b[p*n+j])
						}
						if d := math.Abs(float64(c[i*n+j]) - want); d > 1e-5 {
							t.Fatalf("%s tA=%v tB=%v: C[%d,%d] = %g, want %g", bname, tA, tB,
								i, j, c[i*n+j], want)
						}
					}
				}
			}
		}
	}
}

// layout returns the rows×cols matrix v, transposed when t.
func layout(v []float32, rows, cols int, t bool) []float32 {
	if !t {
		return v
	}
	out := make([]float32, len(v))
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			out[j*rows+i] = v[i*cols+j]
		}
	}
	return out
}
