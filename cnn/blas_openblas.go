//go:build cgo && linux && !purego

package cnn

/*
#cgo LDFLAGS: -ldl
#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>
#include <cpuid.h>

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float*, int,
	const float*, int, float, float*, int);
typedef char* (*str_fn)(void);
typedef void (*setint_fn)(int);

static sgemm_fn gonote_sgemm_ptr;
static str_fn gonote_config_ptr, gonote_core_ptr;
static setint_fn gonote_threads_ptr;

// gonote_coretype picks OpenBLAS's kernel family from CPUID, since older
// OpenBLAS releases fall back to their slowest kernels on CPUs newer than
// themselves. NULL leaves the choice to OpenBLAS.
static const char* gonote_coretype(void) {
	unsigned a, b, c, d;
	if (!__get_cpuid(1, &a, &b, &c, &d)) return NULL;
	int fma = (c >> 12) & 1, osxsave = (c >> 27) & 1;
	if (!osxsave || !fma) return NULL;
	unsigned lo, hi;
	__asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
	if ((lo & 6) != 6) return NULL;
	if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return NULL;
	int avx2 = (b >> 5) & 1;
	int avx512 = ((b >> 16) & 1) && ((b >> 17) & 1) && ((b >> 28) & 1) &&
		((b >> 30) & 1) && ((b >> 31) & 1) && ((lo & 0xe0) == 0xe0);
	unsigned a1 = 0, b1, c1, d1;
	__get_cpuid_count(7, 1, &a1, &b1, &c1, &d1);
	if (avx512 && ((a1 >> 5) & 1)) return "Cooperlake";
	if (avx512) return "SkylakeX";
	if (avx2) return "Haswell";
	return NULL;
}

// gonote_load opens libopenblas.so.0 and resolves the routines used.
// It returns 0 on success.
static int gonote_load(int threads) {
	if (getenv("OPENBLAS_CORETYPE") == NULL) {
		const char* core = gonote_coretype();
		if (core) setenv("OPENBLAS_CORETYPE", core, 0);
	}
	void* h = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
	if (!h) h = dlopen("libopenblas.so", RTLD_NOW | RTLD_LOCAL);
	if (!h) return 1;
	gonote_sgemm_ptr = (sgemm_fn)dlsym(h, "cblas_sgemm");
	gonote_config_ptr = (str_fn)dlsym(h, "openblas_get_config");
	gonote_core_ptr = (str_fn)dlsym(h, "openblas_get_corename");
	gonote_threads_ptr = (setint_fn)dlsym(h, "openblas_set_num_threads");
	if (!gonote_sgemm_ptr) return 2;
	if (gonote_threads_ptr) gonote_threads_ptr(threads);
	return 0;
}

static const char* gonote_config(void) {
	return gonote_config_ptr ? gonote_config_ptr() : "OpenBLAS";
}

static const char* gonote_core(void) {
	return gonote_core_ptr ? gonote_core_ptr() : "";
}

static void gonote_sgemm(int ta, int tb, int m, int n, int k, float alpha,
	const float* a, int lda, const float* b, int ldb, float beta, float* c, int ldc) {
	gonote_sgemm_ptr(101, ta ? 112 : 111, tb ? 112 : 111, m, n, k, alpha, a, lda,
		b, ldb, beta, c, ldc);
}
*/
import "C"

import (
	"fmt"
	"log/slog"
	"strings"
)

// loadOpenBLAS opens OpenBLAS at run time; ok is false when the library is
// missing, and the engine then uses gonum's BLAS. With several workers each
// calls it single-threaded (the batch, not the GEMM, is split); with one,
// OpenBLAS uses a thread per core.
func loadOpenBLAS(workers int) (backend, bool) {
	threads := 1
	if workers == 1 {
		threads = cores()
	}
	if rc := C.gonote_load(C.int(threads)); rc != 0 {
		slog.Debug("cnn: OpenBLAS not available, using gonum", "code", int(rc))
		return backend{}, false
	}
	cfg := strings.Fields(C.GoString(C.gonote_config()))
	version := "OpenBLAS"
	if len(cfg) >= 2 {
		version = cfg[0] + " " + cfg[1]
	}
	core := strings.TrimSpace(C.GoString(C.gonote_core()))
	name := fmt.Sprintf("%s (%s, %d workers × 1 thread)", version, core, workers)
	if workers == 1 {
		name = fmt.Sprintf("%s (%s, %d threads)", version, core, threads)
	}
	return backend{name: name, sgemm: openblasSgemm}, true
}

func openblasSgemm(tA, tB bool, m, n, k int, alpha float32, a []float32, lda int,
	b []float32, ldb int, beta float32, c []float32, ldc int) {
	C.gonote_sgemm(cbool(tA), cbool(tB), C.int(m), C.int(n), C.int(k), C.float(alpha),
		(*C.float)(&a[0]), C.int(lda), (*C.float)(&b[0]), C.int(ldb), C.float(beta),
		(*C.float)(&c[0]), C.int(ldc))
}

func cbool(b bool) C.int {
	if b {
		return 1
	}
	return 0
}
