"""Shared by the sweep tests: sweep/ on the path (the Dask workers of the
tests run in this process and import beagle_sweep from it), the beagle
executable (analysis/tests' fixture), and running the command."""

import importlib.util
import os
import subprocess
import sys

SWEEP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, SWEEP)
import beagle_sweep.shared  # noqa: E402,F401  (puts analysis/ and scripts/ on the path)

COMMAND = os.path.join(SWEEP, "sweep.py")

_spec = importlib.util.spec_from_file_location(
    "analysis_conftest", os.path.join(os.path.dirname(SWEEP), "analysis", "tests", "conftest.py"))
_analysis_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_analysis_conftest)
beagle = _analysis_conftest.beagle  # $BEAGLE, else the build's; without one a test fails saying how to build


def run_sweep(*args):
    """The command's exit status, stdout and stderr."""
    done = subprocess.run([sys.executable, COMMAND, *map(str, args)], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=600)
    return done.returncode, done.stdout, done.stderr
