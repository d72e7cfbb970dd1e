package wire

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
)

// ConnectionInfo is the content of the connection file Jupyter writes before
// it starts a kernel: where the five sockets listen and how messages are
// signed.
type ConnectionInfo struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	IOPubPort       int    `json:"iopub_port"`
	StdinPort       int    `json:"stdin_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// LoadConnection reads and validates the connection file at path.
func LoadConnection(path string) (*ConnectionInfo, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading connection file: %w", err)
	}
	ci, err := ParseConnection(b)
	if err != nil {
		return nil, fmt.Errorf("connection file %s: %w", path, err)
	}
	return ci, nil
}

// ParseConnection decodes and validates the JSON of a connection file.
func ParseConnection(b []byte) (*ConnectionInfo, error) {
	var ci ConnectionInfo
	if err := json.Unmarshal(b, &ci); err != nil {
		return nil, fmt.Errorf("invalid JSON: %w", err)
	}
	if ci.Transport == "" {
		ci.Transport = "tcp"
	}
	if ci.IP == "" {
		ci.IP = "127.0.0.1"
	}
	if err := ci.validate(); err != nil {
		return nil, err
	}
	return &ci, nil
}

func (ci *ConnectionInfo) validate() error {
	if ci.Transport != "tcp" && ci.Transport != "ipc" {
		return fmt.Errorf("unsupported transport %q (want tcp or ipc)", ci.Transport)
	}
	ports := []struct {
		name string
		port int
	}{
		{"shell_port", ci.ShellPort}, {"control_port", ci.ControlPort},
		{"iopub_port", ci.IOPubPort}, {"stdin_port", ci.StdinPort}, {"hb_port", ci.HBPort},
	}
	seen := map[int]string{}
	for _, p := range ports {
		if p.port <= 0 || p.port > 65535 {
			return fmt.Errorf("%s %d out of range 1..65535", p.name, p.port)
		}
		if other, dup := seen[p.port]; dup {
			return fmt.Errorf("%s and %s are both %d: each socket needs its own port",
				other, p.name, p.port)
		}
		seen[p.port] = p.name
	}
	if _, err := NewSigner(ci.SignatureScheme, []byte(ci.Key)); err != nil {
		return err
	}
	return nil
}

// Endpoint returns the ZeroMQ endpoint of port, e.g. "tcp://127.0.0.1:5555",
// or "ipc://ip-5555" for the ipc transport as Jupyter names those files.
func (ci *ConnectionInfo) Endpoint(port int) string {
	if ci.Transport == "ipc" {
		return "ipc://" + ci.IP + "-" + strconv.Itoa(port)
	}
	return ci.Transport + "://" + ci.IP + ":" + strconv.Itoa(port)
}

// ErrUnknownScheme is returned for a signature scheme gonote cannot compute.
var ErrUnknownScheme = errors.New("unknown signature_scheme")
