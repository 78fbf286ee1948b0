"""The recorder on its own: what it writes (read back with sqlite3 and NumPy), and what it refuses."""

import os
import re
import signal
import shutil
import subprocess
import sys
import tracemalloc

import numpy as np
import pytest

from flipbook_record import GRID_SIZE, SCHEMA_VERSION, Recorder, recorder
from helpers import TinyNet, circles, read_store

HERE = os.path.dirname(os.path.abspath(__file__))


def test_a_logged_network_is_stored_as_flipbook_reads_it(tmp_path):
    X, y, test = circles()
    net = TinyNet()
    with Recorder(tmp_path / "run", X, y, test=test, class_names=["outer", "inner"]) as rec:
        for epoch in range(3):
            loss = net.step(X[~test], y[~test])
            rec.log(epoch, train_loss=loss, train_accuracy=0.5, layers=net.layers, activations=["relu", "sigmoid"])
    run, epochs, dataset, version, journal = read_store(tmp_path / "run")
    assert (version, journal) == (SCHEMA_VERSION, "wal")
    assert run["layer_sizes"] == [2, 16, 2] and run["activations"] == ["relu", "identity"]
    assert run["loss"] == "binary-cross-entropy" and run["model"] == "network" and run["status"] == "completed"
    assert "Python" in run["recorded_by"]
    assert [e["epoch"] for e in epochs] == [0, 1, 2] and all(e["step"] is None for e in epochs)
    flat = np.frombuffer(epochs[-1]["parameters"], "<f4")
    expected = np.concatenate([a.reshape(-1) for pair in net.layers for a in pair]).astype(np.float32)
    np.testing.assert_array_equal(flat, expected)
    assert epochs[-1]["train_loss"] == pytest.approx(loss)
    assert epochs[-1]["test_loss"] is None and epochs[-1]["test_score"] is None      # not given: left empty
    np.testing.assert_array_equal(np.frombuffer(dataset["features"], "<f4"), X.astype(np.float32).reshape(-1))
    np.testing.assert_array_equal(np.frombuffer(dataset["labels"], "<i4"), y)
    np.testing.assert_array_equal(np.frombuffer(dataset["is_test"], np.uint8), test.astype(np.uint8))


def test_a_predict_field_holds_the_probability_of_class_one_on_the_grid(tmp_path):
    X, y, test = circles()
    seen = []

    def predict(P):
        seen.append(P.copy())
        p = 1 / (1 + np.exp(-(P[:, 0] + 2 * P[:, 1])))
        return np.c_[1 - p, p]

    with Recorder(tmp_path / "run", X, y, test=test, mean=[1.0, -1.0], deviation=[2.0, 4.0]) as rec:
        rec.log(0, train_loss=0.3, predict=predict)
    run, epochs, _, _, _ = read_store(tmp_path / "run")
    assert run["model"] == "field" and run["layer_sizes"] == [2, 1] and run["field_size"] == GRID_SIZE
    x0, x1, y0, y1 = np.array(eval(run["field_extent"]))
    grid = seen[0][:GRID_SIZE ** 2] * [2.0, 4.0] + [1.0, -1.0]      # back in data units
    assert grid[0] == pytest.approx([x0, y1]) and grid[-1] == pytest.approx([x1, y0])   # top left … bottom right
    field = np.frombuffer(epochs[0]["field"], np.uint8)
    assert field.size == GRID_SIZE ** 2 and len(seen[0]) == GRID_SIZE ** 2 + len(X)
    expected = 1 / (1 + np.exp(-(seen[0][:, 0] + 2 * seen[0][:, 1])))
    assert np.abs(field / 255 - expected[:GRID_SIZE ** 2]).max() <= 0.5 / 255 + 1e-9
    np.testing.assert_array_equal(seen[0][GRID_SIZE ** 2:], (X - [1.0, -1.0]) / [2.0, 4.0])     # then the samples
    predicted = np.frombuffer(epochs[0]["predicted"], "<u2")
    np.testing.assert_array_equal(predicted, (expected[GRID_SIZE ** 2:] >= 0.5).astype(int))


