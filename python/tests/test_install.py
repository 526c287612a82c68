"""The package installs (`cmake --install build --component python`) and
imports from the installed place, with no build tree on the path."""

import os
import subprocess
import sys

from conftest import BUILD


def test_the_installed_package_imports_and_runs(tmp_path):
    prefix = tmp_path / "prefix"
    subprocess.run(["cmake", "--install", BUILD, "--component", "python", "--prefix", str(prefix)],
                   check=True, capture_output=True, text=True)
    [package] = [root for root, _, files in os.walk(prefix) if "__init__.py" in files]
    assert os.path.basename(package) == "beagle"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = os.path.dirname(package)
    script = "import beagle; print(beagle.__file__); print(beagle.run('fn main() { println(6 * 7) }').stdout, end='')"
    out = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, check=True, capture_output=True,
                         text=True).stdout.splitlines()
    assert out == [os.path.join(package, "__init__.py"), "42"]
