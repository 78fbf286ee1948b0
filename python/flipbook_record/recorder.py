"""The recorder: checks what a training loop hands it, and writes Flipbook's frame store (schema 3).

Every argument is checked before anything is written; a bad one raises TypeError or ValueError
(OSError for a path that cannot be written) whose message starts with the argument's name. The
store is written as Flipbook's own writer writes it: WAL journal with synchronous=NORMAL, one
transaction per logged epoch, so a process killed at any moment leaves a store that
`flipbook render` draws up to its last logged epoch.
"""

import datetime
import errno
import fcntl
import json
import numbers
import os
import platform
import sqlite3
import time

import numpy as np

#: The frame store schema version this package writes (Flipbook reads 1…3).
SCHEMA_VERSION = 3
#: Grid points across and down the field a `predict=` model is evaluated on.
GRID_SIZE = 96
#: The bounds of Flipbook's store (`FrameStoreLimits`).
MAX_SAMPLES = 1 << 24
MAX_CLASSES = 1000
MAX_EPOCHS = 1 << 24
MAX_WIDTH = 1 << 20
MAX_PARAMETERS = 1 << 28
MAX_LAYERS = 256

LOSSES = ("binary-cross-entropy", "softmax-cross-entropy", "sigmoid-per-class", "mean-squared-error")
ACTIVATIONS = ("identity", "relu", "leaky-relu", "sigmoid", "tanh", "softmax")
STORE_NAME = "frames.sqlite"
LOCK_NAME = ".flipbook.lock"
#: The run directory's list of the files Flipbook wrote there besides the store, one name a line.
#: The recorder writes no other file: it creates the list, empty, before the store.
MANIFEST_NAME = ".flipbook-files"
#: The names whose presence means the directory holds a run already.
RUN_MARKERS = (STORE_NAME, STORE_NAME + "-wal", MANIFEST_NAME)

#: A test hook: when set, called with the run directory's path after the recorder has checked the
#: path and opened the lock file, just before it takes the lock (the moment another writer can slip in).
before_lock = None

#: What the array kinds that are not real numbers hold, for messages.
_KINDS = {"c": "complex numbers (the imaginary part would be lost)", "M": "dates", "m": "durations",
          "U": "strings", "S": "strings", "O": "Python objects", "V": "structured records"}

SCHEMA_SQL = [
    """CREATE TABLE run (
        id          INTEGER PRIMARY KEY CHECK (id = 1),
        created_at  TEXT NOT NULL,
        config_json TEXT NOT NULL,
        layer_sizes TEXT NOT NULL,
        activations TEXT NOT NULL,
        loss        TEXT NOT NULL,
        status      TEXT NOT NULL,
        diverged_at INTEGER,
        initial_parameters BLOB,
        model       TEXT NOT NULL,
        field_extent TEXT,
        field_size  INTEGER,
        recorded_by TEXT NOT NULL,
        steps_per_epoch INTEGER
    )""",
    """CREATE TABLE dataset (
        id            INTEGER PRIMARY KEY CHECK (id = 1),
        name          TEXT NOT NULL,
        kind          TEXT NOT NULL,
        sample_count  INTEGER NOT NULL,
        feature_count INTEGER NOT NULL,
        image_width   INTEGER,
        image_height  INTEGER,
        class_names   TEXT NOT NULL,
        features      BLOB NOT NULL,
        labels        BLOB,
        targets       BLOB,
        is_test       BLOB NOT NULL,
        mean          BLOB NOT NULL,
        deviation     BLOB NOT NULL
    )""",
    """CREATE TABLE epoch (
        epoch       INTEGER NOT NULL,
        step        INTEGER,
        train_loss  REAL,
        test_loss   REAL,
        train_score REAL,
        test_score  REAL,
        seconds     REAL NOT NULL,
        parameters  BLOB,
        confusion   BLOB,
        field       BLOB,
        predicted   BLOB
    )""",
    "CREATE UNIQUE INDEX epoch_order ON epoch (epoch, ifnull(step, -1))",
]


def _f32(values):
    """Little-endian float32 bytes."""
    return np.ascontiguousarray(values, dtype="<f4").tobytes()