def test_two_independent_probabilities_are_kept_as_sigmoid_per_class(tmp_path):
    X, y, _ = circles()
    with Recorder(tmp_path / "run", X, y) as rec:
        rec.log(0, predict=lambda P: np.c_[np.full(len(P), 0.2), np.full(len(P), 0.3)])
        with pytest.raises(ValueError, match="^predict: returned 1 outputs per point; earlier epochs returned 2"):
            rec.log(1, predict=lambda P: np.c_[np.full(len(P), 0.2), np.full(len(P), 0.8)])
    run, epochs, _, _, _ = read_store(tmp_path / "run")
    assert run["layer_sizes"] == [2, 2] and run["loss"] == "binary-cross-entropy"
    field = np.frombuffer(epochs[0]["field"], np.uint8).reshape(-1, 2)
    assert (field == [51, 76]).all()
    assert (np.frombuffer(epochs[0]["predicted"], "<u2") == 1).all()


def test_a_500_epoch_two_class_field_run_stays_under_10_mb(tmp_path):
    X, y, test = circles(1000)
    with Recorder(tmp_path / "run", X, y, test=test) as rec:
        for epoch in range(500):
            rec.log(epoch, train_loss=1 / (epoch + 1), predict=lambda P, e=epoch: 1 / (1 + np.exp(-(P[:, 0] * e / 100))))
    size = sum(os.path.getsize(tmp_path / "run" / f) for f in os.listdir(tmp_path / "run"))
    assert size < 10e6, size


def test_skipped_epochs_keep_empty_metrics_not_invented_ones(tmp_path):
    X, y, _ = circles()
    net = TinyNet()
    with Recorder(tmp_path / "run", X, y) as rec:
        rec.log(0, train_loss=0.7, layers=net.layers, activations=["relu", "sigmoid"])
        rec.log(3, train_loss=0.5, layers=net.layers, activations=["relu", "sigmoid"])
    _, epochs, _, _, _ = read_store(tmp_path / "run")
    assert [e["epoch"] for e in epochs] == [0, 1, 2, 3]
    assert [e["train_loss"] for e in epochs] == [0.7, None, None, 0.5]
    assert [e["parameters"] is None for e in epochs] == [False, True, True, False]


def net_args():
    net = TinyNet()
    return dict(layers=net.layers, activations=["relu", "sigmoid"])


def bad(W1=None, b1=None, W2=None, activations=("relu", "sigmoid")):
    net = TinyNet()
    layers = [(W1 if W1 is not None else net.W1, b1 if b1 is not None else net.b1), (W2 if W2 is not None else net.W2, net.b2)]
    return dict(layers=layers, activations=list(activations))


X0, Y0, T0 = circles()
nan_X = X0.copy(); nan_X[3, 1] = np.nan
CONSTRUCTOR_CASES = [
    ("X", ValueError, dict(X=X0[:, 0])),                                  # wrong shape
    ("X", ValueError, dict(X=nan_X)),                                     # NaN
    ("X", TypeError, dict(X="data")),
    ("y", ValueError, dict(y=Y0[:-1])),
    ("y", ValueError, dict(y=Y0 - 1, loss="softmax-cross-entropy")),      # negative labels
    ("test", ValueError, dict(test=T0[:-1])),
    ("test", TypeError, dict(test=T0.astype(int))),
    ("mean", ValueError, dict(mean=[0.0], deviation=[1.0])),
    ("deviation", ValueError, dict(mean=[0.0, 0.0], deviation=[1.0, 0.0])),
    ("deviation", ValueError, dict(mean=[0.0, 0.0])),
    ("class_names", ValueError, dict(class_names=["only one"])),
    ("y", ValueError, dict(y=Y0 * 2, class_names=["a", "b"])),            # a label beyond the classes
    ("loss", ValueError, dict(loss="hinge")),
    ("grid", ValueError, dict(grid=1)),
    ("extent", ValueError, dict(extent=(1, 0, 0, 1))),
    ("extent", ValueError, dict(extent=(0, 1, 0, np.inf))),
    ("path", TypeError, dict(path=42)),
    ("X", TypeError, dict(X=X0 + 0.5j)),                                  # complex: the imaginary part would be lost
    ("X", TypeError, dict(X=X0.astype("datetime64[s]"))),
    ("mean", TypeError, dict(mean=np.array([0, 0j]), deviation=[1.0, 1.0])),
    ("extent", TypeError, dict(extent=np.array(["0", "1", "0", "1"]))),
]

