"""A dense network handed to `log` as `layers=` and `activations=`: checked, and turned into the
frame the store keeps (its layer sizes, activations, loss and float32 parameters).

A network frame is the tuple ("network", layer sizes, activation names, loss, parameter bytes).
"""

from .checks import finite, floats
from .store import MAX_LAYERS, MAX_PARAMETERS, MAX_WIDTH, f32

ACTIVATIONS = ("identity", "relu", "leaky-relu", "sigmoid", "tanh", "softmax")


def check_network(layers, activations, inputs, class_names, regression, loss, model, shapes):
    """The network frame of `layers` = [(W, b), …] (W of shape (inputs, outputs), as in x @ W + b) on
    `inputs` features. `model` is the run's model so far ("network", "field" or None) and `shapes`
    its network's (sizes, activations): a run records one network."""
    if model == "field":
        raise ValueError("layers: this run records fields (predict=); it cannot switch to layers=")
    if isinstance(layers, (str, bytes)) or not hasattr(layers, "__len__") or len(layers) == 0:
        raise TypeError("layers: expected a list of (W, b) pairs")
    if len(layers) > MAX_LAYERS:
        raise ValueError(f"layers: {len(layers)} layers; a store holds at most {MAX_LAYERS}")
    arrays, sizes = [], [inputs]
    for i, pair in enumerate(layers):
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            raise TypeError(f"layers: item {i} is not a (W, b) pair")
        W = floats(pair[0], f"layers[{i}] W")
        b = floats(pair[1], f"layers[{i}] b")
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
        finite(W, f"layers[{i}] W")
        finite(b, f"layers[{i}] b")
        arrays += [W, b.reshape(-1)]
        sizes.append(W.shape[1])
    if sum(a.size for a in arrays) > MAX_PARAMETERS:
        raise ValueError(f"layers: more than {MAX_PARAMETERS} parameters")
    names = check_activations(activations, len(layers))
    stored_loss = network_loss(sizes[-1], names[-1], len(class_names), regression, loss)
    if shapes is not None and (tuple(sizes), tuple(names)) != shapes:
        raise ValueError(f"layers: the network changed from {shapes[0]} {list(shapes[1])} "
                         f"to {tuple(sizes)} {names}; a run records one network")
    return ("network", sizes, names, stored_loss, b"".join(f32(a) for a in arrays))


def check_activations(activations, count):
    """activations: one name of ACTIVATIONS per layer."""
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


def network_loss(outputs, head, classes, regression, loss):
    """The store's loss of a network whose last layer has `outputs` units and activation `head`, for
    `classes` classes (or a regression) and the loss given to the recorder (None: inferred)."""
    if regression:
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
