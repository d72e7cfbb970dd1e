package cnn_test

import (
	"fmt"

	"github.com/gonote/gonote/cnn"
)

// A model for MNIST digits: build it, print its summary and compile it.
func ExampleNewSequential() {
	model := cnn.NewSequential(
		cnn.Conv2D(32, [2]int{3, 3}, cnn.Activation("relu"), cnn.InputShape(28, 28, 1)),
		cnn.MaxPooling2D([2]int{2, 2}),
		cnn.Flatten(),
		cnn.Dense(10, cnn.Activation("softmax")),
	)
	model.Summary()
	err := model.Compile(cnn.Adam(0.001), "categorical_crossentropy", "accuracy")
	fmt.Println("compile error:", err)
	// Output:
	// Model: "sequential"
	// ┌──────────────────────────────┬──────────────────────┬────────────┐
	// │ Layer (type)                 │ Output Shape         │    Param # │
	// ├──────────────────────────────┼──────────────────────┼────────────┤
	// │ conv2d (Conv2D)              │ (None, 26, 26, 32)   │        320 │
	// │ max_pooling2d (MaxPooling2D) │ (None, 13, 13, 32)   │          0 │
	// │ flatten (Flatten)            │ (None, 5408)         │          0 │
	// │ dense (Dense)                │ (None, 10)           │     54,090 │
	// └──────────────────────────────┴──────────────────────┴────────────┘
	// Total params: 54,410 (212.54 KB)
	// Trainable params: 54,410 (212.54 KB)
	// Non-trainable params: 0 (0.00 B)
	// compile error: <nil>
}

// ToCategorical one-hot encodes labels; ArgMax turns rows back into classes.
func ExampleToCategorical() {
	y := cnn.ToCategorical([]uint8{2, 0}, 3)
	fmt.Println(y.Shape(), y.Data(), y.ArgMax())
	// Output: [2 3] [0 0 1 1 0 0] [2 0]
}