# Labels: every kind of array that is not real numbers is refused (strings too, even with class_names:
# give labels 0…K-1 and their names as class_names=), and every value that is not a class 0…999.
strings = np.where(Y0 == 1, "inner", "outer")
LABEL_CASES = [
    (TypeError, "complex", dict(y=Y0 + 0j)),
    (TypeError, "complex", dict(y=Y0 + 1j, class_names=["a", "b"])),
    (TypeError, "dates", dict(y=Y0.astype("datetime64[D]"))),
    (TypeError, "durations", dict(y=Y0.astype("timedelta64[s]"))),
    (TypeError, "Python objects", dict(y=Y0.astype(object))),
    (TypeError, "strings", dict(y=strings)),
    (TypeError, "strings", dict(y=strings, class_names=["outer", "inner"])),
    (TypeError, "strings", dict(y=strings.astype("S"))),
    (ValueError, "1e\\+30 .*beyond", dict(y=np.where(Y0 == 1, 1e30, 0.0))),          # was stored as class 0
    (ValueError, "3000000000 .*beyond", dict(y=Y0 * 3_000_000_000)),                 # was three billion names
    (ValueError, "2147483648 .*beyond", dict(y=Y0 << 31)),                           # outside int32
    (ValueError, "-3000000000 .*negative", dict(y=Y0 * -3_000_000_000)),
    (ValueError, "-1 .*negative", dict(y=Y0 - 1, class_names=["a", "b"])),
    (ValueError, "1000 .*beyond", dict(y=Y0 * 1000)),                                # 1,001 classes
    (ValueError, "1000 .*beyond", dict(y=Y0 * 1000, class_names=[str(k) for k in range(1000)])),
    (ValueError, "0.5 .*not a whole number", dict(y=Y0 / 2, class_names=["a", "b"])),
    (ValueError, "0.5 .*not a whole number", dict(y=Y0 / 2, loss="softmax-cross-entropy")),
]


@pytest.mark.parametrize("error,problem,changes", LABEL_CASES, ids=[f"y-{i}" for i in range(len(LABEL_CASES))])
def test_bad_labels_are_refused_naming_the_problem_and_write_nothing(tmp_path, error, problem, changes):
    args = dict(test=T0) | changes
    with pytest.raises(error, match="^y: .*" + problem):
        Recorder(tmp_path / "run", X0, args.pop("y"), **args)
    assert os.listdir(tmp_path) == []


def test_a_huge_label_is_refused_in_bounded_time_and_memory(tmp_path):
    y = Y0 * 3_000_000_000
    tracemalloc.start()
    try:
        with pytest.raises(ValueError, match="^y: "):
            Recorder(tmp_path / "run", X0, y)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1e6, f"{peak} bytes"


@pytest.mark.parametrize("argument,error,changes", CONSTRUCTOR_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CONSTRUCTOR_CASES)])
def test_bad_constructor_arguments_raise_naming_them_and_write_nothing(tmp_path, argument, error, changes):
    args = dict(path=tmp_path / "run", X=X0, y=Y0, test=T0)
    args.update(changes)
    with pytest.raises(error) as raised:
        Recorder(args.pop("path"), args.pop("X"), args.pop("y"), **args)
    assert str(raised.value).startswith(argument + ":"), str(raised.value)
    assert os.listdir(tmp_path) == []


