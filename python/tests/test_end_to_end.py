"""End to end: training loops record with flipbook_record, `flipbook render` draws them.

Needs the `flipbook` executable: $FLIPBOOK, or the debug build (`swift build`, which `swift test`
does before these run in the README's test command).
"""

import os
import struct
import subprocess
import sys
import warnings
import zlib

import numpy as np
import pytest

from flipbook_record import Recorder
from helpers import TinyNet, circles, sigmoid

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def flipbook():
    """The flipbook executable to test."""
    path = os.environ.get("FLIPBOOK") or os.path.join(ROOT, ".build", "debug", "flipbook")
    if not os.access(path, os.X_OK):
        pytest.fail(f"no flipbook executable at {path}: run `swift build` first, or set FLIPBOOK")
    return path


def render(run, *flags):
    result = subprocess.run([flipbook(), "render", str(run), "--size", "160", *flags], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def gif_frames(path):
    """The number of images in a GIF, by walking its blocks (an independent reader of our writer's output)."""
    data = open(path, "rb").read()
    assert data[:6] in (b"GIF87a", b"GIF89a")
    flags = data[10]
    at = 13 + (3 << ((flags & 7) + 1) if flags & 0x80 else 0)
    frames = 0
    while data[at] != 0x3B:
        if data[at] == 0x21:                                  # extension: label, then sub-blocks
            at += 2
        elif data[at] == 0x2C:                                # image: descriptor, local table, LZW size, sub-blocks
            frames += 1
            local = data[at + 9]
            at += 10 + (3 << ((local & 7) + 1) if local & 0x80 else 0) + 1
        else:
            raise AssertionError(f"bad GIF block 0x{data[at]:02x} at {at}")
        while data[at] != 0:
            at += data[at] + 1
        at += 1
    return frames


def gifsicle_frames(path):
    """The images gifsicle counts after decoding every frame (it fails on a corrupt stream)."""
    decoded = subprocess.run(["gifsicle", "--unoptimize", str(path)], capture_output=True)
    assert decoded.returncode == 0, decoded.stderr
    info = subprocess.run(["gifsicle", "--info"], input=decoded.stdout, capture_output=True)
    return int(info.stdout.decode().split(" images")[0].split()[-1])


def png_pixels(path):
    """An 8-bit palette or RGB(A) PNG as an (h, w, 3) array: chunks, inflate, unfilter."""
    data = open(path, "rb").read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, {}
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.setdefault(kind, []).append(data[at + 8:at + 8 + length])
        at += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks[b"IHDR"][0][:10])
    assert depth == 8 and colour in (2, 3, 6)
    channels = {2: 3, 3: 1, 6: 4}[colour]
    raw = zlib.decompress(b"".join(chunks[b"IDAT"]))
    stride = width * channels
    rows = np.zeros((height, stride), np.int32)
    previous = np.zeros(stride, np.int32)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], np.frombuffer(raw, np.uint8, stride, y * (stride + 1) + 1).astype(np.int32)
        out = line.copy()
        if kind == 2:
            out = (line + previous) & 255
        elif kind in (1, 3, 4):
            for x in range(stride):
                left = out[x - channels] if x >= channels else 0
                up, corner = previous[x], previous[x - channels] if x >= channels else 0
                if kind == 1:
                    guess = left
                elif kind == 3:
                    guess = (left + up) // 2
                else:
                    p = left + up - corner
                    guess = min((abs(p - left), 0, left), (abs(p - up), 1, up), (abs(p - corner), 2, corner))[2]
                out[x] = (line[x] + guess) & 255
        rows[y] = previous = out
    if colour == 3:
        palette = np.frombuffer(chunks[b"PLTE"][0], np.uint8).reshape(-1, 3)
        return palette[rows]
    return rows.reshape(height, width, channels)[:, :, :3].astype(np.uint8)


