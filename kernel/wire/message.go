package wire

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Delimiter separates the routing identities from the message proper.
const Delimiter = "<IDS|MSG>"

// ProtocolVersion is the messaging protocol version gonote speaks.
const ProtocolVersion = "5.3"

// Errors Decode returns; a caller drops such a message and logs the reason.
var (
	ErrNoDelimiter  = errors.New("no <IDS|MSG> delimiter")
	ErrTooFewFrames = errors.New("too few frames after the delimiter")
	ErrBadSignature = errors.New("bad or missing signature")
	ErrNoMsgType    = errors.New("header has no msg_type")
)

// Header is a message header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
}

// Message is one Jupyter message. ParentHeader, Metadata and Content are
// kept as raw JSON objects so that a reply can echo a request's header
// byte for byte, whatever keys the client put in it.
type Message struct {
	Identities   [][]byte
	Header       Header
	RawHeader    json.RawMessage // the header as received; nil for new messages
	ParentHeader json.RawMessage
	Metadata     json.RawMessage
	Content      json.RawMessage
	Buffers      [][]byte
}

// NewMsgID returns a random 128-bit id in hex.
func NewMsgID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// NewHeader returns a header of msgType for session, dated now.
func NewHeader(msgType, session string) Header {
	return Header{
		MsgID:    NewMsgID(),
		Session:  session,
		Username: "gonote",
		Date:     time.Now().UTC().Format("2006-01-02T15:04:05.000000Z07:00"),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// Decode parses the frames of one message received on a socket and checks
// its signature with s.
func Decode(frames [][]byte, s *Signer) (*Message, error) {
	i := delimiterIndex(frames)
	if i < 0 {
		return nil, ErrNoDelimiter
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return nil, fmt.Errorf("%w: %d, want at least 5", ErrTooFewFrames, len(rest))
	}
	parts := rest[1:5]
	if !s.Verify(rest[0], parts) {
		return nil, ErrBadSignature
	}
	m := &Message{Identities: frames[:i], Buffers: rest[5:]}
	if err := m.decodeParts(parts); err != nil {
		return nil, err
	}
	return m, nil
}

func delimiterIndex(frames [][]byte) int {
	for i, f := range frames {
		if string(f) == Delimiter {
			return i
		}
	}
	return -1
}

func (m *Message) decodeParts(parts [][]byte) error {
	if err := json.Unmarshal(parts[0], &m.Header); err != nil {
		return fmt.Errorf("decoding header: %w", err)
	}
	if m.Header.MsgType == "" {
		return ErrNoMsgType
	}
	names := []string{"header", "parent header", "metadata", "content"}
	for k, p := range parts {
		if !isObject(p) {
			return fmt.Errorf("decoding %s: not a JSON object", names[k])
		}
	}
	m.RawHeader = json.RawMessage(parts[0])
	m.ParentHeader = json.RawMessage(parts[1])
	m.Metadata = json.RawMessage(parts[2])
	m.Content = json.RawMessage(parts[3])
	return nil
}

// isObject reports whether b is one valid JSON object.
func isObject(b []byte) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 1 && b[0] == '{' && json.Valid(b)
}

// Encode returns the frames of m signed with s: identities, the delimiter,
// the signature, the four JSON parts and the buffers.
func Encode(m *Message, s *Signer) ([][]byte, error) {
	header := []byte(m.RawHeader)
	if header == nil {
		var err error
		if header, err = json.Marshal(m.Header); err != nil {
			return nil, fmt.Errorf("encoding header: %w", err)
		}
	}
	parts := [][]byte{header, orEmpty(m.ParentHeader), orEmpty(m.Metadata), orEmpty(m.Content)}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, []byte(Delimiter), []byte(s.Sign(parts)))
	frames = append(frames, parts...)
	return append(frames, m.Buffers...), nil
}

func orEmpty(b json.RawMessage) []byte {
	if len(b) == 0 {
		return []byte("{}")
	}
	return b
}

// Reply returns a new message of msgType answering parent: same session and
// identities, parent's header as its parent header, and content marshalled
// from content.
func Reply(parent *Message, msgType, session string, content any) (*Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("encoding %s content: %w", msgType, err)
	}
	m := &Message{Header: NewHeader(msgType, session), Content: c}
	if parent != nil {
		m.Identities = parent.Identities
		m.ParentHeader = parent.RawHeader
	}
	return m, nil
}
