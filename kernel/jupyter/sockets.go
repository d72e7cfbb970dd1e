package jupyter

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/go-zeromq/zmq4"

	"github.com/gonote/gonote/kernel/wire"
)

// sendTimeout bounds a send to a client that stopped reading.
const sendTimeout = 10 * time.Second

// bind creates and binds the five sockets of the connection file. On tcp
// they listen through the ZMTP guard (see zmtpguard.go), which closes the
// connection of a peer that announces a message zmq4 would die allocating,
// or sends a handshake zmq4 would panic parsing.
func (k *Kernel) bind() error {
	if err := registerGuard(); err != nil {
		return err
	}
	zlog := slog.NewLogLogger(k.log.Handler(), slog.LevelWarn)
	opts := []zmq4.Option{zmq4.WithLogger(zlog), zmq4.WithTimeout(sendTimeout)}
	c := k.cfg.Conn
	socks := []struct {
		s    *zmq4.Socket
		new  func(context.Context, ...zmq4.Option) zmq4.Socket
		port int
		name string
	}{
		{&k.hb, zmq4.NewRep, c.HBPort, "heartbeat"},
		{&k.iopub, zmq4.NewPub, c.IOPubPort, "iopub"},
		{&k.control, zmq4.NewRouter, c.ControlPort, "control"},
		{&k.stdin, zmq4.NewRouter, c.StdinPort, "stdin"},
		{&k.shell, zmq4.NewRouter, c.ShellPort, "shell"},
	}
	for _, sk := range socks {
		cfg := guardConfig{limit: maxMessageSize, log: k.log.With("socket", sk.name)}
		s := sk.new(withGuard(k.ctx, cfg), opts...)
		ep := c.Endpoint(sk.port)
		if err := s.Listen(listenEndpoint(c, sk.port)); err != nil {
			_ = s.Close()
			return fmt.Errorf("binding the %s socket to %s: %w", sk.name, ep, err)
		}
		*sk.s = s
	}
	return nil
}

// listenEndpoint is the endpoint the kernel listens on for port: the
// connection file's, through the guarded transport for tcp.
func listenEndpoint(c *wire.ConnectionInfo, port int) string {
	ep := c.Endpoint(port)
	if c.Transport == "tcp" {
		return guardedTCPName + strings.TrimPrefix(ep, "tcp")
	}
	return ep
}

// readLoop receives messages on s, decodes and verifies them, and hands the
// good ones to handle. Bad messages are dropped and logged.
func (k *Kernel) readLoop(s zmq4.Socket, name string, handle func(*wire.Message)) {
	for {
		zm, err := s.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			k.log.Warn("receiving", "socket", name, "err", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		m, err := wire.Decode(zm.Frames, k.signer)
		if err != nil {
			k.log.Warn("dropping a message", "socket", name, "err", err)
			continue
		}
		k.log.Debug("received", "socket", name, "msg_type", m.Header.MsgType)
		handle(m)
	}
}

// heartbeat echoes every ping on the heartbeat socket. It runs in its own
// goroutine and touches nothing else, so it answers while a cell runs.
func (k *Kernel) heartbeat() {
	for {
		m, err := k.hb.Recv()
		if err != nil {
			if k.ctx.Err() != nil {
				return
			}
			time.Sleep(10 * time.Millisecond)
			continue
		}
		if err := k.hb.Send(m); err != nil && k.ctx.Err() == nil {
			k.log.Warn("echoing a heartbeat", "err", err)
		}
	}
}

// send encodes m and sends it on s.
func (k *Kernel) send(s zmq4.Socket, m *wire.Message) error {
	frames, err := wire.Encode(m, k.signer)
	if err != nil {
		return err
	}
	if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		return fmt.Errorf("sending %s: %w", m.Header.MsgType, err)
	}
	return nil
}

// reply sends a reply of msgType to req on socket s.
func (k *Kernel) reply(s zmq4.Socket, req *wire.Message, msgType string, content any) {
	m, err := wire.Reply(req, msgType, k.session, content)
	if err == nil {
		err = k.send(s, m)
	}
	if err != nil {
		k.log.Warn("replying", "msg_type", msgType, "err", err)
	}
}

// publish sends msgType on iopub with parent as the parent header.
func (k *Kernel) publish(parent *wire.Message, msgType string, content any) {
	m, err := wire.Reply(parent, msgType, k.session, content)
	if err != nil {
		k.log.Warn("publishing", "msg_type", msgType, "err", err)
		return
	}
	m.Identities = [][]byte{[]byte("kernel." + k.session + "." + msgType)}
	k.iopubMu.Lock()
	defer k.iopubMu.Unlock()
	if err := k.send(k.iopub, m); err != nil && k.ctx.Err() == nil {
		k.log.Warn("publishing", "msg_type", msgType, "err", err)
	}
}

func (k *Kernel) publishStatus(parent *wire.Message, state string) {
	k.publish(parent, "status", map[string]string{"execution_state": state})
}

// decodeContent unmarshals a request's content into v.
func decodeContent(m *wire.Message, v any) error {
	if err := json.Unmarshal(m.Content, v); err != nil {
		return fmt.Errorf("decoding %s content: %w", m.Header.MsgType, err)
	}
	return nil
}
