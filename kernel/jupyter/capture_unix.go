//go:build linux || darwin

package jupyter

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
	"time"
)

// syncMarker is written through a captured pipe to know when everything
// written before it has been read. Writes of fewer than PIPE_BUF bytes are
// atomic, so the marker never interleaves with other writers' bytes.
var syncMarker = []byte("\x00\x1bgonote-sync\x1b\x00")

// capture redirects a file descriptor (1 or 2) into a pipe whose reader
// copies the bytes to a stream.
type capture struct {
	fd  int
	r   *os.File
	dst io.Writer

	mu      sync.Mutex
	cond    *sync.Cond
	sent    int // markers written
	seen    int // markers read back
	lastErr error
}

// captureOutput redirects fds 1 and 2 into the kernel's streams and returns
// the writers the engine should use: os.Stdout and os.Stderr, which now go
// through the pipes, so that every writer's bytes keep their order.
func (k *Kernel) captureOutput() (IO, error) {
	for _, t := range []struct {
		fd  int
		dst *stream
	}{{1, k.stdout}, {2, k.stderr}} {
		c, err := newCapture(t.fd, t.dst)
		if err != nil {
			return IO{}, err
		}
		k.captures = append(k.captures, c)
	}
	if err := nullStdin(); err != nil {
		return IO{}, err
	}
	return IO{Stdout: os.Stdout, Stderr: os.Stderr, Stdin: k.input}, nil
}

// nullStdin points fd 0 at /dev/null: cells read input through the
// kernel's stdin reader, and code that reads fd 0 directly must get EOF at
// once instead of hanging on whatever the kernel process inherited.
func nullStdin() error {
	f, err := os.Open(os.DevNull)
	if err != nil {
		return fmt.Errorf("redirecting fd 0: %w", err)
	}
	defer f.Close()
	if err := dup2(int(f.Fd()), 0); err != nil {
		return fmt.Errorf("redirecting fd 0: %w", err)
	}
	return nil
}

func newCapture(fd int, dst io.Writer) (*capture, error) {
	var p [2]int
	// A blocking pipe: fd 1 and 2 must stay blocking for os.Stdout, C code
	// and child processes.
	if err := syscall.Pipe(p[:]); err != nil {
		return nil, fmt.Errorf("capturing fd %d: %w", fd, err)
	}
	syscall.CloseOnExec(p[0])
	growPipe(p[1])
	if err := dup2(p[1], fd); err != nil {
		syscall.Close(p[0])
		syscall.Close(p[1])
		return nil, fmt.Errorf("capturing fd %d: %w", fd, err)
	}
	syscall.Close(p[1])
	c := &capture{fd: fd, r: os.NewFile(uintptr(p[0]), fmt.Sprintf("fd%d-pipe", fd)), dst: dst}
	c.cond = sync.NewCond(&c.mu)
	go c.read()
	return c, nil
}

// read copies the pipe to dst, counting and removing sync markers.
func (c *capture) read() {
	buf := make([]byte, 64<<10)
	var carry []byte
	for {
		n, err := c.r.Read(buf)
		if n > 0 {
			carry = c.consume(append(carry, buf[:n]...))
		}
		if err != nil {
			c.mu.Lock()
			c.lastErr = err
			c.cond.Broadcast()
			c.mu.Unlock()
			return
		}
	}
}

// consume writes data up to any marker, counts markers, and returns the
// bytes that may be the start of a marker split across reads.
func (c *capture) consume(data []byte) []byte {
	for {
		i := bytes.Index(data, syncMarker)
		if i < 0 {
			break
		}
		c.write(data[:i])
		data = data[i+len(syncMarker):]
		c.mu.Lock()
		c.seen++
		c.cond.Broadcast()
		c.mu.Unlock()
	}
	keep := partialMarker(data)
	c.write(data[:len(data)-keep])
	return append([]byte(nil), data[len(data)-keep:]...)
}

func (c *capture) write(b []byte) {
	if len(b) > 0 {
		_, _ = c.dst.Write(b)
	}
}

// partialMarker returns how many trailing bytes of data are a proper
// prefix of syncMarker.
func partialMarker(data []byte) int {
	for n := min(len(syncMarker)-1, len(data)); n > 0; n-- {
		if bytes.HasPrefix(syncMarker, data[len(data)-n:]) {
			return n
		}
	}
	return 0
}

// sync waits until every byte written to the fd before the call has been
// copied to the stream, or 2 s at most.
func (c *capture) sync() {
	c.mu.Lock()
	c.sent++
	ticket := c.sent
	c.mu.Unlock()
	if _, err := syscall.Write(c.fd, syncMarker); err != nil {
		return
	}
	expired := false
	deadline := time.AfterFunc(2*time.Second, func() {
		c.mu.Lock()
		expired = true
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer deadline.Stop()
	c.mu.Lock()
	for c.seen < ticket && c.lastErr == nil && !expired {
		c.cond.Wait()
	}
	c.mu.Unlock()
}
