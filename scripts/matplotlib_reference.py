#!/usr/bin/env python3
"""The usual Python way to picture a training run: the pictures of
`flipbook run --dataset circles --epochs 500 --views boundary,loss` made with NumPy, matplotlib
and Pillow, written the way a user writes it from scratch. `flipbook-bench reference` times it
beside `flipbook run`.

The maths is that of scripts/numpy_reference_run.py: two noisy concentric circles (1000 points,
800 for training, 200 for testing, standardised), 2 -> 16 ReLU -> 1 sigmoid, binary cross-entropy,
full-batch gradient descent at 0.5, float32, both parts' loss and accuracy after every epoch.
Every `--frame-every` epochs (and at the key epochs 0, 240 and the last) the script draws, with
matplotlib's Agg backend, a heat map of the predicted probability (contourf over a 100 x 100 grid),
the 0.5 contour, the training points filled and the test points as rings; saves the figure to a
PNG in memory and keeps the decoded frame; likewise the boundary beside the loss curves so far,
and the loss curves alone. At the end Pillow writes the three GIFs (20 frames a second, the last
held 2 s). Stills as Flipbook writes them: decision_boundary_epoch_N.png and loss_epoch_N.png at
the key epochs, loss_curve.png, final_predictions.png (mistakes ringed in black) and
confusion_matrix.png; and metrics.csv.

Nothing is deliberately slow and nothing is tuned: one figure per picture per frame, closed after
saving, as matplotlib's examples do.

usage: matplotlib_reference.py --out DIR [--epochs 500] [--frame-every 10]
prints one JSON line: seconds in all, seconds training (with the metrics), frames, files written
"""
import argparse, io, json, os, time

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
from PIL import Image

from numpy_reference_run import bce, circles   # the same data and loss as the NumPy loop beside it

INNER, OUTER = "#d62728", "#0b2fbf"          # class 1 (inner circle), class 0 (outer circle)


def forward(x, params):
    w1, b1, w2, b2 = params
    return np.maximum(x @ w1 + b1, 0) @ w2 + b2


def draw_boundary(ax, params, grid, data, title, mistakes=None):
    xx, yy, flat = grid
    xt, yt, xs, ys = data
    p = 1 / (1 + np.exp(-forward(flat, params))).reshape(xx.shape)
    ax.contourf(xx, yy, p, levels=np.linspace(0, 1, 21), cmap="RdBu_r", alpha=0.8)
    ax.contour(xx, yy, p, levels=[0.5], colors="k", linewidths=1)
    ax.scatter(xt[:, 0], xt[:, 1], c=np.where(yt[:, 0] > 0.5, INNER, OUTER), s=14, edgecolors="k", linewidths=0.3, label="training")
    ax.scatter(xs[:, 0], xs[:, 1], facecolors="none", edgecolors=np.where(ys[:, 0] > 0.5, INNER, OUTER), s=22, linewidths=1.2, label="test")
    if mistakes is not None and len(mistakes):
        ax.scatter(mistakes[:, 0], mistakes[:, 1], facecolors="none", edgecolors="k", s=90, linewidths=1.5, label="wrong")
    ax.set_xlim(xx.min(), xx.max())
    ax.set_ylim(yy.min(), yy.max())
    ax.set_xlabel("x1")
    ax.set_ylabel("x2")
    ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8)


def draw_loss(ax, metrics, upto, epochs):
    m = np.array(metrics[:upto + 1])
    ax.plot(np.arange(len(m)), m[:, 0], label="training")
    ax.plot(np.arange(len(m)), m[:, 2], label="test")
    ax.set_yscale("log")
    ax.set_xlim(0, epochs - 1)
    ax.set_xlabel("epoch")
    ax.set_ylabel("binary cross-entropy")
    ax.set_title(f"Loss · epoch {upto}")
    ax.grid(alpha=0.3)
    ax.legend(loc="upper right")


