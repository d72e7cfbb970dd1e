package cnn

import "sync"

// worker runs the whole model on one share of each batch, with its own
// runners (buffers) so that shares run in parallel without locks.
type worker struct {
	runners  []runner
	dropouts []*dropoutRunner
	dout     []float32
	n        int // samples in the current share
}

// ensureWorkers makes sure there is one worker per core with buffers for
// batches of up to batch samples. Buffers are kept across steps and calls.
func (m *Sequential) ensureWorkers(batch int) {
	shards := workerCount()
	per := (batch + shards - 1) / shards
	if m.workers != nil && m.shards == shards && m.capN >= per {
		return
	}
	m.shards, m.capN = shards, per
	m.workers = make([]*worker, shards)
	k := m.outSize()
	for i := range m.workers {
		w := &worker{dout: make([]float32, per*k)}
		for _, l := range m.layers {
			r := l.newRunner(per)
			if d, ok := r.(*dropoutRunner); ok {
				w.dropouts = append(w.dropouts, d)
			}
			w.runners = append(w.runners, r)
		}
		deferActivations(m.layers, w.runners)
		if m.fusedOutput() {
			w.runners[len(w.runners)-1].(interface{ setFused() }).setFused()
		}
		m.workers[i] = w
	}
}

// fusedOutput reports whether the loss gradient skips the last layer's
// softmax (cross-entropy after softmax has the gradient p - y).
func (m *Sequential) fusedOutput() bool {
	if m.loss == nil || !m.loss.fusesSoftmax() {
		return false
	}
	switch l := m.layers[len(m.layers)-1].(type) {
	case *dense:
		return l.act == actSoftmax
	case *conv2D:
		return l.act == actSoftmax
	}
	return false
}

func (m *Sequential) inSize() int  { n, _ := shapeSize(m.in); return n }
func (m *Sequential) outSize() int { n, _ := shapeSize(m.OutputShape()); return n }

// shares splits n samples into one contiguous range per worker.
func (m *Sequential) shares(n int) [][2]int {
	out := make([][2]int, len(m.workers))
	per := (n + len(m.workers) - 1) / len(m.workers)
	for i := range out {
		lo, hi := min(i*per, n), min((i+1)*per, n)
		out[i] = [2]int{lo, hi}
	}
	return out
}

// parallel runs f for every worker with a non-empty share, the first on
// the calling goroutine.
func (m *Sequential) parallel(n int, f func(w *worker, lo, hi int)) {
	sh := m.shares(n)
	var wg sync.WaitGroup
	for i := len(sh) - 1; i >= 0; i-- {
		w, lo, hi := m.workers[i], sh[i][0], sh[i][1]
		w.n = hi - lo
		if hi <= lo {
			continue
		}
		if i == 0 {
			f(w, lo, hi)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(w, lo, hi)
		}()
	}
	wg.Wait()
}

func (w *worker) forward(x []float32, n int, train bool) []float32 {
	for _, r := range w.runners {
		x = r.forward(x, n, train)
	}
	return x
}

// trainBatch runs one optimisation step on n samples (x and y laid out
// contiguously) and returns the summed loss and the number of correct
// predictions.
func (m *Sequential) trainBatch(x, y []float32, n int, seed uint64, step int) (float64,
	int) {
	loss, correct := m.gradients(x, y, n, seed, step)
	m.opt.update(m.params())
	return loss, correct
}

// gradients runs forward and backward passes on n samples, leaves the
// gradient of the batch's mean loss in every parameter's g and returns the
// summed loss and the number of correct predictions. Dropout masks depend
// on seed and step only.
func (m *Sequential) gradients(x, y []float32, n int, seed uint64, step int) (float64,
	int) {
	in, k := m.inSize(), m.outSize()
	ky := k
	if m.loss.sparse() {
		ky = 1
	}
	fused := m.fusedOutput()
	losses := make([]float64, len(m.workers))
	corrects := make([]int, len(m.workers))
	m.parallel(n, func(w *worker, lo, hi int) {
		c := hi - lo
		id := w.index(m)
		for j, d := range w.dropouts {
			d.reseed(seed, uint64((step*len(m.workers)+id)*16+j))
		}
		out := w.forward(x[lo*in:hi*in], c, true)
		dout := w.dout[:c*k]
		losses[id], corrects[id] = m.loss.eval(out, y[lo*ky:hi*ky], c, k, n, dout, fused)
		dy := dout
		for i := len(w.runners) - 1; i >= 0; i-- {
			dy = w.runners[i].backward(dy, c, i > 0)
		}
	})
	m.sumGrads()
	loss, correct := 0.0, 0
	for i := range losses {
		loss += losses[i]
		correct += corrects[i]
	}
	return loss, correct
}

func (w *worker) index(m *Sequential) int {
	for i, o := range m.workers {
		if o == w {
			return i
		}
	}
	return 0
}

// sumGrads adds the workers' parameter gradients into the parameters'.
func (m *Sequential) sumGrads() {
	for li, l := range m.layers {
		for pi, p := range l.base().params {
			first := true
			for _, w := range m.workers {
				if w.n == 0 {
					continue
				}
				g := w.runners[li].grads()[pi]
				if first {
					copy(p.g, g)
					first = false
					continue
				}
				for i, v := range g {
					p.g[i] += v
				}
			}
		}
	}
}

// inferBatch runs the model on n samples without training and writes the
// outputs to out; with y it also returns the summed loss and correct
// count.
func (m *Sequential) inferBatch(x, y, out []float32, n int) (float64, int) {
	in, k := m.inSize(), m.outSize()
	ky := k
	if m.loss != nil && m.loss.sparse() {
		ky = 1
	}
	losses := make([]float64, len(m.workers))
	corrects := make([]int, len(m.workers))
	m.parallel(n, func(w *worker, lo, hi int) {
		id := w.index(m)
		o := w.forward(x[lo*in:hi*in], hi-lo, false)
		if out != nil {
			copy(out[lo*k:hi*k], o)
		}
		if y != nil {
			losses[id], corrects[id] = m.loss.eval(o, y[lo*ky:hi*ky], hi-lo, k, 1, nil, false)
		}
	})
	loss, correct := 0.0, 0
	for i := range losses {
		loss += losses[i]
		correct += corrects[i]
	}
	return loss, correct
}

// deferActivations hands a convolution's bias and activation to the max
// pooling right after it when the activation is increasing (all but
// softmax), so they run on the pooled output.
func deferActivations(layers []Layer, runners []runner) {
	for i := 0; i+1 < len(layers); i++ {
		c, ok := layers[i].(*conv2D)
		p, isPool := runners[i+1].(*poolRunner)
		if ok && isPool && c.act != actSoftmax {
			p.takeActivation(c.act, c.params[1].w)
			runners[i].(*convRunner).deferred = true
		}
	}
}
