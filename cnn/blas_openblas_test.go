//go:build cgo && linux && !purego

package cnn

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// coreChildEnv marks the subprocess of TestOpenBLASCoreDetection that
// loads OpenBLAS with OPENBLAS_CORETYPE unset.
const coreChildEnv = "GONOTE_CNN_CORE_CHILD"

// TestOpenBLASCoreDetection loads OpenBLAS in a subprocess without
// OPENBLAS_CORETYPE, so the kernel family comes from gonote_coretype's
// CPUID check, and checks that an AVX2 CPU gets a modern family and an
// AVX-512 BF16 one Cooperlake's.
func TestOpenBLASCoreDetection(t *testing.T) {
	if os.Getenv(coreChildEnv) != "" {
		os.Stdout.WriteString("BLAS=" + BLAS() + "\n")
		return
	}
	name := detectedBLAS(t)
	t.Logf("BLAS with OPENBLAS_CORETYPE unset: %s", name)
	if !strings.HasPrefix(name, "OpenBLAS") {
		t.Skipf("no OpenBLAS: %s", name)
	}
	flags := cpuFlags(t)
	switch {
	case flags["avx512f"] && flags["avx512_bf16"]:
		if !strings.Contains(name, "(Cooperlake,") {
			t.Errorf("BLAS = %q on an AVX-512 BF16 CPU, want Cooperlake kernels", name)
		}
	case flags["avx2"] && flags["fma"]:
		for _, old := range []string{"Prescott", "Katmai", "Core2", "Nehalem",
			"Sandybridge"} {
			if strings.Contains(name, "("+old+",") {
				t.Errorf("BLAS = %q on an AVX2 CPU, want Haswell or newer kernels", name)
			}
		}
	}
}

// detectedBLAS runs TestOpenBLASCoreDetection in a subprocess with
// OPENBLAS_CORETYPE removed and returns the BLAS it reports.
func detectedBLAS(t *testing.T) string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestOpenBLASCoreDetection$")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "OPENBLAS_CORETYPE=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, coreChildEnv+"=1")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("subprocess: %v\n%s", err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if name, ok := strings.CutPrefix(line, "BLAS="); ok {
			return name
		}
	}
	t.Fatalf("subprocess printed no BLAS= line:\n%s", out)
	return ""
}

// cpuFlags returns the flags /proc/cpuinfo lists for the first CPU.
func cpuFlags(t *testing.T) map[string]bool {
	t.Helper()
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skipf("no /proc/cpuinfo: %v", err)
	}
	flags := map[string]bool{}
	for _, line := range strings.Split(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "flags"); ok {
			_, list, _ := strings.Cut(rest, ":")
			for _, f := range strings.Fields(list) {
				flags[f] = true
			}
			break
		}
	}
	return flags
}
