"""End to end: models recorded with model= are drawn by `flipbook render` as the model itself computes them.

Needs the `flipbook` executable, as test_end_to_end does.
"""

import os
import subprocess
import warnings

import numpy as np
import pytest
import torch
from sklearn.neural_network import MLPClassifier
from torch import nn

from flipbook_record import Recorder
from helpers import circles
from test_end_to_end import flipbook, gif_frames, png_pixels, render
from test_torch import Rings, train


def test_recorded_modules_are_drawn_with_their_views(tmp_path):
    torch.manual_seed(4)
    X, y, test = circles()
    for name, model in (("layers", nn.Sequential(nn.Linear(2, 8), nn.ReLU(), nn.Dropout(0.1), nn.Linear(8, 1))),
                        ("field", Rings())):
        with warnings.catch_warnings(), Recorder(tmp_path / name, X, y, test=test) as rec:
            warnings.simplefilter("ignore")
            for epoch in range(5):
                loss = train(model, X, torch.as_tensor(y, dtype=torch.float32)[:, None], nn.BCEWithLogitsLoss(), steps=2)
                rec.log(epoch, model=model, train_loss=loss)
        render(tmp_path / name)
        assert gif_frames(tmp_path / name / "decision_boundary.gif") == 5
        assert os.path.exists(tmp_path / name / "network.gif") == (name == "layers")


def torch_sequential(X, y):
    torch.manual_seed(5)
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 3), nn.Softmax(dim=1))
    train(nn.Sequential(*model[:3]), X, torch.as_tensor(y), nn.CrossEntropyLoss(), steps=60)
    parameters = {f"{k}{i + 1}": (p.detach().numpy().T if k == "W" else p.detach().numpy())
                  for i, layer in enumerate(model[::2]) for k, p in (("W", layer.weight), ("b", layer.bias))}
    return model, parameters, lambda P: model(torch.as_tensor(P, dtype=torch.float32)).detach().numpy()


def sklearn_mlp(X, y):
    model = MLPClassifier(hidden_layer_sizes=(16,), activation="tanh", learning_rate_init=0.02, max_iter=60, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model.fit(X, y)
    return model, {f"{k}{i + 1}": p for i, pair in enumerate(zip(model.coefs_, model.intercepts_))
                   for k, p in zip("Wb", pair)}, model.predict_proba


@pytest.mark.parametrize("make", [torch_sequential, sklearn_mlp])
def test_flipbook_exports_and_draws_a_recorded_network_as_the_model_computes_it(tmp_path, make):
    """The same trained model twice: as model= (its layers; Flipbook evaluates them) and as
    predict= of the model's own output (Flipbook only paints the stored field)."""
    X, y, test = circles()
    y = np.where(X[:, 0] > 0.5, 2, y)                                      # three classes
    model, parameters, own = make(X, y)
    with Recorder(tmp_path / "layers", X, y, test=test) as rec:
        rec.log(0, model=model)
    with Recorder(tmp_path / "own", X, y, test=test) as rec:
        rec.log(0, predict=own)
    exported = subprocess.run([flipbook(), "export", str(tmp_path / "layers"), "--to", str(tmp_path / "p.npz")],
                              capture_output=True, text=True)
    assert exported.returncode == 0, exported.stderr
    saved = np.load(tmp_path / "p.npz")
    assert sorted(saved.files) == sorted(parameters)
    for key, value in parameters.items():
        np.testing.assert_allclose(saved[key], value, atol=1e-6, err_msg=key)
    for run in ("layers", "own"):
        render(tmp_path / run, "--key-epochs", "0")
    flipbook_drawn = png_pixels(tmp_path / "layers" / "decision_boundary_epoch_000.png")
    model_drawn = png_pixels(tmp_path / "own" / "decision_boundary_epoch_000.png")
    differs = np.abs(flipbook_drawn[24:].astype(int) - model_drawn[24:]).max(axis=2) > 24
    assert differs.mean() < 0.01, f"{differs.mean():.2%} of the pixels differ"
