package wire

import (
	"bytes"
	"testing"
)

// FuzzDecode feeds arbitrary frames to Decode, with and without a key: it
// must never panic; with a key, it accepts only messages signed with that
// key; and a message it accepts must encode and decode to the same header
// and content.
func FuzzDecode(f *testing.F) {
	unsigned, _ := NewSigner("", nil)
	keyed, _ := NewSigner("hmac-sha256", []byte("fuzz-key"))
	f.Add([]byte("id"), []byte(`{"msg_type":"execute_request","msg_id":"1"}`),
		[]byte(`{}`), []byte(`{}`), []byte(`{"code":"1"}`), uint8(0), false)
	f.Add([]byte("id"), []byte(`{"msg_type":"execute_request","msg_id":"1"}`),
		[]byte(`{}`), []byte(`{}`), []byte(`{"code":"1"}`), uint8(4), true)
	f.Add([]byte(""), []byte(`{`), []byte(`[]`), []byte(`null`), []byte(`"x"`), uint8(3), true)
	f.Fuzz(func(t *testing.T, id, h, p, md, c []byte, mode uint8, withKey bool) {
		s := unsigned
		var sig []byte
		if withKey {
			s = keyed
			if mode%4 == 0 { // sign it; other modes send no or a wrong signature
				sig = []byte(s.Sign([][]byte{h, p, md, c}))
			} else if mode%4 == 2 {
				sig = bytes.Repeat([]byte("0"), 64)
			}
		}
		frames := [][]byte{id, []byte(Delimiter), sig, h, p, md, c}
		if drop := int(mode >> 2); drop < len(frames) && mode&1 == 1 {
			frames = append(frames[:drop], frames[drop+1:]...)
		}
		m, err := Decode(frames, s)
		if err != nil {
			return
		}
		if withKey && mode%4 != 0 {
			t.Fatalf("accepted a message without its true signature: %q", frames)
		}
		roundTrip(t, m, s)
	})
}

// roundTrip checks that an accepted message encodes and decodes to itself.
func roundTrip(t *testing.T, m *Message, s *Signer) {
	out, err := Encode(m, s)
	if err != nil {
		t.Fatal(err)
	}
	m2, err := Decode(out, s)
	if err != nil {
		t.Fatalf("re-decoding an accepted message: %v", err)
	}
	if m2.Header != m.Header || !bytes.Equal(m2.Content, m.Content) {
		t.Fatalf("round trip changed %+v into %+v", m, m2)
	}
}

// FuzzVerify checks that only the true signature of a message verifies.
func FuzzVerify(f *testing.F) {
	f.Add([]byte("key"), []byte(`{"msg_type":"x"}`), []byte(`{}`), []byte("00"))
	f.Add([]byte(""), []byte(`{}`), []byte(`{"a":1}`), []byte(""))
	f.Fuzz(func(t *testing.T, key, h, c, sig []byte) {
		s, err := NewSigner("hmac-sha256", key)
		if err != nil {
			t.Fatal(err)
		}
		parts := [][]byte{h, []byte("{}"), []byte("{}"), c}
		good := s.Sign(parts)
		if !s.Verify([]byte(good), parts) {
			t.Fatal("true signature rejected")
		}
		if s.Enabled() && string(sig) != good && s.Verify(sig, parts) {
			t.Fatalf("forged signature %q accepted (true %q)", sig, good)
		}
	})
}

// FuzzParseConnection feeds arbitrary connection files to ParseConnection: it
// must never panic, and what it accepts has valid ports and a usable scheme.
func FuzzParseConnection(f *testing.F) {
	f.Add([]byte(`{"shell_port":1,"control_port":2,"iopub_port":3,"stdin_port":4,` +
		`"hb_port":5,"key":"k","signature_scheme":"hmac-sha256"}`))
	f.Add([]byte(`{"transport":"ipc","ip":"/tmp/k"}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ci, err := ParseConnection(b)
		if err != nil {
			return
		}
		for _, p := range []int{ci.ShellPort, ci.ControlPort, ci.IOPubPort, ci.StdinPort, ci.HBPort} {
			if p < 1 || p > 65535 {
				t.Fatalf("accepted port %d", p)
			}
		}
		if _, err := NewSigner(ci.SignatureScheme, []byte(ci.Key)); err != nil {
			t.Fatalf("accepted a connection whose signer fails: %v", err)
		}
	})
}
