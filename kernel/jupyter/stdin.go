package jupyter

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"sync"

	"github.com/gonote/gonote/kernel/wire"
)

// stdinReader is the io.Reader cells read as standard input. A read with no
// buffered input sends an input_request on the stdin socket and waits for the
// input_reply; it returns io.EOF at once when the request does not allow
// stdin (nbconvert) or no cell runs.
type stdinReader struct {
	k   *Kernel
	mu  sync.Mutex
	buf []byte
}

// errInterrupted is returned by a read cancelled by an interrupt.
var errInterrupted = errors.New("input interrupted")

// Read implements io.Reader.
func (r *stdinReader) Read(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf) == 0 {
		cell := r.k.cell.Load()
		if cell == nil || !cell.allowStdin {
			return 0, io.EOF
		}
		line, err := r.k.requestInput(cell.ctx, cell.req, "", false)
		if err != nil {
			return 0, err
		}
		r.buf = append(r.buf, line+"\n"...)
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// requestInput asks the front end that sent req for a line of input.
func (k *Kernel) requestInput(ctx context.Context, req *wire.Message,
	prompt string, password bool) (string, error) {
	k.flushOutput()
	for len(k.stdinReplies) > 0 {
		<-k.stdinReplies // stale replies of an interrupted request
	}
	m, err := wire.Reply(req, "input_request", k.session,
		map[string]any{"prompt": prompt, "password": password})
	if err != nil {
		return "", err
	}
	if err := k.send(k.stdin, m); err != nil {
		return "", err
	}
	select {
	case rep := <-k.stdinReplies:
		var c struct {
			Value string `json:"value"`
		}
		if err := json.Unmarshal(rep.Content, &c); err != nil {
			return "", err
		}
		return c.Value, nil
	case <-ctx.Done():
		return "", errInterrupted
	case <-k.ctx.Done():
		return "", io.EOF
	}
}
