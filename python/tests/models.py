"""What the model= tests share: a NumPy forward pass of a recorded network, read back from its store."""

import numpy as np

from helpers import read_store


def stored_network(directory, epoch=-1):
    """The run row and the [(W, b), …] of one recorded epoch, read back with sqlite3 and NumPy."""
    run, epochs, _, _, _ = read_store(directory)
    flat = np.frombuffer(epochs[epoch]["parameters"], "<f4").astype(np.float64)
    layers, at = [], 0
    for inputs, outputs in zip(run["layer_sizes"], run["layer_sizes"][1:]):
        layers.append((flat[at:at + inputs * outputs].reshape(inputs, outputs), flat[at + inputs * outputs:][:outputs]))
        at += inputs * outputs + outputs
    return run, layers


ACTIVATE = {"identity": lambda z: z, "relu": lambda z: np.maximum(z, 0), "leaky-relu": lambda z: np.where(z > 0, z, 0.01 * z),
            "tanh": np.tanh, "sigmoid": lambda z: 1 / (1 + np.exp(-z))}


def stored_logits(directory, Z, epoch=-1):
    """The recorded network's outputs on Z (as the model sees it) before its head: x @ W + b, layer by layer."""
    run, layers = stored_network(directory, epoch)
    for (W, b), name in zip(layers, run["activations"]):
        Z = ACTIVATE[name](Z @ W + b)
    return Z


def stored_probabilities(directory, Z, epoch=-1):
    """The recorded network's probabilities on Z: its logits through the head its loss names."""
    run, _ = stored_network(directory, epoch)
    z = stored_logits(directory, Z, epoch)
    if run["loss"] == "softmax-cross-entropy":
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return ACTIVATE["sigmoid"](z) if run["loss"] == "binary-cross-entropy" else z


def stored_field(directory, epoch=-1):
    """A field run's grid of one epoch, as probabilities (p × 255 rounded, read back) or values."""
    run, epochs, _, _, _ = read_store(directory)
    blob = epochs[epoch]["field"]
    if run["loss"] == "mean-squared-error":
        return np.frombuffer(blob, "<f4")
    return np.frombuffer(blob, np.uint8).reshape(run["field_size"] ** 2, -1) / 255
