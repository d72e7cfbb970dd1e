package format

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestNotebookCells formats every code cell of the project's notebooks: a
// cell the kernel runs must format without error, and formatting twice
// must change nothing more.
func TestNotebookCells(t *testing.T) {
	paths, err := filepath.Glob(filepath.Join("..", "..", "notebooks", "*.ipynb"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Skip("no notebooks in ../../notebooks")
	}
	for _, path := range paths {
		cells, err := codeCells(path)
		if err != nil {
			t.Fatalf("reading %s: %v", path, err)
		}
		for i, src := range cells {
			once, err := Source(src)
			if err != nil {
				t.Errorf("%s cell %d: %v\n%s", filepath.Base(path), i, err, src)
				continue
			}
			twice, err := Source(once)
			if err != nil || twice != once {
				t.Errorf("%s cell %d: formatting is not stable: %q then %q (%v)",
					filepath.Base(path), i, once, twice, err)
			}
		}
	}
}

// codeCells returns the sources of a notebook's code cells.
func codeCells(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb struct {
		Cells []struct {
			CellType string          `json:"cell_type"`
			Source   json.RawMessage `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, err
	}
	var out []string
	for _, c := range nb.Cells {
		if c.CellType != "code" {
			continue
		}
		// nbformat stores a source as one string or a list of lines.
		var s string
		if json.Unmarshal(c.Source, &s) != nil {
			var lines []string
			if err := json.Unmarshal(c.Source, &lines); err != nil {
				return nil, err
			}
			s = strings.Join(lines, "")
		}
		out = append(out, s)
	}
	return out, nil
}
