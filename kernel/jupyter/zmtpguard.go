package jupyter

// The ZMTP guard.
//
// zmq4 v0.17 reads a frame by allocating the size its header announces,
// make([]byte, size), before it reads the body, and it parses the peer's
// READY metadata without bounds checks. Both happen as soon as a peer
// connects, long before a Jupyter message signature is checked, in goroutines
// that zmq4 does not recover: a header announcing 2^40 bytes makes the runtime
// die with "out of memory", one announcing 2^62 bytes makes makeslice panic,
// and a truncated READY property panics with a slice bound. Any of them kills
// the kernel, and zmq4 has no option for a maximum message size.
//
// So the kernel listens on tcp through its own zmq4 transport, whose
// connections read the ZMTP stream as it passes: they count bytes and read
// frame headers but do not copy message bodies. A connection whose next frame
// would take its message over maxMessageSize, or whose handshake command is
// malformed, is logged and closed before zmq4 reads the offending bytes.

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"

	"github.com/go-zeromq/zmq4"
	"github.com/go-zeromq/zmq4/transport"
)

// maxMessageSize is the most a peer may announce for one ZeroMQ message (the
// sum of its frames' sizes), 1 GiB: far more than any notebook sends, and
// little enough that zmq4's allocation of it cannot exhaust the process.
const maxMessageSize = 1 << 30

// maxHandshakeSize bounds the peer's first command (READY with the NULL
// mechanism), the one frame the guard keeps whole to check it.
const maxHandshakeSize = 64 << 10

// guardedTCPName is the zmq4 transport name of guarded tcp, as in
// "gonote-tcp://127.0.0.1:5555".
const guardedTCPName = "gonote-tcp"

var (
	errFrameTooLarge = errors.New("ZMTP message over the size limit")
	errBadHandshake  = errors.New("malformed ZMTP handshake command")
)

// registerGuard registers guarded tcp with zmq4, once per process.
var registerGuard = sync.OnceValue(func() error {
	err := zmq4.RegisterTransport(guardedTCPName, guardedTCP{tcp: transport.New("tcp")})
	if err != nil {
		return fmt.Errorf("registering the %s transport: %w", guardedTCPName, err)
	}
	return nil
})

// guardConfig is what a guarded connection needs; sockets carry it in the
// context they are created with, which zmq4 hands to Listen and Dial.
type guardConfig struct {
	limit uint64
	log   *slog.Logger
}

type guardKey struct{}

// withGuard returns ctx carrying cfg for the guarded sockets made with it.
func withGuard(ctx context.Context, cfg guardConfig) context.Context {
	return context.WithValue(ctx, guardKey{}, cfg)
}

// guardFrom returns the configuration in ctx, or the defaults.
func guardFrom(ctx context.Context) guardConfig {
	cfg, _ := ctx.Value(guardKey{}).(guardConfig)
	if cfg.limit == 0 {
		cfg.limit = maxMessageSize
	}
	if cfg.log == nil {
		cfg.log = slog.Default()
	}
	return cfg
}

// guardedTCP is zmq4's tcp transport with every connection guarded.
type guardedTCP struct {
	tcp transport.Transport
}

// Dial connects to addr and guards the connection.
func (t guardedTCP) Dial(ctx context.Context, d transport.Dialer, addr string) (net.Conn, error) {
	c, err := t.tcp.Dial(ctx, d, addr)
	if err != nil {
		return nil, err
	}
	cfg := guardFrom(ctx)
	return newGuardedConn(c, cfg.limit, cfg.log), nil
}

// Listen listens on addr; the connections it accepts are guarded.
func (t guardedTCP) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := t.tcp.Listen(ctx, addr)
	if err != nil {
		return nil, err
	}
	return &guardedListener{Listener: l, cfg: guardFrom(ctx)}, nil
}

// Addr returns the address of the endpoint ep, as tcp does.
func (t guardedTCP) Addr(ep string) (string, error) {
	return t.tcp.Addr(ep)
}

type guardedListener struct {
	net.Listener
	cfg guardConfig
}

// Accept returns the next connection, guarded.
func (l *guardedListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return newGuardedConn(c, l.cfg.limit, l.cfg.log), nil
}

// guardedConn is a net.Conn whose Read follows the incoming ZMTP stream and
// fails, closing the connection, when the stream is refused. Read is not
// safe for concurrent use, like any reader of a stream.
type guardedConn struct {
	net.Conn
	log  *slog.Logger
	scan zmtpScanner
	err  error // the error of every Read once the stream was refused
}

func newGuardedConn(c net.Conn, limit uint64, log *slog.Logger) *guardedConn {
	return &guardedConn{Conn: c, log: log, scan: zmtpScanner{limit: limit}}
}

// Read reads from the connection. It returns none of the bytes of a read
// that contains a refused header, so that zmq4 never acts on it.
func (c *guardedConn) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.Conn.Read(p)
	if serr := c.scan.scan(p[:n]); serr != nil {
		c.refuse(serr)
		return 0, c.err
	}
	return n, err
}