def train_and_record(path, epochs, net=None, **fixed):
    """python/README.md's NumPy loop in small: 2 → 16 → 2 sigmoid per class on circles, every epoch logged."""
    X, y, test = circles(300)
    mean, deviation = X[~test].mean(0), X[~test].std(0)
    Z = (X - mean) / deviation
    net = net or TinyNet()
    with Recorder(path, X, y, test=test, class_names=["outer", "inner"], mean=mean, deviation=deviation, **fixed) as rec:
        for epoch in range(epochs):
            loss = net.step(Z[~test], y[~test])
            _, P = net.forward(Z[test])
            rec.log(epoch, train_loss=loss, test_accuracy=float((P.argmax(1) == y[test]).mean()),
                    layers=net.layers, activations=["relu", "sigmoid"])
    return net


def test_a_numpy_loop_is_drawn_with_every_picture(tmp_path):
    net = train_and_record(tmp_path / "run", 30)
    render(tmp_path / "run")
    for name in ("decision_boundary.gif", "training.gif", "loss.gif"):
        assert gif_frames(tmp_path / "run" / name) == 30, name
        assert gifsicle_frames(tmp_path / "run" / name) == 30, name
    for name in ("decision_boundary_epoch_000.png", "decision_boundary_epoch_029.png", "loss_curve.png", "final_predictions.png"):
        assert png_pixels(tmp_path / "run" / name).shape == (160, 160, 3), name
    report = open(tmp_path / "run" / "report.md").read()
    assert "Recorded from Python" in report and "network 2 → 16 → 2" in report
    rows = open(tmp_path / "run" / "metrics.csv").read().splitlines()
    assert len(rows) == 31 and rows[1].split(",")[2] == "nan"              # test loss was not logged
    saved = np.load(tmp_path / "run" / "parameters.npz")
    np.testing.assert_array_equal(saved["W1"], net.W1.astype(np.float32))
    np.testing.assert_array_equal(saved["b2"], net.b2.astype(np.float32))


def test_a_scikit_learn_estimator_is_drawn_from_its_stored_fields(tmp_path):
    from sklearn.neural_network import MLPClassifier
    X, y, test = circles(300)
    model = MLPClassifier(hidden_layer_sizes=(16,), learning_rate_init=0.01, random_state=0)
    with Recorder(tmp_path / "run", X, y, test=test, class_names=["outer", "inner"]) as rec:
        for epoch in range(25):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model.partial_fit(X[~test], y[~test], classes=[0, 1])
            rec.log(epoch, train_loss=model.loss_, test_accuracy=model.score(X[test], y[test]), predict=model.predict_proba)
    render(tmp_path / "run")
    for name in ("decision_boundary.gif", "training.gif", "loss.gif"):
        assert gif_frames(tmp_path / "run" / name) == 25, name
        assert gifsicle_frames(tmp_path / "run" / name) == 25, name
    assert "the model's output on a 96 × 96 grid" in open(tmp_path / "run" / "report.md").read()
    assert not os.path.exists(tmp_path / "run" / "parameters.npz")
    refused = subprocess.run([flipbook(), "export", str(tmp_path / "run")], capture_output=True, text=True)
    assert refused.returncode == 2 and "fields, not parameters" in refused.stderr


def test_a_logged_network_is_drawn_as_numpy_evaluates_it(tmp_path):
    """The same network twice: as layers= (Flipbook evaluates it) and as predict= of NumPy's own
    forward pass (Flipbook only paints the stored field). The two pictures must agree."""
    net = train_and_record(tmp_path / "layers", 12)
    X, y, test = circles(300)
    mean, deviation = X[~test].mean(0), X[~test].std(0)
    with Recorder(tmp_path / "numpy", X, y, test=test, class_names=["outer", "inner"], mean=mean, deviation=deviation,
                  loss="sigmoid-per-class") as rec:
        for epoch in range(12):
            rec.log(epoch, predict=lambda P: net.forward(P)[1])
    for run in ("layers", "numpy"):
        render(tmp_path / run, "--key-epochs", "11")
    flipbook_drawn = png_pixels(tmp_path / "layers" / "decision_boundary_epoch_011.png")
    numpy_drawn = png_pixels(tmp_path / "numpy" / "decision_boundary_epoch_011.png")
    title = 24                                                              # the titles differ (metrics not logged)
    differs = np.abs(flipbook_drawn[title:].astype(int) - numpy_drawn[title:]).max(axis=2) > 24
    assert differs.mean() < 0.01, f"{differs.mean():.2%} of the pixels differ"


