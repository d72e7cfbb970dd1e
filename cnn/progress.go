package cnn

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync/atomic"
	"time"

	"github.com/gonote/gonote/kernel/display"
)

// progressInterval bounds how often a notebook's progress display is
// redrawn, so a saved notebook stays small and the front end responsive.
const progressInterval = 500 * time.Millisecond

const barWidth = 20

var displaySeq atomic.Int64

// progress draws an epoch's Keras-style progress: "Epoch 3/15" and
// "938/938 ━━━━ 12s 13ms/step - accuracy: 0.9912 - loss: 0.0281". In a
// notebook it updates one display in place; in a terminal it prints the
// finished line (and redraws it in place when stdout is a terminal).
type progress struct {
	verbose       int
	header        string
	steps         int
	start, last   time.Time
	id            string
	shown         bool
	inKernel, tty bool
	out           io.Writer
}

func newProgress(verbose, epoch, epochs, steps int) *progress {
	p := &progress{verbose: verbose, steps: steps, start: time.Now(), out: os.Stdout,
		header: fmt.Sprintf("Epoch %d/%d", epoch+1, epochs), inKernel: display.InKernel()}
	if verbose == 0 {
		return p
	}
	p.id = fmt.Sprintf("cnn-fit-%d-%d-%d", os.Getpid(), displaySeq.Add(1), epoch)
	if !p.inKernel {
		if fi, err := os.Stdout.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
		fmt.Fprintln(p.out, p.header)
	}
	return p
}

// update shows the figures after step steps; done marks the epoch's final
// state, which is always drawn.
func (p *progress) update(step int, logs Logs, done bool) {
	if p.verbose == 0 || (p.verbose == 2 && !done) {
		return
	}
	now := time.Now()
	if !done && now.Sub(p.last) < progressInterval {
		return
	}
	p.last = now
	p.draw(p.line(step, logs, done, now), done)
}

// interrupt draws the last figures marked as interrupted.
func (p *progress) interrupt(logs Logs) {
	if p.verbose == 0 {
		return
	}
	p.draw(p.line(-1, logs, false, time.Now())+" - interrupted", true)
}

func (p *progress) draw(line string, final bool) {
	switch {
	case p.inKernel:
		text := display.Text(p.header + "\n" + line)
		if !p.shown {
			p.shown = true
			_ = display.DisplayWithID(p.id, text)
		} else {
			_ = display.UpdateDisplay(p.id, text)
		}
	case p.tty:
		fmt.Fprintf(p.out, "\r\033[K%s", line)
		if final {
			fmt.Fprintln(p.out)
		}
	case final:
		fmt.Fprintln(p.out, line)
	}
}

// line formats one progress line; step < 0 means unknown (interrupted).
func (p *progress) line(step int, logs Logs, done bool, now time.Time) string {
	elapsed := now.Sub(p.start)
	var b strings.Builder
	if step >= 0 {
		fmt.Fprintf(&b, "%d/%d", step, p.steps)
	}
	perStep := time.Duration(0)
	if step > 0 {
		perStep = elapsed / time.Duration(step)
	}
	switch {
	case p.verbose == 2:
		fmt.Fprintf(&b, " - %s - %s/step", fmtSeconds(elapsed), fmtStep(perStep))
	case done:
		fmt.Fprintf(&b, " %s %s %s/step", bar(1), fmtSeconds(elapsed), fmtStep(perStep))
	case step > 0:
		eta := perStep * time.Duration(p.steps-step)
		fmt.Fprintf(&b, " %s ETA %s %s/step", bar(float64(step)/float64(p.steps)),
			fmtSeconds(eta), fmtStep(perStep))
	}
	b.WriteString(fmtLogs(logs))
	return strings.TrimSpace(b.String())
}

func bar(frac float64) string {
	n := int(frac * barWidth)
	return strings.Repeat("━", n) + strings.Repeat("─", barWidth-n)
}

func fmtSeconds(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%ds", int(d.Round(time.Second)/time.Second))
	}
	return fmt.Sprintf("%dm%02ds", int(d/time.Minute), int(d%time.Minute/time.Second))
}

func fmtStep(d time.Duration) string {
	if d >= time.Second {
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	return fmt.Sprintf("%dms", d.Milliseconds())
}

// fmtLogs writes " - name: value" for each figure, names in alphabetical
// order with learning_rate last.
func fmtLogs(logs Logs) string {
	keys := make([]string, 0, len(logs))
	for k := range logs {
		if k != "learning_rate" {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	if _, ok := logs["learning_rate"]; ok {
		keys = append(keys, "learning_rate")
	}
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " - %s: %.4f", k, logs[k])
	}
	return b.String()
}

// printEvaluation prints Evaluate's summary line.
func printEvaluation(steps int, elapsed time.Duration, logs Logs) {
	per := elapsed / time.Duration(max(steps, 1))
	line := fmt.Sprintf("%d/%d %s %s %s/step%s", steps, steps, bar(1), fmtSeconds(elapsed),
		fmtStep(per), fmtLogs(logs))
	fmt.Fprintln(os.Stdout, line)
}
