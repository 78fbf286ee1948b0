"""scikit-learn's MLPClassifier trained epoch by epoch with partial_fit, with one line per epoch that
records it for Flipbook (as its layers: coefs_ and intercepts_). Run it, then draw it with the
command it prints."""

import numpy as np
from sklearn.datasets import make_moons
from sklearn.neural_network import MLPClassifier

from flipbook_record import Recorder

X, y = make_moons(1000, noise=0.1, random_state=0)
test = np.random.default_rng(0).random(len(y)) < 0.2
model = MLPClassifier(hidden_layer_sizes=(16, 16), learning_rate_init=0.01, random_state=0)

with Recorder("runs/sklearn", X, y, test=test, class_names=["upper", "lower"]) as rec:
    for epoch in range(200):
        model.partial_fit(X[~test], y[~test], classes=[0, 1])
        rec.log(epoch, model=model, train_loss=model.loss_, train_accuracy=model.score(X[~test], y[~test]),
                test_accuracy=model.score(X[test], y[test]))

print("recorded 200 epochs; draw them with: flipbook render runs/sklearn")