def to_image(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    buffer.seek(0)
    return Image.open(buffer).convert("RGB")


def save_gif(path, frames):
    durations = [50] * (len(frames) - 1) + [2000]
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=durations, loop=0)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--epochs", type=int, default=500)
    parser.add_argument("--frame-every", type=int, default=10)
    args = parser.parse_args()
    start = time.perf_counter()
    os.makedirs(args.out, exist_ok=True)
    out = lambda name: os.path.join(args.out, name)
    epochs, keys = args.epochs, sorted({0, min(240, args.epochs - 1), args.epochs - 1})
    frame_epochs = sorted(set(range(0, epochs, args.frame_every)) | set(keys))

    rng = np.random.default_rng(0)
    x, y = circles(1000, rng)
    order = rng.permutation(1000)
    x, y = x[order], y[order]
    mean, deviation = x[:800].mean(0), x[:800].std(0)
    x = ((x - mean) / deviation).astype(np.float32)
    xt, yt, xs, ys = x[:800], y[:800], x[800:], y[800:]
    data = (xt, yt, xs, ys)
    lo, hi = x.min(0) - 0.5, x.max(0) + 0.5
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], 100), np.linspace(lo[1], hi[1], 100))
    grid = (xx, yy, np.c_[xx.ravel(), yy.ravel()].astype(np.float32))

    w1 = (rng.normal(0, 1, (2, 16)) * np.sqrt(2 / 2)).astype(np.float32)
    b1 = np.zeros((1, 16), np.float32)
    w2 = (rng.normal(0, 1, (16, 1)) * np.sqrt(1 / 16)).astype(np.float32)
    b2 = np.zeros((1, 1), np.float32)
    params = (w1, b1, w2, b2)
    rate, n = np.float32(0.5), np.float32(len(xt))

    metrics, boundary_frames, training_frames, loss_frames = [], [], [], []
    training_seconds, files = 0.0, []
    for epoch in range(epochs):
        began = time.perf_counter()
        h = np.maximum(xt @ w1 + b1, 0)                  # forward
        z = h @ w2 + b2
        dz = (1 / (1 + np.exp(-z)) - yt) / n             # dL/dz of the mean binary cross-entropy
        dw2, db2 = h.T @ dz, dz.sum(0, keepdims=True)
        dh = (dz @ w2.T) * (h > 0)
        dw1, db1 = xt.T @ dh, dh.sum(0, keepdims=True)
        w1 -= rate * dw1; b1 -= rate * db1; w2 -= rate * dw2; b2 -= rate * db2
        row = []
        for xe, ye in ((xt, yt), (xs, ys)):              # the epoch's metrics, after its step
            ze = forward(xe, params)
            row += [bce(ze, ye), float(np.mean((ze > 0) == (ye > 0.5)))]
        metrics.append(row)
        training_seconds += time.perf_counter() - began
        if epoch not in frame_epochs:
            continue
        title = f"Epoch {epoch} · loss {row[0]:.3f}"

        fig, ax = plt.subplots(figsize=(4.8, 4.8), dpi=100)
        draw_boundary(ax, params, grid, data, title)
        fig.tight_layout()
        if epoch in keys:
            fig.savefig(out(f"decision_boundary_epoch_{epoch:03d}.png"))
            files.append(f"decision_boundary_epoch_{epoch:03d}.png")
        boundary_frames.append(to_image(fig))

        fig, (left, right) = plt.subplots(1, 2, figsize=(9.6, 4.8), dpi=100)
        draw_boundary(left, params, grid, data, title)
        draw_loss(right, metrics, epoch, epochs)
        fig.tight_layout()
        training_frames.append(to_image(fig))

        fig, ax = plt.subplots(figsize=(4.8, 4.8), dpi=100)
        draw_loss(ax, metrics, epoch, epochs)
        fig.tight_layout()
        if epoch in keys:
            fig.savefig(out(f"loss_epoch_{epoch:03d}.png"))
            files.append(f"loss_epoch_{epoch:03d}.png")
        loss_frames.append(to_image(fig))

    for name, frames in (("decision_boundary.gif", boundary_frames), ("training.gif", training_frames), ("loss.gif", loss_frames)):
        save_gif(out(name), frames)
        files.append(name)

    fig, ax = plt.subplots(figsize=(4.8, 4.8), dpi=100)
    draw_loss(ax, metrics, epochs - 1, epochs)
    ax.set_title("Training and test loss")
    fig.tight_layout()
    fig.savefig(out("loss_curve.png"))
    plt.close(fig)

    wrong_training = (forward(xt, params) > 0) != (yt > 0.5)
    wrong_test = (forward(xs, params) > 0) != (ys > 0.5)
    mistakes = np.concatenate([xt[wrong_training[:, 0]], xs[wrong_test[:, 0]]])
    fig, ax = plt.subplots(figsize=(4.8, 4.8), dpi=100)
    draw_boundary(ax, params, grid, data,
                  f"Final · wrong: {int(wrong_test.sum())} test, {int(wrong_training.sum())} training", mistakes)
    fig.tight_layout()
    fig.savefig(out("final_predictions.png"))
    plt.close(fig)

    predicted = (forward(xs, params)[:, 0] > 0).astype(int)
    confusion = np.zeros((2, 2), int)
    np.add.at(confusion, (ys[:, 0].astype(int), predicted), 1)
    fig, ax = plt.subplots(figsize=(4.8, 4.8), dpi=100)
    ax.imshow(confusion, cmap="Blues")
    for (i, j), count in np.ndenumerate(confusion):
        ax.text(j, i, str(count), ha="center", va="center")
    ax.set_xticks([0, 1], ["outer", "inner"])
    ax.set_yticks([0, 1], ["outer", "inner"])
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(f"Confusion matrix · epoch {epochs - 1} · test accuracy {100 * metrics[-1][3]:.1f} %")
    fig.tight_layout()
    fig.savefig(out("confusion_matrix.png"))
    plt.close(fig)

    np.savetxt(out("metrics.csv"), np.c_[np.arange(epochs), np.array(metrics)], delimiter=",", fmt=["%d", "%.6f", "%.4f", "%.6f", "%.4f"],
               header="epoch,train_loss,train_accuracy,test_loss,test_accuracy", comments="")
    files += ["loss_curve.png", "final_predictions.png", "confusion_matrix.png", "metrics.csv"]
    print(json.dumps({"seconds": time.perf_counter() - start, "training_seconds": training_seconds, "frames": len(frame_epochs),
                      "files": files, "test_accuracy": metrics[-1][3]}))


if __name__ == "__main__":
    main()
