package cnn

import (
	"os"
	"runtime"
	"strconv"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// backend is one BLAS implementation of the single routine the engine
// needs: C = alpha·op(A)·op(B) + beta·C on row-major float32 matrices.
type backend struct {
	name  string
	sgemm func(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int,
		b []float32, ldb int, beta float32, c []float32, ldc int)
}

var (
	blasOnce sync.Once
	blasImpl backend
)

// BLAS describes the BLAS the engine uses, for example
// "OpenBLAS 0.3.21 (SkylakeX, 2 workers × 1 thread)" or "gonum (pure Go)".
func BLAS() string { return currentBLAS().name }

func currentBLAS() *backend {
	blasOnce.Do(func() {
		if b, ok := loadOpenBLAS(workerCount()); ok {
			blasImpl = b
			return
		}
		blasImpl = gonumBackend()
	})
	return &blasImpl
}

func gonumBackend() backend {
	impl := gonum.Implementation{}
	return backend{
		name: "gonum (pure Go)",
		sgemm: func(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int,
			b []float32, ldb int, beta float32, c []float32, ldc int) {
			impl.Sgemm(trans(tA), trans(tB), m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		},
	}
}

func trans(t bool) blas.Transpose {
	if t {
		return blas.Trans
	}
	return blas.NoTrans
}

// workerCount is how many goroutines share a batch: one per core the Go
// runtime may use, at most 8 (small layers gain nothing beyond).
// GONOTE_CNN_WORKERS overrides it; with 1 worker OpenBLAS runs its own
// threads instead, the other way to use several cores.
func workerCount() int {
	if n, err := strconv.Atoi(os.Getenv("GONOTE_CNN_WORKERS")); err == nil && n > 0 {
		return n
	}
	return max(cores(), 1)
}

func cores() int { return min(runtime.GOMAXPROCS(0), runtime.NumCPU(), 8) }

// sgemm runs C = alpha·op(A)·op(B) + beta·C on the current BLAS.
func sgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	currentBLAS().sgemm(tA, tB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}
