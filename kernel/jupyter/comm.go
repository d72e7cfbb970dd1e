package jupyter

import (
	"sync"

	"github.com/gonote/gonote/kernel/wire"
)

// CommTarget handles the data of a comm's messages (and of its comm_open,
// when that carries data). A non-nil result is sent back on the same comm as
// a comm_msg.
type CommTarget func(data map[string]any) map[string]any

// comms is the registry of comm targets and open comms.
type comms struct {
	mu      sync.Mutex
	targets map[string]CommTarget
	open    map[string]string // comm_id → target_name
}

func newComms() *comms {
	return &comms{targets: map[string]CommTarget{}, open: map[string]string{}}
}

// RegisterCommTarget makes comm_open requests for name succeed and routes
// the comm's messages to t.
func (k *Kernel) RegisterCommTarget(name string, t CommTarget) {
	k.comms.mu.Lock()
	defer k.comms.mu.Unlock()
	k.comms.targets[name] = t
}

type commContent struct {
	CommID     string         `json:"comm_id"`
	TargetName string         `json:"target_name"`
	Data       map[string]any `json:"data"`
}

// target returns the handler of an open comm, or of a target by name.
func (c *comms) target(id, name string) (CommTarget, string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if name == "" {
		name = c.open[id]
	}
	return c.targets[name], name
}

func (k *Kernel) commOpen(m *wire.Message) {
	var c commContent
	if err := decodeContent(m, &c); err != nil || c.CommID == "" {
		k.log.Warn("bad comm_open", "err", err)
		return
	}
	t, _ := k.comms.target("", c.TargetName)
	if t == nil {
		k.log.Warn("comm_open for an unknown target", "target_name", c.TargetName)
		k.publish(m, "comm_close", map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
		return
	}
	k.comms.mu.Lock()
	k.comms.open[c.CommID] = c.TargetName
	k.comms.mu.Unlock()
	if len(c.Data) > 0 {
		k.commAnswer(m, c.CommID, t, c.Data)
	}
}

func (k *Kernel) commMsg(m *wire.Message) {
	var c commContent
	if err := decodeContent(m, &c); err != nil {
		k.log.Warn("bad comm_msg", "err", err)
		return
	}
	t, name := k.comms.target(c.CommID, "")
	if t == nil {
		k.log.Warn("comm_msg for an unknown comm", "comm_id", c.CommID, "target_name", name)
		return
	}
	k.commAnswer(m, c.CommID, t, c.Data)
}

func (k *Kernel) commAnswer(m *wire.Message, id string, t CommTarget, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	if out := t(data); out != nil {
		k.publish(m, "comm_msg", map[string]any{"comm_id": id, "data": out})
	}
}

func (k *Kernel) commClose(m *wire.Message) {
	var c commContent
	if err := decodeContent(m, &c); err != nil {
		k.log.Warn("bad comm_close", "err", err)
		return
	}
	k.comms.mu.Lock()
	delete(k.comms.open, c.CommID)
	k.comms.mu.Unlock()
}

func (k *Kernel) commInfo(m *wire.Message) {
	var c commContent
	_ = decodeContent(m, &c)
	k.comms.mu.Lock()
	out := map[string]any{}
	for id, name := range k.comms.open {
		if c.TargetName == "" || c.TargetName == name {
			out[id] = map[string]string{"target_name": name}
		}
	}
	k.comms.mu.Unlock()
	k.replyOn(onShell, m, "comm_info_reply", map[string]any{"status": "ok", "comms": out})
}
