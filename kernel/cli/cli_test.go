package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/gonote/gonote/kernel/internal/freeport"
)

func TestInstallPrefix(t *testing.T) {
	dir := t.TempDir()
	var out, errOut bytes.Buffer
	if code := install([]string{"--prefix", dir}, &out, &errOut); code != 0 {
		t.Fatalf("install exited %d: %s", code, errOut.String())
	}
	spec := filepath.Join(dir, "share", "jupyter", "kernels", "gonote")
	b, err := os.ReadFile(filepath.Join(spec, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var k struct {
		Argv          []string `json:"argv"`
		DisplayName   string   `json:"display_name"`
		Language      string   `json:"language"`
		InterruptMode string   `json:"interrupt_mode"`
	}
	if err := json.Unmarshal(b, &k); err != nil {
		t.Fatal(err)
	}
	if len(k.Argv) != 3 || !filepath.IsAbs(k.Argv[0]) || k.Argv[1] != "kernel" ||
		k.Argv[2] != "{connection_file}" {
		t.Errorf("argv %q", k.Argv)
	}
	if k.DisplayName != "Go (gonote)" || k.Language != "go" || k.InterruptMode != "signal" {
		t.Errorf("kernel.json %s", b)
	}
	for _, f := range []string{"kernel.js", "logo-32x32.png", "logo-64x64.png", "logo-svg.svg"} {
		if _, err := os.Stat(filepath.Join(spec, f)); err != nil {
			t.Error(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "share", "jupyter", "nbextensions", "gonote", "main.js")); err != nil {
		t.Error(err)
	}
	cfg, err := os.ReadFile(filepath.Join(dir, "etc", "jupyter", "nbconfig", "notebook.d", "gonote.json"))
	if err != nil || !strings.Contains(string(cfg), `"gonote/main": true`) {
		t.Errorf("nbconfig %s: %v", cfg, err)
	}
}

func TestInstallRejectsTwoTargets(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := install([]string{"--user", "--prefix", t.TempDir()}, &out, &errOut); code == 0 {
		t.Error("install accepted --user with --prefix")
	}
}

// TestKernelBadConnectionFile starts the kernel on connection files it
// cannot use: each exits non-zero and says what is wrong.
func TestKernelBadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	busy := l.Addr().(*net.TCPAddr).Port
	conn := func(ports ...int) string {
		p := make([]string, 5)
		for i := range p {
			p[i] = strconv.Itoa(ports[i%len(ports)])
		}
		return `{"transport":"tcp","ip":"127.0.0.1","shell_port":` + p[0] +
			`,"control_port":` + p[1] + `,"iopub_port":` + p[2] + `,"stdin_port":` + p[3] +
			`,"hb_port":` + p[4] + `,"key":"k","signature_scheme":"hmac-sha256"}`
	}
	free := freeport.Ports(t, 5)
	cases := []struct{ file, text, want string }{
		{"invalid.json", "{not json", "invalid JSON"},
		{"inuse.json", conn(append(free[:4], busy)...),
			"binding the heartbeat socket to tcp://127.0.0.1:" + strconv.Itoa(busy)},
		{"badrange.json", conn(70000), "shell_port 70000 out of range"},
		{"duplicate.json", conn(free[0]), "shell_port and control_port are both"},
		{"scheme.json", strings.Replace(conn(free...), "hmac-sha256", "rot13", 1),
			"signature_scheme"},
		{"missing.json", "", "reading connection file"},
	}
	for _, c := range cases {
		p := filepath.Join(dir, c.file)
		if c.text != "" {
			if err := os.WriteFile(p, []byte(c.text), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		msg, code := runKernelCaptured(t, p)
		if code == 0 {
			t.Errorf("%s: kernel exited 0", c.file)
		}
		if !strings.Contains(msg, c.want) {
			t.Errorf("%s: kernel said %q, want it to contain %q", c.file, msg, c.want)
		}
	}
	if code := Main([]string{"gonote", "frobnicate"}); code == 0 {
		t.Error("unknown command exited 0")
	}
}

// runKernelCaptured runs the kernel command on a connection file and
// returns what it wrote to its stderr and its exit code.
func runKernelCaptured(t *testing.T, connFile string) (string, int) {
	t.Helper()
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	old := kernelStderr
	kernelStderr = func() *os.File { return f }
	defer func() { kernelStderr = old }()
	code := runKernel([]string{connFile})
	b, _ := os.ReadFile(f.Name())
	return string(b), code
}

func TestVersion(t *testing.T) {
	var b bytes.Buffer
	printVersion(&b)
	for _, want := range []string{"gonote ", "Go 1.", "BLAS "} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("version output %q lacks %q", b.String(), want)
		}
	}
}

func TestInstallUserDefault(t *testing.T) {
	data, cfg := t.TempDir(), t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	t.Setenv("JUPYTER_CONFIG_DIR", cfg)
	var out, errOut bytes.Buffer
	if code := install(nil, &out, &errOut); code != 0 {
		t.Fatalf("install exited %d: %s", code, errOut.String())
	}
	for _, p := range []string{
		filepath.Join(data, "kernels", "gonote", "kernel.json"),
		filepath.Join(data, "nbextensions", "gonote", "main.js"),
		filepath.Join(cfg, "nbconfig", "notebook.d", "gonote.json"),
	} {
		if _, err := os.Stat(p); err != nil {
			t.Error(err)
		}
	}
}

// TestLoggerLevel checks that the kernel's log is quiet by default (warnings
// only) and that GONOTE_LOG=debug turns on the per-message lines.
func TestLoggerLevel(t *testing.T) {
	cases := []struct {
		env         string
		info, debug bool
	}{
		{"", false, false},
		{"debug", true, true},
		{"info", true, false},
		{"ERROR", false, false},
	}
	for _, c := range cases {
		t.Setenv("GONOTE_LOG", c.env)
		l := newLogger(os.Stderr)
		ctx := context.Background()
		if l.Enabled(ctx, slog.LevelInfo) != c.info || l.Enabled(ctx, slog.LevelDebug) != c.debug {
			t.Errorf("GONOTE_LOG=%q: info %v, debug %v; want %v, %v", c.env,
				l.Enabled(ctx, slog.LevelInfo), l.Enabled(ctx, slog.LevelDebug), c.info, c.debug)
		}
		if !l.Enabled(ctx, slog.LevelError) {
			t.Errorf("GONOTE_LOG=%q hides errors", c.env)
		}
	}
}
