"""rec.render(): `flipbook render` run on a closed recording, and what a notebook shows of it.

The `flipbook` executable is $FLIPBOOK, or the first on PATH. A `Rendering` is the drawn run:
Jupyter shows it through `_repr_html_` (its first animation, inline) and `_repr_png_` (that
animation's poster, its last frame), and any other code can read its files.
"""

import base64
import os
import pathlib
import shutil
import subprocess

from .store import MANIFEST_NAME


def executable():
    """The flipbook executable: $FLIPBOOK, or the first on PATH."""
    given = os.environ.get("FLIPBOOK")
    if given:
        if not (os.path.isfile(given) and os.access(given, os.X_OK)):
            raise FileNotFoundError(f"render: $FLIPBOOK is {given}, which is not an executable")
        return given
    found = shutil.which("flipbook")
    if found is None:
        raise FileNotFoundError("render: no flipbook executable on PATH or in $FLIPBOOK (`swift build -c release` "
                                "makes .build/release/flipbook; set FLIPBOOK to its path)")
    return found


def render(path, views, size):
    """Runs `flipbook render` on the run directory `path` and returns its Rendering."""
    if isinstance(views, str):
        views = views.split(",")
    if views is not None and (isinstance(views, (bytes, dict)) or not all(isinstance(v, str) for v in views)):
        raise TypeError("views: expected view names, e.g. ['boundary', 'network'] or 'boundary,network'")
    command = [executable(), "render", path, "--quiet"]
    if views is not None:
        command += ["--views", ",".join(views)]
    if size is not None:
        command += ["--size", str(size)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"render: flipbook render failed (exit {result.returncode}): {result.stderr.strip()}")
    return Rendering(path)


class Rendering:
    """A drawn run: its directory, the files `flipbook render` wrote (in its order), its animations
    and the poster of the first."""

    def __init__(self, path):
        self.path = pathlib.Path(path)
        self.files = (self.path / MANIFEST_NAME).read_text().split()
        self.animations = [self.path / f for f in self.files if f.endswith((".gif", ".webp"))]
        first = self.animations[0].name.split(".")[0] if self.animations else None
        self.poster = self.path / f"{first}.poster.png" if f"{first}.poster.png" in self.files else None

    def _repr_html_(self):
        """Every animation drawn, inline."""
        if not self.animations:
            return f"<p>{self.path}: no animation drawn ({', '.join(self.files)})</p>"
        return "".join(f'<img src="data:image/{a.suffix[1:]};base64,{base64.b64encode(a.read_bytes()).decode()}" '
                       f'alt="{a.name}">' for a in self.animations)

    def _repr_png_(self):
        """The first animation's poster (its last frame)."""
        return self.poster.read_bytes() if self.poster else None

    def __repr__(self):
        return f"Rendering({str(self.path)!r}: {', '.join(self.files)})"
