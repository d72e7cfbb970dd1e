package display

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"os"
	"strings"
	"sync"
	"testing"
)

// recorder is a Publisher that keeps what it was sent.
type recorder struct {
	mu      sync.Mutex
	sent    []Data
	updates []bool
	clears  []bool
	fail    error
}

func (r *recorder) Publish(d Data, update bool) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, d)
	r.updates = append(r.updates, update)
	return r.fail
}

func (r *recorder) ClearOutput(wait bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.clears = append(r.clears, wait)
}

func withPublisher(t *testing.T, p Publisher) {
	t.Helper()
	SetPublisher(p)
	t.Cleanup(func() { SetPublisher(nil) })
}

func TestDisplayPublishes(t *testing.T) {
	r := &recorder{}
	withPublisher(t, r)
	if !InKernel() {
		t.Fatal("InKernel() = false with a publisher installed")
	}
	if err := Display(HTML("<b>1</b>")); err != nil {
		t.Fatal(err)
	}
	if err := DisplayWithID("chart", 1); err != nil {
		t.Fatal(err)
	}
	if err := UpdateDisplay("chart", 2); err != nil {
		t.Fatal(err)
	}
	ClearOutput(true)
	if err := Display(nil); err != nil || len(r.sent) != 3 {
		t.Fatalf("Display(nil) published something or failed: %v", err)
	}

	if r.sent[0].Data[MIMETypeHTML] != "<b>1</b>" || r.sent[0].Transient != nil {
		t.Errorf("Display sent %+v", r.sent[0])
	}
	for i, want := range []struct {
		text   string
		update bool
	}{{"1", false}, {"2", true}} {
		d := r.sent[i+1]
		if d.Text() != want.text || d.Transient["display_id"] != "chart" ||
			r.updates[i+1] != want.update {
			t.Errorf("message %d = %+v update=%v, want text %q id chart update=%v",
				i+1, d, r.updates[i+1], want.text, want.update)
		}
	}
	if len(r.clears) != 1 || !r.clears[0] {
		t.Errorf("clears = %v, want [true]", r.clears)
	}
}

func TestDisplayKeepsCallersTransient(t *testing.T) {
	r := &recorder{}
	withPublisher(t, r)
	d := HTML("x")
	d.Transient = MIMEMap{"other": 1}
	if err := DisplayWithID("id", d); err != nil {
		t.Fatal(err)
	}
	if len(d.Transient) != 1 {
		t.Errorf("the caller's Transient map was modified: %v", d.Transient)
	}
	if got := r.sent[0].Transient; got["other"] != 1 || got["display_id"] != "id" {
		t.Errorf("Transient = %v", got)
	}
}

func TestDisplayWrapsPublisherError(t *testing.T) {
	r := &recorder{fail: errors.New("socket closed")}
	withPublisher(t, r)
	err := Display(1)
	if !errors.Is(err, r.fail) || !strings.Contains(err.Error(), "display: publishing") {
		t.Errorf("err = %v", err)
	}
}

func TestDisplayOutsideKernel(t *testing.T) {
	SetPublisher(nil)
	var buf bytes.Buffer
	fallbackOut = &buf
	defer func() { fallbackOut = nil }()

	if InKernel() {
		t.Fatal("InKernel() = true without a publisher")
	}
	ClearOutput(false) // must not panic
	if err := Display(Markdown("# Title")); err != nil {
		t.Fatal(err)
	}
	if err := DisplayWithID("img/1", testImage()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !strings.HasPrefix(out, "# Title\n<image 4×3>\n(image/png written to ") {
		t.Fatalf("printed %q", out)
	}
	path := strings.TrimSuffix(strings.SplitAfter(out, "written to ")[1], ")\n")
	defer os.Remove(path)
	if !strings.HasSuffix(path, "gonote-display-img_1.png") {
		t.Errorf("path %q should be named after the display id", path)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := png.Decode(f); err != nil {
		t.Errorf("written file is not a PNG: %v", err)
	}
}

func TestContext(t *testing.T) {
	if Context() != context.Background() {
		t.Fatal("default context is not context.Background()")
	}
	ctx, cancel := context.WithCancel(context.Background())
	SetContext(ctx)
	defer SetContext(nil)
	cancel()
	if Context().Err() == nil {
		t.Error("Context() does not return the cell's context")
	}
	SetContext(nil)
	if Context() != context.Background() {
		t.Error("SetContext(nil) does not restore context.Background()")
	}
}

func TestPublishConcurrently(t *testing.T) {
	r := &recorder{}
	withPublisher(t, r)
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = DisplayWithID("p", i)
			SetContext(context.Background())
		}()
	}
	wg.Wait()
	if len(r.sent) != 8 {
		t.Errorf("sent %d messages, want 8", len(r.sent))
	}
}
