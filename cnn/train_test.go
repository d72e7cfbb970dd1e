package cnn_test

import (
	"testing"

	"github.com/gonote/gonote/cnn"
	"github.com/gonote/gonote/cnn/datasets/mnist"
)

// TestTrainMNISTSubset trains the notebook's model for one epoch on 12,000
// real MNIST images and expects more than 90 % test accuracy.
func TestTrainMNISTSubset(t *testing.T) {
	if testing.Short() {
		t.Skip("trains on real data")
	}
	xTrain, yTrain, xTest, yTest, err := mnist.LoadData()
	if err != nil {
		t.Fatal(err)
	}
	x := xTrain.Float32().Scale(1.0/256).ExpandDims(-1).Slice(0, 12000)
	y := cnn.ToCategorical(yTrain[:12000], 10)
	xt := xTest.Float32().Scale(1.0/256).ExpandDims(-1).Slice(0, 2000)
	yt := cnn.ToCategorical(yTest[:2000], 10)

	cnn.SetRandomSeed(1)
	m := cnn.NewSequential(
		cnn.Conv2D(32, [2]int{3, 3}, cnn.Activation("relu"), cnn.InputShape(28, 28, 1)),
		cnn.MaxPooling2D([2]int{2, 2}),
		cnn.Conv2D(64, [2]int{3, 3}, cnn.Activation("relu")),
		cnn.MaxPooling2D([2]int{2, 2}),
		cnn.Flatten(),
		cnn.Dense(64, cnn.Activation("relu")),
		cnn.Dense(10, cnn.Activation("softmax")),
	)
	if err := m.Compile(cnn.Adam(0.001), "categorical_crossentropy", "accuracy"); err != nil {
		t.Fatal(err)
	}
	h, err := m.Fit(x, y, cnn.Epochs(1), cnn.BatchSize(64), cnn.Seed(1),
		cnn.ValidationData(xt, yt), cnn.Verbose(2))
	if err != nil {
		t.Fatal(err)
	}
	acc := h.History["val_accuracy"][0]
	t.Logf("BLAS %s; history %v", cnn.BLAS(), h.History)
	if acc <= 0.9 {
		t.Errorf("validation accuracy after one epoch on 12,000 images = %.4f, want > 0.9", acc)
	}
	if len(h.History["loss"]) != 1 || h.History["learning_rate"][0] != 0.001 {
		t.Errorf("history = %v, want one epoch at learning rate 0.001", h.History)
	}
}
