"""What the tests share: the circles data, a small NumPy network trained from scratch, store readers."""

import json
import os
import sqlite3

import numpy as np


def circles(n=200, seed=0):
    """Two noisy rings (outer = 0, inner = 1) and a test mask of about a fifth."""
    rng = np.random.default_rng(seed)
    angle = rng.uniform(0, 2 * np.pi, n)
    inner = rng.random(n) < 0.5
    radius = np.where(inner, 0.5, 1.0)
    X = np.c_[radius * np.cos(angle), radius * np.sin(angle)] + rng.normal(0, 0.1, (n, 2))
    return X, inner.astype(np.int64), rng.random(n) < 0.2


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


class TinyNet:
    """2 → 16 ReLU → 2 sigmoid per class, trained by full-batch gradient descent on binary cross-entropy."""

    def __init__(self, seed=1, hidden=16):
        rng = np.random.default_rng(seed)
        self.W1 = rng.normal(0, 1.0, (2, hidden))
        self.b1 = np.zeros(hidden)
        self.W2 = rng.normal(0, np.sqrt(1 / hidden), (hidden, 2))
        self.b2 = np.zeros(2)

    def forward(self, X):
        H = np.maximum(X @ self.W1 + self.b1, 0)
        return H, sigmoid(H @ self.W2 + self.b2)

    def step(self, X, y, rate=0.5):
        T = np.eye(2)[y]
        H, P = self.forward(X)
        d2 = (P - T) / len(X)
        dH = d2 @ self.W2.T * (H > 0)
        self.W2 -= rate * H.T @ d2
        self.b2 -= rate * d2.sum(0)
        self.W1 -= rate * X.T @ dH
        self.b1 -= rate * dH.sum(0)
        return float(-np.mean(np.sum(T * np.log(P + 1e-12) + (1 - T) * np.log(1 - P + 1e-12), axis=1)))

    @property
    def layers(self):
        return [(self.W1, self.b1), (self.W2, self.b2)]


def read_store(directory):
    """The run row, the epoch rows (in order) and the schema version of a store, read with sqlite3."""
    db = sqlite3.connect(f"file:{os.path.join(directory, 'frames.sqlite')}?mode=ro", uri=True)
    db.row_factory = sqlite3.Row
    version = db.execute("PRAGMA user_version").fetchone()[0]
    run = dict(db.execute("SELECT * FROM run").fetchone())
    epochs = [dict(r) for r in db.execute("SELECT * FROM epoch ORDER BY epoch, step IS NULL, step")]
    dataset = dict(db.execute("SELECT * FROM dataset").fetchone())
    journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    db.close()
    run["layer_sizes"] = json.loads(run["layer_sizes"])
    run["activations"] = json.loads(run["activations"])
    return run, epochs, dataset, version, journal
