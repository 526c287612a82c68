"""Tests of `beagle run` and `beagle gcs` that the language suite cannot
express: options, statistics, heap limits, and the process-level contract.

    BEAGLE=build/harness/beagle /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/cli
"""

import os
import re

import pytest

from conftest import registered_collectors, write

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY_TREES = os.path.join(REPO, "workloads", "binary-trees.bg")
COLLECTORS = registered_collectors()


def stats(stderr):
    m = re.search(r"gc: collector (\S+), (\d+) collections \((\d+) minor, (\d+) major\), .* peak heap (\d+) bytes, "
                  r"(\d+) slow-path allocations", stderr)
    assert m, stderr
    return {"collector": m.group(1), "collections": int(m.group(2)), "minor": int(m.group(3)),
            "major": int(m.group(4)), "peak": int(m.group(5)), "slow_allocations": int(m.group(6))}


def test_gcs_lists_every_collector_in_the_source(run):
    """`beagle gcs` lists, sorted, exactly the collectors that the source
    registers (BEAGLE_REGISTER_COLLECTOR in collectors/*/), one folder each."""
    registered = {}
    for root, _, files in os.walk(os.path.join(REPO, "collectors")):
        for name in files:
            if name.endswith(".cc"):
                text = open(os.path.join(root, name)).read()
                for m in re.finditer(r'^BEAGLE_REGISTER_COLLECTOR\(\w+,\s*"([^"]+)"', text, re.M):
                    registered[m.group(1)] = os.path.relpath(root, REPO)
    assert len(set(registered.values())) == len(registered)  # one folder per collector
    result = run("gcs")
    assert result.returncode == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == sorted(registered)


@pytest.mark.parametrize("gc", COLLECTORS)
def test_binary_trees_checks_under_every_collector(run, gc):
    result = run("run", f"--gc={gc}", BINARY_TREES, "8")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "long lived tree of depth 8 check: 511"


# (FAILURE-MODES #13, gc-always collecting at every allocation with the inline
# fast path disarmed: tests/cli/test_stress.py, with counts the test computes.)


def test_stats_report_pause_percentiles_and_kinds(run):
    result = run("run", "--gc=generational", "--stats", BINARY_TREES, "12")
    assert result.returncode == 0, result.stderr
    s = stats(result.stderr)
    assert s["minor"] >= 1 and s["major"] == 0
    p = re.search(r"gc: pauses p50 ([\d.]+) ms, p95 ([\d.]+) ms, p99 ([\d.]+) ms, max ([\d.]+) ms", result.stderr)
    assert p, result.stderr
    p50, p95, p99, most = map(float, p.groups())
    assert 0 < p50 <= p95 <= p99 <= most
    minor = re.search(r"gc: minor (\d+), pause total ([\d.]+) ms, max ([\d.]+) ms, promoted (\d+) bytes, "
                      r"remembered (\d+) entries", result.stderr)
    assert minor and int(minor.group(1)) == s["minor"] and int(minor.group(4)) > 0, result.stderr
    assert re.search(r"gc: major 0, pause total 0.000 ms", result.stderr), result.stderr
    assert re.search(r"gc: wall [\d.]+ ms, mutator [\d.]+ ms", result.stderr), result.stderr
    # Collectors without generations print no minor line.
    result = run("run", "--gc=mark-sweep", "--stats", BINARY_TREES, "8")
    assert "gc: minor" not in result.stderr


@pytest.mark.parametrize("gc", ["compacting", "mark-sweep"])
def test_inline_fast_path_is_used_without_stress(run, gc):
    result = run("run", f"--gc={gc}", "--stats", BINARY_TREES, "8")
    s = stats(result.stderr)
    # Thousands of nodes are allocated; most of them inline, in the thread's
    # buffer (compacting) or from its free list (mark-sweep).
    assert s["slow_allocations"] < 1000


# A loop that allocates one struct per trip: with the marker, each trip is one
# more collection, inline fast path (compacting bumps) or not.
LOOP = "// gc-always\nstruct P {{ a }}\nfn main() {{\n  let mut i = 0\n  while i < {trips} {{\n" \
       "    P {{ a: i }}\n    i = i + 1\n  }}\n  println(i)\n}}\n"