nan_W = TinyNet().W1.copy(); nan_W[0, 3] = np.nan
LOG_CASES = [
    ("epoch", ValueError, dict(epoch=-1)),
    ("epoch", TypeError, dict(epoch=1.5)),
    ("train_loss", ValueError, dict(train_loss=float("nan"))),
    ("test_loss", ValueError, dict(test_loss=float("inf"))),
    ("train_accuracy", ValueError, dict(train_accuracy=1.5)),
    ("train_r2", ValueError, dict(train_r2=0.5)),
    ("layers", ValueError, bad(W2=np.zeros((8, 2)))),                      # does not chain
    ("layers", ValueError, bad(W1=np.zeros((3, 16)))),                     # does not take X's features
    ("layers", ValueError, bad(b1=np.zeros(5))),
    ("layers[0] W", ValueError, bad(W1=nan_W)),
    ("activations", ValueError, bad(activations=("relu", "swish"))),
    ("activations", ValueError, bad(activations=("relu",))),
    ("activations", ValueError, bad(activations=("relu", "softmax")) | dict(loss_given=True)),   # not sigmoid-per-class
    ("layers", ValueError, dict(layers=None, predict=None)),
    ("predict", TypeError, dict(layers=None, predict=42)),
    ("predict", ValueError, dict(layers=None, predict=lambda P: np.ones(7))),
    ("predict", ValueError, dict(layers=None, predict=lambda P: np.ones(len(P) - 1))),
    ("predict", ValueError, dict(layers=None, predict=lambda P: np.full(len(P), 2.0))),
    ("predict", ValueError, dict(layers=None, predict=lambda P: np.full(len(P), np.nan))),
    ("train_loss", TypeError, dict(train_loss=np.complex128(0.5 + 0.1j))),
    ("layers[0] W", TypeError, bad(W1=TinyNet().W1 + 0j)),
]


@pytest.mark.parametrize("argument,error,changes", LOG_CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(LOG_CASES)])
def test_bad_log_arguments_raise_naming_them_and_write_nothing(tmp_path, argument, error, changes):
    changes = dict(changes)
    loss = "sigmoid-per-class" if changes.pop("loss_given", False) else None
    rec = Recorder(tmp_path / "run", X0, Y0, test=T0, loss=loss)
    args = dict(epoch=0, train_loss=0.5, **net_args())
    args.update(changes)
    epoch = args.pop("epoch")
    with pytest.raises(error) as raised:
        rec.log(epoch, **args)
    assert str(raised.value).startswith(argument + ":"), str(raised.value)
    assert sorted(os.listdir(tmp_path / "run")) == [".flipbook.lock"]      # the first log failed: no store, no list
    rec.log(0, train_loss=0.5, **net_args())                              # the recorder still works
    if argument != "layers" or args.get("layers") is not None:           # neither model: fine after the first
        with pytest.raises(error, match="^" + re.escape(argument + ":")):  # and refuses the same after epoch 0
            rec.log(epoch if argument == "epoch" else 1, **args)
    rec.close()
    _, epochs, _, _, _ = read_store(tmp_path / "run")
    assert [e["epoch"] for e in epochs] == [0]


def test_a_complex_prediction_is_refused_not_cut_to_its_real_part(tmp_path):
    rec = Recorder(tmp_path / "run", X0, Y0)
    with pytest.raises(TypeError, match="^predict: .*complex"):
        rec.log(0, predict=lambda P: np.full(len(P), 0.5 + 0.1j))
    rec.close()
    assert os.listdir(tmp_path / "run") == [".flipbook.lock"]


def test_epochs_that_do_not_increase_are_refused_and_leave_the_store_as_it_was(tmp_path):
    with Recorder(tmp_path / "run", X0, Y0) as rec:
        rec.log(0, **net_args())
        rec.log(1, **net_args())
        for epoch in (1, 0):
            with pytest.raises(ValueError, match="^epoch: "):
                rec.log(epoch, **net_args())
        with pytest.raises(ValueError, match="^predict: "):                # a run records one kind of model
            rec.log(2, predict=lambda P: np.zeros(len(P)))
        with pytest.raises(ValueError, match="^layers: the network changed"):
            rec.log(2, layers=[(np.zeros((2, 3)), np.zeros(3)), (np.zeros((3, 2)), np.zeros(2))], activations=["relu", "sigmoid"])
    _, epochs, _, _, _ = read_store(tmp_path / "run")
    assert [e["epoch"] for e in epochs] == [0, 1]


