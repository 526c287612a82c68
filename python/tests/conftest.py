"""Fixtures shared by the tests of the Python package: the package from
build/python (ctest sets PYTHONPATH; run by hand, this checkout's build), the
beagle executable ($BEAGLE) to compare with, and the collectors it lists."""

import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.abspath(os.environ.get("BEAGLE_BUILD_DIR") or os.path.join(REPO, "build"))
BEAGLE = os.path.abspath(os.environ.get("BEAGLE") or os.path.join(BUILD, "harness", "beagle"))
WORKLOADS = os.path.join(REPO, "workloads")
EXPECTED = os.path.join(REPO, "tests", "workloads", "expected")

if not any(os.path.isfile(os.path.join(p, "beagle", "__init__.py")) for p in sys.path if p):
    sys.path.insert(0, os.path.join(BUILD, "python"))


def cli(*args, cwd=None):
    """Runs the beagle executable; returns the finished process."""
    return subprocess.run([BEAGLE, *args], cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=120)


def registered_collectors():
    """The collectors `beagle gcs` lists: a collector added later joins every
    test that is parametrized with this list."""
    return [line.split()[0] for line in cli("gcs").stdout.splitlines()]


def expected_output(name):
    with open(os.path.join(EXPECTED, name)) as f:
        return f.read()


@pytest.fixture
def program(tmp_path):
    """Writes a program file; returns its path."""

    def write(name, text):
        path = tmp_path / name
        path.write_text(text)
        return str(path)

    return write
