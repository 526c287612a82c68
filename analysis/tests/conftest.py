"""Shared by the analysis tests: the package on the path, a small log written
by hand (two collections whose every number is chosen here), and the beagle
executable for the tests that make real logs."""

import json
import os
import sys

import pytest

ANALYSIS = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPO = os.path.dirname(ANALYSIS)
sys.path.insert(0, ANALYSIS)

HEADER = {"record": "header", "schema": "beagle-gc-log", "version": 1, "collector": "mark-sweep",
          "options": {}, "heap_limit_bytes": 0, "gc_always": False, "gc_always_major": False, "verify": False,
          "program": ["t.bg"], "start_time": "2026-01-01T00:00:00.000Z", "start_unix_ns": 1}


def phase(collection, name, t_ns, kind="full", **fields):
    return {"record": "phase", "collection": collection, "phase": name, "t_ns": t_ns, "kind": kind,
            "reason": "heap-full", "concurrent": False, **fields}


# Collection 1: stopped at 1000, a 400 ns pause; collection 2 (minor):
# stopped at 5000, a 1000 ns pause. The run lasts 10000 ns.
PHASES = [
    phase(1, "requested", 900, whole_heap=True, heap_used_bytes=4096, heap_committed_bytes=8192),
    phase(1, "stopped", 1000, threads=1),
    phase(1, "roots", 1100),
    phase(1, "marked", 1300, marked_bytes=1024),
    phase(1, "swept", 1350, lazy=True),
    phase(1, "resumed", 1400, heap_used_bytes=1024, heap_committed_bytes=8192, promoted_bytes=0,
          freed_bytes=3072, pause_ns=400),
    phase(2, "requested", 4990, kind="minor", whole_heap=False, heap_used_bytes=6144, heap_committed_bytes=8192),
    phase(2, "stopped", 5000, kind="minor", threads=1),
    phase(2, "resumed", 6000, kind="minor", heap_used_bytes=2048, heap_committed_bytes=12288,
          promoted_bytes=512, freed_bytes=4096, pause_ns=1000),
]
END = {"record": "end", "t_ns": 10000, "collections": 2, "minor": 1, "major": 0, "full": 1, "pause_total_ns": 1400,
       "pause_max_ns": 1000, "collector_cpu_ns": 1300, "concurrent_cpu_ns": 0, "promoted_bytes": 512, "pretenured_bytes": 0, "freed_bytes": 7168,
       "peak_heap_bytes": 6144, "slow_path_allocations": 2, "wall_ns": 10000, "mutator_ns": 8600}


def write_log(path, records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return str(path)


@pytest.fixture
def small_log(tmp_path):
    return write_log(tmp_path / "small.jsonl", [HEADER, *PHASES, END])


@pytest.fixture(scope="session")
def beagle():
    """The executable the notebooks would run ($BEAGLE, else the build's)."""
    from beagle_analysis.runs import NotBuilt, find_beagle

    try:
        return find_beagle()
    except NotBuilt as e:
        pytest.fail(str(e))
