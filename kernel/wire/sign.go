package wire

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/hex"
	"fmt"
	"hash"
)

// Signer signs and verifies messages with the HMAC named by a connection
// file's signature_scheme. A Signer with an empty key neither signs (the
// signature is "") nor checks signatures, as the specification says.
type Signer struct {
	key     []byte
	newHash func() hash.Hash
}

// NewSigner returns a Signer for scheme ("hmac-sha256", "hmac-sha512" or
// "hmac-sha1") and key. An empty scheme is accepted only with an empty key.
func NewSigner(scheme string, key []byte) (*Signer, error) {
	s := &Signer{key: append([]byte(nil), key...)}
	switch scheme {
	case "hmac-sha256":
		s.newHash = sha256.New
	case "hmac-sha512":
		s.newHash = sha512.New
	case "hmac-sha1":
		s.newHash = sha1.New
	case "":
		if len(key) > 0 {
			return nil, fmt.Errorf("%w: empty scheme with a non-empty key", ErrUnknownScheme)
		}
	default:
		return nil, fmt.Errorf("%w %q (want hmac-sha256, hmac-sha512 or hmac-sha1)",
			ErrUnknownScheme, scheme)
	}
	return s, nil
}

// Enabled reports whether messages are signed (the key is not empty).
func (s *Signer) Enabled() bool { return s != nil && len(s.key) > 0 }

// Sign returns the hex signature of the four JSON parts of a message
// (header, parent header, metadata, content), or "" when signing is off.
func (s *Signer) Sign(parts [][]byte) string {
	if !s.Enabled() {
		return ""
	}
	return hex.EncodeToString(s.mac(parts))
}

func (s *Signer) size() int { return s.newHash().Size() }

func (s *Signer) mac(parts [][]byte) []byte {
	m := hmac.New(s.newHash, s.key)
	for _, p := range parts {
		m.Write(p)
	}
	return m.Sum(nil)
}

// Verify reports whether sig is the hex signature of parts. It compares the lower-case hex
// digests in constant time. With signing off every signature is accepted.
func (s *Signer) Verify(sig []byte, parts [][]byte) bool {
	if !s.Enabled() {
		return true
	}
	want := make([]byte, hex.EncodedLen(s.size()))
	hex.Encode(want, s.mac(parts))
	return hmac.Equal(sig, want)
}