@pytest.mark.parametrize("gc", COLLECTORS)
def test_gc_always_flag_in_the_source(run, tmp_path, gc):
    counts = []
    for trips in [10, 110]:
        path = write(tmp_path, f"flag{trips}.bg", LOOP.format(trips=trips))
        result = run("run", f"--gc={gc}", "--stats", path)
        assert result.stdout == f"{trips}\n"
        counts.append(stats(result.stderr)["collections"])
    assert counts[1] - counts[0] == 100


GROW = "fn grow(acc, n) { if n == 0 { acc } else { grow(push(acc, [n, n, n]), n - 1) } }\n" \
       "fn main() { println(\"start\")\n println(count(grow([], 10000000))) }\n"


@pytest.mark.parametrize("gc", COLLECTORS)
def test_heap_limit_ends_with_out_of_memory(run, tmp_path, gc):
    path = write(tmp_path, "grow.bg", GROW)
    result = run("run", f"--gc={gc}", "--heap=8M", path)
    assert result.returncode == 1
    assert result.stdout == "start\n"  # output before the failure is flushed
    assert result.stderr.startswith("Out of memory: cannot allocate")


def test_heap_limit_that_is_enough(run):
    result = run("run", "--gc=mark-sweep", "--heap=64M", BINARY_TREES, "10")
    assert result.returncode == 0


@pytest.mark.parametrize("size", ["12Q", "M", "-1"])
def test_bad_heap_size_is_a_usage_error(run, size):
    result = run("run", f"--heap={size}", BINARY_TREES)
    assert result.returncode == 2
    assert "bad heap size" in result.stderr


def test_unknown_collector_is_a_usage_error(run):
    result = run("run", "--gc=refcount", BINARY_TREES)
    assert result.returncode == 2
    assert "unknown collector 'refcount'" in result.stderr


def test_missing_file(run):
    result = run("run", "nope.bg")
    assert result.returncode == 1
    assert "nope.bg" in result.stderr


def test_compile_error_prints_a_diagnostic_and_runs_nothing(run, tmp_path):
    path = write(tmp_path, "bad.bg", 'println("before")\nfn main() { println(undefined-thing) }\n')
    result = run("run", path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: bad.bg:2:21: Undefined variable: undefined-thing")


def test_compile_error_in_a_used_file_names_that_file(run, tmp_path):
    write(tmp_path, "helper.bg", "namespace helper\nfn f() {\n  let y = zz\n}\n")
    path = write(tmp_path, "main.bg", 'namespace main\nuse helper as h\nprintln("before")\nfn main() { h/f() }\n')
    result = run("run", path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == "Error: helper.bg:3:11: Undefined variable: zz\n    let y = zz\n            ^\n"


def test_uncaught_exception_names_the_error_function_and_line(run, tmp_path):
    path = write(tmp_path, "boom.bg", "namespace boom\n\nfn divide(a, b) {\n  a / b\n}\nfn main() { divide(1, 0) }\n")
    result = run("run", path)
    assert result.returncode == 1
    assert result.stdout == ("Uncaught exception:\n"
                             'SystemError.RuntimeError { message: "Division by zero", '
                             'location: "boom/divide (boom.bg:3)" }\n')


def test_stack_overflow_is_an_error_not_a_crash(run, tmp_path):
    path = write(tmp_path, "deep.bg", "namespace deep\nfn f(n) { 1 + f(n + 1) }\nfn main() { f(0) }\n")
    result = run("run", path)
    assert result.returncode == 1
    assert result.stdout.startswith("Uncaught exception:\nSystemError.RuntimeError { message: \"Stack overflow\"")


def test_program_arguments_reach_main(run, tmp_path):
    path = write(tmp_path, "args.bg", "fn main(args) { println(args) }\n")
    result = run("run", path, "a", "b c")
    assert result.stdout == '[ "a", "b c" ]\n'


def test_run_help(run):
    result = run("run", "--help")
    assert result.returncode == 0
    for option in ["--gc=", "--gc-always", "--stats", "--heap=", "--no-std"]:
        assert option in result.stdout
