"""python/README.md's two recording examples, run as written, then drawn by `flipbook render`."""

import os
import re
import subprocess
import sys

import pytest

from test_end_to_end import ROOT, gif_frames, render

README = open(os.path.join(ROOT, "python", "README.md"), encoding="utf-8").read()
EXAMPLES = {}                                  # runs/NAME → the example's code
for block in re.findall(r"```python\n(.*?)```", README, re.S):
    found = re.search(r'Recorder\("runs/(\w+)"', block)
    if found and "range(500)" in block:
        EXAMPLES[found.group(1)] = block


@pytest.mark.parametrize("name", ["numpy", "sklearn"])
def test_a_readme_example_records_500_epochs_that_render(tmp_path, name):
    assert name in EXAMPLES, f"python/README.md has no runs/{name} example"
    script = tmp_path / f"readme_{name}_example.py"
    script.write_text(EXAMPLES[name])
    env = dict(os.environ, PYTHONPATH=os.path.join(ROOT, "python"))
    result = subprocess.run([sys.executable, str(script)], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    render(tmp_path / "runs" / name)
    assert gif_frames(tmp_path / "runs" / name / "decision_boundary.gif") == 500
    report = open(tmp_path / "runs" / name / "report.md").read()
    assert "Recorded from Python" in report
    final_accuracy = float(report.split("| 499 |")[1].split("|")[3])
    assert final_accuracy > 0.95, report
