#!/usr/bin/env python3
"""The NumPy reference for Flipbook's image benchmark: the same network, data and optimiser as
`flipbook-bench mnist`, written the usual from-scratch NumPy way, timed per epoch.

784 -> 256 ReLU -> 128 ReLU -> 10 softmax, softmax cross-entropy, Adam (lr 1e-3), batches of 128
shuffled every epoch, float32, He-normal initial weights. An epoch's time is its training steps
plus the test-set evaluation. Prints one line per epoch and a final JSON line.

usage: numpy_fashion_mnist.py DIR EPOCHS
"""
import gzip, json, os, sys, time
import numpy as np


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def load(directory, prefix):
    def find(name):
        for candidate in (name, name + ".gz"):
            path = os.path.join(directory, candidate)
            if os.path.exists(path):
                return path
        raise SystemExit(f"{directory}: no {name}")
    x = idx(find(f"{prefix}-images-idx3-ubyte")).reshape(-1, 784).astype(np.float32) / 255
    y = idx(find(f"{prefix}-labels-idx1-ubyte")).astype(np.int64)
    return x, y


def main():
    directory, epochs = sys.argv[1], int(sys.argv[2])
    xtr, ytr = load(directory, "train")
    xte, yte = load(directory, "t10k")
    rng = np.random.default_rng(0)
    sizes = [784, 256, 128, 10]
    params = []
    for a, b in zip(sizes, sizes[1:]):
        params += [(rng.standard_normal((a, b)) * np.sqrt(2 / a)).astype(np.float32), np.zeros(b, np.float32)]
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    lr, b1, b2, eps, t = np.float32(1e-3), np.float32(0.9), np.float32(0.999), np.float32(1e-8), 0

    def forward(x):
        acts = [x]
        for i in range(0, len(params), 2):
            z = acts[-1] @ params[i] + params[i + 1]
            acts.append(np.maximum(z, 0) if i + 2 < len(params) else z)
        return acts

    def evaluate(x, y):
        z = forward(x)[-1]
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(y)), y].mean()), float((z.argmax(axis=1) == y).mean())

    times = []
    for epoch in range(epochs):
        start = time.perf_counter()
        order = rng.permutation(len(xtr))
        for s in range(0, len(order), 128):
            idx_ = order[s:s + 128]
            x, y = xtr[idx_], ytr[idx_]
            acts = forward(x)
            z = acts[-1] - acts[-1].max(axis=1, keepdims=True)
            p = np.exp(z); p /= p.sum(axis=1, keepdims=True)
            p[np.arange(len(y)), y] -= 1
            delta = p / len(y)
            grads = [None] * len(params)
            for i in range(len(params) - 2, -1, -2):
                grads[i] = acts[i // 2].T @ delta
                grads[i + 1] = delta.sum(axis=0)
                if i > 0:
                    delta = (delta @ params[i].T) * (acts[i // 2] > 0)
            t += 1
            c1, c2 = 1 - b1 ** t, 1 - b2 ** t
            for k in range(len(params)):
                m[k] = b1 * m[k] + (1 - b1) * grads[k]
                v[k] = b2 * v[k] + (1 - b2) * grads[k] * grads[k]
                params[k] -= lr * (m[k] / c1) / (np.sqrt(v[k] / c2) + eps)
        loss, acc = evaluate(xte, yte)
        times.append(time.perf_counter() - start)
        print(f"numpy epoch {epoch}: {times[-1]:.3f} s, test loss {loss:.4f}, test accuracy {acc:.4f}", flush=True)
    print(json.dumps({"median_epoch_seconds": float(np.median(times)), "epoch_seconds": times, "test_accuracy": acc}))


if __name__ == "__main__":
    main()
