"""The workloads of workloads/ at small sizes, under every collector that
`beagle gcs` lists, against golden output committed in expected/. The golden
files are the output of the node references (workloads/reference/*.js), not
of Beagle, and are checked against node itself when node is installed (and
against the Java references when java is), so a wrong golden file cannot
hide a wrong result. A workload that starts threads (thread-soak) has no
reference: its golden file is its own output, which does not depend on
timing, and the program checks its totals itself (a wrong one exits 1).

    BEAGLE=build/harness/beagle /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/workloads

To regenerate a golden file after changing a workload (and its references):
    node workloads/reference/churn.js 50000 2000000 > tests/workloads/expected/churn-50000-2000000.txt
"""

import os
import shutil
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WORKLOADS = os.path.join(REPO, "workloads")
REFERENCE = os.path.join(WORKLOADS, "reference")
EXPECTED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "expected")

# workload: (its JavaScript and Java references, a small size, a tiny size for --gc-always)
SIZES = {
    "binary-trees": ("binary-trees.js", "BinaryTrees.java", ["14"], ["6"]),
    "gcbench": ("gcbench.js", "GcBench.java", ["16", "14", "100000", "14"], ["8", "6", "100", "6"]),
    "churn": ("churn.js", "Churn.java", ["50000", "2000000"], ["200", "2000"]),
}
# Workloads without a node or Java twin: (a small size, a tiny size for --gc-always).
UNREFERENCED = {
    "thread-soak": (["1"], ["0", "6"]),  # 1 second; one round per thread, trees of depth 4 to 6
}
REFERENCED_SMALL = [(name, sizes[2]) for name, sizes in SIZES.items()]
REFERENCED_TINY = [(name, sizes[3]) for name, sizes in SIZES.items()]
SMALL = REFERENCED_SMALL + [(name, sizes[0]) for name, sizes in UNREFERENCED.items()]
TINY = REFERENCED_TINY + [(name, sizes[1]) for name, sizes in UNREFERENCED.items()]
REFERENCED_RUNS = REFERENCED_SMALL + REFERENCED_TINY
NODE = shutil.which("node")
JAVA = shutil.which("java")


def beagle_path():
    path = os.environ.get("BEAGLE")
    if not path:
        pytest.fail("set BEAGLE to the path of the beagle executable")
    return os.path.abspath(path)


def collectors():
    """The collectors `beagle gcs` lists (the first word of each line), so
    that a new collector is tested without an edit here."""
    result = subprocess.run([beagle_path(), "gcs"], stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    names = [line.split()[0] for line in result.stdout.splitlines() if line.strip()]
    assert names, "beagle gcs lists no collector"
    return names


def pytest_generate_tests(metafunc):
    if "gc" in metafunc.fixturenames:
        metafunc.parametrize("gc", collectors())


def run_id(name, args):
    return "-".join([name, *args])


def golden(name, args):
    with open(os.path.join(EXPECTED, run_id(name, args) + ".txt")) as f:
        return f.read()


def run(command, timeout=120):
    result = subprocess.run(command, cwd=REPO, stdin=subprocess.DEVNULL,
                            capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{' '.join(command)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    return result.stdout


def run_beagle(name, args, *options):
    return run([beagle_path(), "run", *options, os.path.join("workloads", name + ".bg"), *args])


def run_node(name, args):
    return run([NODE, os.path.join(REFERENCE, SIZES[name][0]), *args])


@pytest.mark.parametrize("name,args", SMALL, ids=[run_id(*r) for r in SMALL])
def test_workload_under_every_collector(name, args, gc):
    # --verify checks the heap after every collection.
    assert run_beagle(name, args, f"--gc={gc}", "--verify") == golden(name, args)


@pytest.mark.parametrize("name,args", TINY, ids=[run_id(*r) for r in TINY])
def test_workload_collecting_at_every_allocation(name, args, gc):
    assert run_beagle(name, args, f"--gc={gc}", "--gc-always") == golden(name, args)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("name,args", REFERENCED_RUNS, ids=[run_id(*r) for r in REFERENCED_RUNS])
def test_golden_output_is_nodes(name, args):
    assert run_node(name, args) == golden(name, args)


@pytest.mark.skipif(NODE is None, reason="node is not installed")
@pytest.mark.parametrize("name,args", REFERENCED_SMALL, ids=[run_id(*r) for r in REFERENCED_SMALL])
def test_beagle_and_node_agree(name, args):
    assert run_beagle(name, args) == run_node(name, args)


@pytest.mark.skipif(JAVA is None, reason="java is not installed")
@pytest.mark.parametrize("name,args", REFERENCED_SMALL, ids=[run_id(*r) for r in REFERENCED_SMALL])
def test_java_reference_agrees(name, args):
    assert run([JAVA, os.path.join(REFERENCE, SIZES[name][1]), *args]) == golden(name, args)


def test_every_workload_is_tested():
    workloads = sorted(f[:-3] for f in os.listdir(WORKLOADS) if f.endswith(".bg"))
    assert workloads == sorted([*SIZES, *UNREFERENCED])
