"""Checks of what a training loop hands the recorder: arrays of real numbers, the data and its
labels or targets, the classes, epochs and metrics.

Every check raises TypeError or ValueError whose message starts with the argument's name, before
anything is written.
"""

import numbers

import numpy as np

from .store import MAX_CLASSES, MAX_EPOCHS, MAX_SAMPLES, MAX_WIDTH

LOSSES = ("binary-cross-entropy", "softmax-cross-entropy", "sigmoid-per-class", "mean-squared-error")

#: What the array kinds that are not real numbers hold, for messages.
_KINDS = {"c": "complex numbers (the imaginary part would be lost)", "M": "dates", "m": "durations",
          "U": "strings", "S": "strings", "O": "Python objects", "V": "structured records"}


def real(value, name, expected="an array of numbers"):
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


def floats(value, name):
    """`value` as a NumPy array of float64, or TypeError naming `name`."""
    return real(value, name).astype(np.float64)


def finite(array, name):
    """Raises ValueError naming `name` when `array` holds NaN or an infinity (or overflows float32)."""
    bad = ~np.isfinite(array) | (np.abs(array) > np.finfo(np.float32).max)
    if bad.any():
        index = tuple(int(i) for i in np.argwhere(bad)[0])
        raise ValueError(f"{name}: value at {index if len(index) > 1 else index[0]} is {array[index]}; every value must be finite")


def metric(value, name):
    """A metric: None (not measured) or a finite number: a Python or NumPy number, or a 0-d torch tensor."""
    if value is None:
        return None
    if type(value).__module__.startswith("torch") and hasattr(value, "item"):    # a tensor, on any device
        if value.dim() != 0:
            raise TypeError(f"{name}: expected one number (a 0-d tensor), got a tensor of shape {tuple(value.shape)}")
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.ndarray, np.generic)):
        raise TypeError(f"{name}: expected a number or None, got {type(value).__name__}")
    array = real(value, name, "a number or None")
    number = float(array.reshape(-1)[0]) if array.size == 1 else None
    if number is None:
        raise TypeError(f"{name}: expected one number, got an array of {np.size(value)}")
    if not np.isfinite(number):
        raise ValueError(f"{name}: {number} is not finite")
    return number


def _number_text(value):
    """A label or value for a message: 3000000000, 0.5, 1e+30."""
    return f"{value:.10g}"


def class_labels(y):
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


# ----- the constructor's arguments -----

def check_samples(X):
    """X: an (n, d) array of finite numbers, n >= 2, within the store's bounds; returned as float64."""
    X = floats(X, "X")
    if X.ndim != 2 or X.shape[0] < 2 or X.shape[1] < 1:
        raise ValueError(f"X: expected an (n, d) array with n >= 2 samples, got shape {X.shape}")
    n, d = X.shape
    if n > MAX_SAMPLES or d > MAX_WIDTH or n * d > 1 << 28:
        raise ValueError(f"X: {n} samples x {d} features is more than a frame store holds")
    finite(X, "X")
    return X


def check_targets(y, n):
    """y: one integer label or float target per sample, as (float64 values, whether y held integers).
    Strings are refused, with class_names= or without: labels are the classes' numbers 0…K-1, their
    names go in class_names=."""
    y_raw = real(y, "y", "integer labels 0…K-1 (with their names as class_names=) or float targets")
    y_values = y_raw.reshape(-1) if y_raw.ndim == 2 and y_raw.shape[1] == 1 else y_raw
    if y_values.shape != (n,):
        raise ValueError(f"y: expected {n} values (one per row of X), got shape {y_raw.shape}")
    values = y_values.astype(np.float64)
    finite(values, "y")
    return values, y_values.dtype.kind in "biu"


def check_test(test, n):
    """test: None (no test samples) or a boolean mask, one flag per sample."""
    if test is None:
        return np.zeros(n, dtype=bool)
    mask = np.asarray(test)
    if mask.dtype != bool:
        raise TypeError(f"test: expected a boolean mask, got dtype {mask.dtype}")
    if mask.shape != (n,):
        raise ValueError(f"test: expected {n} flags (one per row of X), got shape {mask.shape}")
    return mask


