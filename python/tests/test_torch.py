"""model= with a PyTorch module: a Sequential recorded as its layers, any other module as its field."""

import os
import subprocess
import sys

import numpy as np
import pytest
import torch
from torch import nn

from flipbook_record import Recorder
from flipbook_record.fields import grid_inputs
from helpers import circles, read_store
from models import stored_field, stored_logits, stored_network, stored_probabilities
from test_end_to_end import ROOT


def train(model, X, y, criterion, steps=5):
    """A few Adam steps of `model` on all of X, the usual PyTorch way; the last loss, a 0-d tensor."""
    optimiser = torch.optim.Adam(model.parameters(), lr=0.01)
    inputs = torch.as_tensor(X, dtype=next(model.parameters()).dtype)
    for _ in range(steps):
        optimiser.zero_grad()
        loss = criterion(model(inputs), y)
        loss.backward()
        optimiser.step()
    return loss


def test_a_sequential_is_recorded_as_its_layers_and_gives_the_modules_outputs(tmp_path):
    torch.manual_seed(0)
    X, y, test = circles()
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(),
                          nn.Sequential(nn.Linear(16, 8, bias=False), nn.LeakyReLU(), nn.Dropout(0.2)), nn.Linear(8, 1))
    criterion = nn.BCEWithLogitsLoss()
    target = torch.as_tensor(y, dtype=torch.float32)[:, None]
    with pytest.warns(UserWarning) as said, Recorder(tmp_path / "run", X, y, test=test, criterion=criterion) as rec:
        for epoch in range(4):
            loss = train(model, X, target, criterion)
            rec.log(epoch, model=model, train_loss=loss, train_accuracy=torch.tensor(0.5), test_loss=np.float32(0.7))
    assert model.training                                                   # its mode is the loop's
    assert [str(w.message) for w in said] == ["model: nn.Dropout (layer 2.2) skipped: Flipbook draws the network "
                                              "as in evaluation mode"]
    run, layers = stored_network(tmp_path / "run")
    assert run["model"] == "network" and run["layer_sizes"] == [2, 16, 8, 1]
    assert run["activations"] == ["relu", "leaky-relu", "identity"] and run["loss"] == "binary-cross-entropy"
    np.testing.assert_array_equal(layers[0][0], model[0].weight.detach().numpy().T)     # W as (inputs, outputs)
    np.testing.assert_array_equal(layers[1][1], np.zeros(8))                          # bias=False: zeros
    model.eval()
    with torch.no_grad():
        expected = model(torch.as_tensor(X, dtype=torch.float32)).numpy()
    np.testing.assert_allclose(stored_logits(tmp_path / "run", X), expected, atol=1e-5)
    _, epochs, _, _, _ = read_store(tmp_path / "run")
    assert epochs[-1]["train_loss"] == pytest.approx(loss.item()) and epochs[-1]["train_score"] == 0.5
    assert epochs[-1]["test_loss"] == pytest.approx(0.7)


@pytest.mark.parametrize("ending, criterion, loss", [
    (nn.Sigmoid(), nn.BCELoss(), "binary-cross-entropy"),
    (nn.Softmax(dim=1), None, "softmax-cross-entropy"),
    (nn.LogSoftmax(dim=-1), nn.NLLLoss(), "softmax-cross-entropy"),
    (nn.Identity(), nn.CrossEntropyLoss(), "softmax-cross-entropy")])
def test_a_sequentials_head_is_its_last_module_or_its_criterions(tmp_path, ending, criterion, loss):
    torch.manual_seed(1)
    X, y, _ = circles()
    y = np.where(X[:, 0] > 0.5, 2, y)                                      # three classes
    width = 1 if isinstance(ending, nn.Sigmoid) else 3
    labels = y != 0 if width == 1 else y
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, width), ending).double()
    if criterion is not None:
        target = torch.as_tensor(labels, dtype=torch.float64)[:, None] if width == 1 else torch.as_tensor(y)
        train(model, X, target, criterion)
    with Recorder(tmp_path / "run", X, labels.astype(int), criterion=criterion) as rec:
        rec.log(0, model=model)
    run, _ = stored_network(tmp_path / "run")
    assert run["loss"] == loss and run["activations"] == ["tanh", "identity"]
    with torch.no_grad():
        out = model(torch.as_tensor(X)).numpy()
    probabilities = np.exp(out) if isinstance(ending, nn.LogSoftmax) else out
    if isinstance(ending, nn.Identity):
        probabilities = torch.softmax(torch.as_tensor(out), dim=1).numpy()
    np.testing.assert_allclose(stored_probabilities(tmp_path / "run", X), probabilities, atol=1e-5)


