package mnist

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeIDX writes a gzipped IDX file of unsigned bytes.
func writeIDX(t *testing.T, path string, magic uint32, dims []uint32, data []byte) {
	t.Helper()
	var raw bytes.Buffer
	be := func(v uint32) { raw.Write([]byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}) }
	be(magic)
	for _, d := range dims {
		be(d)
	}
	raw.Write(data)
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(raw.Bytes())
	zw.Close()
	if err := os.WriteFile(path, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestLoadDirSynthetic(t *testing.T) {
	dir := t.TempDir()
	img := make([]byte, 3*2*2)
	for i := range img {
		img[i] = byte(i * 10)
	}
	writeIDX(t, filepath.Join(dir, TrainImages), magicImages, []uint32{3, 2, 2}, img)
	writeIDX(t, filepath.Join(dir, TrainLabels), magicLabels, []uint32{3}, []byte{7, 1, 9})
	writeIDX(t, filepath.Join(dir, TestImages), magicImages, []uint32{1, 2, 2}, img[:4])
	writeIDX(t, filepath.Join(dir, TestLabels), magicLabels, []uint32{1}, []byte{4})

	xTrain, yTrain, xTest, yTest, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s := xTrain.Shape(); len(s) != 3 || s[0] != 3 || s[1] != 2 || s[2] != 2 {
		t.Errorf("training images shape %v, want [3 2 2]", s)
	}
	if xTrain.At(2, 1, 0) != 100 || yTrain[2] != 9 || xTest.Len() != 1 || yTest[0] != 4 {
		t.Errorf("values read back wrong: %d, %v, %v", xTrain.At(2, 1, 0), yTrain, yTest)
	}
}

func TestBadIDX(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "x.gz")
	writeIDX(t, path, magicLabels, []uint32{2}, []byte{1, 2})
	if _, err := readImages(path); err == nil || !strings.Contains(err.Error(), "magic number") {
		t.Errorf("labels read as images: error %v, want a magic number error", err)
	}
	writeIDX(t, path, magicLabels, []uint32{5}, []byte{1, 2})
	if _, err := readLabels(path); err == nil || !strings.Contains(err.Error(), "reading 5 values") {
		t.Errorf("truncated file: error %v, want a short read error", err)
	}
}

func TestMissingFilesSayWhatToDo(t *testing.T) {
	empty := t.TempDir()
	t.Setenv("GONOTE_MNIST", empty)
	t.Setenv("GOMODCACHE", empty)
	_, err := Dir()
	if err == nil {
		t.Fatal("Dir found MNIST in empty directories")
	}
	for _, want := range []string{empty, "go mod download " + Module + "@" + Version,
		"GONOTE_MNIST", TrainImages} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
}

func TestLoadDataReal(t *testing.T) {
	dir, err := Dir()
	if err != nil {
		t.Skip(err)
	}
	xTrain, yTrain, xTest, yTest, err := LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if xTrain.Len() != 60000 || len(yTrain) != 60000 || xTest.Len() != 10000 ||
		len(yTest) != 10000 {
		t.Errorf("sizes %d/%d/%d/%d, want 60000 and 10000", xTrain.Len(), len(yTrain),
			xTest.Len(), len(yTest))
	}
	if yTrain[0] != 5 || yTest[0] != 7 {
		t.Errorf("first labels %d and %d, want 5 and 7", yTrain[0], yTest[0])
	}
}
