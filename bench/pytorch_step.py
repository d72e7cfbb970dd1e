#!/usr/bin/python3
"""Time one training step of the notebook's CNN in PyTorch on the CPU.

The model, batch and optimizer match cnn's BenchmarkTrainStep: batch 64 of
28x28x1 images, Conv2D(32,3x3,relu) - MaxPool 2x2 - Conv2D(64,3x3,relu) -
MaxPool 2x2 - Flatten - Dense(64,relu) - Dense(10,softmax), categorical
cross-entropy, Adam(0.001). Prints the median ms/step of several rounds.

Usage: /usr/bin/python3 bench/pytorch_step.py [steps] [rounds]
"""
import statistics
import sys
import time

import torch
from torch import nn


def model():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(1600, 64), nn.ReLU(),
        nn.Linear(64, 10),  # softmax is folded into the loss
    )


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    torch.set_num_threads(2)
    torch.manual_seed(1)
    net = model()
    opt = torch.optim.Adam(net.parameters(), lr=0.001, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(64, 1, 28, 28)
    y = torch.randint(0, 10, (64,))

    def step():
        opt.zero_grad(set_to_none=True)
        loss = loss_fn(net(x), y)
        loss.backward()
        opt.step()

    for _ in range(20):
        step()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(steps):
            step()
        times.append((time.perf_counter() - start) * 1000 / steps)
    print(f"pytorch {torch.__version__} threads={torch.get_num_threads()} "
          f"ms/step={statistics.median(times):.2f}")


if __name__ == "__main__":
    main()
