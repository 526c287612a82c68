"""Tests of build/bench/workload_bench (pytest; the binaries come from
$WORKLOAD_BENCH and $BEAGLE, which ctest sets).

The suite runs at its tiny sizes, and its JSON must hold every (workload,
collector) pair, where the workloads are the .bg files of workloads/ and the
collectors those `beagle gcs` lists, each with every counter. The counts of
collections and the peak heap must equal what `beagle run --stats` reports for
the same program (with BEAGLE_REPRODUCIBLE=1 they do not depend on timing:
generational otherwise sizes its nursery and its marking slices by the
clock), and the times must be consistent with each other.

    WORKLOAD_BENCH=build/bench/workload_bench BEAGLE=build/harness/beagle \
        /usr/bin/python3 -m pytest -q -p no:cacheprovider bench
"""

import json
import os
import re
import subprocess

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WORKLOADS = os.path.join(REPO, "workloads")
SIZES_FILE = os.path.join(REPO, "bench", "sizes")
COUNTERS = ["cpu_ms", "gc_time_ms", "gc_cpu_ms", "gc_share", "pause_p50_ms", "pause_p95_ms", "pause_p99_ms",
            "pause_max_ms", "minor", "major", "peak_heap", "peak_rss"]
STATS = re.compile(r"gc: collector (\S+), (\d+) collections \((\d+) minor, (\d+) major\), .*peak heap (\d+) bytes")


def executable(variable):
    path = os.environ.get(variable)
    if not path:
        pytest.fail(f"set {variable} to the path of the executable")
    return os.path.abspath(path)


def collectors():
    result = subprocess.run([executable("BEAGLE"), "gcs"], capture_output=True, text=True, check=True)
    return [line.split()[0] for line in result.stdout.splitlines() if line.strip()]


def tiny_args():
    """workload -> its arguments at the tiny sizes, read from bench/sizes."""
    args = {}
    with open(SIZES_FILE) as f:
        for line in f:
            words = line.split("#")[0].split()
            if len(words) >= 2 and words[1] == "tiny":
                args[words[0]] = words[2:]
    return args


def starts_threads(workload):
    """Whether the workload's program calls thread(): its collections then
    happen wherever the interleaving puts them (thread-soak.bg)."""
    with open(os.path.join(WORKLOADS, workload + ".bg")) as f:
        return "thread(" in f.read()


# Every beagle run of these tests, the bench's children included, collects
# the same way each time (a single-threaded one: see starts_threads).
REPRODUCIBLE = {**os.environ, "BEAGLE_REPRODUCIBLE": "1"}


def run_bench(tmp_path, *options, timeout=240):
    out = tmp_path / "bench.json"
    result = subprocess.run([executable("WORKLOAD_BENCH"), *options, "--benchmark_min_time=0.01",
                             "--benchmark_out_format=json", f"--benchmark_out={out}"],
                            cwd=tmp_path, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
                            env=REPRODUCIBLE)
    report = json.loads(out.read_text()) if out.exists() and out.stat().st_size > 0 else None
    return result, report


@pytest.fixture(scope="module")
def tiny_suite(tmp_path_factory):
    result, report = run_bench(tmp_path_factory.mktemp("tiny"), "--sizes=tiny")
    assert result.returncode == 0, result.stderr + result.stdout
    return report


def test_every_workload_under_every_collector(tiny_suite):
    workloads = sorted(name[:-3] for name in os.listdir(WORKLOADS) if name.endswith(".bg"))
    expected = {f"{w}/{c}/manual_time" for w in workloads for c in collectors()}
    assert len(expected) >= 3 * 4
    names = [b["name"] for b in tiny_suite["benchmarks"]]
    assert sorted(names) == sorted(expected)
    assert tiny_suite["context"]["sizes"] == "tiny"