def test_a_path_that_cannot_be_written_raises_oserror_naming_it(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    for path in (blocker, blocker / "run"):
        with pytest.raises(OSError, match="^path: "):
            Recorder(path, X0, Y0)
    assert sorted(os.listdir(tmp_path)) == ["file"]


def test_a_directory_holding_another_run_is_refused(tmp_path):
    with Recorder(tmp_path / "run", X0, Y0) as rec:
        with pytest.raises(ValueError, match="^path: .*being written"):     # the first holds it, before its first log
            Recorder(tmp_path / "other" / ".." / "run", X0, Y0)
        rec.log(0, **net_args())
        with pytest.raises(ValueError, match="^path: .*being written"):     # and after
            Recorder(tmp_path / "run", X0, Y0)
    with pytest.raises(ValueError, match="^path: .*already holds a Flipbook run"):
        Recorder(tmp_path / "run", X0, Y0)
    _, epochs, _, _, _ = read_store(tmp_path / "run")
    assert len(epochs) == 1


def test_regression_with_float_targets(tmp_path):
    x = np.linspace(-3, 3, 50)[:, None]
    with Recorder(tmp_path / "run", x, np.sin(x[:, 0])) as rec:
        rec.log(0, train_loss=0.4, train_r2=0.2, layers=[(np.ones((1, 4)), np.zeros(4)), (np.ones((4, 1)), np.zeros(1))],
                activations=["tanh", "identity"])
        with pytest.raises(ValueError, match="^train_accuracy: "):
            rec.log(1, train_accuracy=0.5)
    run, epochs, dataset, _, _ = read_store(tmp_path / "run")
    assert run["loss"] == "mean-squared-error" and dataset["kind"] == "regression1D" and dataset["labels"] is None
    assert epochs[0]["train_score"] == 0.2


def test_a_killed_process_leaves_every_logged_epoch(tmp_path):
    script = f"""
import os, signal, sys
sys.path[:0] = [{os.path.dirname(HERE)!r}, {HERE!r}]
from flipbook_record import Recorder
from helpers import TinyNet, circles
X, y, test = circles()
net = TinyNet()
rec = Recorder(sys.argv[1], X, y, test=test)
for epoch in range(7):
    rec.log(epoch, train_loss=net.step(X, y), layers=net.layers, activations=["relu", "sigmoid"])
os.kill(os.getpid(), signal.SIGKILL)
"""
    result = subprocess.run([sys.executable, "-c", script, str(tmp_path / "run")])
    assert result.returncode == -signal.SIGKILL
    run, epochs, _, _, _ = read_store(tmp_path / "run")
    assert run["status"] == "running" and [e["epoch"] for e in epochs] == list(range(7))
    assert all(e["parameters"] is not None for e in epochs)


def record_a_run(path, epochs=2):
    with Recorder(path, X0, Y0) as rec:
        for epoch in range(epochs):
            rec.log(epoch, **net_args())


def once(monkeypatch, action):
    """Sets the recorder's hook before its lock to run `action(path)` the next time only."""
    def hook(path):
        monkeypatch.setattr(recorder, "before_lock", None)
        action(path)
    monkeypatch.setattr(recorder, "before_lock", hook)


def test_a_run_written_between_the_check_and_the_lock_is_refused_and_kept(tmp_path, monkeypatch):
    once(monkeypatch, record_a_run)
    with pytest.raises(ValueError, match="^path: .*already holds a Flipbook run"):
        Recorder(tmp_path / "run", X0, Y0)
    run, epochs, _, _, _ = read_store(tmp_path / "run")
    assert run["status"] == "completed" and [e["epoch"] for e in epochs] == [0, 1]


def test_a_writer_that_takes_the_lock_first_keeps_the_directory(tmp_path, monkeypatch):
    others = []
    once(monkeypatch, lambda path: others.append(Recorder(path, X0, Y0)))
    with pytest.raises(ValueError, match="^path: .*being written"):
        Recorder(tmp_path / "run", X0, Y0)
    with others[0] as other:                                               # its lock file and directory are intact
        other.log(0, **net_args())
    _, epochs, _, _, _ = read_store(tmp_path / "run")
    assert [e["epoch"] for e in epochs] == [0]


def test_a_store_put_in_place_before_the_first_log_is_never_removed(tmp_path):
    record_a_run(tmp_path / "first")
    rec = Recorder(tmp_path / "run", X0, Y0)
    shutil.copy(tmp_path / "first" / "frames.sqlite", tmp_path / "run" / "frames.sqlite")   # by a process without the lock
    with pytest.raises(ValueError, match="^path: .*already holds a Flipbook run"):
        rec.log(0, **net_args())
    rec.close()
    _, epochs, _, _, _ = read_store(tmp_path / "run")
    assert [e["epoch"] for e in epochs] == [0, 1]


def test_the_store_comes_with_flipbooks_list_of_files_and_a_failed_first_log_leaves_neither(tmp_path, monkeypatch):
    rec = Recorder(tmp_path / "run", X0, Y0)
    assert os.listdir(tmp_path / "run") == [".flipbook.lock"]                # nothing before the first log
    monkeypatch.setattr(recorder, "SCHEMA_SQL", recorder.SCHEMA_SQL + ["CREATE TABLE run (id)"])   # fails once created
    with pytest.raises(Exception, match="already exists"):
        rec.log(0, **net_args())
    assert os.listdir(tmp_path / "run") == [".flipbook.lock"]
    monkeypatch.undo()
    rec.log(0, **net_args())
    rec.close()
    assert sorted(os.listdir(tmp_path / "run")) == [".flipbook-files", ".flipbook.lock", "frames.sqlite"]
    assert open(tmp_path / "run" / ".flipbook-files").read() == ""          # as Flipbook's: the store goes without saying


def test_an_earlier_run_is_refused_naming_the_option_that_replaces_it(tmp_path):
    record_a_run(tmp_path / "run")
    with pytest.raises(ValueError, match=r"already holds a Flipbook run .*overwrite=True"):
        Recorder(tmp_path / "run", X0, Y0)


def test_overwrite_replaces_the_earlier_run_and_only_flipbooks_files(tmp_path):
    run = tmp_path / "run"
    record_a_run(run, epochs=3)
    # What `flipbook render` drew there is listed; the user's own file is not.
    (run / "decision_boundary.gif").write_bytes(b"GIF89a")
    (run / ".flipbook-files").write_text("decision_boundary.gif\n")
    (run / "notes.txt").write_text("mine")
    with Recorder(run, X0, Y0, overwrite=True) as rec:
        rec.log(0, **net_args())
    _, epochs, _, _, _ = read_store(run)
    assert [e["epoch"] for e in epochs] == [0]
    assert not (run / "decision_boundary.gif").exists()
    assert (run / "notes.txt").read_text() == "mine"


def test_overwrite_leaves_everything_until_the_first_log_and_a_directory_of_other_files_alone(tmp_path):
    run = tmp_path / "run"
    record_a_run(run, epochs=2)
    Recorder(run, X0, Y0, overwrite=True).close()          # nothing logged: the earlier run stays
    _, epochs, _, _, _ = read_store(run)
    assert [e["epoch"] for e in epochs] == [0, 1]
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "fit.gif").write_text("mine")
    with Recorder(mine, X0, Y0, overwrite=True) as rec:
        rec.log(0, **net_args())
    assert (mine / "fit.gif").read_text() == "mine"


def test_overwrite_must_be_a_boolean(tmp_path):
    with pytest.raises(TypeError, match="overwrite"):
        Recorder(tmp_path / "run", X0, Y0, overwrite="yes")