def _real(value, name, expected="an array of numbers"):
    """`value` as a NumPy array of real numbers (booleans, integers or floats) in its own dtype, or
    TypeError naming `name` and what it holds instead (complex numbers, dates, strings, objects)."""
    if callable(value) or isinstance(value, (str, bytes, dict)):
        raise TypeError(f"{name}: expected {expected}, got {type(value).__name__}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name}: expected {expected} ({error})") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"{name}: expected {expected}, got {_KINDS.get(array.dtype.kind, 'other values')} ({array.dtype})")
    return array


def _array(value, name):
    """`value` as a NumPy array of float64, or TypeError naming `name`."""
    return _real(value, name).astype(np.float64)


def _number_text(value):
    """A label or value for a message: 3000000000, 0.5, 1e+30."""
    return f"{value:.10g}"


def _class_labels(y):
    """Float `y` as class labels: int32 whole numbers 0…MAX_CLASSES-1, or ValueError naming the first
    that is not (checked before any list is sized by a label)."""
    for problem, bad in (("is not a whole number (labels are 0…K-1; float targets are a regression, "
                          "loss='mean-squared-error')", y != np.round(y)),
                         ("is negative (labels count from 0)", y < 0),
                         (f"is beyond the {MAX_CLASSES} classes a store holds (labels are 0…{MAX_CLASSES - 1})", y >= MAX_CLASSES)):
        if bad.any():
            at = int(np.argmax(bad))
            raise ValueError(f"y: label {_number_text(y[at])} of sample {at} {problem}")
    return y.astype(np.int32)


def _finite(array, name):
    """Raises ValueError naming `name` when `array` holds NaN or an infinity (or overflows float32)."""
    bad = ~np.isfinite(array) | (np.abs(array) > np.finfo(np.float32).max)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{name}: value at {index if len(index) > 1 else index[0]} is {array[index]}; every value must be finite")


