"""analysis/notebooks/compare-collectors.ipynb executed end to end with
`jupyter nbconvert --execute`: every cell runs, every collector that
`beagle gcs` lists is in it, and each figure is a real PNG with something
drawn in it. Without a build, it says to run scripts/setup.sh.

The executed notebook and its figures go to $NOTEBOOK_OUT (ctest: the build
tree), else to a temporary folder.
"""

import json
import os
import subprocess
import sys

import pytest

from conftest import ANALYSIS

NOTEBOOK = os.path.join(ANALYSIS, "notebooks", "compare-collectors.ipynb")
FIGURES = ["pause-cdf.png", "pause-histogram.png", "mmu.png", "timeline.png", "wall-vs-heap.png"]


def execute(out_dir, **env):
    return subprocess.run(
        [sys.executable, "-m", "nbconvert", "--to", "notebook", "--execute", NOTEBOOK, "--output-dir", str(out_dir),
         "--ExecutePreprocessor.timeout=600"],
        capture_output=True, text=True, timeout=900,
        env={**os.environ, "PYDEVD_DISABLE_FILE_VALIDATION": "1", **env})


@pytest.fixture
def out_dir(tmp_path):
    return os.environ.get("NOTEBOOK_OUT") or str(tmp_path)


def test_the_notebook_runs_every_collector_and_draws_every_figure(beagle, out_dir):
    figures = os.path.join(out_dir, "figures")
    done = execute(out_dir, BEAGLE=beagle, BEAGLE_FIGURES=figures)
    assert done.returncode == 0, done.stderr[-3000:]

    with open(os.path.join(out_dir, "compare-collectors.ipynb")) as f:
        executed = json.load(f)
    outputs = [o for cell in executed["cells"] if cell["cell_type"] == "code" for o in cell["outputs"]]
    assert not [o for o in outputs if o["output_type"] == "error"]
    text = json.dumps(outputs)
    collectors = [line.split()[0] for line in
                  subprocess.run([beagle, "gcs"], capture_output=True, text=True, check=True).stdout.splitlines()]
    for name in collectors:
        assert f"--gc={name} " in text, f"{name} did not run"

    import matplotlib.image  # after the run: its import is slow on a busy machine

    for name in FIGURES:
        path = os.path.join(figures, name)
        with open(path, "rb") as f:
            assert f.read(8) == b"\x89PNG\r\n\x1a\n", f"{name} is not a PNG"
        pixels = matplotlib.image.imread(path)
        height, width = pixels.shape[:2]
        assert width >= 600 and height >= 400, (name, width, height)
        # Something is drawn: many colours (lines, text, legend), not a blank canvas.
        colours = {tuple(p) for p in pixels.reshape(-1, pixels.shape[2])[::7].round(2).tolist()}
        assert len(colours) > 50, (name, len(colours))


def test_without_a_build_it_says_to_run_setup(tmp_path):
    done = execute(tmp_path, BEAGLE=str(tmp_path / "no-such-beagle"))
    assert done.returncode != 0
    assert f"NotBuilt: no beagle executable at BEAGLE={tmp_path}/no-such-beagle: run scripts/setup.sh" in done.stderr
    # The message alone, not a traceback through the package.
    assert "runs.py" not in done.stderr
