package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/gonote/gonote/nbext"
)

// KernelName is the kernelspec's name.
const KernelName = "gonote"

// dirs are the Jupyter data and config directories an install writes to.
type dirs struct {
	data   string // e.g. PREFIX/share/jupyter
	config string // e.g. PREFIX/etc/jupyter
}

// install writes the kernelspec and the notebook extension.
func install(args []string, stdout, stderr io.Writer) int {
	fl := flag.NewFlagSet("gonote install", flag.ContinueOnError)
	fl.SetOutput(stderr)
	user := fl.Bool("user", false, "install for the current user (the default)")
	sysPrefix := fl.Bool("sys-prefix", false, "install into the Python environment of jupyter")
	prefix := fl.String("prefix", "", "install into `DIR`/share/jupyter and DIR/etc/jupyter")
	if err := fl.Parse(args); err != nil {
		return 2
	}
	if n := count(*user, *sysPrefix, *prefix != ""); n > 1 || fl.NArg() > 0 {
		fmt.Fprintln(stderr, "gonote install: give at most one of --user, --sys-prefix, --prefix DIR")
		return 2
	}
	d, err := chooseDirs(*sysPrefix, *prefix)
	if err == nil {
		err = installTo(d, stdout)
	}
	if err != nil {
		fmt.Fprintf(stderr, "gonote install: %v\n", err)
		return 1
	}
	return 0
}

func count(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func chooseDirs(sysPrefix bool, prefix string) (dirs, error) {
	switch {
	case prefix != "":
		abs, err := filepath.Abs(prefix)
		if err != nil {
			return dirs{}, fmt.Errorf("resolving --prefix: %w", err)
		}
		return prefixDirs(abs), nil
	case sysPrefix:
		p, err := pythonPrefix()
		if err != nil {
			return dirs{}, err
		}
		return prefixDirs(p), nil
	default:
		return userDirs()
	}
}

func prefixDirs(p string) dirs {
	return dirs{
		data:   filepath.Join(p, "share", "jupyter"),
		config: filepath.Join(p, "etc", "jupyter"),
	}
}

// userDirs follows jupyter_core: JUPYTER_DATA_DIR and JUPYTER_CONFIG_DIR
// win, then the platform's defaults.
func userDirs() (dirs, error) {
	home, err := os.UserHomeDir()
	if err != nil {
		return dirs{}, fmt.Errorf("finding the home directory: %w", err)
	}
	d := dirs{data: os.Getenv("JUPYTER_DATA_DIR"), config: os.Getenv("JUPYTER_CONFIG_DIR")}
	if d.data == "" {
		switch {
		case runtime.GOOS == "darwin":
			d.data = filepath.Join(home, "Library", "Jupyter")
		case os.Getenv("XDG_DATA_HOME") != "":
			d.data = filepath.Join(os.Getenv("XDG_DATA_HOME"), "jupyter")
		default:
			d.data = filepath.Join(home, ".local", "share", "jupyter")
		}
	}
	if d.config == "" {
		d.config = filepath.Join(home, ".jupyter")
	}
	return d, nil
}

// pythonPrefix asks the Python that runs `jupyter` for its sys.prefix.
func pythonPrefix() (string, error) {
	py := "python3"
	if j, err := exec.LookPath("jupyter"); err == nil {
		if interp := shebang(j); interp != "" {
			py = interp
		}
	}
	out, err := exec.Command(py, "-c", "import sys; print(sys.prefix)").Output()
	if err != nil {
		return "", fmt.Errorf("asking %s for sys.prefix: %w", py, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// shebang returns the interpreter named on the first line of a script.
func shebang(path string) string {
	b, err := os.ReadFile(path)
	if err != nil || !strings.HasPrefix(string(b), "#!") {
		return ""
	}
	line, _, _ := strings.Cut(string(b[2:]), "\n")
	fields := strings.Fields(line)
	if len(fields) == 0 || strings.HasSuffix(fields[0], "/env") {
		return ""
	}
	return fields[0]
}

// installTo writes the kernelspec, the extension and its nbconfig under d.
func installTo(d dirs, log io.Writer) error {
	exe, err := os.Executable()
	if err == nil {
		exe, err = filepath.EvalSymlinks(exe)
	}
	if err != nil {
		return fmt.Errorf("finding the gonote binary: %w", err)
	}
	spec := filepath.Join(d.data, "kernels", KernelName)
	if err := writeKernelspec(spec, exe); err != nil {
		return err
	}
	fmt.Fprintf(log, "installed kernelspec %s in %s\n", KernelName, spec)

	ext := filepath.Join(d.data, "nbextensions", "gonote")
	if err := copyTree(ext, "gonote"); err != nil {
		return err
	}
	cfg := filepath.Join(d.config, "nbconfig", "notebook.d", "gonote.json")
	enable := map[string]any{"load_extensions": map[string]bool{"gonote/main": true}}
	if err := writeJSON(cfg, enable); err != nil {
		return err
	}
	fmt.Fprintf(log, "installed notebook extension gonote/main in %s, enabled in %s\n", ext, cfg)
	return nil
}

func writeKernelspec(dir, exe string) error {
	spec := map[string]any{
		"argv":           []string{exe, "kernel", "{connection_file}"},
		"display_name":   "Go (gonote)",
		"language":       "go",
		"interrupt_mode": "signal",
		"metadata":       map[string]any{"gonote_version": gonoteVersion(), "debugger": false},
	}
	if err := writeJSON(filepath.Join(dir, "kernel.json"), spec); err != nil {
		return err
	}
	for _, name := range []string{"kernel.js", "logo-32x32.png", "logo-64x64.png", "logo-svg.svg"} {
		if err := copyFile(filepath.Join(dir, name), name); err != nil {
			return err
		}
	}
	return nil
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	return writeFile(path, append(b, '\n'))
}

func writeFile(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", filepath.Dir(path), err)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// copyFile writes the embedded file name to path.
func copyFile(path, name string) error {
	b, err := nbext.Files.ReadFile(name)
	if err != nil {
		return fmt.Errorf("reading embedded %s: %w", name, err)
	}
	return writeFile(path, b)
}

// copyTree writes the embedded directory root into dir.
func copyTree(dir, root string) error {
	err := fs.WalkDir(nbext.Files, root, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		rel := strings.TrimPrefix(p, root+"/")
		return copyFile(filepath.Join(dir, filepath.FromSlash(rel)), p)
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("installing the notebook extension: %w", err)
	}
	return nil
}