def _metric(value, name):
    """A metric: None (not measured) or a finite number."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray, np.generic)):
        raise TypeError(f"{name}: expected a number or None, got {type(value).__name__}")
    array = _real(value, name, "a number or None")
    number = float(array.reshape(-1)[0]) if array.size == 1 else None
    if number is None:
        raise TypeError(f"{name}: expected one number, got an array of {np.size(value)}")
    if not np.isfinite(number):
        raise ValueError(f"{name}: {number} is not finite")
    return number


def _os_error(code, message):
    """An OSError whose text is `message` (which names the argument) and whose errno is `code`."""
    error = OSError(message)
    error.errno = code
    return error


def _writable_ancestor(path):
    """The nearest existing directory at or above `path`."""
    current = os.path.abspath(path)
    while not os.path.exists(current):
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    return current


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
                 name=None, grid=GRID_SIZE, extent=None):
        if not isinstance(path, (str, os.PathLike)):
            raise TypeError(f"path: expected a directory name (str or os.PathLike), got {type(path).__name__}")
        self.path = os.path.normpath(os.fspath(path))
        self._check_data(X, y, test, mean, deviation)
        self._check_classes(class_names, loss)
        self._check_grid(grid, extent)
        if name is not None and (not isinstance(name, str) or not name or len(name.encode()) > 4096):
            raise TypeError("name: expected a non-empty string of at most 4096 bytes")
        self.name = name or os.path.basename(os.path.normpath(os.path.abspath(self.path))) or "recorded"
        self._check_path()
        self._take_directory()
        self._made = []          # the files this recorder created (all but the lock file), to remove on a failed first log
        self._db = None
        self._next_epoch = 0
        self._model = None       # "network" or "field", fixed by the first log
        self._shapes = None      # a network's layer shapes
        self._channels = None    # a field's outputs per grid point
        self._last_time = time.perf_counter()

    # ----- checks of the constructor's arguments -----

    def _check_data(self, X, y, test, mean, deviation):
        """The samples, their labels or targets, the test mask and the standardisation."""
        X = _array(X, "X")
        if X.ndim != 2 or X.shape[0] < 2 or X.shape[1] < 1:
            raise ValueError(f"X: expected an (n, d) array with n >= 2 samples, got shape {X.shape}")
        n, d = X.shape
        if n > MAX_SAMPLES or d > MAX_WIDTH or n * d > 1 << 28:
            raise ValueError(f"X: {n} samples x {d} features is more than a frame store holds")
        _finite(X, "X")
        self.X, self.n, self.d = X, n, d
        self._check_targets(y)
        if test is None:
            self.test = np.zeros(n, dtype=bool)
        else:
            mask = np.asarray(test)
            if mask.dtype != bool:
                raise TypeError(f"test: expected a boolean mask, got dtype {mask.dtype}")
            if mask.shape != (n,):
                raise ValueError(f"test: expected {n} flags (one per row of X), got shape {mask.shape}")
            self.test = mask
        self._check_standardisation(mean, deviation)

    def _check_targets(self, y):
        """y: one integer label or float target per sample. Strings are refused, with class_names= or
        without: labels are the classes' numbers 0…K-1, their names go in class_names=."""
        y_raw = _real(y, "y", "integer labels 0…K-1 (with their names as class_names=) or float targets")
        y_values = y_raw.reshape(-1) if y_raw.ndim == 2 and y_raw.shape[1] == 1 else y_raw
        if y_values.shape != (self.n,):
            raise ValueError(f"y: expected {self.n} values (one per row of X), got shape {y_raw.shape}")
        self.y = y_values.astype(np.float64)
        _finite(self.y, "y")
        self.y_is_integer = y_values.dtype.kind in "biu"

    def _check_standardisation(self, mean, deviation):
        """mean= and deviation=: together or not at all, one finite value per feature, deviations positive."""
        d = self.d
        if (mean is None) != (deviation is None):
            raise ValueError(f"{'deviation' if mean is not None else 'mean'}: mean= and deviation= are given together")
        self.mean = np.zeros(d) if mean is None else _array(mean, "mean").reshape(-1)
        self.deviation = np.ones(d) if deviation is None else _array(deviation, "deviation").reshape(-1)
        for label, values in (("mean", self.mean), ("deviation", self.deviation)):
            if values.shape != (d,):
                raise ValueError(f"{label}: expected {d} values (one per feature), got shape {values.shape}")
            _finite(values, label)
        if (self.deviation <= 0).any():
            raise ValueError(f"deviation: every deviation must be positive, got {self.deviation.tolist()}")

    def _check_classes(self, class_names, loss):
        if loss is not None and loss not in LOSSES:
            raise ValueError(f"loss: {loss!r} is not one of {', '.join(LOSSES)}")
        self.loss = loss
        # Float targets that are not all whole numbers are a regression, unless classes are named.
        regression = loss == "mean-squared-error" or (loss is None and class_names is None and not self.y_is_integer
                                                      and not np.all(self.y == np.round(self.y)))
        self.regression = regression
        if regression:
            if class_names is not None:
                raise ValueError("class_names: a regression (float targets) has no classes")
            self.class_names = []
            return
        self.labels = _class_labels(self.y)
        classes = int(self.labels.max()) + 1
        if class_names is None:
            class_names = [str(k) for k in range(max(classes, 2))]
        if isinstance(class_names, str) or not all(isinstance(c, str) for c in class_names):
            raise TypeError("class_names: expected a list of strings")
        class_names = list(class_names)
        if not 2 <= len(class_names) <= MAX_CLASSES:
            raise ValueError(f"class_names: expected 2…{MAX_CLASSES} names, got {len(class_names)}")
        if classes > len(class_names):
            raise ValueError(f"y: label {classes - 1} is outside the {len(class_names)} classes of class_names")
        if any(len(c.encode()) > 256 for c in class_names):
            raise ValueError("class_names: a name is longer than 256 bytes")
        self.class_names = class_names

    def _check_grid(self, grid, extent):
        if isinstance(grid, bool) or not isinstance(grid, numbers.Integral) or not 2 <= grid <= 1024:
            raise ValueError(f"grid: expected a whole number of points from 2 to 1024, got {grid!r}")
        self.grid = int(grid)
        if extent is None:
            if self.d != 2:
                self.extent = None
                return
            low, high = self.X.min(axis=0), self.X.max(axis=0)
            span = max(float((high - low).max()), 1e-9)
            centre = (low + high) / 2
            half = span / 2 * 1.16
            extent = (centre[0] - half, centre[0] + half, centre[1] - half, centre[1] + half)
        edges = _array(extent, "extent").reshape(-1)
        if edges.shape != (4,):
            raise ValueError(f"extent: expected (min_x, max_x, min_y, max_y), got {edges.size} values")
        _finite(edges, "extent")
        if not (edges[0] < edges[1] and edges[2] < edges[3]) or np.abs(edges).max() > 1e15:
            raise ValueError(f"extent: expected min_x < max_x and min_y < max_y within ±1e15, got {edges.tolist()}")
        if self.d != 2:
            raise ValueError(f"extent: a field spans the plane of two features; X has {self.d}")
        self.extent = tuple(float(e) for e in edges)

    def _check_path(self):
        """The path is a directory, or can be created; whether it holds a run is checked under the lock."""
        if os.path.exists(self.path) and not os.path.isdir(self.path):
            raise _os_error(errno.ENOTDIR, f"path: {self.path} is a file, not a run directory")
        ancestor = _writable_ancestor(self.path)
        if not os.access(ancestor, os.W_OK | os.X_OK):
            raise _os_error(errno.EACCES, f"path: {self.path} cannot be written ({ancestor} is not writable)")

    def _take_directory(self):
        """Creates the directory and takes Flipbook's writer's lock on it (held until close), then
        refuses a directory that holds a run. A refusal removes nothing: the directory and its lock
        file are then another writer's too."""
        try:
            os.makedirs(self.path, exist_ok=True)
            self._lock = os.open(os.path.join(self.path, LOCK_NAME), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as error:
            raise _os_error(error.errno, f"path: {self.path} cannot be written ({error.strerror})") from None
        if before_lock is not None:
            before_lock(self.path)
        try:
            fcntl.flock(self._lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            self._release()
            raise ValueError(f"path: {self.path} is being written by another process") from None
        try:
            self._check_no_run()
        except ValueError:
            self._release()
            raise

    def _check_no_run(self):
        """ValueError when the directory holds a run (its store, its journal or its list of files)."""
        held = [name for name in RUN_MARKERS if os.path.lexists(os.path.join(self.path, name))]
        if held:
            raise ValueError(f"path: {self.path} already holds a Flipbook run ({held[0]}); record into another directory")

    def _release(self):
        """Releases the directory's lock (closing the lock file releases it)."""
        os.close(self._lock)
        self._lock = None

    # ----- logging -----

    def log(self, epoch, train_loss=None, test_loss=None, train_accuracy=None, test_accuracy=None,
            train_r2=None, test_r2=None, layers=None, activations=None, predict=None, seconds=None):
        """Records epoch `epoch` (from 0, increasing; skipped epochs keep empty metrics) in one transaction.

        Metrics not given are stored as not measured. `layers=[(W1, b1), …]` (W of shape
        (inputs, outputs), as in x @ W + b) with `activations=[…]` (one per layer: identity, relu,
        leaky-relu, sigmoid, tanh, softmax; the last one is the output head's, or identity for
        logits) records a dense network Flipbook evaluates itself; `predict=f` records f's
        output on the field grid (f takes an (m, 2) array as the model sees it and returns
        probabilities (m,), (m, 1) or (m, K), or regression values; it is called once, on the grid's
        points followed by the samples, whose predicted classes mark the pictures' mistakes). `seconds`: the epoch's
        training time (default: the time since the previous log).
        """
        now = time.perf_counter()
        moment = self._check_epoch(epoch)
        scores = self._check_metrics(train_loss, test_loss, train_accuracy, test_accuracy, train_r2, test_r2)
        if seconds is None:
            seconds = now - self._last_time
        seconds = _metric(seconds, "seconds")
        if seconds < 0:
            raise ValueError(f"seconds: {seconds} is negative")
        if (layers is None) == (predict is None) and (self._model is None or layers is not None):
            raise ValueError("layers: give either layers= (with activations=) or predict= (the first log needs one)")
        if layers is not None:
            frame = self._check_network(layers, activations)
        elif predict is not None:
            frame = self._check_field(predict)
        else:
            frame = None
        self._write(moment, scores, seconds, frame)
        self._next_epoch = moment + 1
        self._last_time = time.perf_counter()

    def _check_epoch(self, epoch):
        if self._db is False:
            raise ValueError("epoch: the recorder is closed")
        if isinstance(epoch, bool) or not isinstance(epoch, numbers.Integral):
            raise TypeError(f"epoch: expected a whole number, got {type(epoch).__name__}")
        epoch = int(epoch)
        if epoch < self._next_epoch:
            raise ValueError(f"epoch: {epoch} does not follow {self._next_epoch - 1}; epochs increase from 0"
                             if self._next_epoch else f"epoch: {epoch} is negative; epochs count from 0")
        if epoch >= MAX_EPOCHS:
            raise ValueError(f"epoch: {epoch} is beyond the {MAX_EPOCHS} epochs a store holds")
        return epoch

    def _check_metrics(self, train_loss, test_loss, train_accuracy, test_accuracy, train_r2, test_r2):
        given_scores = (("train_accuracy", train_accuracy), ("test_accuracy", test_accuracy)) if not self.regression \
            else (("train_r2", train_r2), ("test_r2", test_r2))
        wrong = (("train_r2", train_r2), ("test_r2", test_r2)) if not self.regression \
            else (("train_accuracy", train_accuracy), ("test_accuracy", test_accuracy))
        for name, value in wrong:
            if value is not None:
                raise ValueError(f"{name}: this run is {'classification' if not self.regression else 'regression'}; "
                                 f"give {'accuracies' if not self.regression else 'R²'} instead")
        values = []
        for name, value in (("train_loss", train_loss), ("test_loss", test_loss)):
            number = _metric(value, name)
            if number is not None and number < 0:
                raise ValueError(f"{name}: {number} is negative; a loss never is")
            values.append(number)
        for name, value in given_scores:
            number = _metric(value, name)
            if number is not None and not self.regression and not 0 <= number <= 1:
                raise ValueError(f"{name}: {number} is outside 0…1 (an accuracy is a fraction)")
            if number is not None and self.regression and number > 1:
                raise ValueError(f"{name}: {number} is above 1 (R² never is)")
            values.append(number)
        return values

    def _check_network(self, layers, activations):
        if self._model == "field":
            raise ValueError("layers: this run records fields (predict=); it cannot switch to layers=")
        if isinstance(layers, (str, bytes)) or not hasattr(layers, "__len__") or len(layers) == 0:
            raise TypeError("layers: expected a list of (W, b) pairs")
        if len(layers) > MAX_LAYERS:
            raise ValueError(f"layers: {len(layers)} layers; a store holds at most {MAX_LAYERS}")
        arrays, sizes = [], [self.d]
        for i, pair in enumerate(layers):
            if not isinstance(pair, (tuple, list)) or len(pair) != 2:
                raise TypeError(f"layers: item {i} is not a (W, b) pair")
            W = _array(pair[0], f"layers[{i}] W")
            b = _array(pair[1], f"layers[{i}] b")
            if W.ndim != 2:
                raise ValueError(f"layers: W of layer {i} has shape {W.shape}; expected (inputs, outputs)")
            if W.shape[0] != sizes[-1]:
                what = "X's features" if i == 0 else f"the outputs of layer {i - 1}"
                raise ValueError(f"layers: W of layer {i} has shape {W.shape}; its {W.shape[0]} inputs do not chain with "
                                 f"the {sizes[-1]} of {what} (W is (inputs, outputs), as in x @ W + b)")
            if b.size != W.shape[1] or b.ndim > 2 or (b.ndim == 2 and b.shape[0] != 1):
                raise ValueError(f"layers: b of layer {i} has shape {b.shape}; expected ({W.shape[1]},)")
            if not 1 <= W.shape[1] <= MAX_WIDTH:
                raise ValueError(f"layers: layer {i} has {W.shape[1]} outputs")
            _finite(W, f"layers[{i}] W")
            _finite(b, f"layers[{i}] b")
            arrays += [W, b.reshape(-1)]
            sizes.append(W.shape[1])
        if sum(a.size for a in arrays) > MAX_PARAMETERS:
            raise ValueError(f"layers: more than {MAX_PARAMETERS} parameters")
        names = self._check_activations(activations, len(layers))
        loss = self._network_loss(sizes[-1], names[-1])
        shapes = (tuple(sizes), tuple(names))
        if self._shapes is not None and shapes != self._shapes:
            raise ValueError(f"layers: the network changed from {self._shapes[0]} {list(self._shapes[1])} "
                             f"to {shapes[0]} {names}; a run records one network")
        return ("network", sizes, names, loss, b"".join(_f32(a) for a in arrays))

    def _check_activations(self, activations, count):
        if activations is None:
            raise ValueError(f"activations: give one activation name per layer ({count}) with layers=")
        if isinstance(activations, str) or not all(isinstance(a, str) for a in activations):
            raise TypeError("activations: expected a list of activation names")
        names = list(activations)
        if len(names) != count:
            raise ValueError(f"activations: {len(names)} names for {count} layers")
        for name in names:
            if name not in ACTIVATIONS:
                raise ValueError(f"activations: {name!r} is not one of {', '.join(ACTIVATIONS)}")
        return names

    def _network_loss(self, outputs, head):
        """The store's loss of a network whose last layer has `outputs` units and activation `head`."""
        classes = len(self.class_names)
        loss = self.loss
        if self.regression:
            if outputs != 1 or head != "identity":
                raise ValueError(f"activations: a regression network ends in one identity output, got {outputs} {head}")
            return "mean-squared-error"
        if loss is None:
            loss = {"sigmoid": "sigmoid-per-class" if outputs > 1 else "binary-cross-entropy",
                    "softmax": "softmax-cross-entropy"}.get(head)
            if loss is None and head == "identity":
                loss = "binary-cross-entropy" if outputs == 1 else "softmax-cross-entropy"
        heads = {"binary-cross-entropy": ("sigmoid", "identity"), "sigmoid-per-class": ("sigmoid", "identity"),
                 "softmax-cross-entropy": ("softmax", "identity")}
        if loss not in heads or head not in heads[loss]:
            raise ValueError(f"activations: the last activation {head!r} does not go with loss {loss!r}")
        expected = 1 if loss == "binary-cross-entropy" else classes
        if outputs != expected or (loss == "binary-cross-entropy" and classes != 2):
            raise ValueError(f"layers: the last layer has {outputs} outputs; {loss} with {classes} classes needs {expected}")
        return "binary-cross-entropy" if loss == "sigmoid-per-class" else loss

    def _grid_inputs(self):
        """The field grid's points, rows from the top (largest y), as the model sees them."""
        x0, x1, y0, y1 = self.extent
        xs = np.linspace(x0, x1, self.grid)
        ys = np.linspace(y1, y0, self.grid)
        points = np.stack(np.meshgrid(xs, ys), axis=-1).reshape(-1, 2)
        return (points - self.mean) / self.deviation

    def _check_field(self, predict):
        """What `predict` gives on the grid and the samples, checked: the frame to write."""
        if not callable(predict):
            raise TypeError(f"predict: expected a callable taking an (m, 2) array, got {type(predict).__name__}")
        if self._model == "network":
            raise ValueError("predict: this run records a network (layers=); it cannot switch to predict=")
        if self.extent is None:
            raise ValueError(f"predict: a field spans the plane of two features; X has {self.d}")
        # One call on the grid and, after it, the samples (their predicted classes mark mistakes).
        seen = (self.X - self.mean) / self.deviation
        values = _array(predict(np.concatenate([self._grid_inputs(), seen])), "predict")
        m = self.grid * self.grid + self.n
        if values.ndim == 2 and values.shape[1] == 1:
            values = values.reshape(-1)
        if values.shape[0:1] != (m,) or values.ndim > 2:
            raise ValueError(f"predict: returned shape {values.shape} for {m} points; expected ({m},) or ({m}, K)")
        _finite(values, "predict")
        if self.regression:
            if values.ndim != 1:
                raise ValueError(f"predict: a regression returns one value per point, got shape {values.shape}")
            return ("field", 1, "mean-squared-error", _f32(values[:self.grid * self.grid]), None)
        return self._classifier_field(values)

    def _classifier_field(self, values):
        """A classifier's probabilities on the grid and the samples: the field, its loss, the classes."""
        if values.min() < 0 or values.max() > 1:
            raise ValueError(f"predict: values range over {values.min()}…{values.max()}; expected probabilities in 0…1")
        classes, loss = len(self.class_names), self.loss
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
        channels = 1 if values.ndim == 1 else values.shape[1]
        if self._channels is not None and channels != self._channels:
            raise ValueError(f"predict: returned {channels} outputs per point; earlier epochs returned {self._channels}")
        grid_points = self.grid * self.grid
        predicted = (values[grid_points:] >= 0.5).astype(int) if values.ndim == 1 else values[grid_points:].argmax(axis=1)
        quantised = np.rint(np.clip(values[:grid_points], 0, 1) * 255).astype(np.uint8)
        stored = "binary-cross-entropy" if loss == "sigmoid-per-class" else loss
        return ("field", channels, stored, quantised.tobytes(), np.ascontiguousarray(predicted, dtype="<u2").tobytes())

    # ----- writing -----

    def _write(self, epoch, scores, seconds, frame):
        """One transaction: the store itself on the first log, any skipped epochs, then this one."""
        first = self._db is None
        if first:
            self._create(frame)
        db = self._db
        try:
            db.execute("BEGIN IMMEDIATE")
            if first:
                self._insert_run(db, frame)
            for skipped in range(self._next_epoch, epoch):
                db.execute("INSERT INTO epoch (epoch, seconds) VALUES (?, 0)", (skipped,))
            parameters = frame[4] if frame is not None and frame[0] == "network" else None
            field, predicted = (frame[3], frame[4]) if frame is not None and frame[0] == "field" else (None, None)
            db.execute("INSERT INTO epoch (epoch, step, train_loss, test_loss, train_score, test_score, seconds, parameters, "
                       "field, predicted) VALUES (?, NULL, ?, ?, ?, ?, ?, ?, ?, ?)", (epoch, *scores, seconds, parameters, field, predicted))
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            if first:
                self._remove_store()
            raise
        if first and frame is not None:
            self._model = frame[0]
            if frame[0] == "network":
                self._shapes = (tuple(frame[1]), tuple(frame[2]))
            else:
                self._channels = frame[1]

    def _create(self, frame):
        """Creates the list of Flipbook's files (empty: the store goes without saying), then the
        store, each as a new file: a file that is already there (put by a process that ignores the
        lock) is never opened, nor removed."""
        self._check_no_run()
        store = os.path.join(self.path, STORE_NAME)
        try:
            self._make_file(MANIFEST_NAME)
            self._make_file(STORE_NAME)
            self._db = sqlite3.connect(store, isolation_level=None)
            self._made += [STORE_NAME + "-wal", STORE_NAME + "-shm"]     # the store's, so this recorder's
            self._db.execute("PRAGMA journal_mode = WAL")
            self._db.execute("PRAGMA synchronous = NORMAL")
        except FileExistsError:
            self._remove_store()
            raise ValueError(f"path: {self.path} already holds a Flipbook run; record into another directory") from None
        except (OSError, sqlite3.Error) as error:
            self._remove_store()
            raise _os_error(getattr(error, "errno", None) or errno.EIO, f"path: cannot create {store} ({error})") from None

    def _make_file(self, name):
        """Creates the empty file `name` in the run directory; FileExistsError when it is there."""
        os.close(os.open(os.path.join(self.path, name), os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644))
        self._made.append(name)

    def _remove_store(self):
        """Closes the store and removes the files this recorder created (the store, its journal, the list)."""
        if self._db:
            self._db.close()
        self._db = None
        for name in reversed(self._made):
            try:
                os.unlink(os.path.join(self.path, name))
            except FileNotFoundError:
                pass
        self._made = []

    def _insert_run(self, db, frame):
        for statement in SCHEMA_SQL:
            db.execute(statement)
        if frame[0] == "network":
            sizes, names, loss = frame[1], list(frame[2]), frame[3]
            names[-1] = "identity"                  # the store keeps logits; the head is the loss
            model = "network"
        else:
            sizes, names, loss = [self.d, frame[1]], ["identity"], frame[2]
            model = "field"
        kind = "points2D" if self.d == 2 and not self.regression else \
            "regression1D" if self.d == 1 and self.regression else "table"
        recorder = f"flipbook_record {__import__('flipbook_record').__version__} (Python {platform.python_version()})"
        extent = json.dumps(list(self.extent)) if self.extent is not None else None
        db.execute("INSERT INTO run (id, created_at, config_json, layer_sizes, activations, loss, status, diverged_at, "
                   "initial_parameters, model, field_extent, field_size, recorded_by, steps_per_epoch) "
                   "VALUES (1, ?, '{}', ?, ?, ?, 'running', NULL, NULL, ?, ?, ?, ?, NULL)",
                   (datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"), json.dumps(sizes),
                    json.dumps(names), loss, model, extent, self.grid if extent else None, recorder))
        labels = None if self.regression else np.ascontiguousarray(self.labels, dtype="<i4").tobytes()
        targets = _f32(self.y) if self.regression else None
        db.execute("INSERT INTO dataset VALUES (1, ?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?)",
                   (self.name, kind, self.n, self.d, json.dumps(self.class_names), _f32(self.X), labels, targets,
                    self.test.astype(np.uint8).tobytes(), _f32(self.mean), _f32(self.deviation)))
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def close(self, completed=True):
        """Marks the run completed (or, with completed=False, stopped) and releases the directory."""
        if self._db:
            self._db.execute("UPDATE run SET status = ?", ("completed" if completed else "running",))
            self._db.close()
        self._db = False
        if getattr(self, "_lock", None) is not None:
            self._release()

    def __enter__(self):
        return self

    def __exit__(self, kind, value, traceback):
        self.close(completed=kind is None)
        return False
