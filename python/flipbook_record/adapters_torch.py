"""model= with a PyTorch module (imported only when one is given).

An nn.Sequential (nested ones flattened) of nn.Linear and the activations Flipbook's network
knows is recorded as its layers: W as (inputs, outputs) (nn.Linear keeps (outputs, inputs)), zero
biases where bias=False, an activation after each layer; nn.Dropout is left out (the network is
drawn as in evaluation mode) and nn.Identity is nothing. Any other module — or a Sequential with a
layer Flipbook's network does not hold — is recorded as its field: the recorder evaluates it on the
grid and the samples, under torch.no_grad(), in evaluation mode, on its device and in its dtype, a
batch at a time, and puts every submodule's training mode back as it was.
"""

import numpy as np
import torch
from torch import nn

from .models import Output, agree, probabilities, resolve

#: Points per batch when a module is evaluated on the grid (the default 96 × 96 grid and its
#: samples go in one).
BATCH = 16384

#: The activations Flipbook's network holds, by their stored names.
HIDDEN = {nn.ReLU: "relu", nn.Tanh: "tanh", nn.Sigmoid: "sigmoid"}
#: What a Sequential's last module, after its last nn.Linear, says the module returns.
ENDINGS = {nn.Sigmoid: Output("sigmoid", "probabilities"), nn.Softmax: Output("softmax", "probabilities"),
           nn.LogSoftmax: Output("softmax", "log-probabilities")}


def adapt(module, given, d, classes, regression):
    """(layers, activations, predict, notes) of `module`; `given` the claims of head= and the criterion."""
    notes = []
    items = flatten(module) if plain_sequential(module) else []
    kept = [(i, m) for i, (_, m) in enumerate(items) if not isinstance(m, nn.Dropout) and type(m) is not nn.Identity]
    first = kept[0][1] if kept else None
    if isinstance(first, nn.Linear) and first.in_features != d:
        raise ValueError(f"model: the module's first nn.Linear takes {first.in_features} inputs; X has {d} features")
    last = kept[-1][1] if kept else None
    ending = ENDINGS.get(type(last)) or (Output(None, "logits") if isinstance(last, nn.Linear) else None)
    ending = None if regression else ending                     # a regression's outputs are values, however made
    output = agree([(f"the module ends in {describe(last)}", ending)] + given)
    network = sequential(items, kept[-1][0] if kept else -1, notes) if items else None
    if isinstance(network, tuple):
        layers, names = network
        if names[-1] in ("identity", "sigmoid", "softmax") and not (regression and names[-1] != "identity"):
            output = resolve(output, layers[-1][0].shape[1], classes, regression)
            names[-1] = {"sigmoid": "sigmoid", "softmax": "softmax"}.get(output.family, "identity")
            return layers, names, None, notes
        network = f"{describe(last)} (layer {items[kept[-1][0]][0]}) " + \
            ("ends a regression, whose network Flipbook ends in a linear output" if regression
             else "is no output head Flipbook's network ends in")
    if network is not None:
        notes = [f"model: {network}; recorded as a field (the model's output on the grid), without the views "
                 "inside the network"]
    return None, None, field(module, output, d, classes, regression), notes


def plain_sequential(module):
    """True for an nn.Sequential whose forward is Sequential's own."""
    return isinstance(module, nn.Sequential) and type(module).forward is nn.Sequential.forward


def flatten(module, prefix=""):
    """A Sequential's modules in order, nested plain Sequentials opened, as (path, module): paths as
    PyTorch prints them ("2.1" for model[2][1])."""
    items = []
    for name, child in module.named_children():
        items += flatten(child, f"{prefix}{name}.") if plain_sequential(child) else [(f"{prefix}{name}", child)]
    return items


def sequential(items, last, notes):
    """([(W, b), …], activations) of a flat list of modules (`last` the index of the last that is not
    dropout or identity), or the reason Flipbook's network cannot hold them, naming the layer."""
    layers, names = [], []
    for i, (path, item) in enumerate(items):
        if isinstance(item, nn.Dropout):
            notes.append(f"model: nn.Dropout (layer {path}) skipped: Flipbook draws the network as in evaluation mode")
            continue
        if type(item) is nn.Identity:
            continue
        name = activation(item, last=i == last)
        if type(item) is nn.Linear:
            if len(names) < len(layers):
                names.append("identity")
            W = item.weight.detach().to("cpu", torch.float64).numpy().T         # any dtype, any device
            b = item.bias.detach().to("cpu", torch.float64).numpy() if item.bias is not None else np.zeros(item.out_features)
            layers.append((W, b))
        elif isinstance(name, str) and layers and len(names) < len(layers):
            names.append(name)
        else:
            why = name[0] if not isinstance(name, str) else "follows no nn.Linear"
            return f"{describe(item)} (layer {path}) {why}"
    if not layers:
        return "it holds no nn.Linear"
    if len(names) < len(layers):
        names.append("identity")
    return layers, names


def activation(item, last):
    """The stored name of an activation module, or (why not,) for one Flipbook's network does not hold."""
    if type(item) in HIDDEN:
        return HIDDEN[type(item)]
    if type(item) is nn.LeakyReLU:
        return "leaky-relu" if item.negative_slope == 0.01 else \
            ("is not stored: Flipbook's network keeps leaky ReLU's slope 0.01 only",)
    if type(item) in (nn.Softmax, nn.LogSoftmax):
        return "softmax" if last and item.dim in (None, 1, -1) else ("is a softmax that is not the last layer over the outputs",)
    return ("is not a layer Flipbook's network holds",)


def describe(item):
    """'nn.ELU', 'nn.LeakyReLU(negative_slope=0.2)'."""
    if type(item) is nn.LeakyReLU:
        return f"nn.LeakyReLU(negative_slope={item.negative_slope})"
    return f"nn.{type(item).__name__}" if type(item).__module__.startswith("torch.nn") else type(item).__name__


def field(module, output, d, classes, regression):
    """The predict function of `module` for the field: its values on the points, as probabilities."""
    parameter = next(module.parameters(), None)
    device = parameter.device if parameter is not None else torch.device("cpu")
    dtype = parameter.dtype if parameter is not None and parameter.is_floating_point() else torch.get_default_dtype()

    def predict(points):
        modes = [(m, m.training) for m in module.modules()]
        module.eval()
        try:
            with torch.no_grad():
                batches = [evaluate(module, torch.as_tensor(points[at:at + BATCH], dtype=dtype, device=device), points, d)
                           for at in range(0, len(points), BATCH)]
        finally:
            for m, training in modes:
                m.training = training
        values = np.concatenate(batches)
        resolved = resolve(output, values.shape[1] if values.ndim == 2 else 1, classes, regression)
        return probabilities(values, resolved)
    return predict


def evaluate(module, batch, points, d):
    """The module's outputs on one batch, as a NumPy array; ValueError when it fails."""
    try:
        out = module(batch)
    except Exception as error:
        raise ValueError(f"model: the module failed on a {tuple(points.shape)} batch of the grid and the samples "
                         f"(X has {d} features): {error}") from error
    if not isinstance(out, torch.Tensor):
        raise ValueError(f"model: the module returned {type(out).__name__}; a field needs one tensor of outputs per point")
    return out.detach().to("cpu", torch.float64).numpy()

