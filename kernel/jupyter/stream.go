package jupyter

import (
	"sync"
	"time"
	"unicode/utf8"
)

const (
	// flushDelay is how long output waits to be coalesced into one message.
	flushDelay = 50 * time.Millisecond
	// flushSize is the buffered size that triggers an immediate message.
	flushSize = 64 << 10
)

// stream is an io.Writer that publishes stream messages (stdout or stderr)
// to the running cell, or to the last cell when none runs. Writes are
// coalesced: a message goes out flushDelay after the first buffered write or
// when flushSize bytes are buffered, split only at UTF-8 boundaries.
type stream struct {
	k    *Kernel
	name string

	mu    sync.Mutex
	buf   []byte
	timer *time.Timer
}

func newStream(k *Kernel, name string) *stream {
	s := &stream{k: k, name: name}
	s.timer = time.AfterFunc(time.Hour, s.Flush)
	s.timer.Stop()
	return s
}

// Write buffers p; it never fails.
func (s *stream) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	empty := len(s.buf) == 0
	s.buf = append(s.buf, p...)
	if len(s.buf) >= flushSize {
		s.flushLocked(false)
	} else if empty {
		s.timer.Reset(flushDelay)
	}
	return len(p), nil
}

// Flush publishes everything buffered.
func (s *stream) Flush() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.flushLocked(true)
}

// flushLocked publishes the buffer; unless all, an incomplete UTF-8 sequence
// at its end stays buffered for the next write.
func (s *stream) flushLocked(all bool) {
	n := len(s.buf)
	if !all {
		n = completeUTF8(s.buf)
	}
	if n == 0 {
		return
	}
	text := string(s.buf[:n])
	s.buf = append(s.buf[:0], s.buf[n:]...)
	if len(s.buf) == 0 {
		s.timer.Stop()
	}
	s.k.publish(s.k.parent.Load(), "stream", map[string]string{"name": s.name, "text": text})
}

// completeUTF8 returns the length of the longest prefix of b that does not
// end inside a multi-byte UTF-8 sequence.
func completeUTF8(b []byte) int {
	for i := 1; i <= utf8.UTFMax && i <= len(b); i++ {
		c := b[len(b)-i]
		if c < utf8.RuneSelf {
			return len(b)
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(b[len(b)-i:]) {
				return len(b) - i
			}
			return len(b)
		}
	}
	return len(b)
}

// flushOutput makes everything the running cell wrote so far reach iopub:
// it waits for the captured pipes to drain, then flushes both streams.
func (k *Kernel) flushOutput() {
	for _, c := range k.captures {
		c.sync()
	}
	if k.stdout != nil {
		k.stdout.Flush()
		k.stderr.Flush()
	}
}