class Rings(nn.Module):
    """A module Flipbook's network cannot hold: the radius as an extra feature."""

    def __init__(self):
        super().__init__()
        self.inner = nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Dropout(0.5), nn.Linear(8, 1))

    def forward(self, points):
        return self.inner(torch.cat([points, (points ** 2).sum(dim=1, keepdim=True)], dim=1))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_any_other_module_is_recorded_as_its_field_in_evaluation_mode(tmp_path, dtype):
    torch.manual_seed(2)
    X, y, test = circles()
    model = Rings().to(dtype)
    train(model, X, torch.as_tensor(y, dtype=dtype)[:, None], nn.BCEWithLogitsLoss())
    model.train()
    model.inner[1].eval()                                                   # a mixed mode is restored as it was
    with Recorder(tmp_path / "run", X, y, test=test, grid=40) as rec:
        rec.log(0, model=model, train_loss=torch.tensor(0.5, dtype=dtype))
    assert model.training and model.inner.training and not model.inner[1].training and model.inner[2].training
    run, epochs, _, _, _ = read_store(tmp_path / "run")
    assert run["model"] == "field" and run["loss"] == "binary-cross-entropy" and run["field_size"] == 40
    model.eval()
    grid = grid_inputs(tuple(eval(run["field_extent"])), 40, np.zeros(2), np.ones(2))
    with torch.no_grad():
        expected = torch.sigmoid(model(torch.as_tensor(grid, dtype=dtype))).numpy().reshape(-1, 1)
    np.testing.assert_allclose(stored_field(tmp_path / "run"), expected, atol=0.5 / 255 + 1e-6)
    with torch.no_grad():
        predicted = (model(torch.as_tensor(X, dtype=dtype))[:, 0] >= 0).numpy()
    np.testing.assert_array_equal(np.frombuffer(epochs[0]["predicted"], "<u2"), predicted)


def test_an_unsupported_layer_in_a_sequential_falls_back_to_a_field_said_once(tmp_path):
    X, y, _ = circles()
    model = nn.Sequential(nn.Linear(2, 8), nn.ELU(), nn.Linear(8, 2))
    with pytest.warns(UserWarning) as said, Recorder(tmp_path / "run", X, y) as rec:
        for epoch in range(3):
            rec.log(epoch, model=model)
    assert [str(w.message) for w in said] == [
        "model: nn.ELU (layer 1) is not a layer Flipbook's network holds; recorded as a field (the model's "
        "output on the grid), without the views inside the network"]
    assert read_store(tmp_path / "run")[0]["model"] == "field"
    with pytest.warns(UserWarning, match=r"LeakyReLU\(negative_slope=0.2\) \(layer 1\).*slope 0.01 only"), \
            Recorder(tmp_path / "leaky", X, y) as rec:
        rec.log(0, model=nn.Sequential(nn.Linear(2, 8), nn.LeakyReLU(0.2), nn.Linear(8, 1)))
    assert read_store(tmp_path / "leaky")[0]["model"] == "field"


def test_a_module_that_cannot_be_recorded_is_refused_and_nothing_written(tmp_path):
    X, y, _ = circles()
    refusals = [
        (dict(model=nn.Sequential(nn.Linear(3, 8), nn.ReLU(), nn.Linear(8, 1))), ValueError,
         "model: the module's first nn.Linear takes 3 inputs; X has 2 features"),
        (dict(model=nn.Sequential(nn.Conv2d(1, 4, 3), nn.Flatten(), nn.Linear(4, 1))), ValueError,
         r"model: the module failed on a \(9416, 2\) batch of the grid and the samples \(X has 2 features\)"),
        (dict(model=nn.Sequential(nn.Linear(2, 5))), ValueError, "model: the module returns 5 outputs per point for 2 classes"),
        (dict(model=nn.Sequential(nn.Linear(2, 1)), head="softmax-ish"), ValueError, "head: 'softmax-ish' is not one of"),
        (dict(model=nn.Sequential(nn.Linear(2, 1), nn.Sigmoid()), head="sigmoid"), ValueError,
         r"head: 'sigmoid' stands for sigmoid logits, but the module ends in nn.Sigmoid \(sigmoid probabilities\)"),
        (dict(model=nn.Sequential(nn.Linear(2, 1)), layers=[(np.ones((2, 1)), np.zeros(1))]), ValueError,
         "model: give model= alone"),
        (dict(layers=[(np.ones((2, 1)), np.zeros(1))], activations=["identity"], head="sigmoid"), ValueError,
         "head: goes with model="),
        (dict(model=lambda P: P), TypeError, "model: expected a torch.nn.Module or an estimator"),
        (dict(model=nn.Sequential(nn.Linear(2, 1)), train_loss=torch.ones(1)), TypeError,
         r"train_loss: expected one number \(a 0-d tensor\), got a tensor of shape \(1,\)"),
    ]
    for arguments, error, message in refusals:
        rec = Recorder(tmp_path / "run", X, y)
        with pytest.raises(error, match=message):
            rec.log(0, **arguments)
        assert not os.path.exists(tmp_path / "run" / "frames.sqlite"), arguments
        rec.close()
    with pytest.raises(ValueError, match="criterion: BCEWithLogitsLoss takes sigmoid logits, but the module ends in nn.Sigmoid"):
        with Recorder(tmp_path / "run", X, y, criterion=nn.BCEWithLogitsLoss()) as rec:
            rec.log(0, model=nn.Sequential(nn.Linear(2, 1), nn.Sigmoid()))
    for arguments, message in ((dict(criterion=nn.L1Loss()), "criterion: L1Loss is not a loss Flipbook knows"),
                               (dict(criterion=nn.MSELoss(), loss="mean-squared-error"), "criterion: give criterion= or loss=")):
        with pytest.raises(ValueError, match=message):
            Recorder(tmp_path / "other", X, y, **arguments)


