// Command cnn_fit trains the notebook's model on MNIST with the notebook's
// recipe (Adam, batch 64, 15 epochs, learning rate 0.001 → 0.0005 →
// 0.0001, validation on the test set) and prints each epoch's figures, the
// final test accuracy and the BLAS used. Run it with /usr/bin/time -v to
// see wall time and peak memory:
//
//	go build -o /tmp/cnn_fit ./bench/cnn_fit && /usr/bin/time -v /tmp/cnn_fit
package main

import (
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/gonote/gonote/cnn"
	"github.com/gonote/gonote/cnn/datasets/mnist"
)

func main() {
	epochs := flag.Int("epochs", 15, "epochs to train")
	flag.Parse()
	xTrain, yTrain, xTest, yTest, err := mnist.LoadData()
	if err != nil {
		log.Fatal(err)
	}
	x := xTrain.Float32().Scale(1.0 / 256).ExpandDims(-1)
	xt := xTest.Float32().Scale(1.0 / 256).ExpandDims(-1)
	y, yt := cnn.ToCategorical(yTrain, 10), cnn.ToCategorical(yTest, 10)

	model := cnn.NewSequential(
		cnn.Conv2D(32, [2]int{3, 3}, cnn.Activation("relu"), cnn.InputShape(28, 28, 1)),
		cnn.MaxPooling2D([2]int{2, 2}),
		cnn.Conv2D(64, [2]int{3, 3}, cnn.Activation("relu")),
		cnn.MaxPooling2D([2]int{2, 2}),
		cnn.Flatten(),
		cnn.Dense(64, cnn.Activation("relu")),
		cnn.Dense(10, cnn.Activation("softmax")),
	)
	if err := model.Compile(cnn.Adam(0.001), "categorical_crossentropy", "accuracy"); err != nil {
		log.Fatal(err)
	}
	schedule := cnn.LearningRateScheduler(func(epoch int) float64 {
		switch {
		case epoch < 5:
			return 0.001
		case epoch < 10:
			return 0.0005
		}
		return 0.0001
	})
	fmt.Println("BLAS:", cnn.BLAS())
	start := time.Now()
	h, err := model.Fit(x, y, cnn.Epochs(*epochs), cnn.BatchSize(64),
		cnn.ValidationData(xt, yt), cnn.Callbacks(schedule), cnn.Verbose(2))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("fit: %s for %d epochs\n", time.Since(start).Round(time.Second), len(h.Epoch))
	loss, acc, err := model.Evaluate(xt, yt)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("test loss %.4f, test accuracy %.4f\n", loss, acc)
}
