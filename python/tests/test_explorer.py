"""explorer.html in a real browser: a small run made by the `flipbook` executable ($FLIPBOOK or the
debug build, as test_end_to_end.py finds it), opened from the file system in headless Chromium
(Debian's `chromium`, driven through the DevTools protocol: chromium.py)."""

import csv
import io
import re

import numpy as np
import pytest
from PIL import Image

from chromium import Chromium
from test_end_to_end import flipbook

import subprocess


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """A circles run of 250 epochs, every epoch a frame, key epochs 0 and 240, in both themes."""
    out = tmp_path_factory.mktemp("explorer") / "run"
    result = subprocess.run([flipbook(), "run", "--out", str(out), "--epochs", "250", "--samples", "100", "--size", "160",
                             "--views", "boundary,network", "--key-epochs", "0,240", "--theme", "both"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def browser():
    chromium = Chromium()
    yield chromium
    chromium.close()


def pixels(png):
    return np.asarray(Image.open(io.BytesIO(png) if isinstance(png, bytes) else png).convert("RGB"))


def gif_frame(path, index):
    with Image.open(path) as gif:
        gif.seek(index)
        return np.asarray(gif.convert("RGB"))


def picture_area(browser):
    """A screenshot of the frame the page shows, at a device scale of 1."""
    box = browser.evaluate("(() => { const r = document.getElementById('frame').getBoundingClientRect();"
                           " return {x: r.x, y: r.y, width: r.width, height: r.height}; })()")
    return pixels(browser.screenshot(clip=box))


def assert_same_picture(shown, expected, what):
    assert shown.shape == expected.shape, f"{what}: shown {shown.shape[1]}×{shown.shape[0]}, expected {expected.shape[1]}×{expected.shape[0]}"
    differing = int((shown != expected).any(axis=2).sum())
    assert differing == 0, f"{what}: {differing} pixels differ"


def shown_frame(browser, key, view="Decision boundary"):
    """Waits until the page shows `view`'s frame of moment `key` (its address says so and the frame is drawn)."""
    browser.wait_for(f"location.hash.endsWith('epoch={key}') && !document.getElementById('frame').hidden"
                     f" && document.getElementById('frame').getAttribute('aria-label') === '{view} at epoch {key}'",
                     showing="[location.hash, document.getElementById('frame').getAttribute('aria-label')]")


def metrics_row(browser):
    return browser.evaluate("[...document.querySelector('#metrics tbody tr').cells].map(c => c.textContent)")


def expected_row(run, epoch):
    with open(run / "metrics.csv") as f:
        row = next(r for r in csv.DictReader(f) if r["epoch"] == str(epoch))
    loss = lambda v: f"{float(v):.4f}"
    percent = lambda v: f"{100 * float(v):.1f} %"
    return [f"epoch {epoch}", loss(row["train_loss"]), loss(row["test_loss"]), percent(row["train_accuracy"]), percent(row["test_accuracy"])]


def test_the_explorer_shows_the_exact_frame_follows_the_keys_and_switches_views(run, browser):
    base = (run / "explorer.html").as_uri()
    browser.open(base + "#view=boundary&epoch=240")
    shown_frame(browser, 240)
    assert_same_picture(picture_area(browser), pixels(run / "decision_boundary_epoch_240.png"), "boundary at epoch 240")
    assert metrics_row(browser) == expected_row(run, 240)
    assert browser.evaluate("[...document.querySelectorAll('#keys button')].map(b => b.textContent)") == ["0", "240"]

    browser.press("ArrowRight", "ArrowRight", 39)
    shown_frame(browser, 241)
    assert metrics_row(browser) == expected_row(run, 241)
    assert_same_picture(picture_area(browser), gif_frame(run / "decision_boundary.gif", 241), "boundary at epoch 241")
    browser.press("ArrowLeft", "ArrowLeft", 37)
    shown_frame(browser, 240)

    browser.evaluate("document.querySelector('input[name=view][value=network]').click()")
    browser.wait_for("location.hash === '#view=network&epoch=240'")
    shown_frame(browser, 240, "Network")
    assert_same_picture(picture_area(browser), pixels(run / "network_epoch_240.png"), "network at epoch 240")
    browser.press("End", "End", 35)
    shown_frame(browser, 249, "Network")
    assert_same_picture(picture_area(browser), pixels(run / "network.poster.png"), "network's last frame")

    browser.evaluate("location.hash = '#view=boundary&epoch=10000'")      # an epoch it does not show: the nearest
    shown_frame(browser, 249)
    browser.evaluate("location.hash = '#view=network&epoch=249'")
    shown_frame(browser, 249, "Network")                # the page has taken the address (a hashchange event) before a key comes

    browser.press(" ", "Space", 32)
    assert browser.evaluate("document.getElementById('play').getAttribute('aria-pressed')") == "true"
    browser.press("Home", "Home", 36)                   # a key that moves stops playing, and goes to the first frame
    shown_frame(browser, 0, "Network")
    assert browser.evaluate("document.getElementById('play').getAttribute('aria-pressed')") == "false"

    outside = [url for url in browser.requests if not url.startswith(run.as_uri() + "/")]
    assert outside == [], f"requests outside the run directory: {outside}"
    assert browser.exceptions == [] and [m for m in browser.console if m[0] in ("error", "warning")] == []


def test_the_explorer_plays_and_follows_a_dark_page(run):
    dark = Chromium(dark=True)
    try:
        dark.open((run / "explorer.html").as_uri() + "#view=boundary&epoch=240")
        shown_frame(dark, 240)
        assert_same_picture(picture_area(dark), pixels(run / "decision_boundary_epoch_240.dark.png"), "dark boundary at epoch 240")
        dark.press("Home", "Home", 36)
        shown_frame(dark, 0)
        dark.evaluate("document.getElementById('speed').value = '4'; document.getElementById('speed').dispatchEvent(new Event('change'))")
        dark.press(" ", "Space", 32)
        dark.wait_for("document.getElementById('play').getAttribute('aria-pressed') === 'false'", 30)   # played to the end at 4×
        assert dark.evaluate("location.hash") == "#view=boundary&epoch=249"
        assert dark.exceptions == [] and [m for m in dark.console if m[0] in ("error", "warning")] == []
    finally:
        dark.close()


def test_without_scripts_the_explorer_shows_the_poster_and_the_report(run):
    browser = Chromium()
    try:
        browser.call("Emulation.setScriptExecutionDisabled", value=True)
        browser.open((run / "explorer.html").as_uri() + "#view=boundary&epoch=240")
        poster = browser.evaluate("(() => { const i = document.querySelector('#poster img'); return i.complete && i.naturalWidth > 0"
                                  " && i.getBoundingClientRect().width > 0 ? i.currentSrc : ''; })()")
        assert poster.endswith("/decision_boundary.poster.png")
        assert browser.evaluate("document.getElementById('controls').hidden") is True
        text = browser.evaluate("document.querySelector('.report').innerText")
        assert re.search(r"Network 2 → \d+ → 1", text) and "test accuracy" in text
    finally:
        browser.close()


def test_an_address_gone_to_wins_over_a_key_handled_before_its_hashchange(run, browser):
    """The reader goes to an address and a key reaches the page before the hashchange event does
    (Chromium runs input first under load): the key's move replaces the address, and the page
    still goes where the reader went."""
    browser.open((run / "explorer.html").as_uri() + "#view=boundary&epoch=249")
    shown_frame(browser, 249)
    browser.evaluate("location.hash = '#view=network&epoch=120';"
                     " document.body.dispatchEvent(new KeyboardEvent('keydown', {key: 'Home', bubbles: true}))")
    shown_frame(browser, 120, "Network")


def test_the_screens_kept_hold_a_byte_a_pixel_and_a_seek_from_one_is_exact(run, browser):
    """The decoder keeps a screen every 32 frames as palette indices (Flipbook's GIFs have one
    colour table): 160 × 160 bytes each, 8 for 250 frames; a frame drawn from one is the GIF's."""
    browser.open((run / "explorer.html").as_uri() + "#view=boundary&epoch=0")
    shown_frame(browser, 0)
    player = "players['decision_boundary.gif']"
    browser.wait_for(f"{player}.background.at === {player}.gif.frames.length - 1", 60)
    kept = browser.evaluate(f"[...{player}.kept.values()].map(s => [s.constructor.name, s.byteLength])")
    assert kept == [["Uint8Array", 160 * 160]] * 8
    browser.evaluate("location.hash = '#view=boundary&epoch=100'")    # from the screen kept at frame 96
    shown_frame(browser, 100)
    assert_same_picture(picture_area(browser), gif_frame(run / "decision_boundary.gif", 100), "boundary at epoch 100")
