"""`predict=` with more than two features: the recorder evaluates the model on the principal plane
by Flipbook's rule, stores the plane with the run, and `flipbook render` draws the field on it."""

import json
import os
import sqlite3

import numpy as np

from flipbook_record import Recorder
from helpers import sigmoid
from test_end_to_end import ROOT, render


def iris():
    """Iris's four measurements, two classes (virginica or not), a test mask of every fifth sample."""
    rows = np.genfromtxt(os.path.join(ROOT, "Data", "iris.csv"), delimiter=",", skip_header=1, dtype=str)
    X = rows[:, :4].astype(np.float64)
    y = (rows[:, 4] == "virginica").astype(np.int64)
    return X, y, np.arange(len(X)) % 5 == 0


def test_a_predict_model_of_four_features_is_evaluated_on_the_principal_plane(tmp_path):
    X, y, test = iris()
    mean, deviation = X.mean(0) + 0.5, X.std(0)          # the model's own standardisation: the plane's origin is not 0
    w = np.array([0.3, -0.2, 1.5, 1.2])
    predict = lambda Z: sigmoid(Z @ w - 0.8)                     # a known model on the standardised inputs
    with Recorder(tmp_path / "run", X, y, test=test, mean=mean, deviation=deviation, grid=20) as rec:
        rec.log(0, train_loss=0.5, predict=predict)

    db = sqlite3.connect(tmp_path / "run" / "frames.sqlite")
    version = db.execute("PRAGMA user_version").fetchone()[0]
    plane_text, extent_text, size = db.execute("SELECT plane, field_extent, field_size FROM run").fetchone()
    field = np.frombuffer(db.execute("SELECT field FROM epoch").fetchone()[0], np.uint8) / 255
    assert version == 4
    plane = json.loads(plane_text)
    # The same rule, computed independently: the training part's covariance's two leading eigenvectors.
    seen = (X - mean) / deviation
    train = seen[~test]
    values, vectors = np.linalg.eigh(np.cov(train.T, bias=True))
    axes = np.asarray(plane["axes"])
    for k in range(2):
        expected = vectors[:, np.argsort(values)[::-1][k]]
        assert abs(abs(axes[k] @ expected) - 1) < 1e-9, f"axis {k}"
        assert axes[k][np.argmax(np.abs(axes[k]))] > 0
    assert np.allclose(axes @ axes.T, np.eye(2), atol=1e-9)
    assert np.allclose(plane["origin"], train.mean(0), atol=1e-12) and plane["kind"] == "pca"
    # The field is the model at origin + u·a₁ + v·a₂, rows from the top (largest v).
    x0, x1, y0, y1 = json.loads(extent_text)
    u, v = np.meshgrid(np.linspace(x0, x1, size), np.linspace(y1, y0, size))
    inputs = np.asarray(plane["origin"]) + np.c_[u.ravel(), v.ravel()] @ axes
    assert np.abs(field - predict(inputs)).max() <= 0.5 / 255 + 1e-9

    render(tmp_path / "run", "--views", "boundary")
    drawn = json.load(open(tmp_path / "run" / "plane.json"))
    assert drawn["kind"] == "pca" and np.allclose(drawn["axes"], axes, atol=1e-6)
    assert os.path.exists(tmp_path / "run" / "decision_boundary.gif")


def test_a_logged_network_of_four_features_gets_every_view(tmp_path):
    X, y, test = iris()
    rng = np.random.default_rng(0)
    layers = [(rng.normal(0, 1, (4, 5)), np.zeros(5)), (rng.normal(0, 1, (5, 1)), np.zeros(1))]
    with Recorder(tmp_path / "run", X, y, test=test, mean=X.mean(0), deviation=X.std(0)) as rec:
        for epoch in range(3):
            rec.log(epoch, train_loss=0.5 - 0.1 * epoch, layers=layers, activations=["tanh", "sigmoid"])
    db = sqlite3.connect(tmp_path / "run" / "frames.sqlite")
    assert db.execute("SELECT plane FROM run").fetchone()[0] is None      # a network is drawn on any plane
    render(tmp_path / "run")
    for name in ["decision_boundary.gif", "network.gif", "hidden_space.gif", "plane.json"]:
        assert os.path.exists(tmp_path / "run" / name), name
