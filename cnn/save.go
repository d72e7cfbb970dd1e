package cnn

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// fileMagic opens every model file; the version follows it.
const (
	fileMagic   = "GONOTECNN\n"
	fileVersion = 1
)

// layerSpec describes one layer in a model file's header.
type layerSpec struct {
	Type       string  `json:"type"`
	Name       string  `json:"name"`
	Activation string  `json:"activation,omitempty"`
	Filters    int     `json:"filters,omitempty"`
	Units      int     `json:"units,omitempty"`
	Kernel     []int   `json:"kernel,omitempty"`
	Pool       []int   `json:"pool,omitempty"`
	Strides    []int   `json:"strides,omitempty"`
	Padding    string  `json:"padding,omitempty"`
	Rate       float64 `json:"rate,omitempty"`
}

// paramSpec names one weight array stored after the header.
type paramSpec struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
}

type fileHeader struct {
	InputShape []int       `json:"input_shape"`
	Layers     []layerSpec `json:"layers"`
	Params     []paramSpec `json:"params"`
}

// Save writes the model's architecture and weights to path in gonote's
// model format (see docs/cnn.md): the magic "GONOTECNN\n", a uint32
// version, a uint32 header length and a JSON header, then every weight
// array as little-endian float32 values in header order.
//
// TODO: save the optimizer's state (Adam's moments and step count) so that
// training can resume exactly; only the weights are kept for now.
func (m *Sequential) Save(path string) error {
	if !m.built {
		return errors.New("cnn: Save: the model is not built yet")
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cnn: saving model: %w", err)
	}
	w := bufio.NewWriter(f)
	err = m.write(w)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("cnn: saving model to %s: %w", path, err)
	}
	return nil
}

func (m *Sequential) write(w io.Writer) error {
	h := fileHeader{InputShape: m.in}
	for _, l := range m.layers {
		h.Layers = append(h.Layers, specOf(l))
	}
	for _, p := range m.params() {
		h.Params = append(h.Params, paramSpec{Name: p.name, Shape: p.shape})
	}
	js, err := json.Marshal(h)
	if err != nil {
		return err
	}
	head := append([]byte(fileMagic), make([]byte, 8)...)
	binary.LittleEndian.PutUint32(head[len(fileMagic):], fileVersion)
	binary.LittleEndian.PutUint32(head[len(fileMagic)+4:], uint32(len(js)))
	if _, err := w.Write(append(head, js...)); err != nil {
		return err
	}
	for _, p := range m.params() {
		if err := writeFloats(w, p.w); err != nil {
			return err
		}
	}
	return nil
}

func specOf(l Layer) layerSpec {
	b := l.base()
	s := layerSpec{Type: b.kind, Name: b.name}
	switch l := l.(type) {
	case *conv2D:
		s.Activation, s.Filters, s.Kernel = l.act.String(), l.filters, l.kernel[:]
		s.Strides, s.Padding = l.cfg.strides[:], l.cfg.padding
	case *maxPooling2D:
		s.Pool, s.Strides = l.pool[:], l.cfg.strides[:]
	case *dense:
		s.Activation, s.Units = l.act.String(), l.units
	case *dropout:
		s.Rate = l.rate
	}
	return s
}

func writeFloats(w io.Writer, v []float32) error {
	buf := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(x))
	}
	_, err := w.Write(buf)
	return err
}

