package jupyter

import (
	"fmt"
	"strings"
	"time"

	"github.com/gonote/gonote/kernel/wire"
)

// enqueueShell queues a shell request; requests are handled one at a time,
// in order, by shellLoop.
func (k *Kernel) enqueueShell(m *wire.Message) {
	select {
	case k.shellQ <- m:
	case <-k.ctx.Done():
	}
}

func (k *Kernel) shellLoop() {
	for {
		select {
		case m := <-k.shellQ:
			k.serve(onShell, m, k.handleShellRequest)
			if len(k.toAbort) > 0 {
				k.abortQueued()
			}
		case <-k.ctx.Done():
			return
		}
	}
}

// serve brackets one request with status busy and idle on iopub, as every
// client expects, logs its handling time and recovers from a panic in its
// handler.
func (k *Kernel) serve(s socketKind, m *wire.Message, h func(socketKind, *wire.Message)) {
	start := time.Now()
	k.publishStatus(m, "busy")
	defer func() {
		if r := recover(); r != nil {
			k.log.Error("handler panicked", "msg_type", m.Header.MsgType, "panic", r)
			if t := m.Header.MsgType; strings.HasSuffix(t, "_request") {
				k.replyOn(s, m, replyType(t), errorContent("InternalError", fmt.Sprint(r), nil))
			}
		}
		k.publishStatus(m, "idle")
		k.log.Debug("handled", "msg_type", m.Header.MsgType, "took", time.Since(start))
	}()
	h(s, m)
}

// socketKind says on which socket a request came, for the reply.
type socketKind int

const (
	onShell socketKind = iota
	onControl
)

func (k *Kernel) replyOn(s socketKind, req *wire.Message, msgType string, content any) {
	sock := k.shell
	if s == onControl {
		sock = k.control
	}
	k.reply(sock, req, msgType, content)
}

// handleShellRequest dispatches a request received on shell.
func (k *Kernel) handleShellRequest(s socketKind, m *wire.Message) {
	switch m.Header.MsgType {
	case "execute_request":
		k.execute(m)
	case "kernel_info_request":
		k.replyOn(s, m, "kernel_info_reply", k.kernelInfo())
	case "complete_request":
		k.complete(m)
	case "inspect_request":
		k.inspect(m)
	case "is_complete_request":
		k.isComplete(m)
	case "history_request":
		k.historyRequest(m)
	case "comm_info_request":
		k.commInfo(m)
	case "comm_open":
		k.commOpen(m)
	case "comm_msg":
		k.commMsg(m)
	case "comm_close":
		k.commClose(m)
	case "shutdown_request":
		k.shutdownRequest(s, m)
	case "interrupt_request":
		k.interruptRequest(s, m)
	default:
		k.log.Warn("ignoring an unknown or misdirected message",
			"socket", "shell", "msg_type", m.Header.MsgType)
	}
}

// handleControl answers control requests at once, on the control socket's
// goroutine, so they are served while a cell runs.
func (k *Kernel) handleControl(m *wire.Message) {
	k.serve(onControl, m, func(s socketKind, m *wire.Message) {
		switch m.Header.MsgType {
		case "shutdown_request":
			k.shutdownRequest(s, m)
		case "interrupt_request":
			k.interruptRequest(s, m)
		case "kernel_info_request":
			k.replyOn(s, m, "kernel_info_reply", k.kernelInfo())
		default:
			k.log.Warn("ignoring an unknown or misdirected message",
				"socket", "control", "msg_type", m.Header.MsgType)
		}
	})
}

// handleStdin routes input_reply messages to the cell waiting for input.
func (k *Kernel) handleStdin(m *wire.Message) {
	if m.Header.MsgType != "input_reply" {
		k.log.Warn("ignoring a message on stdin", "msg_type", m.Header.MsgType)
		return
	}
	select {
	case k.stdinReplies <- m:
	default:
		k.log.Warn("dropping an input_reply nobody waits for")
	}
}

type shutdownContent struct {
	Restart bool `json:"restart"`
}

func (k *Kernel) shutdownRequest(s socketKind, m *wire.Message) {
	var c shutdownContent
	if err := decodeContent(m, &c); err != nil {
		k.log.Warn("bad shutdown_request", "err", err)
	}
	k.Interrupt()
	reply := map[string]any{"status": "ok", "restart": c.Restart}
	k.replyOn(s, m, "shutdown_reply", reply)
	k.publish(m, "shutdown_reply", reply)
	k.shutdown()
}

func (k *Kernel) interruptRequest(s socketKind, m *wire.Message) {
	k.Interrupt()
	k.replyOn(s, m, "interrupt_reply", map[string]any{"status": "ok"})
}

// errorContent is the status "error" part of a reply.
func errorContent(ename, evalue string, traceback []string) map[string]any {
	if traceback == nil {
		traceback = []string{ename + ": " + evalue}
	}
	return map[string]any{
		"status": "error", "ename": ename, "evalue": evalue, "traceback": traceback,
	}
}

// replyType names the reply to a request type: execute_request → execute_reply.
func replyType(request string) string {
	return strings.TrimSuffix(request, "_request") + "_reply"
}
