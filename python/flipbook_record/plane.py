"""The plane a `predict=` model of more than two features is evaluated on: Flipbook's `--plane pca`
rule, so that the recorder's field and Flipbook's pictures agree.

The plane passes through the mean of the training part as the model sees it, (X - mean) /
deviation, and is spanned by that part's first two principal components (the covariance's two
leading eigenvectors, divided by n), each of unit length with its largest component positive.
A plane point (u, v) is the model input origin + u * axes[0] + v * axes[1]; the field's extent
is in (u, v), a square around the samples' projections.
"""

import numpy as np


def principal_plane(seen_train):
    """{"kind": "pca", "origin", "axes"} of the training rows `seen_train` (as the model sees them)."""
    center = seen_train.mean(axis=0)
    offsets = seen_train - center
    covariance = offsets.T @ offsets / max(len(offsets), 1)
    values, vectors = np.linalg.eigh(covariance)
    order = np.argsort(-values, kind="stable")
    first = _unit(vectors[:, order[0]])
    second = vectors[:, order[1]]
    second = _unit(second - (second @ first) * first)
    return {"kind": "pca", "origin": [float(v) for v in center], "axes": [[float(v) for v in first], [float(v) for v in second]]}


def _unit(v):
    """`v` of length 1, its largest component positive."""
    v = v / max(np.linalg.norm(v), 1e-300)
    return -v if v[np.argmax(np.abs(v))] < 0 else v


def project(seen, plane):
    """The plane coordinates (u, v) of the rows `seen`, as an (n, 2) array."""
    axes = np.asarray(plane["axes"], dtype=np.float64)
    return (seen - np.asarray(plane["origin"], dtype=np.float64)) @ axes.T


def extent_around(points):
    """A square around `points` (n, 2), as the recorder's default extent for two features."""
    low, high = points.min(axis=0), points.max(axis=0)
    span = max(float((high - low).max()), 1e-9)
    centre = (low + high) / 2
    half = span / 2 * 1.16
    return (float(centre[0] - half), float(centre[0] + half), float(centre[1] - half), float(centre[1] + half))


def plane_inputs(extent, grid, plane):
    """The field grid's points on the plane, rows from the top (largest v), as the model sees them."""
    x0, x1, y0, y1 = extent
    us = np.linspace(x0, x1, grid)
    vs = np.linspace(y1, y0, grid)
    points = np.stack(np.meshgrid(us, vs), axis=-1).reshape(-1, 2)
    axes = np.asarray(plane["axes"], dtype=np.float64)
    return np.asarray(plane["origin"], dtype=np.float64) + points @ axes
