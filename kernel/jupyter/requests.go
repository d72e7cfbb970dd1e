package jupyter

import (
	"fmt"

	"github.com/gonote/gonote/kernel/wire"
)

// kernelInfo is the content of kernel_info_reply.
func (k *Kernel) kernelInfo() map[string]any {
	in := k.cfg.Info
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       wire.ProtocolVersion,
		"implementation":         "gonote",
		"implementation_version": in.Version,
		"language_info": map[string]any{
			"name":               "go",
			"version":            in.GoVersion,
			"mimetype":           "text/x-go",
			"file_extension":     ".go",
			"pygments_lexer":     "go",
			"codemirror_mode":    "go",
			"nbconvert_exporter": "script",
		},
		"banner": fmt.Sprintf("gonote %s: Go %s, interpreted by yaegi; BLAS: %s",
			in.Version, in.GoVersion, in.BLAS),
		"help_links": []map[string]string{
			{"text": "Go documentation", "url": "https://go.dev/doc/"},
			{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
			{"text": "gonote", "url": "https://github.com/gonote/gonote"},
		},
	}
}

type codeContent struct {
	Code        string `json:"code"`
	CursorPos   *int   `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// cursor returns the request's cursor, the end of the code when absent, and
// clamps it to the code.
func (c *codeContent) cursor() int {
	n := len([]rune(c.Code))
	if c.CursorPos == nil || *c.CursorPos > n {
		return n
	}
	return max(*c.CursorPos, 0)
}

func (k *Kernel) complete(m *wire.Message) {
	var c codeContent
	if err := decodeContent(m, &c); err != nil {
		k.replyOn(onShell, m, "complete_reply", errorContent("BadRequest", err.Error(), nil))
		return
	}
	cur := c.cursor()
	matches, start, end := k.engine.Complete(c.Code, cur)
	if matches == nil {
		matches = []string{}
		start, end = cur, cur
	}
	k.replyOn(onShell, m, "complete_reply", map[string]any{
		"status": "ok", "matches": matches, "cursor_start": start, "cursor_end": end,
		"metadata": map[string]any{},
	})
}

func (k *Kernel) inspect(m *wire.Message) {
	var c codeContent
	if err := decodeContent(m, &c); err != nil {
		k.replyOn(onShell, m, "inspect_reply", errorContent("BadRequest", err.Error(), nil))
		return
	}
	data, found := k.engine.Inspect(c.Code, c.cursor(), c.DetailLevel)
	k.replyOn(onShell, m, "inspect_reply", map[string]any{
		"status": "ok", "found": found, "data": orEmptyMap(data), "metadata": map[string]any{},
	})
}

func (k *Kernel) isComplete(m *wire.Message) {
	var c codeContent
	if err := decodeContent(m, &c); err != nil {
		k.replyOn(onShell, m, "is_complete_reply", errorContent("BadRequest", err.Error(), nil))
		return
	}
	status, indent := k.engine.IsComplete(c.Code)
	reply := map[string]any{"status": status}
	if status == "incomplete" {
		reply["indent"] = indent
	}
	k.replyOn(onShell, m, "is_complete_reply", reply)
}
