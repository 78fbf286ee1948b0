"""model= with a scikit-learn estimator, or any object with predict_proba, decision_function or predict.

An MLPClassifier or MLPRegressor is recorded as its layers: `coefs_` (already (inputs, outputs)),
`intercepts_`, `activation` after each hidden layer and `out_activation_` as the head. Any other
estimator is recorded as its field: for a classifier its predict_proba, else its decision_function
through a sigmoid (one score per point) or a softmax (one per class) — so the 0.5 boundary is the
estimator's own — else its predicted classes as probabilities 0 or 1; for a regression its predict.
scikit-learn is never imported here: an MLP is recognised when sklearn.neural_network is loaded.
"""

import sys

import numpy as np

from .models import Output, probabilities

#: scikit-learn's activation names → the store's.
ACTIVATIONS = {"identity": "identity", "logistic": "sigmoid", "tanh": "tanh", "relu": "relu", "softmax": "softmax"}


def adapt(estimator, d, classes, regression):
    """(layers, activations, predict, notes) of `estimator`."""
    name = type(estimator).__name__
    fitted = [a for a in ("coefs_", "classes_", "n_features_in_") if hasattr(estimator, a)]
    if not fitted and type(estimator).__module__.startswith("sklearn."):
        raise ValueError(f"model: the {name} is not fitted yet; log it after fit or partial_fit")
    width = getattr(estimator, "n_features_in_", d)
    if width != d:
        raise ValueError(f"model: the {name} takes {width} features; X has {d}")
    known = np.asarray(getattr(estimator, "classes_", [])).tolist()
    if not regression and (known != list(range(len(known))) or len(known) > classes):
        raise ValueError(f"model: the {name}'s classes_ are {known}; the recorder's labels are 0…{classes - 1}: "
                         "train it on the same labels")
    network = sys.modules.get("sklearn.neural_network")
    if network is not None and isinstance(estimator, (network.MLPClassifier, network.MLPRegressor)):
        names = [ACTIVATIONS[estimator.activation]] * (len(estimator.coefs_) - 1) + [ACTIVATIONS[estimator.out_activation_]]
        return list(zip(estimator.coefs_, estimator.intercepts_)), names, None, []
    return None, None, field(estimator, classes, regression), []


def field(estimator, classes, regression):
    """The predict function of `estimator` for the field."""
    method = next(m for m in ("predict_proba", "decision_function", "predict") if callable(getattr(estimator, m, None)))
    if regression:
        if not callable(getattr(estimator, "predict", None)):
            raise ValueError(f"model: a regression needs the {type(estimator).__name__}'s predict, which it has not")
        return estimator.predict
    if method == "predict_proba":
        return estimator.predict_proba
    if method == "decision_function":
        def scores(points):
            values = np.asarray(estimator.decision_function(points), dtype=np.float64)
            return probabilities(values, Output("sigmoid" if values.ndim == 1 else "softmax", "logits"))
        return scores

    def predicted(points):
        labels = np.asarray(estimator.predict(points))
        if labels.dtype.kind not in "biu" or labels.min() < 0 or labels.max() >= classes:
            raise ValueError(f"model: the {type(estimator).__name__}'s predict returned labels outside 0…{classes - 1}")
        return np.eye(classes)[labels]
    return predicted
