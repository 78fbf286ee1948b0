"""The field grid, and a model handed to `log` as `predict=`: evaluated on the grid's points and the
samples, checked, and turned into the frame the store keeps.

The grid is `grid` points a side over `extent` = (min_x, max_x, min_y, max_y), in the units of X. A
field frame is the tuple ("field", outputs per point, loss, field bytes, predicted classes' bytes or None).
"""

import numbers

import numpy as np

from .checks import finite, floats
from .plane import plane_inputs
from .store import f32

#: Grid points across and down the field a `predict=` model is evaluated on.
GRID_SIZE = 96


def check_grid(grid, extent, X):
    """grid= and extent=, as (grid, extent or None): extent defaults to a square around the data of
    two features, and there is none for other data."""
    if isinstance(grid, bool) or not isinstance(grid, numbers.Integral) or not 2 <= grid <= 1024:
        raise ValueError(f"grid: expected a whole number of points from 2 to 1024, got {grid!r}")
    grid = int(grid)
    d = X.shape[1]
    if extent is None:
        if d != 2:
            return grid, None
        low, high = X.min(axis=0), X.max(axis=0)
        span = max(float((high - low).max()), 1e-9)
        centre = (low + high) / 2
        half = span / 2 * 1.16
        extent = (centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half)
    edges = floats(extent, "extent").reshape(-1)
    if edges.shape != (4,):
        raise ValueError(f"extent: expected (min_x, max_x, min_y, max_y), got {edges.size} values")
    finite(edges, "extent")
    if not (edges[0] < edges[1] and edges[2] < edges[3]) or np.abs(edges).max() > 1e15:
        raise ValueError(f"extent: expected min_x < max_x and min_y < max_y within ±1e15, got {edges.tolist()}")
    if d != 2:
        raise ValueError(f"extent: a field spans the plane of two features; X has {d}")
    return grid, tuple(float(e) for e in edges)


def grid_inputs(extent, grid, mean, deviation):
    """The field grid's points, rows from the top (largest y), as the model sees them."""
    x0, x1, y0, y1 = extent
    xs = np.linspace(x0, x1, grid)
    ys = np.linspace(y1, y0, grid)
    points = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
    return (points - mean) / deviation


def check_field(predict, model, X, mean, deviation, extent, grid, regression, class_names, loss, channels, plane=None):
    """The field frame of what `predict` gives on the grid and the samples, checked. `model` is the
    run's model so far ("network", "field" or None) and `channels` its fields' outputs per point;
    with more than two features the grid lies on `plane` (see `plane.py`)."""
    if not callable(predict):
        raise TypeError(f"predict: expected a callable taking an (m, {X.shape[1]}) array, got {type(predict).__name__}")
    if model == "network":
        raise ValueError("predict: this run records a network (layers=); it cannot switch to predict=")
    if extent is None:
        raise ValueError(f"predict: a field spans a plane of two or more features; X has {X.shape[1]}")
    # One call on the grid and, after it, the samples (their predicted classes mark mistakes).
    seen = (X - mean) / deviation
    on_grid = plane_inputs(extent, grid, plane) if plane is not None else grid_inputs(extent, grid, mean, deviation)
    values = floats(predict(np.concatenate([on_grid, seen])), "predict")
    m = grid * grid + X.shape[0]
    if values.ndim == 2 and values.shape[1] == 1:
        values = values.reshape(-1)
    if values.shape[0:1] != (m,) or values.ndim > 2:
        raise ValueError(f"predict: returned shape {values.shape} for {m} points; expected ({m},) or ({m}, K)")
    finite(values, "predict")
    if regression:
        if values.ndim != 1:
            raise ValueError(f"predict: a regression returns one value per point, got shape {values.shape}")
        return ("field", 1, "mean-squared-error", f32(values[:grid * grid]), None)
    return _classifier_field(values, grid * grid, len(class_names), loss, channels)


def _classifier_field(values, grid_points, classes, loss, channels):
    """A classifier's probabilities on the grid's `grid_points` and the samples: the field, its loss,
    the classes."""
    if values.min() < 0 or values.max() > 1:
        raise ValueError(f"predict: values range over {values.min()}…{values.max()}; expected probabilities in 0…1")
    if values.ndim == 2 and values.shape[1] != classes:
        raise ValueError(f"predict: returned {values.shape[1]} columns for {classes} classes")
    if values.ndim == 1 and classes != 2:
        raise ValueError(f"predict: returned one probability per point, but there are {classes} classes (return (m, {classes}))")
    if values.ndim == 2 and classes == 2 and loss in (None, "binary-cross-entropy"):
        if np.allclose(values.sum(axis=1), 1, atol=1e-3):
            values = values[:, 1]          # two probabilities that sum to 1 are P(class 1)
        elif loss is None:
            loss = "sigmoid-per-class"     # independent probabilities, one per class
        else:
            raise ValueError("predict: binary-cross-entropy needs P(class 1), or two probabilities that sum to 1")
    loss = "binary-cross-entropy" if values.ndim == 1 else loss or "softmax-cross-entropy"
    outputs = 1 if values.ndim == 1 else values.shape[1]
    if channels is not None and outputs != channels:
        raise ValueError(f"predict: returned {outputs} outputs per point; earlier epochs returned {channels}")
    predicted = (values[grid_points:] >= 0.5).astype(int) if values.ndim == 1 else values[grid_points:].argmax(axis=1)
    quantised = np.rint(np.clip(values[:grid_points], 0, 1) * 255).astype(np.uint8)
    stored = "binary-cross-entropy" if loss == "sigmoid-per-class" else loss
    return ("field", outputs, stored, quantised.tobytes(), np.ascontiguousarray(predicted, dtype="<u2").tobytes())
