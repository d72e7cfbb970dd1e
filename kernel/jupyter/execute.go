package jupyter

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strings"

	"github.com/gonote/gonote/kernel/display"
	"github.com/gonote/gonote/kernel/session"
	"github.com/gonote/gonote/kernel/wire"
)

type executeContent struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

func boolOr(b *bool, def bool) bool {
	if b == nil {
		return def
	}
	return *b
}

// pagerRE matches "?name" and "name?" cells (name a possibly dotted Go
// identifier), answered with an inspection shown in the pager, as IPython
// does.
var pagerRE = regexp.MustCompile(
	`^\s*(?:\?+\s*([\p{L}_][\p{L}\p{N}_.]*)|([\p{L}_][\p{L}\p{N}_.]*)\s*\?+)\s*$`)

// execute answers an execute_request: execute_input, the cell's outputs, the
// error or execute_result, then execute_reply.
func (k *Kernel) execute(m *wire.Message) {
	var c executeContent
	if err := decodeContent(m, &c); err != nil {
		reply := errorContent("BadRequest", err.Error(), nil)
		reply["execution_count"] = k.execCount
		k.replyOn(onShell, m, "execute_reply", reply)
		return
	}
	store := boolOr(c.StoreHistory, true) && !c.Silent
	if store {
		k.execCount++
	}
	count := k.execCount
	k.flushOutput() // what earlier cells' goroutines printed belongs to them
	k.parent.Store(m)
	if !c.Silent {
		k.publish(m, "execute_input", map[string]any{"code": c.Code, "execution_count": count})
	}

	reply, output := k.executeCell(m, &c, count)
	reply["execution_count"] = count
	if store {
		k.history.add(count, c.Code, output)
	}
	if reply["status"] == "error" && boolOr(c.StopOnError, true) && !c.Silent {
		k.takeQueued()
	}
	k.replyOn(onShell, m, "execute_reply", reply)
}

// executeCell runs the cell (or a pager request) and returns the reply's
// content and the text of its result for the history.
func (k *Kernel) executeCell(m *wire.Message, c *executeContent,
	count int) (map[string]any, string) {
	if sm := pagerRE.FindStringSubmatch(c.Code); sm != nil {
		return k.page(sm[1] + sm[2]), ""
	}
	d, err := k.runCell(m, c)
	k.flushOutput()
	if err != nil {
		content := cellErrorContent(err)
		if !c.Silent {
			k.publish(m, "error", map[string]any{
				"ename": content["ename"], "evalue": content["evalue"],
				"traceback": content["traceback"],
			})
		}
		content["user_expressions"] = map[string]any{}
		content["payload"] = []any{}
		return content, ""
	}
	var text string
	if d != nil && len(d.Data) > 0 && !c.Silent {
		k.publish(m, "execute_result", resultContent(d, count))
		text, _ = d.Data["text/plain"].(string)
	}
	return map[string]any{
		"status":           "ok",
		"user_expressions": k.userExpressions(m, c),
		"payload":          []any{},
	}, text
}

// runCell runs code on the engine in its own goroutine with a context that
// interrupt_request and SIGINT cancel, and waits for it.
func (k *Kernel) runCell(m *wire.Message, c *executeContent) (*display.Data, error) {
	// The context is not derived from the kernel's and is not cancelled when
	// the cell ends: cancelling it would also stop goroutines and closures
	// the cell created, which must outlive it.
	ctx, cancel := context.WithCancel(context.Background())
	k.cell.Store(&cellState{req: m, allowStdin: boolOr(c.AllowStdin, true), ctx: ctx, cancel: cancel})
	display.SetContext(ctx)
	defer k.cell.Store(nil)
	d, err := k.safeExecute(ctx, c.Code)
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	return d, err
}

// safeExecute calls the engine and turns a panic into an error.
func (k *Kernel) safeExecute(ctx context.Context, code string) (d *display.Data, err error) {
	defer func() {
		if r := recover(); r != nil {
			buf := make([]byte, 8<<10)
			k.log.Error("the session panicked", "panic", r,
				"stack", string(buf[:runtime.Stack(buf, false)]))
			d, err = nil, fmt.Errorf("internal error: %v", r)
		}
	}()
	return k.engine.Execute(ctx, code)
}

// cellErrorContent turns a cell's error into the error fields of a reply.
func cellErrorContent(err error) map[string]any {
	var ce *session.CellError
	switch {
	case errors.As(err, &ce):
		return errorContent(ce.Name, ce.Value, ce.Traceback)
	case errors.Is(err, context.Canceled):
		return errorContent("Interrupted", "the cell was interrupted", nil)
	default:
		return errorContent("Error", err.Error(), nil)
	}
}

func resultContent(d *display.Data, count int) map[string]any {
	c := map[string]any{"execution_count": count, "data": d.Data, "metadata": orEmptyMap(d.Metadata)}
	if len(d.Transient) > 0 {
		c["transient"] = d.Transient
	}
	return c
}

func orEmptyMap(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}

// page answers "?name": the inspection of name as a pager payload.
func (k *Kernel) page(name string) map[string]any {
	name = strings.TrimSpace(name)
	data, found := k.engine.Inspect(name, len([]rune(name)), 0)
	if !found || len(data) == 0 {
		fmt.Fprintf(k.stdout, "no documentation found for %s\n", name)
		k.stdout.Flush()
		return map[string]any{"status": "ok", "user_expressions": map[string]any{}, "payload": []any{}}
	}
	payload := map[string]any{"source": "page", "data": data, "start": 0}
	return map[string]any{
		"status": "ok", "user_expressions": map[string]any{}, "payload": []any{payload},
	}
}

// userExpressions evaluates the request's user_expressions after the cell.
func (k *Kernel) userExpressions(m *wire.Message, c *executeContent) map[string]any {
	out := map[string]any{}
	for name, expr := range c.UserExpressions {
		d, err := k.runCell(m, &executeContent{Code: expr, AllowStdin: new(bool)})
		if err != nil {
			out[name] = cellErrorContent(err)
			continue
		}
		v := map[string]any{"status": "ok", "data": map[string]any{}, "metadata": map[string]any{}}
		if d != nil {
			v["data"], v["metadata"] = orEmptyMap(d.Data), orEmptyMap(d.Metadata)
		}
		out[name] = v
	}
	return out
}

// takeQueued moves the requests queued so far to k.toAbort. It runs before
// the failed cell's reply is sent, so that a request the client sends after
// seeing that reply is not aborted.
func (k *Kernel) takeQueued() {
	runtime.Gosched()
	for {
		select {
		case m := <-k.shellQ:
			k.toAbort = append(k.toAbort, m)
		default:
			return
		}
	}
}

// abortQueued answers the execute requests taken by takeQueued with status
// "aborted", as stop_on_error asks; the other requests are served.
func (k *Kernel) abortQueued() {
	queued := k.toAbort
	k.toAbort = nil
	for _, m := range queued {
		if m.Header.MsgType != "execute_request" {
			k.serve(onShell, m, k.handleShellRequest)
			continue
		}
		k.serve(onShell, m, func(s socketKind, m *wire.Message) {
			k.replyOn(s, m, "execute_reply", map[string]any{
				"status": "aborted", "execution_count": k.execCount,
				"user_expressions": map[string]any{}, "payload": []any{},
			})
		})
	}
}
