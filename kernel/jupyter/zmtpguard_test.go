package jupyter

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"
)

// zmtpGreeting is a ZMTP 3.0 greeting for the NULL mechanism, as a client.
func zmtpGreeting() []byte {
	g := make([]byte, 64)
	g[0], g[9], g[10], g[11] = 0xff, 0x7f, 3, 0
	copy(g[12:32], "NULL")
	return g
}

// frameHeader encodes a ZMTP frame header announcing size bytes. The LONG
// flag is added when size does not fit in one byte.
func frameHeader(flags byte, size uint64) []byte {
	if size <= 255 && flags&0x02 == 0 {
		return []byte{flags, byte(size)}
	}
	return binary.BigEndian.AppendUint64([]byte{flags | 0x02}, size)
}

// zmtpFrame encodes a whole frame.
func zmtpFrame(flags byte, body []byte) []byte {
	return append(frameHeader(flags, uint64(len(body))), body...)
}

// zmtpCommand encodes a command frame of name and body.
func zmtpCommand(name string, body []byte) []byte {
	cmd := append([]byte{byte(len(name))}, name...)
	return zmtpFrame(0x04, append(cmd, body...))
}

// zmtpProps encodes READY properties from name, value pairs.
func zmtpProps(kv ...string) []byte {
	var b []byte
	for i := 0; i+1 < len(kv); i += 2 {
		b = append(append(b, byte(len(kv[i]))), kv[i]...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(kv[i+1])))
		b = append(b, kv[i+1]...)
	}
	return b
}

// zmtpReady is a READY command announcing sockType.
func zmtpReady(sockType string) []byte {
	return zmtpCommand("READY", zmtpProps("Socket-Type", sockType))
}

// validStream is a greeting and frames of every kind: short and long,
// single and multipart, commands, empty bodies.
func validStream() []byte {
	s := zmtpGreeting()
	s = append(s, zmtpCommand("READY", zmtpProps("Socket-Type", "DEALER", "Identity", "me"))...)
	s = append(s, zmtpFrame(0x01, nil)...)
	s = append(s, zmtpFrame(0x01, bytes.Repeat([]byte("a"), 255))...)
	s = append(s, zmtpFrame(0x01|0x02, []byte("long flag, short body"))...)
	s = append(s, zmtpFrame(0x00, bytes.Repeat([]byte("b"), 70_000))...)
	s = append(s, zmtpCommand("PING", []byte{0, 10})...)
	s = append(s, zmtpFrame(0x00, []byte("z"))...)
	return s
}

// streamConn is a net.Conn that reads from r; writes are not used.
type streamConn struct {
	net.Conn
	r      io.Reader
	closed bool
}

func (c *streamConn) Read(p []byte) (int, error) { return c.r.Read(p) }
func (c *streamConn) Close() error               { c.closed = true; return nil }
func (c *streamConn) LocalAddr() net.Addr        { return &net.TCPAddr{} }
func (c *streamConn) RemoteAddr() net.Addr       { return &net.TCPAddr{} }

// readThroughGuard reads in through a guarded connection with limit, n
// bytes per Read, and returns what came through and the error that ended it
// (nil at EOF).
func readThroughGuard(in []byte, limit uint64, n int) ([]byte, error) {
	sc := &streamConn{r: bytes.NewReader(in)}
	g := newGuardedConn(sc, limit, slog.New(slog.DiscardHandler))
	var out []byte
	buf := make([]byte, n)
	for {
		k, err := g.Read(buf)
		out = append(out, buf[:k]...)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			if !sc.closed {
				return out, errors.New("refused without closing the connection")
			}
			return out, err
		}
	}
}

var readSizes = []int{1, 2, 3, 7, 64, 65, 4096, 1 << 20}