def test_a_regression_module_and_its_mse_criterion(tmp_path):
    torch.manual_seed(3)
    x = np.linspace(-3, 3, 60)[:, None]
    model = nn.Sequential(nn.Linear(1, 8), nn.Tanh(), nn.Linear(8, 1))
    train(model, x, torch.as_tensor(np.sin(x), dtype=torch.float32), nn.MSELoss())
    with Recorder(tmp_path / "run", x, np.sin(x[:, 0]).round(), criterion=nn.MSELoss()) as rec:   # whole numbers, yet a regression
        rec.log(0, model=model, train_r2=torch.tensor(0.2))
    run, _ = stored_network(tmp_path / "run")
    assert run["loss"] == "mean-squared-error" and run["layer_sizes"] == [1, 8, 1]
    with torch.no_grad():
        np.testing.assert_allclose(stored_logits(tmp_path / "run", x), model(torch.as_tensor(x, dtype=torch.float32)), atol=1e-5)


def test_the_recorder_imports_neither_torch_nor_scikit_learn():
    script = ("import sys, numpy as np; from flipbook_record import Recorder; import tempfile\n"
              "X = np.random.default_rng(0).normal(size=(20, 2)); y = (X[:, 0] > 0).astype(int)\n"
              "with Recorder(tempfile.mkdtemp(), X, y, overwrite=True) as rec:\n"
              "    rec.log(0, layers=[(np.ones((2, 1)), np.zeros(1))], activations=['identity'])\n"
              "assert not {'torch', 'sklearn'} & set(sys.modules), sorted(m for m in sys.modules if 'torch' in m or 'sklearn' in m)")
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_a_functional_criterion_a_bfloat16_module_and_a_width_the_criterion_cannot_have(tmp_path):
    X, y, _ = circles()
    model = nn.Sequential(nn.Linear(2, 4), nn.ReLU(), nn.Linear(4, 2)).to(torch.bfloat16)
    with Recorder(tmp_path / "run", X, y, criterion=torch.nn.functional.cross_entropy) as rec:
        rec.log(0, model=model)
    run, layers = stored_network(tmp_path / "run")
    assert run["loss"] == "softmax-cross-entropy"
    np.testing.assert_array_equal(layers[0][0], model[0].weight.detach().float().numpy().T)
    with pytest.raises(ValueError, match="model: the module returns 1 output per point; softmax with 2 classes needs 2"):
        with Recorder(tmp_path / "one", X, y, criterion=nn.CrossEntropyLoss()) as rec:
            rec.log(0, model=nn.Sequential(nn.Linear(2, 1)))
    assert not os.path.exists(tmp_path / "one" / "frames.sqlite")


def test_a_regression_sequential_ending_in_a_sigmoid_or_a_hidden_softmax_is_a_field(tmp_path):
    x = np.linspace(0, 1, 30)[:, None] * [1, -1]
    targets = 1 / (1 + np.exp(-x[:, 0]))
    for name, model, cause in (
            ("sigmoid", nn.Sequential(nn.Linear(2, 4), nn.Tanh(), nn.Linear(4, 1), nn.Sigmoid()),
             r"nn.Sigmoid \(layer 3\) ends a regression"),
            ("softmax", nn.Sequential(nn.Linear(2, 4), nn.Softmax(dim=1), nn.Linear(4, 1)),
             r"nn.Softmax \(layer 1\) is a softmax that is not the last layer")):
        with pytest.warns(UserWarning, match=cause), Recorder(tmp_path / name, x, targets, grid=10) as rec:
            rec.log(0, model=model)
        run, epochs, _, _, _ = read_store(tmp_path / name)
        assert run["model"] == "field" and run["loss"] == "mean-squared-error"
        grid = grid_inputs(tuple(eval(run["field_extent"])), 10, np.zeros(2), np.ones(2))
        with torch.no_grad():
            np.testing.assert_allclose(stored_field(tmp_path / name), model(torch.as_tensor(grid, dtype=torch.float32))[:, 0], rtol=1e-6)
