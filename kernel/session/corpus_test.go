package session

import (
	"context"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"github.com/gonote/gonote/kernel/internal/syncbuf"
)

// newTestSession returns a session writing to fresh buffers.
func newTestSession(t *testing.T) (*Session, *syncbuf.Buffer, *syncbuf.Buffer) {
	t.Helper()
	out, errOut := &syncbuf.Buffer{}, &syncbuf.Buffer{}
	s, err := New(Options{Stdout: out, Stderr: errOut})
	if err != nil {
		t.Fatal(err)
	}
	return s, out, errOut
}

// corpusCell is one cell of a corpus file and what it must produce.
type corpusCell struct {
	code                  string
	stdout, value, errSub *string
	stderrSub             *string
}

// parseCorpus reads the cells of a txtar corpus file: a "cell" section
// starts a cell; "stdout" (exact, trimmed), "value" (the text/plain value,
// exact), "error" (a substring of "Name: Value") and "stderr" (a substring)
// sections that follow apply to it. Without "error" the cell must succeed;
// without "value" it must have no value.
func parseCorpus(t *testing.T, file string) []*corpusCell {
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var cells []*corpusCell
	for _, f := range a.Files {
		text := strings.TrimSuffix(string(f.Data), "\n")
		if f.Name == "cell" {
			cells = append(cells, &corpusCell{code: text})
			continue
		}
		if len(cells) == 0 {
			t.Fatalf("%s: section %q before any cell", file, f.Name)
		}
		c := cells[len(cells)-1]
		switch f.Name {
		case "stdout":
			c.stdout = &text
		case "value":
			c.value = &text
		case "error":
			c.errSub = &text
		case "stderr":
			c.stderrSub = &text
		default:
			t.Fatalf("%s: unknown section %q", file, f.Name)
		}
	}
	return cells
}

// TestCorpus runs every testdata/cells/*.txtar file in a fresh session.
func TestCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/cells/*.txtar")
	if len(files) == 0 {
		t.Fatal("no corpus files")
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			runCorpus(t, file)
		})
	}
}

func runCorpus(t *testing.T, file string) {
	s, out, errOut := newTestSession(t)
	for i, c := range parseCorpus(t, file) {
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		d, err := s.Execute(ctx, c.code)
		cancel()
		stdout, stderr := out.Take(), errOut.Take()
		where := func() string { return "cell " + strconv.Itoa(i+1) + ":\n" + c.code + "\n" }

		if c.errSub == nil && err != nil {
			t.Errorf("%sunexpected error: %v", where(), err)
		}
		if c.errSub != nil {
			if err == nil {
				t.Errorf("%sgot no error, want one containing %q", where(), *c.errSub)
			} else if !strings.Contains(err.Error(), *c.errSub) {
				t.Errorf("%serror %q does not contain %q", where(), err, *c.errSub)
			}
		}
		got := ""
		if d != nil {
			got, _ = d.Data["text/plain"].(string)
		}
		switch {
		case c.value == nil && d != nil:
			t.Errorf("%sgot value %q, want none", where(), got)
		case c.value != nil && got != *c.value:
			t.Errorf("%sgot value %q, want %q", where(), got, *c.value)
		}
		if c.stdout != nil && strings.TrimSpace(stdout) != strings.TrimSpace(*c.stdout) {
			t.Errorf("%sgot stdout %q, want %q", where(), stdout, *c.stdout)
		}
		if c.stderrSub != nil && !strings.Contains(stderr, *c.stderrSub) {
			t.Errorf("%sstderr %q does not contain %q", where(), stderr, *c.stderrSub)
		}
	}
}
