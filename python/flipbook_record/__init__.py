"""Record any training loop into a Flipbook frame store, for `flipbook render` to draw.

    from flipbook_record import Recorder
    with Recorder("runs/mine", X, y, test=is_test, class_names=["outer", "inner"]) as rec:
        for epoch in range(500):
            ...                                      # your own training step
            rec.log(epoch, train_loss=l, layers=[(W1, b1), (W2, b2)], activations=["relu", "identity"])
            # or, for any model:  rec.log(epoch, train_loss=l, predict=model.predict_proba)
            # or, for a PyTorch module or a scikit-learn estimator:  rec.log(epoch, train_loss=l, model=model)
    rec.render()                                     # in a notebook: the animations, inline
"""

from .fields import GRID_SIZE
from .recorder import Recorder
from .store import SCHEMA_VERSION

__version__ = "0.1.0"
__all__ = ["Recorder", "SCHEMA_VERSION", "GRID_SIZE", "__version__"]