def check_standardisation(mean, deviation, d):
    """mean= and deviation=: together or not at all, one finite value per feature, deviations positive.
    Returns (mean, deviation), zeros and ones when not given."""
    if (mean is None) != (deviation is None):
        raise ValueError(f"{'deviation' if mean is not None else 'mean'}: mean= and deviation= are given together")
    mean = np.zeros(d) if mean is None else floats(mean, "mean").reshape(-1)
    deviation = np.ones(d) if deviation is None else floats(deviation, "deviation").reshape(-1)
    for label, values in (("mean", mean), ("deviation", deviation)):
        if values.shape != (d,):
            raise ValueError(f"{label}: expected {d} values (one per feature), got shape {values.shape}")
        finite(values, label)
    if (deviation <= 0).any():
        raise ValueError(f"deviation: every deviation must be positive, got {deviation.tolist()}")
    return mean, deviation


def check_classes(y, y_is_integer, class_names, loss):
    """The loss and the classes: (regression, labels or None, class names). Float targets that are
    not all whole numbers are a regression, unless classes are named."""
    if loss is not None and loss not in LOSSES:
        raise ValueError(f"loss: {loss!r} is not one of {', '.join(LOSSES)}")
    regression = loss == "mean-squared-error" or (loss is None and class_names is None and not y_is_integer
                                                  and not np.all(y == np.round(y)))
    if regression:
        if class_names is not None:
            raise ValueError("class_names: a regression (float targets) has no classes")
        return True, None, []
    labels = class_labels(y)
    classes = int(labels.max()) + 1
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
    return False, labels, class_names


def check_name(name):
    """name: None or a non-empty string of at most 4096 bytes."""
    if name is not None and (not isinstance(name, str) or not name or len(name.encode()) > 4096):
        raise TypeError("name: expected a non-empty string of at most 4096 bytes")


# ----- log's arguments -----

def check_epoch(epoch, next_epoch):
    """epoch: a whole number, at least `next_epoch` (epochs increase from 0), within the store's bounds."""
    if isinstance(epoch, bool) or not isinstance(epoch, numbers.Integral):
        raise TypeError(f"epoch: expected a whole number, got {type(epoch).__name__}")
    epoch = int(epoch)
    if epoch < next_epoch:
        raise ValueError(f"epoch: {epoch} does not follow {next_epoch - 1}; epochs increase from 0"
                         if next_epoch else f"epoch: {epoch} is negative; epochs count from 0")
    if epoch >= MAX_EPOCHS:
        raise ValueError(f"epoch: {epoch} is beyond the {MAX_EPOCHS} epochs a store holds")
    return epoch


def check_metrics(regression, train_loss, test_loss, train_accuracy, test_accuracy, train_r2, test_r2):
    """The epoch's metrics as [train_loss, test_loss, train_score, test_score], None where not given:
    accuracies (0…1) for classification, R² (at most 1) for a regression; losses are never negative."""
    given_scores = (("train_accuracy", train_accuracy), ("test_accuracy", test_accuracy)) if not regression \
        else (("train_r2", train_r2), ("test_r2", test_r2))
    wrong = (("train_r2", train_r2), ("test_r2", test_r2)) if not regression \
        else (("train_accuracy", train_accuracy), ("test_accuracy", test_accuracy))
    for name, value in wrong:
        if value is not None:
            raise ValueError(f"{name}: this run is {'classification' if not regression else 'regression'}; "
                             f"give {'accuracies' if not regression else 'R²'} instead")
    values = []
    for name, value in (("train_loss", train_loss), ("test_loss", test_loss)):
        number = metric(value, name)
        if number is not None and number < 0:
            raise ValueError(f"{name}: {number} is negative; a loss never is")
        values.append(number)
    for name, value in given_scores:
        number = metric(value, name)
        if number is not None and not regression and not 0 <= number <= 1:
            raise ValueError(f"{name}: {number} is outside 0…1 (an accuracy is a fraction)")
        if number is not None and regression and number > 1:
            raise ValueError(f"{name}: {number} is above 1 (R² never is)")
        values.append(number)
    return values
