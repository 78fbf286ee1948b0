"""The recorder: checks what a training loop hands it, and writes Flipbook's frame store (schema 3).

Every argument is checked before anything is written; a bad one raises TypeError or ValueError
(OSError for a path that cannot be written) whose message starts with the argument's name. The
store is written as Flipbook's own writer writes it: WAL journal with synchronous=NORMAL, one
transaction per logged epoch, so a process killed at any moment leaves a store that
`flipbook render` draws up to its last logged epoch.

The checks are in `checks`, `network` and `fields`; the files, the lock and the rows in `store`.
"""

import os
import platform
import time
import warnings

from . import rendering, store
from .checks import (check_classes, check_epoch, check_metrics, check_name, check_samples, check_standardisation,
                     check_targets, check_test, metric)
from .fields import GRID_SIZE, check_field, check_grid
from .plane import extent_around, principal_plane, project
from .models import adapt, check_criterion
from .network import check_network
from .store import SCHEMA_SQL, SCHEMA_VERSION, RunDirectory

#: A test hook: when set, called with the run directory's path after the recorder has checked the
#: path and opened the lock file, just before it takes the lock (the moment another writer can slip in).
before_lock = None


class Recorder:
    """Writes one run's frame store into the run directory `path`, for `flipbook render`.

    X: the (n, 2) data (any (n, d) for loss pictures only), in the units the pictures show; the
    model sees it as is, or as (X - mean) / deviation when `mean=`/`deviation=` are given.
    y: integer labels 0…K-1 (classification) or float targets (regression). test: an optional
    boolean mask of the test samples. class_names: K names (default "0", "1", …). loss: the
    output head, inferred when not given (see `log`). name: the data set's name in the report
    (default the directory's name). grid/extent: the field grid, `grid` points a side over
    `extent` = (min_x, max_x, min_y, max_y) (default a square around the data).
    """

    def __init__(self, path, X, y, test=None, class_names=None, mean=None, deviation=None, loss=None,
                 name=None, grid=GRID_SIZE, extent=None, overwrite=False, criterion=None):
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path: expected a directory name (str or os.PathLike), got {type(path).__name__}")
        self.path = os.path.normpath(os.fspath(path))
        self.X = check_samples(X)
        self.n, self.d = self.X.shape
        self.y, y_is_integer = check_targets(y, self.n)
        self.test = check_test(test, self.n)
        self.mean, self.deviation = check_standardisation(mean, deviation, self.d)
        self._criterion_name, self._criterion, loss = check_criterion(criterion, loss)
        self.regression, self.labels, self.class_names = check_classes(self.y, y_is_integer, class_names, loss)
        # A binary cross-entropy criterion leaves sigmoid per class or not to the model's outputs.
        self.loss = None if self._criterion and self._criterion.family == "sigmoid" else loss
        self.grid, self.extent = check_grid(grid, extent, self.X)
        # More than two features: a predict= model is evaluated on the principal plane (Flipbook's --plane pca).
        self.plane = None
        if self.d > 2:
            seen = (self.X - self.mean) / self.deviation
            train = seen[~self.test] if (~self.test).any() else seen
            self.plane = principal_plane(train)
            self.extent = extent_around(project(seen, self.plane))
        check_name(name)
        self.name = name or os.path.basename(os.path.normpath(os.path.abspath(self.path))) or "recorded"
        if not isinstance(overwrite, bool):
            raise TypeError(f"overwrite: expected True or False, got {type(overwrite).__name__}")
        store.check_path(self.path)
        self._directory = RunDirectory(self.path, before_lock, overwrite=overwrite)
        self._closed = False
        self._next_epoch = 0
        self._model = None       # "network" or "field", fixed by the first log
        self._shapes = None      # a network's (layer sizes, activations)
        self._channels = None    # a field's outputs per grid point
        self._said = set()       # what model= has said once
        self._last_time = time.perf_counter()

    def log(self, epoch, train_loss=None, test_loss=None, train_accuracy=None, test_accuracy=None,
            train_r2=None, test_r2=None, layers=None, activations=None, predict=None, seconds=None,
            model=None, head=None):
        """Records epoch `epoch` (from 0, increasing; skipped epochs keep empty metrics) in one transaction.

        Metrics not given are stored as not measured. `layers=[(W1, b1), …]` (W of shape
        (inputs, outputs), as in x @ W + b) with `activations=[…]` (one per layer: identity, relu,
        leaky-relu, sigmoid, tanh, softmax; the last one is the output head's, or identity for
        logits) records a dense network Flipbook evaluates itself; `predict=f` records f's
        output on the field grid (f takes an (m, 2) array as the model sees it and returns
        probabilities (m,), (m, 1) or (m, K), or regression values; it is called once, on the grid's
        points followed by the samples, whose predicted classes mark the pictures' mistakes).
        `model=`: a torch.nn.Module or a scikit-learn (or any) estimator, recorded as its layers
        where Flipbook's network can hold it, else as its field (`head=`: how a module's outputs
        become probabilities, when its last layer and the criterion do not say). `seconds`: the
        epoch's training time (default: the time since the previous log).
        """
        now = time.perf_counter()
        if self._closed:
            raise ValueError("epoch: the recorder is closed")
        moment = check_epoch(epoch, self._next_epoch)
        scores = check_metrics(self.regression, train_loss, test_loss, train_accuracy, test_accuracy, train_r2, test_r2)
        if seconds is None:
            seconds = now - self._last_time
        seconds = metric(seconds, "seconds")
        if seconds < 0:
            raise ValueError(f"seconds: {seconds} is negative")
        notes = []
        if model is not None:
            if layers is not None or activations is not None or predict is not None:
                raise ValueError("model: give model= alone, not with layers=, activations= or predict=")
            layers, activations, predict, notes = adapt(model, head, self._criterion, self._criterion_name, self.d,
                                                        len(self.class_names), self.regression)
        elif head is not None:
            raise ValueError("head: goes with model=")
        if (layers is None) == (predict is None) and (self._model is None or layers is not None):
            raise ValueError("layers: give either layers= (with activations=) or predict= (the first log needs one)")
        try:
            if layers is not None:
                frame = check_network(layers, activations, self.d, self.class_names, self.regression, self.loss,
                                      self._model, self._shapes)
            elif predict is not None:
                frame = check_field(predict, self._model, self.X, self.mean, self.deviation, self.extent, self.grid,
                                    self.regression, self.class_names, self.loss, self._channels, plane=self.plane)
            else:
                frame = None
        except (TypeError, ValueError) as error:
            if model is None or str(error).startswith("model: "):
                raise
            raise type(error)("model: " + str(error).split(": ", 1)[-1]) from error
        self._write(moment, scores, seconds, frame)
        for note in notes:
            if note not in self._said:
                self._said.add(note)
                warnings.warn(note, stacklevel=2)
        self._next_epoch = moment + 1
        self._last_time = time.perf_counter()

    def _write(self, epoch, scores, seconds, frame):
        """One transaction: the store itself on the first log, any skipped epochs, then this one. A
        failed first log removes the store it began, so the next log starts again."""
        first = self._directory.db is None
        db = self._directory.create() if first else self._directory.db
        try:
            db.execute("BEGIN IMMEDIATE")
            if first:
                self._insert_run(db, frame)
            parameters = frame[4] if frame is not None and frame[0] == "network" else None
            field, predicted = (frame[3], frame[4]) if frame is not None and frame[0] == "field" else (None, None)
            store.insert_epoch(db, epoch, scores, seconds, parameters, field, predicted, first_missing=self._next_epoch)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if first:
                self._directory.remove_store()
            raise
        if first and frame is not None:
            self._model = frame[0]
            if frame[0] == "network":
                self._shapes = (tuple(frame[1]), tuple(frame[2]))
            else:
                self._channels = frame[1]

    def _insert_run(self, db, frame):
        """The tables, the run (its model from the first frame) and the data set."""
        if frame[0] == "network":
            sizes, names, loss = frame[1], list(frame[2]), frame[3]
            names[-1] = "identity"                  # the store keeps logits; the head is the loss
            model = "network"
        else:
            sizes, names, loss = [self.d, frame[1]], ["identity"], frame[2]
            model = "field"
        recorded_by = f"flipbook_record {__import__('flipbook_record').__version__} (Python {platform.python_version()})"
        plane = self.plane if model == "field" else None
        extent = self.extent if model == "field" or self.d == 2 else None
        store.insert_run(db, SCHEMA_SQL, sizes, names, loss, model, extent, self.grid, recorded_by, plane)
        kind = "points2D" if self.d == 2 and not self.regression else \
            "regression1D" if self.d == 1 and self.regression else "table"
        store.insert_dataset(db, self.name, kind, self.X, self.class_names, self.labels,
                             self.y if self.regression else None, self.test, self.mean, self.deviation)

    def close(self, completed=True):
        """Marks the run completed (or, with completed=False, stopped) and releases the directory."""
        db = self._directory.db
        if db:
            db.execute("UPDATE run SET status = ?", ("completed" if completed else "running",))
            db.close()
        self._directory.db = None
        self._closed = True
        if self._directory.locked:
            self._directory.release()

    def render(self, views=None, size=None):
        """Runs `flipbook render` ($FLIPBOOK, or the one on PATH) on the closed recording, drawing
        `views` (e.g. ["boundary", "network"]; default every view that applies) with panels of
        `size` pixels (default 480), and returns a `Rendering` that Jupyter shows inline."""
        if not self._closed:
            raise ValueError("render: the recording is still open; call close() (or leave the with block) first, "
                             "as flipbook render waits for the writer's lock")
        return rendering.render(self.path, views, size)

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        self.close(completed=kind is None)
        return False
