"""model= with a scikit-learn estimator: an MLP recorded as its layers, any other estimator as its field."""

import os
import subprocess
import sys
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import KNeighborsRegressor
from sklearn.neural_network import MLPClassifier, MLPRegressor
from sklearn.svm import SVC

from flipbook_record import Recorder
from flipbook_record.fields import grid_inputs
from helpers import circles, read_store
from models import stored_field, stored_logits, stored_network, stored_probabilities
from test_end_to_end import ROOT, gif_frames, render


def test_a_partial_fit_mlp_is_recorded_as_its_layers_and_gives_its_probabilities(tmp_path):
    X, y, test = circles()
    model = MLPClassifier(hidden_layer_sizes=(16, 8), learning_rate_init=0.01, random_state=0)
    with Recorder(tmp_path / "run", X, y, test=test) as rec:
        for epoch in range(5):
            model.partial_fit(X[~test], y[~test], classes=[0, 1])
            rec.log(epoch, model=model, train_loss=model.loss_, test_accuracy=np.float64(model.score(X[test], y[test])))
    run, layers = stored_network(tmp_path / "run")
    assert run["layer_sizes"] == [2, 16, 8, 1] and run["activations"] == ["relu", "relu", "identity"]
    assert run["loss"] == "binary-cross-entropy" and run["model"] == "network"
    np.testing.assert_array_equal(layers[1][0], model.coefs_[1].astype(np.float32))
    np.testing.assert_allclose(stored_probabilities(tmp_path / "run", X)[:, 0], model.predict_proba(X)[:, 1], atol=1e-5)


def test_a_warm_start_loop_of_three_classes_is_recorded_as_softmax(tmp_path):
    X, y, test = circles()
    y = np.where(X[:, 0] > 0.5, 2, y)
    model = MLPClassifier(hidden_layer_sizes=(8,), activation="tanh", warm_start=True, max_iter=1, random_state=0)
    with warnings.catch_warnings(), Recorder(tmp_path / "run", X, y, test=test) as rec:
        warnings.simplefilter("ignore", ConvergenceWarning)
        for epoch in range(4):
            model.fit(X[~test], y[~test])
            rec.log(epoch, model=model, train_loss=model.loss_)
    run, _ = stored_network(tmp_path / "run")
    assert run["activations"] == ["tanh", "identity"] and run["loss"] == "softmax-cross-entropy"
    np.testing.assert_allclose(stored_probabilities(tmp_path / "run", X), model.predict_proba(X), atol=1e-5)
    _, epochs, _, _, _ = read_store(tmp_path / "run")
    assert len(epochs) == 4 and epochs[0]["parameters"] != epochs[-1]["parameters"]


def test_an_mlp_regressor_is_recorded_as_mean_squared_error(tmp_path):
    x = np.linspace(-3, 3, 80)[:, None]
    model = MLPRegressor(hidden_layer_sizes=(8,), activation="logistic", random_state=0, max_iter=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(x, np.sin(x[:, 0]))
    with Recorder(tmp_path / "run", x, np.sin(x[:, 0])) as rec:
        rec.log(0, model=model, train_r2=model.score(x, np.sin(x[:, 0])))
    run, _ = stored_network(tmp_path / "run")
    assert run["loss"] == "mean-squared-error" and run["activations"] == ["sigmoid", "identity"]
    np.testing.assert_allclose(stored_logits(tmp_path / "run", x)[:, 0], model.predict(x), atol=1e-5)


@pytest.mark.parametrize("model, method", [
    (LogisticRegression(), "predict_proba"),
    (SVC(), "decision_function")])
def test_any_other_estimator_is_recorded_as_its_field(tmp_path, model, method):
    X, y, test = circles()
    model.fit(X, y)
    with Recorder(tmp_path / "run", X, y, test=test, grid=30) as rec:
        rec.log(0, model=model)
    run, epochs, _, _, _ = read_store(tmp_path / "run")
    assert run["model"] == "field" and run["loss"] == "binary-cross-entropy"
    grid = grid_inputs(tuple(eval(run["field_extent"])), 30, np.zeros(2), np.ones(2))
    expected = model.predict_proba(grid)[:, 1] if method == "predict_proba" else 1 / (1 + np.exp(-model.decision_function(grid)))
    np.testing.assert_allclose(stored_field(tmp_path / "run")[:, 0], expected, atol=0.5 / 255 + 1e-9)
    np.testing.assert_array_equal(np.frombuffer(epochs[0]["predicted"], "<u2"), model.predict(X))


def test_an_estimator_with_only_predict_gives_a_regression_field(tmp_path):
    X = np.random.default_rng(0).normal(size=(40, 2))
    model = KNeighborsRegressor(3).fit(X, X[:, 0] - X[:, 1] * 0.5)
    with Recorder(tmp_path / "run", X, X[:, 0] - X[:, 1] * 0.5, grid=20) as rec:
        rec.log(0, model=model)
    grid = grid_inputs(tuple(eval(read_store(tmp_path / "run")[0]["field_extent"])), 20, np.zeros(2), np.ones(2))
    np.testing.assert_allclose(stored_field(tmp_path / "run"), model.predict(grid), rtol=1e-6)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")              # max_iter=5
def test_an_estimator_that_cannot_be_recorded_is_refused_and_nothing_written(tmp_path):
    X, y, _ = circles()
    three = np.where(X[:, 0] > 0.5, 2, y)
    refusals = [
        (MLPClassifier(), "model: the MLPClassifier is not fitted yet"),
        (MLPClassifier(max_iter=5, random_state=0).fit(np.c_[X, X], y),
         "model: the MLPClassifier takes 4 features; X has 2"),
        (MLPClassifier(max_iter=5, random_state=0).fit(X, three),
         r"model: the MLPClassifier's classes_ are \[0, 1, 2\]; the recorder's labels are 0…1"),
        (LogisticRegression().fit(X, y + 1), r"model: the LogisticRegression's classes_ are \[1, 2\]"),
    ]
    for model, message in refusals:
        rec = Recorder(tmp_path / "run", X, y)
        with pytest.raises(ValueError, match=message):
            rec.log(0, model=model)
        assert not os.path.exists(tmp_path / "run" / "frames.sqlite"), message
        rec.close()
    with pytest.raises(ValueError, match="head: goes with a torch.nn.Module"), Recorder(tmp_path / "other", X, y) as rec:
        rec.log(0, model=LogisticRegression().fit(X, y), head="sigmoid")


@pytest.mark.parametrize("name, epochs", [("torch_moons", 200), ("sklearn_moons", 200)])
def test_an_example_records_a_run_that_renders(tmp_path, name, epochs):
    script = os.path.join(ROOT, "python", "examples", f"{name}.py")
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    result = subprocess.run([sys.executable, script], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    run = tmp_path / "runs" / name.split("_")[0]
    assert f"flipbook render runs/{run.name}" in result.stdout
    render(run)
    assert gif_frames(run / "decision_boundary.gif") == epochs
    assert gif_frames(run / "network.gif") == epochs
    report = open(run / "report.md").read()
    final_accuracy = float(report.split(f"| {epochs - 1} |")[1].split("|")[3])
    assert final_accuracy > 0.9, report