// refuse logs why the stream is refused and closes the connection. The
// error is a permanent net.Error, so that zmq4 drops the connection.
func (c *guardedConn) refuse(err error) {
	c.log.Warn("closing a ZeroMQ connection",
		"peer", c.RemoteAddr().String(), "local", c.LocalAddr().String(), "err", err)
	_ = c.Conn.Close()
	c.err = &net.OpError{Op: "read", Net: "tcp", Source: c.LocalAddr(), Addr: c.RemoteAddr(),
		Err: err}
}

// zmtpScanner follows a ZMTP 3.x byte stream, in chunks split anywhere: the
// 64-byte greeting, then frames of a flags byte, a size (8 bytes big-endian
// if the LONG flag is set, else 1 byte) and a body. It keeps only the body of
// the first frame, the handshake command.
type zmtpScanner struct {
	limit   uint64
	state   scanState
	greeted int    // bytes of the greeting seen
	flags   byte   // of the current frame
	need    uint64 // bytes left in the size field or the body
	size    uint64 // the size field, as read so far
	msg     uint64 // bytes announced by the current message's frames
	shook   bool   // the handshake command has passed
	hs      []byte // the handshake command's body, as read so far
}

type scanState int

const (
	inGreeting scanState = iota
	inFlags
	inSize
	inBody
)

// ZMTP 3.x framing.
const (
	zmtpGreetingLen = 64
	zmtpMore        = 0x01
	zmtpLong        = 0x02
)

// scan follows p, the next bytes of the stream, and returns an error if they
// announce too much or carry a malformed handshake.
func (s *zmtpScanner) scan(p []byte) error {
	var err error
	for len(p) > 0 && err == nil {
		switch s.state {
		case inGreeting:
			p = s.greeting(p)
		case inFlags:
			s.flags, p = p[0], p[1:]
			s.state, s.size, s.need = inSize, 0, 1
			if s.flags&zmtpLong != 0 {
				s.need = 8
			}
		case inSize:
			s.size, p = s.size<<8|uint64(p[0]), p[1:]
			if s.need--; s.need == 0 {
				err = s.startBody()
			}
		case inBody:
			p, err = s.body(p)
		}
	}
	return err
}

func (s *zmtpScanner) greeting(p []byte) []byte {
	k := min(len(p), zmtpGreetingLen-s.greeted)
	if s.greeted += k; s.greeted == zmtpGreetingLen {
		s.state = inFlags
	}
	return p[k:]
}

// startBody checks the size just read, before zmq4 can allocate it.
func (s *zmtpScanner) startBody() error {
	if s.size > s.limit || s.msg > s.limit-s.size {
		return fmt.Errorf("%w: a frame of %d bytes after %d bytes of its message; "+
			"the limit is %d", errFrameTooLarge, s.size, s.msg, s.limit)
	}
	if !s.shook && s.size > maxHandshakeSize {
		return fmt.Errorf("%w: %d bytes", errBadHandshake, s.size)
	}
	s.msg += s.size
	s.state, s.need = inBody, s.size
	if s.need == 0 {
		return s.endFrame()
	}
	return nil
}

func (s *zmtpScanner) body(p []byte) ([]byte, error) {
	k := min(s.need, uint64(len(p)))
	if !s.shook {
		s.hs = append(s.hs, p[:k]...)
	}
	if s.need -= k; s.need == 0 {
		return p[k:], s.endFrame()
	}
	return p[k:], nil
}

func (s *zmtpScanner) endFrame() error {
	s.state = inFlags
	if s.flags&zmtpMore == 0 {
		s.msg = 0
	}
	if s.shook {
		return nil
	}
	s.shook = true
	hs := s.hs
	s.hs = nil
	return checkHandshake(hs)
}

// checkHandshake checks that the properties of a READY command are well
// formed: a name length byte, the name, a 4-byte big-endian value length and
// the value, each within the command. zmq4 v0.17 parses them without bounds
// checks. Commands other than READY zmq4 refuses without parsing them.
func checkHandshake(cmd []byte) error {
	if len(cmd) == 0 || int(cmd[0]) > len(cmd)-1 || string(cmd[1:1+cmd[0]]) != "READY" {
		return nil
	}
	props := cmd[1+int(cmd[0]):]
	for len(props) > 0 {
		klen := int(props[0])
		if len(props) < 1+klen+4 {
			return fmt.Errorf("%w: READY property truncated", errBadHandshake)
		}
		vlen := binary.BigEndian.Uint32(props[1+klen:])
		props = props[1+klen+4:]
		if uint64(vlen) > uint64(len(props)) {
			return fmt.Errorf("%w: READY property value truncated", errBadHandshake)
		}
		props = props[vlen:]
	}
	return nil
}
