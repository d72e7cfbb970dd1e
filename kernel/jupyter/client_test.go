package jupyter

import (
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gonote/gonote/kernel/internal/freeport"
	"github.com/gonote/gonote/kernel/internal/syncbuf"
	"github.com/gonote/gonote/kernel/session"
	"github.com/gonote/gonote/kernel/wire"
)

// testClient talks to a kernel started in the test process over its real
// sockets, as a Jupyter front end does.
type testClient struct {
	t      *testing.T
	k      *Kernel
	signer *wire.Signer

	shell, control, stdin, hb, iopub zmq4.Socket

	mu     sync.Mutex
	cond   *sync.Cond
	pubs   []*wire.Message // every iopub message received
	cancel context.CancelFunc
	ran    chan struct{}   // closed when the kernel's Run returns
	log    *syncbuf.Buffer // the kernel's log, at debug level
}

func testConn(t *testing.T) *wire.ConnectionInfo {
	p := freeport.Ports(t, 5)
	return &wire.ConnectionInfo{
		Transport: "tcp", IP: "127.0.0.1",
		ShellPort: p[0], ControlPort: p[1], IOPubPort: p[2], StdinPort: p[3], HBPort: p[4],
		Key: "test-key", SignatureScheme: "hmac-sha256",
	}
}

