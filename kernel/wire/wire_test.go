package wire

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustSigner(t testing.TB, scheme, key string) *Signer {
	t.Helper()
	s, err := NewSigner(scheme, []byte(key))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestRoundTrip(t *testing.T) {
	s := mustSigner(t, "hmac-sha256", "secret")
	req := &Message{
		Identities: [][]byte{[]byte("client-1")},
		Header:     NewHeader("execute_request", "sess"),
		Content:    json.RawMessage(`{"code":"1+1"}`),
		Buffers:    [][]byte{{0, 1, 2}},
	}
	frames, err := Encode(req, s)
	if err != nil {
		t.Fatal(err)
	}
	if string(frames[1]) != Delimiter || len(frames) != 8 {
		t.Fatalf("framing: %q", frames)
	}
	got, err := Decode(frames, s)
	if err != nil {
		t.Fatal(err)
	}
	if got.Header != req.Header || string(got.Content) != `{"code":"1+1"}` {
		t.Errorf("round trip changed the message: %+v", got)
	}
	if !bytes.Equal(got.Identities[0], []byte("client-1")) || len(got.Buffers) != 1 {
		t.Errorf("identities/buffers lost: %q %q", got.Identities, got.Buffers)
	}

	rep, err := Reply(got, "execute_reply", "kern", map[string]any{"status": "ok"})
	if err != nil {
		t.Fatal(err)
	}
	if string(rep.ParentHeader) != string(got.RawHeader) {
		t.Errorf("reply parent %s, want %s", rep.ParentHeader, got.RawHeader)
	}
}

// TestKnownSignature checks the HMAC against a value computed independently
// with Python's hmac module.
// TestKnownSignature checks each scheme against signatures computed with
// Python's hmac module, as jupyter_client computes them.
func TestKnownSignature(t *testing.T) {
	parts := [][]byte{[]byte("{}"), []byte("{}"), []byte("{}"), []byte("{}")}
	cases := []struct{ scheme, want string }{
		{"hmac-sha256", "ca767b02c5bc061ed184a9a029e7f93a7f2f7ed4e8fe74120fc1212f0b008fa3"},
		{"hmac-sha1", "c7afc9cb14b86470fa517605b0405652f2043126"},
		{"hmac-sha512", "2f7411556710fc214f2814c82351b6da0d593441526d7fb5d61e38db31d8df3d" +
			"4545a45c78f7f625155182763ddfa48e3b574b0a633ac49ee60991f8a3ab719c"},
	}
	for _, c := range cases {
		s := mustSigner(t, c.scheme, "key")
		got := s.Sign(parts)
		if got != c.want {
			t.Errorf("%s signature %q, want %q", c.scheme, got, c.want)
		}
		if !s.Verify([]byte(got), parts) {
			t.Errorf("%s: own signature rejected", c.scheme)
		}
	}
}

func TestDecodeRejects(t *testing.T) {
	s := mustSigner(t, "hmac-sha256", "secret")
	good, _ := Encode(&Message{Header: NewHeader("kernel_info_request", "x")}, s)
	tamper := func(i int, v string) [][]byte {
		f := append([][]byte(nil), good...)
		f[i] = []byte(v)
		return f
	}
	cases := []struct {
		name   string
		frames [][]byte
		want   error
	}{
		{"no delimiter", good[1:], ErrNoDelimiter},
		{"too few frames", good[:4], ErrTooFewFrames},
		{"missing signature", tamper(1, ""), ErrBadSignature},
		{"wrong signature", tamper(1, strings.Repeat("0", 64)), ErrBadSignature},
		{"non-hex signature", tamper(1, "zz"), ErrBadSignature},
		{"tampered content", tamper(5, `{"a":1}`), ErrBadSignature},
	}
	for _, c := range cases {
		if _, err := Decode(c.frames, s); !errors.Is(err, c.want) {
			t.Errorf("%s: err %v, want %v", c.name, err, c.want)
		}
	}
}

func TestDecodeMalformedJSON(t *testing.T) {
	s := mustSigner(t, "", "")
	for _, parts := range [][]string{
		{`{`, `{}`, `{}`, `{}`},
		{`{"msg_type":""}`, `{}`, `{}`, `{}`},
		{`{"msg_type":"x"}`, `[]`, `{}`, `{}`},
		{`{"msg_type":"x"}`, `{}`, `{}`, `"str"`},
		{`{"msg_type":5}`, `{}`, `{}`, `{}`},
	} {
		frames := [][]byte{[]byte(Delimiter), nil}
		for _, p := range parts {
			frames = append(frames, []byte(p))
		}
		if _, err := Decode(frames, s); err == nil {
			t.Errorf("%q decoded without error", parts)
		}
	}
}

func TestEmptyKeyDoesNotSign(t *testing.T) {
	s := mustSigner(t, "hmac-sha256", "")
	frames, _ := Encode(&Message{Header: NewHeader("status", "x")}, s)
	if len(frames[1]) != 0 {
		t.Errorf("signature %q, want empty", frames[1])
	}
	if _, err := Decode(frames, s); err != nil {
		t.Error(err)
	}
}

func TestUnknownScheme(t *testing.T) {
	if _, err := NewSigner("hmac-md5", []byte("k")); !errors.Is(err, ErrUnknownScheme) {
		t.Errorf("err %v, want ErrUnknownScheme", err)
	}
}

func TestLoadConnection(t *testing.T) {
	dir := t.TempDir()
	good := `{"transport":"tcp","ip":"127.0.0.1","shell_port":1,"control_port":2,
	"iopub_port":3,"stdin_port":4,"hb_port":5,"key":"k","signature_scheme":"hmac-sha256"}`
	write := func(name, s string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	ci, err := LoadConnection(write("good.json", good))
	if err != nil {
		t.Fatal(err)
	}
	if got := ci.Endpoint(ci.ShellPort); got != "tcp://127.0.0.1:1" {
		t.Errorf("endpoint %q", got)
	}
	bad := map[string]string{
		"garbage":   `not json`,
		"noports":   `{"key":"","signature_scheme":"hmac-sha256"}`,
		"badscheme": strings.Replace(good, "hmac-sha256", "rot13", 1),
		"transport": strings.Replace(good, `"tcp"`, `"udp"`, 1),
	}
	for name, s := range bad {
		if _, err := LoadConnection(write(name, s)); err == nil {
			t.Errorf("%s: loaded without error", name)
		}
	}
	if _, err := LoadConnection(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file loaded without error")
	}
}
