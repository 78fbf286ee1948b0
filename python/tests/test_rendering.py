"""rec.render(): `flipbook render` run on the recording, and what Jupyter would display of it."""

import base64
import os

import pytest

from flipbook_record import Recorder
from helpers import TinyNet, circles
from test_end_to_end import flipbook, gif_frames


def record(path, epochs=4):
    X, y, test = circles()
    net = TinyNet()
    rec = Recorder(path, X, y, test=test)
    for epoch in range(epochs):
        rec.log(epoch, train_loss=net.step(X, y), layers=net.layers, activations=["relu", "sigmoid"])
    return rec


def test_render_draws_the_recording_and_shows_its_animation_and_poster(tmp_path, monkeypatch):
    monkeypatch.setenv("FLIPBOOK", flipbook())
    with record(tmp_path / "run") as rec:
        pass
    shown = rec.render(views=["network", "loss"], size=160)
    assert sorted(a.name for a in shown.animations) == ["loss.gif", "network.gif"]
    assert "report.md" in shown.files and not (tmp_path / "run" / "decision_boundary.gif").exists()
    html = shown._repr_html_()
    assert html.startswith('<img src="data:image/gif;base64,') and html.count("<img") == 2
    for at, animation in enumerate(shown.animations):
        (tmp_path / "shown.gif").write_bytes(base64.b64decode(html.split("base64,")[at + 1].split('"')[0]))
        assert (tmp_path / "shown.gif").read_bytes() == animation.read_bytes() and gif_frames(animation) == 4
    poster = shown.animations[0].name.replace(".gif", ".poster.png")
    assert shown._repr_png_() == (tmp_path / "run" / poster).read_bytes() and shown._repr_png_().startswith(b"\x89PNG")
    assert "network.gif" in repr(shown)


def test_render_finds_flipbook_on_the_path(tmp_path, monkeypatch):
    monkeypatch.delenv("FLIPBOOK", raising=False)
    monkeypatch.setenv("PATH", os.path.dirname(flipbook()) + os.pathsep + os.environ.get("PATH", ""))
    with record(tmp_path / "run", epochs=2) as rec:
        pass
    assert [a.name for a in rec.render(views="boundary", size=160).animations] == ["decision_boundary.gif"]


def test_render_refuses_what_it_cannot_draw(tmp_path, monkeypatch):
    rec = record(tmp_path / "run", epochs=2)
    monkeypatch.setenv("FLIPBOOK", flipbook())
    with pytest.raises(ValueError, match=r"render: the recording is still open; call close\(\)"):
        rec.render()
    rec.close()
    with pytest.raises(RuntimeError, match="render: flipbook render failed .*views"):
        rec.render(views=["nothing"], size=160)
    with pytest.raises(TypeError, match="views: expected view names"):
        rec.render(views=[3])
    monkeypatch.delenv("FLIPBOOK")
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(FileNotFoundError, match=r"render: no flipbook executable on PATH or in \$FLIPBOOK"):
        rec.render()
    monkeypatch.setenv("FLIPBOOK", str(tmp_path / "missing"))
    with pytest.raises(FileNotFoundError, match=r"render: \$FLIPBOOK is .*missing, which is not an executable"):
        rec.render()
