"""Fixtures shared by the command-line tests: the beagle executable ($BEAGLE,
else build/harness/beagle in this checkout), a runner that starts it in a
temporary directory, and a helper that writes a program there."""

import os
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def beagle_path():
    return os.path.abspath(os.environ.get("BEAGLE") or os.path.join(REPO, "build", "harness", "beagle"))


@pytest.fixture(scope="session")
def beagle():
    path = beagle_path()
    if not os.access(path, os.X_OK):
        pytest.fail(f"{path} is not an executable file (set BEAGLE to the beagle executable)")
    return path


def registered_collectors():
    """The collectors `beagle gcs` lists (the registry), for parametrize: a
    collector added later joins every test that uses this list."""
    result = subprocess.run([beagle_path(), "gcs"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            check=True)
    return [line.split()[0] for line in result.stdout.splitlines()]


def collector_attributes(name):
    """The `key: value` lines of `beagle gcs NAME` before its options:
    {"fast path": "bump", "barrier": "none", "moving": "yes", "generations": "no"}."""
    result = subprocess.run([beagle_path(), "gcs", name], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                            check=True)
    attributes = {}
    for line in result.stdout.splitlines()[1:]:
        if line.startswith("options"):
            break
        key, _, value = line.partition(": ")
        attributes[key] = value
    return attributes


def collectors_where(**wanted):
    """The registered collectors whose attributes have the given values
    (`generations="yes"`)."""
    return [name for name in registered_collectors()
            if all(collector_attributes(name)[key] == value for key, value in wanted.items())]


@pytest.fixture
def run(beagle, tmp_path):
    """Runs beagle with the given arguments in tmp_path (so relative paths are short)."""

    def run_beagle(*args, timeout=60):
        return subprocess.run([beagle, *args], cwd=tmp_path, stdin=subprocess.DEVNULL,
                              capture_output=True, text=True, timeout=timeout)

    return run_beagle


def write(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    return name