def test_every_benchmark_has_consistent_counters(tiny_suite):
    args = tiny_args()
    for b in tiny_suite["benchmarks"]:
        name = b["name"]
        workload = name.split("/")[0]
        assert not b.get("error_occurred"), (name, b.get("error_message"))
        assert b["time_unit"] == "ms" and b["real_time"] > 0, name
        for counter in COUNTERS:
            assert counter in b, (name, counter)
        assert b["label"] == " ".join([workload + ".bg", *args.get(workload, [])])
        assert 0 <= b["gc_time_ms"] <= b["real_time"], name
        assert 0 <= b["gc_share"] <= 1, name
        assert b["gc_share"] == pytest.approx(b["gc_time_ms"] / b["real_time"], rel=1e-6, abs=1e-9), name
        assert 0 <= b["pause_p50_ms"] <= b["pause_p95_ms"] <= b["pause_p99_ms"] <= b["pause_max_ms"], name
        # The longest pause is part of some run's GC time.
        assert b["pause_max_ms"] <= b["gc_time_ms"] * b["iterations"] + 1e-9, name
        assert b["peak_heap"] > 0 and b["peak_rss"] > 1 << 20, name


def test_counts_and_peak_heap_match_beagle_run_stats(tiny_suite):
    """Collections and peak heap are the same in every run of a single-threaded
    program; the bench reads them from the GC log, `--stats` from the Heap's
    statistics."""
    args = tiny_args()
    compared = 0
    for b in tiny_suite["benchmarks"]:
        workload, collector, _ = b["name"].split("/")
        if starts_threads(workload):
            continue
        compared += 1
        result = subprocess.run([executable("BEAGLE"), "run", f"--gc={collector}", "--stats",
                                 os.path.join(WORKLOADS, workload + ".bg"), *args.get(workload, [])],
                                capture_output=True, text=True, timeout=120, env=REPRODUCIBLE)
        assert result.returncode == 0, result.stderr
        m = STATS.search(result.stderr)
        assert m and m.group(1) == collector, result.stderr
        collections, minor, major, peak_heap = (int(m.group(i)) for i in range(2, 6))
        assert (b["minor"], b["major"]) == (minor, major), b["name"]
        assert b["peak_heap"] == peak_heap, b["name"]
        assert (b["pause_max_ms"] > 0) == (collections > 0), b["name"]
    assert compared >= 3 * 4


def write_workloads(tmp_path, programs):
    folder = tmp_path / "workloads"
    folder.mkdir()
    for name, text in programs.items():
        (folder / name).write_text(text)
    return folder


def test_a_failing_or_changing_workload_is_an_error(tmp_path):
    folder = write_workloads(tmp_path, {
        "good.bg": "fn main(args) { println(length(args)) }\n",
        "bad.bg": "fn main(args) { throw(\"bad on purpose\") }\n",
        "clock.bg": "fn main(args) {\n  time-now()\n  sleep(1)\n  println(time-now())\n}\n",
    })
    result, report = run_bench(tmp_path, f"--workloads={folder}", "--benchmark_filter=/nogc|/mark-sweep")
    assert result.returncode == 1, result.stderr
    by_name = {b["name"].rsplit("/", 1)[0]: b for b in report["benchmarks"]}
    assert set(by_name) == {f"{w}/{c}" for w in ("bad", "clock", "good") for c in ("mark-sweep", "nogc")}
    for collector in ("mark-sweep", "nogc"):
        assert not by_name[f"good/{collector}"].get("error_occurred")
        bad = by_name[f"bad/{collector}"]
        assert bad["error_occurred"] and "exit status 1" in bad["error_message"], bad
        assert "bad on purpose" in bad["error_message"], bad
    # Every run of clock.bg prints another number: by nogc's first run at the
    # latest, the output differs from the first run's (under mark-sweep).
    clock = by_name["clock/nogc"]
    assert clock["error_occurred"] and "output differs" in clock["error_message"], clock


@pytest.mark.parametrize("options, message", [
    (["--sizes=huge"], "no sizes named 'huge'"),
    (["--beagle=/nonexistent/beagle"], "is not an executable file"),
    (["--timeout=0"], "--timeout wants a positive number"),
    (["--frobnicate"], "unknown option '--frobnicate'"),
])
def test_usage_errors(tmp_path, options, message):
    result, _ = run_bench(tmp_path, *options)
    assert result.returncode == 2 and message in result.stderr, result.stderr


def test_an_empty_workloads_folder_is_a_usage_error(tmp_path):
    folder = write_workloads(tmp_path, {"notes.txt": "no programs here\n"})
    result, _ = run_bench(tmp_path, f"--workloads={folder}")
    assert result.returncode == 2 and "no .bg file" in result.stderr, result.stderr