// Load reads a model written by Save. The model is not compiled: call
// Compile before Fit or Evaluate (Predict works at once).
func Load(path string) (*Sequential, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("cnn: loading model: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	h, err := readHeader(r)
	if err != nil {
		return nil, fmt.Errorf("cnn: loading model from %s: %w", path, err)
	}
	layers := make([]Layer, len(h.Layers))
	for i, s := range h.Layers {
		if layers[i], err = layerFromSpec(s); err != nil {
			return nil, fmt.Errorf("cnn: loading model from %s: %w", path, err)
		}
	}
	layers[0].base().cfg.inputShape = h.InputShape
	m := NewSequential(layers...)
	if m.err != nil {
		return nil, fmt.Errorf("cnn: loading model from %s: %w", path, m.err)
	}
	if err := m.readWeights(r, h); err != nil {
		return nil, fmt.Errorf("cnn: loading model from %s: %w", path, err)
	}
	return m, nil
}

// LoadWeights reads the weights of a file written by Save into m, whose
// architecture must match the file's.
func (m *Sequential) LoadWeights(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("cnn: loading weights: %w", err)
	}
	defer f.Close()
	r := bufio.NewReader(f)
	h, err := readHeader(r)
	if err == nil {
		err = m.readWeights(r, h)
	}
	if err != nil {
		return fmt.Errorf("cnn: loading weights from %s: %w", path, err)
	}
	return nil
}

func readHeader(r io.Reader) (*fileHeader, error) {
	head := make([]byte, len(fileMagic)+8)
	if _, err := io.ReadFull(r, head); err != nil {
		return nil, fmt.Errorf("reading header: %w", err)
	}
	if string(head[:len(fileMagic)]) != fileMagic {
		return nil, errors.New("not a gonote model file")
	}
	if v := binary.LittleEndian.Uint32(head[len(fileMagic):]); v != fileVersion {
		return nil, fmt.Errorf("model file version %d, want %d", v, fileVersion)
	}
	n := binary.LittleEndian.Uint32(head[len(fileMagic)+4:])
	if n > 1<<24 {
		return nil, fmt.Errorf("header of %d bytes is too large", n)
	}
	js := make([]byte, n)
	if _, err := io.ReadFull(r, js); err != nil {
		return nil, fmt.Errorf("reading header: %w", err)
	}
	h := &fileHeader{}
	if err := json.Unmarshal(js, h); err != nil {
		return nil, fmt.Errorf("decoding header: %w", err)
	}
	if len(h.Layers) == 0 {
		return nil, errors.New("the file has no layers")
	}
	return h, nil
}

func (m *Sequential) readWeights(r io.Reader, h *fileHeader) error {
	ps := m.params()
	if !m.built || len(ps) != len(h.Params) {
		return fmt.Errorf("the file has %d weight arrays, the model %d", len(h.Params),
			len(ps))
	}
	for i, p := range ps {
		if !sameShape(p.shape, h.Params[i].Shape) {
			return fmt.Errorf("weight %s has shape %s in the file, %s in the model",
				p.name, fmtShape(h.Params[i].Shape), fmtShape(p.shape))
		}
	}
	for _, p := range ps {
		buf := make([]byte, 4*len(p.w))
		if _, err := io.ReadFull(r, buf); err != nil {
			return fmt.Errorf("reading %s: %w", p.name, err)
		}
		for i := range p.w {
			p.w[i] = math.Float32frombits(binary.LittleEndian.Uint32(buf[4*i:]))
		}
	}
	return nil
}

func layerFromSpec(s layerSpec) (Layer, error) {
	opts := []LayerOption{Name(s.Name)}
	if s.Activation != "" {
		opts = append(opts, Activation(s.Activation))
	}
	if len(s.Strides) == 2 {
		opts = append(opts, Strides(s.Strides[0], s.Strides[1]))
	}
	if s.Padding != "" {
		opts = append(opts, Padding(s.Padding))
	}
	pair := func(v []int) [2]int {
		if len(v) != 2 {
			return [2]int{}
		}
		return [2]int{v[0], v[1]}
	}
	switch s.Type {
	case "Conv2D":
		return Conv2D(s.Filters, pair(s.Kernel), opts...), nil
	case "MaxPooling2D":
		return MaxPooling2D(pair(s.Pool), opts...), nil
	case "Flatten":
		return Flatten(opts...), nil
	case "Dense":
		return Dense(s.Units, opts...), nil
	case "Dropout":
		return Dropout(s.Rate, opts...), nil
	}
	return nil, fmt.Errorf("unknown layer type %q", s.Type)
}