def test_a_killed_recording_renders_what_it_logged(tmp_path):
    script = f"""
import os, signal, sys
sys.path[:0] = [{os.path.join(ROOT, 'python')!r}, {os.path.dirname(os.path.abspath(__file__))!r}]
from flipbook_record import Recorder
from helpers import TinyNet, circles
X, y, test = circles()
net = TinyNet()
rec = Recorder(sys.argv[1], X, y, test=test)
for epoch in range(9):
    rec.log(epoch, train_loss=net.step(X, y), layers=net.layers, activations=["relu", "sigmoid"])
os.kill(os.getpid(), signal.SIGKILL)
"""
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "run")])
    render(tmp_path / "run")
    assert gif_frames(tmp_path / "run" / "decision_boundary.gif") == 9
    assert "did not finish" in open(tmp_path / "run" / "report.md").read()


def test_regressions_draw_what_they_can(tmp_path):
    """A 1-D regression logged with layers= draws its fitted curve; a regression over the plane
    stored as a field draws its loss pictures only."""
    rng = np.random.default_rng(0)
    x = rng.uniform(-3, 3, (60, 1))
    W1, b1, W2, b2 = rng.normal(0, 1, (1, 8)), np.zeros(8), rng.normal(0, 0.3, (8, 1)), np.zeros(1)
    with Recorder(tmp_path / "curve", x, np.sin(x[:, 0]), test=np.arange(60) % 5 == 0) as rec:
        for epoch in range(6):
            W2 *= 1.1
            rec.log(epoch, train_loss=0.5 / (epoch + 1), train_r2=0.1 * epoch, layers=[(W1, b1), (W2, b2)], activations=["tanh", "identity"])
    render(tmp_path / "curve")
    assert gif_frames(tmp_path / "curve" / "fit.gif") == 6
    X = rng.normal(0, 1, (50, 2))
    with Recorder(tmp_path / "plane", X, X[:, 0] ** 2 + X[:, 1]) as rec:
        for epoch in range(4):
            rec.log(epoch, train_loss=1.0 / (epoch + 1), predict=lambda P, e=epoch: P[:, 0] ** 2 + e * P[:, 1])
    result = render(tmp_path / "plane")
    assert "loss pictures only" in result.stderr
    assert gif_frames(tmp_path / "plane" / "loss.gif") == 4
    assert not os.path.exists(tmp_path / "plane" / "decision_boundary.gif")


@pytest.mark.parametrize("kind", ["layers", "predict"])
def test_fewer_frames_are_chosen_from_a_recorded_run_on_any_grid(tmp_path, kind):
    """--frames N picks frames where the picture moves: from a network on a 40 × 40 grid, or
    from stored fields."""
    X, y, test = circles()
    net = TinyNet()
    with Recorder(tmp_path / "run", X, y, test=test, grid=40) as rec:
        for epoch in range(30):
            net.step(X, y, rate=2.0)
            if kind == "layers":
                rec.log(epoch, layers=net.layers, activations=["relu", "sigmoid"])
            else:
                rec.log(epoch, predict=lambda P: net.forward(P)[1][:, 1])
    render(tmp_path / "run", "--frames", "8")
    assert gif_frames(tmp_path / "run" / "decision_boundary.gif") == 8