func TestGuardPassesValidStreams(t *testing.T) {
	want := validStream()
	for _, n := range readSizes {
		got, err := readThroughGuard(want, 1<<20, n)
		if err != nil {
			t.Fatalf("reads of %d bytes: %v", n, err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("reads of %d bytes: the stream changed", n)
		}
	}
	// At the limit exactly, a frame and a multipart message pass.
	in := append(zmtpGreeting(), zmtpReady("DEALER")...)
	in = append(in, zmtpFrame(0x01, make([]byte, 60))...)
	in = append(in, zmtpFrame(0x00, make([]byte, 40))...)
	in = append(in, zmtpFrame(0x00, make([]byte, 100))...)
	if _, err := readThroughGuard(in, 100, 3); err != nil {
		t.Errorf("100-byte messages with limit 100: %v", err)
	}
}

func TestGuardRefusesHugeFrames(t *testing.T) {
	cases := map[string]struct {
		tail  []byte
		limit uint64
	}{
		"1 TiB frame":      {frameHeader(0x02, 1<<40), maxMessageSize},
		"2^64-1 frame":     {frameHeader(0x02, 1<<64-1), maxMessageSize},
		"over a low limit": {frameHeader(0x00, 101), 100},
		"command":          {frameHeader(0x04, 1<<40), maxMessageSize},
		"multipart message": {
			append(zmtpFrame(0x01, make([]byte, 60)), frameHeader(0x00, 41)...), 100},
	}
	prefix := append(zmtpGreeting(), zmtpReady("DEALER")...)
	for name, tc := range cases {
		in := append(append([]byte{}, prefix...), tc.tail...)
		for _, n := range readSizes {
			got, err := readThroughGuard(in, tc.limit, n)
			if !errors.Is(err, errFrameTooLarge) {
				t.Errorf("%s, reads of %d bytes: error %v", name, n, err)
			}
			if len(got) >= len(in) {
				t.Errorf("%s, reads of %d bytes: the huge header came through", name, n)
			}
		}
	}
}

func TestGuardRefusesMalformedReady(t *testing.T) {
	cases := map[string][]byte{
		"name past the end":   zmtpCommand("READY", []byte{2, 'a'}),
		"no value length":     zmtpCommand("READY", []byte{1, 'a', 0, 0}),
		"value past the end":  zmtpCommand("READY", append(zmtpProps("Socket-Type", "DEALER"), 0)),
		"huge handshake":      frameHeader(0x04, maxHandshakeSize+1),
		"value length 2^32-1": zmtpCommand("READY", []byte{1, 'a', 0xff, 0xff, 0xff, 0xff}),
	}
	for name, cmd := range cases {
		in := append(zmtpGreeting(), cmd...)
		for _, n := range readSizes {
			if _, err := readThroughGuard(in, maxMessageSize, n); !errors.Is(err, errBadHandshake) {
				t.Errorf("%s, reads of %d bytes: error %v", name, n, err)
			}
		}
	}
	// Later commands are zmq4's business, not the handshake's.
	in := append(zmtpGreeting(), zmtpReady("DEALER")...)
	in = append(in, zmtpCommand("READY", []byte{2, 'a'})...)
	if _, err := readThroughGuard(in, maxMessageSize, 5); err != nil {
		t.Errorf("a second READY: %v", err)
	}
}

// TestGuardedConnClosesOnHugeFrame checks the wrapper on a real connection:
// Read fails from the huge header on, with a permanent net.Error that zmq4
// drops the connection for, a warning is logged, and the peer sees EOF.
func TestGuardedConnClosesOnHugeFrame(t *testing.T) {
	client, server := net.Pipe()
	defer client.Close()
	var logged bytes.Buffer
	g := newGuardedConn(server, 1<<20, slog.New(slog.NewTextHandler(&logged, nil)))
	hs := append(zmtpGreeting(), zmtpReady("DEALER")...)
	go func() {
		_, _ = client.Write(hs)
		_, _ = client.Write(frameHeader(0x02, 1<<40))
	}()
	if _, err := io.ReadFull(g, make([]byte, len(hs))); err != nil {
		t.Fatalf("reading the handshake: %v", err)
	}
	n, err := g.Read(make([]byte, 100))
	if n != 0 || !errors.Is(err, errFrameTooLarge) {
		t.Fatalf("Read after the huge header: %d bytes, %v", n, err)
	}
	var ne net.Error
	if !errors.As(err, &ne) || ne.Timeout() {
		t.Errorf("error %v is not a permanent net.Error", err)
	}
	if _, err := g.Read(make([]byte, 1)); !errors.Is(err, errFrameTooLarge) {
		t.Errorf("second Read: %v", err)
	}
	_ = client.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := client.Read(make([]byte, 1)); !errors.Is(err, io.EOF) {
		t.Errorf("the peer reads %v, want EOF", err)
	}
	if !strings.Contains(logged.String(), "level=WARN") {
		t.Errorf("no warning logged: %q", logged.String())
	}
}

// rawPeer connects to port on the loopback and sends handshake, reading
// nothing.
func rawPeer(t *testing.T, port int, handshake []byte) net.Conn {
	t.Helper()
	nc, err := net.Dial("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { nc.Close() })
	if _, err := nc.Write(handshake); err != nil {
		t.Fatal(err)
	}
	return nc
}

// expectClosed fails unless the kernel closes nc within d.
func expectClosed(t *testing.T, nc net.Conn, d time.Duration) {
	t.Helper()
	_ = nc.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, nc)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("the kernel kept the connection open for %v", d)
	}
}
