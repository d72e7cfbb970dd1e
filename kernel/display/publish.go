package display

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sync"
	"sync/atomic"
)

// Publisher sends bundles to the front end. The kernel installs one with
// SetPublisher; its methods may be called from any goroutine.
type Publisher interface {
	// Publish sends d as display_data, or as update_display_data when update
	// is true (d.Transient then holds the display_id to update).
	Publish(d Data, update bool) error
	// ClearOutput clears the running cell's output; with wait the front end
	// clears it only when the next output arrives, which avoids flicker.
	ClearOutput(wait bool)
}

type publisherBox struct{ p Publisher }

var (
	publisher atomic.Pointer[publisherBox]
	cellCtx   atomic.Pointer[context.Context]

	// fallbackOut receives what Display prints outside a kernel; nil means
	// os.Stdout at the time of the call.
	fallbackOut io.Writer
	fallbackMu  sync.Mutex
	fallbackN   int
)

// SetPublisher installs the kernel's publisher; nil removes it, and the
// package then prints to standard output as in a plain program.
func SetPublisher(p Publisher) {
	if p == nil {
		publisher.Store(nil)
		return
	}
	publisher.Store(&publisherBox{p})
}

// InKernel reports whether a publisher is installed, that is whether the code
// runs inside a gonote kernel.
func InKernel() bool { return publisher.Load() != nil }

func currentPublisher() Publisher {
	if b := publisher.Load(); b != nil {
		return b.p
	}
	return nil
}

// SetContext records the running cell's context; the kernel cancels it on
// interrupt. nil restores context.Background().
func SetContext(ctx context.Context) {
	if ctx == nil {
		cellCtx.Store(nil)
		return
	}
	cellCtx.Store(&ctx)
}

// Context returns the running cell's context, context.Background() outside
// a kernel. Long-running compiled code checks it to stop on interrupt.
func Context() context.Context {
	if p := cellCtx.Load(); p != nil {
		return *p
	}
	return context.Background()
}

// Display shows v now, before the cell ends: v is rendered like a cell's
// value (see Render) and published as display_data. Outside a kernel the text
// is printed and images are written to files in os.TempDir.
func Display(v any) error { return publish("", v, false) }

// DisplayWithID shows v like Display under the display id id; UpdateDisplay
// with the same id later replaces it in place.
func DisplayWithID(id string, v any) error { return publish(id, v, false) }

// UpdateDisplay replaces what was shown under id (by DisplayWithID, in this
// cell or an earlier one) with v.
func UpdateDisplay(id string, v any) error { return publish(id, v, true) }

// ClearOutput clears the running cell's output so far; with wait the front
// end clears it when the next output arrives. Outside a kernel it does
// nothing.
func ClearOutput(wait bool) {
	if p := currentPublisher(); p != nil {
		p.ClearOutput(wait)
	}
}

func publish(id string, v any, update bool) error {
	d := Render(v)
	if d.Empty() {
		return nil
	}
	if id != "" {
		d.Transient = mergeMaps(cloneMap(d.Transient), MIMEMap{"display_id": id})
	}
	if p := currentPublisher(); p != nil {
		if err := p.Publish(d, update); err != nil {
			return fmt.Errorf("display: publishing: %w", err)
		}
		return nil
	}
	return printFallback(id, d)
}

func cloneMap(m MIMEMap) MIMEMap {
	out := make(MIMEMap, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// printFallback prints d for a program run outside a kernel: its text, and
// the path of a file holding each image. Images shown under an id are written
// to the same file on each update.
func printFallback(id string, d Data) error {
	fallbackMu.Lock()
	defer fallbackMu.Unlock()

	fallbackN++
	name := fmt.Sprintf("gonote-display-%d-%d", os.Getpid(), fallbackN)
	if id != "" {
		name = "gonote-display-" + unsafeName.ReplaceAllString(id, "_")
	}
	text := d.Text()
	files, err := writeImages(name, d)
	for _, f := range files {
		text += fmt.Sprintf("\n(%s written to %s)", f.mime, f.path)
	}
	if text == "" {
		text = fmt.Sprintf("<%v>", d.MIMETypes())
	}
	out := fallbackOut
	if out == nil {
		out = os.Stdout
	}
	if _, werr := fmt.Fprintln(out, text); werr != nil && err == nil {
		err = fmt.Errorf("display: printing: %w", werr)
	}
	return err
}

type writtenFile struct{ mime, path string }

var imageExt = []struct{ mime, ext string }{
	{MIMETypePNG, ".png"}, {MIMETypeJPEG, ".jpg"},
	{MIMETypeSVG, ".svg"}, {MIMETypePDF, ".pdf"},
}

func writeImages(name string, d Data) ([]writtenFile, error) {
	var files []writtenFile
	for _, e := range imageExt {
		v, ok := d.Data[e.mime]
		if !ok {
			continue
		}
		var b []byte
		switch x := v.(type) {
		case []byte:
			b = x
		case string:
			b = []byte(x)
		default:
			continue
		}
		path := filepath.Join(os.TempDir(), name+e.ext)
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return files, fmt.Errorf("display: writing %s: %w", e.mime, err)
		}
		files = append(files, writtenFile{e.mime, path})
	}
	return files, nil
}
