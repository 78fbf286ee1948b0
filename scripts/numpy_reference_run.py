#!/usr/bin/env python3
"""The NumPy loop beside Flipbook's reference run in `flipbook-bench core`: the same maths written
the usual from-scratch NumPy way, timed.

Two noisy concentric circles (1000 points, 800 for training, 200 for testing, standardised),
2 -> 16 ReLU -> 1 sigmoid, binary cross-entropy from logits, full-batch gradient descent at 0.5,
500 epochs, float32; after every epoch the training and test loss and accuracy of the parameters
after it, as Flipbook's trainer measures them. Nothing is stored. Runs the loop `RUNS` times and
prints one JSON line: the best and every time in seconds, and the final test accuracy.

usage: numpy_reference_run.py [RUNS]
"""
import json, sys, time
import numpy as np


def circles(n, rng):
    angle = rng.uniform(0, 2 * np.pi, n)
    inner = np.arange(n) % 2
    radius = np.where(inner == 1, 0.5, 1.0) + rng.normal(0, 0.1, n)
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1)
    return x.astype(np.float32), inner.astype(np.float32)[:, None]


def bce(z, y):
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def train(epochs=500, rate=np.float32(0.5), seed=0):
    rng = np.random.default_rng(seed)
    x, y = circles(1000, rng)
    order = rng.permutation(1000)
    x, y = x[order], y[order]
    mean, deviation = x[:800].mean(0), x[:800].std(0)
    x = ((x - mean) / deviation).astype(np.float32)
    xt, yt, xs, ys = x[:800], y[:800], x[800:], y[800:]
    w1 = (rng.normal(0, 1, (2, 16)) * np.sqrt(2 / 2)).astype(np.float32)
    b1 = np.zeros((1, 16), np.float32)
    w2 = (rng.normal(0, 1, (16, 1)) * np.sqrt(1 / 16)).astype(np.float32)
    b2 = np.zeros((1, 1), np.float32)
    n = np.float32(len(xt))
    metrics = []
    for epoch in range(epochs):
        h = np.maximum(xt @ w1 + b1, 0)                  # forward
        z = h @ w2 + b2
        dz = (1 / (1 + np.exp(-z)) - yt) / n             # dL/dz of the mean binary cross-entropy
        dw2, db2 = h.T @ dz, dz.sum(0, keepdims=True)
        dh = (dz @ w2.T) * (h > 0)
        dw1, db1 = xt.T @ dh, dh.sum(0, keepdims=True)
        w1 -= rate * dw1; b1 -= rate * db1; w2 -= rate * dw2; b2 -= rate * db2
        row = []
        for xe, ye in ((xt, yt), (xs, ys)):              # the epoch's metrics, after its step
            ze = np.maximum(xe @ w1 + b1, 0) @ w2 + b2
            row += [bce(ze, ye), float(np.mean((ze > 0) == (ye > 0.5)))]
        metrics.append(row)
    return metrics[-1][3]


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        accuracy = train()
        times.append(time.perf_counter() - start)
    print(json.dumps({"best_seconds": min(times), "seconds": times, "test_accuracy": accuracy}))


if __name__ == "__main__":
    main()
