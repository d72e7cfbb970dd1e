package display

import (
	"image"
	"strings"
	"testing"
)

func TestTable(t *testing.T) {
	d := Table([]string{"epoch", "loss", "note"},
		[]any{1, 0.31, "a|b"},
		[]any{2, 0.125, "<ok>"},
		[]any{3})
	wantText := "epoch  loss   note\n" +
		"1      0.31   a|b\n" +
		"2      0.125  <ok>\n" +
		"3"
	if got := d.Text(); got != wantText {
		t.Errorf("text/plain =\n%s\nwant\n%s", got, wantText)
	}
	md := d.Data[MIMETypeMarkdown].(string)
	wantMD := "| epoch | loss | note |\n| --- | --- | --- |\n| 1 | 0.31 | a\\|b |\n" +
		"| 2 | 0.125 | <ok> |\n| 3 |  |  |"
	if md != wantMD {
		t.Errorf("text/markdown =\n%s\nwant\n%s", md, wantMD)
	}
	h := d.Data[MIMETypeHTML].(string)
	for _, want := range []string{"<th>epoch</th>", "<td>0.125</td>", "<td>&lt;ok&gt;</td>"} {
		if !strings.Contains(h, want) {
			t.Errorf("text/html lacks %q:\n%s", want, h)
		}
	}
	if strings.Count(h, "<tr>") != 4 {
		t.Errorf("text/html has %d rows, want 4", strings.Count(h, "<tr>"))
	}
}

func TestGrayImage(t *testing.T) {
	img := GrayImage([]float32{0, 0.5, 1, 0.25}, 2, 2, 3)
	if b := img.Bounds(); b.Dx() != 6 || b.Dy() != 6 {
		t.Fatalf("bounds %v, want 6×6", b)
	}
	g := img.(*image.Gray)
	for _, c := range []struct {
		x, y int
		want uint8
	}{{0, 0, 0}, {2, 2, 0}, {3, 0, 128}, {1, 4, 255}, {5, 5, 64}} {
		if got := g.GrayAt(c.x, c.y).Y; got != c.want {
			t.Errorf("pixel (%d,%d) = %d, want %d", c.x, c.y, got, c.want)
		}
	}
	if got := GrayImage(nil, 2, 2, 1).(*image.Gray).GrayAt(1, 1).Y; got != 0 {
		t.Errorf("missing pixel = %d, want black", got)
	}
}

func TestImageGrid(t *testing.T) {
	a := image.NewGray(image.Rect(0, 0, 2, 2))
	b := image.NewGray(image.Rect(0, 0, 3, 1))
	grid := ImageGrid(2, 1, a, b, nil, a)
	if got := grid.Bounds(); got.Dx() != 3+1+3 || got.Dy() != 2+1+2 {
		t.Fatalf("grid bounds %v, want 7×5", got)
	}
	// (0,0) is a's black pixel, (2,0) white cell padding, (3,0) the pad column.
	for _, c := range []struct {
		x, y  int
		black bool
	}{{0, 0, true}, {2, 0, false}, {3, 0, false}, {4, 0, true}, {0, 3, false}, {4, 3, true}} {
		r, _, _, _ := grid.At(c.x, c.y).RGBA()
		if (r == 0) != c.black {
			t.Errorf("pixel (%d,%d) black=%v, want %v", c.x, c.y, r == 0, c.black)
		}
	}
	if d := Render(ImageGrid(0, 0)); d.Empty() {
		t.Error("empty grid renders nothing")
	}
}
