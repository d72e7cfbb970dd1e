package jupyter

import (
	"os"
	"os/signal"

	"github.com/gonote/gonote/kernel/display"
)

// publisher is the display.Publisher the kernel installs: displays go to the
// running cell (or the last one) as display_data, update_display_data and
// clear_output, after the output printed before them.
type publisher struct{ k *Kernel }

// Publish implements display.Publisher.
func (p *publisher) Publish(d display.Data, update bool) error {
	p.k.flushOutput()
	msgType := "display_data"
	if update {
		msgType = "update_display_data"
	}
	c := map[string]any{
		"data": orEmptyMap(d.Data), "metadata": orEmptyMap(d.Metadata),
		"transient": orEmptyMap(d.Transient),
	}
	p.k.publish(p.k.parent.Load(), msgType, c)
	return nil
}

// ClearOutput implements display.Publisher.
func (p *publisher) ClearOutput(wait bool) {
	p.k.flushOutput()
	p.k.publish(p.k.parent.Load(), "clear_output", map[string]any{"wait": wait})
}

// handleSignals makes SIGINT interrupt the running cell instead of killing
// the kernel, as Jupyter's interrupt_mode "signal" expects.
func (k *Kernel) handleSignals() {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt)
	go func() {
		for {
			select {
			case <-ch:
				k.Interrupt()
			case <-k.ctx.Done():
				signal.Stop(ch)
				return
			}
		}
	}()
}