// startKernel runs a kernel on the real session and connects a client.
func startKernel(t *testing.T, sigint bool) *testClient {
	t.Helper()
	conn := testConn(t)
	logs := &syncbuf.Buffer{}
	k, err := New(Config{
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Conn:   conn,
		NewEngine: func(kio IO) (Engine, error) {
			return session.New(session.Options{Stdout: kio.Stdout, Stderr: kio.Stderr, Stdin: kio.Stdin})
		},
		HandleSIGINT: sigint,
		Info:         Info{Version: "test", GoVersion: "1.26", BLAS: "none"},
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	signer, _ := wire.NewSigner(conn.SignatureScheme, []byte(conn.Key))
	c := &testClient{t: t, k: k, signer: signer, cancel: cancel, ran: make(chan struct{}),
		log: logs}
	go func() {
		_ = k.Run(ctx)
		close(c.ran)
	}()
	c.cond = sync.NewCond(&c.mu)
	id := zmq4.WithID(zmq4.SocketIdentity("test-client"))
	c.shell = dial(t, zmq4.NewDealer(ctx, id), conn.Endpoint(conn.ShellPort))
	c.control = dial(t, zmq4.NewDealer(ctx, id), conn.Endpoint(conn.ControlPort))
	c.stdin = dial(t, zmq4.NewDealer(ctx, id), conn.Endpoint(conn.StdinPort))
	c.hb = dial(t, zmq4.NewReq(ctx), conn.Endpoint(conn.HBPort))
	c.iopub = zmq4.NewSub(ctx)
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	dial(t, c.iopub, conn.Endpoint(conn.IOPubPort))
	go c.readIOPub()
	t.Cleanup(func() {
		cancel()
		k.Close()
		for _, s := range []zmq4.Socket{c.shell, c.control, c.stdin, c.hb, c.iopub} {
			s.Close()
		}
	})
	c.waitReady()
	return c
}

func dial(t *testing.T, s zmq4.Socket, ep string) zmq4.Socket {
	t.Helper()
	if err := s.Dial(ep); err != nil {
		t.Fatalf("dialing %s: %v", ep, err)
	}
	return s
}

// waitReady sends kernel_info_request until iopub delivers its status,
// which is how Jupyter clients know the subscription is live.
func (c *testClient) waitReady() {
	for i := 0; i < 50; i++ {
		id := c.send(c.shell, "kernel_info_request", map[string]any{})
		c.recv(c.shell, id)
		if c.waitIdle(id, 200*time.Millisecond) != nil {
			return
		}
	}
	c.t.Fatal("iopub never delivered a status message")
}

func (c *testClient) readIOPub() {
	for {
		zm, err := c.iopub.Recv()
		if err != nil {
			return
		}
		m, err := wire.Decode(zm.Frames, c.signer)
		if err != nil {
			c.t.Errorf("kernel published an undecodable message: %v", err)
			continue
		}
		c.mu.Lock()
		c.pubs = append(c.pubs, m)
		c.cond.Broadcast()
		c.mu.Unlock()
	}
}

// send sends a request on s and returns its msg_id.
func (c *testClient) send(s zmq4.Socket, msgType string, content any) string {
	m, err := wire.Reply(nil, msgType, "client-session", content)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendMsg(s, m)
	return m.Header.MsgID
}

func (c *testClient) sendMsg(s zmq4.Socket, m *wire.Message) {
	frames, err := wire.Encode(m, c.signer)
	if err != nil {
		c.t.Fatal(err)
	}
	c.sendFrames(s, frames)
}

func (c *testClient) sendFrames(s zmq4.Socket, frames [][]byte) {
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
}

// recv returns the next message on s, which must answer msgID.
func (c *testClient) recv(s zmq4.Socket, msgID string) *wire.Message {
	c.t.Helper()
	type result struct {
		m   zmq4.Msg
		err error
	}
	ch := make(chan result, 1)
	go func() {
		m, err := s.Recv()
		ch <- result{m, err}
	}()
	select {
	case r := <-ch:
		if r.err != nil {
			c.t.Fatal(r.err)
		}
		m, err := wire.Decode(r.m.Frames, c.signer)
		if err != nil {
			c.t.Fatal(err)
		}
		if got := parentID(m); got != msgID {
			c.t.Fatalf("%s answers %q, want %q", m.Header.MsgType, got, msgID)
		}
		return m
	case <-time.After(20 * time.Second):
		c.t.Fatalf("no reply to %s", msgID)
		return nil
	}
}

func parentID(m *wire.Message) string {
	var h wire.Header
	_ = json.Unmarshal(m.ParentHeader, &h)
	return h.MsgID
}

// waitIdle waits for the idle status of msgID and returns the iopub messages
// of that request, nil on timeout.
func (c *testClient) waitIdle(msgID string, timeout time.Duration) []*wire.Message {
	deadline := time.Now().Add(timeout)
	timer := time.AfterFunc(timeout, func() {
		c.mu.Lock()
		c.cond.Broadcast()
		c.mu.Unlock()
	})
	defer timer.Stop()
	c.mu.Lock()
	defer c.mu.Unlock()
	for {
		var mine []*wire.Message
		for _, m := range c.pubs {
			if parentID(m) == msgID {
				mine = append(mine, m)
				if m.Header.MsgType == "status" && strings.Contains(string(m.Content), "idle") {
					return mine
				}
			}
		}
		if time.Now().After(deadline) {
			return nil
		}
		c.cond.Wait()
	}
}

// content decodes a message's content.
func content(m *wire.Message) map[string]any {
	var v map[string]any
	_ = json.Unmarshal(m.Content, &v)
	return v
}

// execute runs code and returns the reply and the request's iopub messages.
func (c *testClient) execute(code string, extra map[string]any) (map[string]any, []*wire.Message) {
	c.t.Helper()
	req := map[string]any{"code": code, "silent": false, "store_history": true,
		"allow_stdin": false, "stop_on_error": true, "user_expressions": map[string]any{}}
	for k, v := range extra {
		req[k] = v
	}
	id := c.send(c.shell, "execute_request", req)
	reply := c.recv(c.shell, id)
	pubs := c.waitIdle(id, 20*time.Second)
	if pubs == nil {
		c.t.Fatalf("no idle status after %q", code)
	}
	return content(reply), pubs
}

// outputs returns the msg_types of pubs without the status messages.
func outputs(pubs []*wire.Message) []string {
	var out []string
	for _, m := range pubs {
		if m.Header.MsgType != "status" {
			out = append(out, m.Header.MsgType)
		}
	}
	return out
}

// streamText concatenates the text of the stream messages named name.
func streamText(pubs []*wire.Message, name string) string {
	var b strings.Builder
	for _, m := range pubs {
		if m.Header.MsgType == "stream" {
			c := content(m)
			if c["name"] == name {
				b.WriteString(c["text"].(string))
			}
		}
	}
	return b.String()
}

// ping sends one heartbeat and reports whether it came back within d.
func (c *testClient) ping(d time.Duration) bool {
	done := make(chan bool, 1)
	go func() {
		if err := c.hb.Send(zmq4.NewMsgString("ping")); err != nil {
			done <- false
			return
		}
		m, err := c.hb.Recv()
		done <- err == nil && string(m.Bytes()) == "ping"
	}()
	select {
	case ok := <-done:
		return ok
	case <-time.After(d):
		return false
	}
}

// published waits up to a second for an iopub message of that type
// answering msgID.
func (c *testClient) published(msgType, msgID string) bool {
	deadline := time.Now().Add(time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		for _, m := range c.pubs {
			if m.Header.MsgType == msgType && parentID(m) == msgID {
				c.mu.Unlock()
				return true
			}
		}
		c.mu.Unlock()
		time.Sleep(20 * time.Millisecond)
	}
	return false
}
