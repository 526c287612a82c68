"""Tests of build/bench/mutator_bench (pytest; the binaries come from
$MUTATOR_BENCH and $BEAGLE, which ctest sets).

The suite runs with a tiny minimum time, and its JSON must hold every case:
the cases of bench/README.md, the property write once for each barrier kind
and the allocation once for each allocation fast path that the collectors
`beagle gcs` lists (those that reclaim memory) publish, the allocation with
one thread and with an idle second thread under each of those collectors,
each case with its counters, none in error.

    MUTATOR_BENCH=build/bench/mutator_bench BEAGLE=build/harness/beagle \
        /usr/bin/python3 -m pytest -q -p no:cacheprovider bench/test_mutator_bench.py
"""

import json
import os
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(REPO, "tests", "cli"))
from conftest import collector_attributes, registered_collectors  # noqa: E402  (reads $BEAGLE)

CASES = ["property_read/monomorphic", "property_read/polymorphic8", "call/known", "call/closure", "call/builtin",
         "protocol_dispatch"]
COUNTERS = ["ns_per_op", "base_ns", "net_ns_per_op", "items_per_second"]


def reclaiming_collectors():
    """{name: attributes} of the collectors `beagle gcs` lists that reclaim memory."""
    return {name: attributes for name in registered_collectors()
            if (attributes := collector_attributes(name))["reclaims"] == "yes"}


def per_attribute(case, key):
    """CASE/VALUE/COLLECTOR for each value of the attribute, with the first
    collector (by name) that has it."""
    first = {}
    for name, values in sorted(reclaiming_collectors().items()):
        first.setdefault(values[key], name)
    return [f"{case}/{value}/{name}" for value, name in first.items()]


@pytest.fixture(scope="module")
def report():
    bench = os.environ.get("MUTATOR_BENCH") or pytest.fail("set MUTATOR_BENCH to the mutator_bench executable")
    result = subprocess.run([bench, "--benchmark_min_time=0.001", "--benchmark_format=json"], capture_output=True,
                            text=True, timeout=240)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_every_case_is_reported_with_its_counters(report):
    expected = CASES + per_attribute("property_write", "barrier") + per_attribute("allocation/struct_literal",
                                                                                   "fast path")
    expected += [f"allocation/{threads}/{name}" for threads in ("one_thread", "idle_second_thread")
                 for name in reclaiming_collectors()]
    # Timed by the thread's CPU clock (manual time): Google Benchmark adds "/manual_time".
    assert all(b["name"].endswith("/manual_time") for b in report["benchmarks"])
    benchmarks = {b["name"].removesuffix("/manual_time"): b for b in report["benchmarks"]}
    assert sorted(benchmarks) == sorted(expected)
    for name, b in benchmarks.items():
        assert not b.get("error_occurred"), (name, b.get("error_message"))
        for counter in COUNTERS:
            assert counter in b, (name, counter)
        assert b["ns_per_op"] > 0 and b["base_ns"] > 0, name
        assert abs(b["net_ns_per_op"] - (b["ns_per_op"] - b["base_ns"])) < 1e-6 * max(1.0, b["ns_per_op"]), name

