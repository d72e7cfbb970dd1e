package display_test

import (
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"

	"github.com/gonote/gonote/kernel/display"
)

func ExampleHTML() {
	d := display.HTML("<b>bold</b>")
	fmt.Println(d.MIMETypes())
	fmt.Println(d.Text())
	// Output:
	// [text/html text/plain]
	// <b>bold</b>
}

func ExampleMath() {
	d := display.Math(`\frac{1}{n}\sum_i x_i`)
	fmt.Println(d.Data[display.MIMETypeLatex])
	// Output: $$\frac{1}{n}\sum_i x_i$$
}

func ExampleMerge() {
	d := display.Merge(display.HTML("<i>hi</i>"), display.Markdown("*hi*"))
	fmt.Println(d.MIMETypes())
	// Output: [text/html text/markdown text/plain]
}

func ExampleImage() {
	img := image.NewGray(image.Rect(0, 0, 28, 28))
	img.Set(14, 14, color.White)
	d := display.Image(img)
	fmt.Println(d.MIMETypes(), d.Text())
	// Output: [image/png text/plain] <image 28×28>
}

func ExampleRender() {
	for _, v := range []any{
		42,
		"a string",
		map[string]float64{"loss": 0.25, "accuracy": 0.93},
		[]int{1, 2, 3},
		fmt.Errorf("file not found"),
	} {
		fmt.Println(display.Render(v).Text())
	}
	// Output:
	// 42
	// "a string"
	// map["accuracy":0.93 "loss":0.25]
	// [1 2 3]
	// file not found
}

func ExampleRenderValues() {
	fmt.Println(display.RenderValues(3, nil).Text())
	// Output: 3, nil
}

func ExampleFormat() {
	xs := make([]float64, 1000)
	fmt.Println(display.Format(xs))
	// Output: [0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 … 981 more … 0 0 0]
}

// Outside a kernel, Display prints the text of what it shows.
func ExampleDisplay() {
	_ = display.Display(display.Markdown("**epoch 1**: loss 0.31"))
	// Output: **epoch 1**: loss 0.31
}

func ExampleLinePlot() {
	p := display.LinePlot("Loss", "epoch", "loss",
		display.Series{Name: "train", Y: []float64{0.9, 0.5, 0.3}},
		display.Series{Name: "validation", Y: []float64{0.7, 0.5, 0.4}, Dashed: true})
	fmt.Println(display.Render(p).Text())
	// Output: <plot "Loss" 640×480>
}

func ExampleFigure() {
	loss := display.LinePlot("Loss", "epoch", "loss",
		display.Series{Name: "train", Y: []float64{0.9, 0.5, 0.3}})
	acc := display.LinePlot("Accuracy", "epoch", "accuracy",
		display.Series{Name: "train", Y: []float64{0.7, 0.85, 0.9}})
	fig := display.Figure(12, 5, 1, 2, loss, acc)
	fmt.Println(display.Render(fig).Text())

	path := filepath.Join(os.TempDir(), "gonote-example-figure.png")
	defer os.Remove(path)
	if err := fig.Save(path); err != nil {
		fmt.Println(err)
	}
	// Output: <figure 12×5 in, 1×2 plots 1200×500>
}

func ExampleTable() {
	d := display.Table([]string{"epoch", "loss", "accuracy"},
		[]any{1, 0.31, 0.91},
		[]any{2, 0.12, 0.96})
	fmt.Println(d.Text())
	// Output:
	// epoch  loss  accuracy
	// 1      0.31  0.91
	// 2      0.12  0.96
}

func ExampleImageGrid() {
	digit := display.GrayImage(make([]float32, 28*28), 28, 28, 2)
	grid := display.ImageGrid(5, 4, digit, digit, digit, digit, digit, digit)
	fmt.Println(display.Render(grid).Text())
	// Output: <image 296×116>
}
