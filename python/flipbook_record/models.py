"""`model=` and `criterion=`: a PyTorch module or a scikit-learn (or any) estimator turned into what
`log` records — `layers=` with `activations=` for a dense network Flipbook evaluates itself, or
`predict=` for any other model — and a loss object into a loss Flipbook knows.

Neither torch nor scikit-learn is imported here: a model is recognised among the modules already
loaded (a torch module cannot exist unless torch is), and the adapters import their library only
when given one of its models.

What a model returns and how that becomes probabilities is an `Output`: the family of its
probabilities (sigmoid, softmax, regression or not known) and what it returns (logits,
probabilities, log-probabilities, values or not known). The module's last layer, `head=` and the
criterion each say part of it; they must agree.
"""

import sys
from collections import namedtuple

import numpy as np

Output = namedtuple("Output", "family returns")

#: head= of log: how what a torch module returns becomes the picture's values.
HEADS = {"sigmoid": Output("sigmoid", "logits"), "softmax": Output("softmax", "logits"),
         "probabilities": Output(None, "probabilities"), "regression": Output("regression", "values")}

#: A loss object's (or torch.nn.functional loss's) name → what its model returns, and the loss stored.
CRITERIA = {"BCEWithLogitsLoss": (Output("sigmoid", "logits"), "binary-cross-entropy"),
            "BCELoss": (Output("sigmoid", "probabilities"), "binary-cross-entropy"),
            "CrossEntropyLoss": (Output("softmax", "logits"), "softmax-cross-entropy"),
            "NLLLoss": (Output("softmax", "log-probabilities"), "softmax-cross-entropy"),
            "MSELoss": (Output("regression", "values"), "mean-squared-error")}
FUNCTIONS = {"binary_cross_entropy_with_logits": "BCEWithLogitsLoss", "binary_cross_entropy": "BCELoss",
             "cross_entropy": "CrossEntropyLoss", "nll_loss": "NLLLoss", "mse_loss": "MSELoss"}


def check_criterion(criterion, loss):
    """criterion= of the recorder: (its name, its Output, the loss it stands for), or (None, None, loss)."""
    if criterion is None:
        return None, None, loss
    if loss is not None:
        raise ValueError("criterion: give criterion= or loss=, not both")
    if isinstance(criterion, type):
        raise TypeError(f"criterion: expected a loss object such as {criterion.__name__}(), got the class itself")
    name = type(criterion).__name__
    if getattr(criterion, "__module__", None) == "torch.nn.functional":
        name = FUNCTIONS.get(criterion.__name__, criterion.__name__)
    elif not type(criterion).__module__.startswith("torch.nn"):
        raise TypeError(f"criterion: expected a torch.nn loss such as nn.BCEWithLogitsLoss(), got {name}")
    if name not in CRITERIA:
        raise ValueError(f"criterion: {name} is not a loss Flipbook knows ({', '.join(CRITERIA)}); "
                         "give loss= instead, or none")
    output, stored = CRITERIA[name]
    return name, output, stored


def describe(output):
    """'sigmoid logits', 'probabilities', …"""
    return " ".join(part for part in (None if output.family == "regression" else output.family, output.returns) if part)


def agree(claims):
    """One Output from (what says it, Output) claims, most specific first (the module's last layer),
    or ValueError naming two that disagree. A linear output's logits agree with a regression's
    values, and softmax logits with log-probabilities (the one is the other shifted)."""
    family, returns, first = None, None, None
    for said, output in claims:
        if output is None:
            continue
        pair = {returns, output.returns}
        compatible = pair <= {"logits", "values"} or (pair <= {"logits", "log-probabilities"} and "softmax" in (family, output.family))
        if (family and output.family and family != output.family) or \
                (returns and output.returns and returns != output.returns and not compatible):
            raise ValueError(f"{said} {describe(output)}, but {first} ({describe(Output(family, returns))})")
        family, returns = family or output.family, returns or output.returns
        first = first or said
    return Output(family, returns)


def resolve(output, outputs, classes, regression):
    """The family of a classifier's probabilities: given, or inferred from its `outputs` per point
    (one: sigmoid; one per class: softmax)."""
    if regression:
        if output.family not in (None, "regression"):
            raise ValueError(f"model: y holds regression targets, but the model returns {describe(output)}")
        return Output("regression", "values")
    if output.family == "regression":
        raise ValueError("model: the model is a regression (head or criterion), but y holds class labels")
    if output.family is None and output.returns != "probabilities":
        if outputs not in (1, classes):
            raise ValueError(f"model: the module returns {outputs} outputs per point for {classes} classes; "
                             f"a classifier returns 1 (sigmoid) or {classes} (softmax)")
        return Output("sigmoid" if outputs == 1 else "softmax", output.returns or "logits")
    needs = {"sigmoid": (1, classes), "softmax": (classes,)}.get(output.family, (outputs,))
    if outputs not in needs:
        raise ValueError(f"model: the module returns {outputs} output{'s' if outputs > 1 else ''} per point; "
                         f"{output.family} with {classes} classes needs {' or '.join(map(str, sorted(set(needs))))}")
    return output


def probabilities(values, output):
    """What a model returned, as the field's probabilities (or regression values)."""
    if output.returns == "logits" and output.family == "sigmoid":
        return 1 / (1 + np.exp(-values))
    if output.returns in ("logits", "log-probabilities") and output.family == "softmax":
        e = np.exp(values - values.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)
    return values


def adapt(model, head, criterion_output, criterion_name, d, classes, regression):
    """model= as (layers, activations, predict, notes): layers and activations for a network
    Flipbook can hold, else a predict function for the field; notes are what to say once."""
    torch = sys.modules.get("torch")
    if head is not None and not isinstance(head, str):
        raise TypeError(f"head: expected one of {', '.join(HEADS)}, got {type(head).__name__}")
    if head is not None and head not in HEADS:
        raise ValueError(f"head: {head!r} is not one of {', '.join(HEADS)}")
    given = [(f"head: {head!r} stands for", HEADS.get(head)),
             (f"criterion: {criterion_name} takes", criterion_output)]
    if torch is not None and isinstance(model, torch.nn.Module):
        from . import adapters_torch
        return adapters_torch.adapt(model, given, d, classes, regression)
    if head is not None:
        raise ValueError("head: goes with a torch.nn.Module; an estimator's output is its own")
    if any(callable(getattr(model, m, None)) for m in ("predict_proba", "decision_function", "predict")):
        from . import adapters_sklearn
        return adapters_sklearn.adapt(model, d, classes, regression)
    raise TypeError(f"model: expected a torch.nn.Module or an estimator with predict_proba, decision_function or "
                    f"predict, got {type(model).__name__} (for a function of the points, give predict=)")
