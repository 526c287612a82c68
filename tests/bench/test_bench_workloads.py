"""Tests of scripts/bench_workloads.py: the --stats and Java GC log parsers, the
medians and tables, the child measurement, and short real runs.

    BEAGLE=build/harness/beagle /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/bench
"""

import importlib.util
import json
import os
import shutil
import subprocess
import sys

import pytest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(REPO, "scripts", "bench_workloads.py")

spec = importlib.util.spec_from_file_location("bench_workloads", SCRIPT)
bench = importlib.util.module_from_spec(spec)
spec.loader.exec_module(bench)


# ---------------------------------------------------------------- --stats lines

OLD_FORMAT = ("gc: collector mark-sweep, 12 collections, pause total 1.234 ms, max 0.567 ms, "
              "peak heap 1234 bytes, 56 slow-path allocations\n")

GENERATIONAL = """\
some output of the program on stderr
gc: collector generational, 57 collections (50 minor, 7 major), pause total 12.345 ms, max 1.234 ms, peak heap 123456 bytes, 789 slow-path allocations
gc: pauses p50 0.123 ms, p95 0.456 ms, p99 0.789 ms, max 1.234 ms
gc: minor 50, pause total 1.000 ms, max 0.100 ms, promoted 123456 bytes, remembered 120 entries (max 5 in one collection), pretenured 4096 bytes
gc: major 7, pause total 11.345 ms, max 1.234 ms
gc: wall 1250.000 ms, mutator 1237.655 ms, collector cpu 11.600 ms
"""

NEW_FORMAT_NO_MINOR = """\
gc: collector compacting, 9 collections, pause total 4.500 ms, max 0.900 ms, peak heap 9999 bytes, 12 slow-path allocations
gc: pauses p50 0.400 ms, p95 0.800 ms, p99 0.850 ms, max 0.900 ms
gc: major 9, pause total 4.500 ms, max 0.900 ms
gc: wall 100.000 ms, mutator 95.500 ms
"""


def test_old_one_line_format():
    s = bench.parse_stats(OLD_FORMAT)
    assert s["collector"] == "mark-sweep"
    assert s["collections"] == 12
    assert s["pause_total_ms"] == 1.234
    assert s["pause_max_ms"] == 0.567
    assert s["peak_heap_bytes"] == 1234
    assert s["slow_path_allocations"] == 56
    for missing in ["minor", "major", "pause_p50_ms", "pause_p99_ms", "promoted_bytes", "wall_ms"]:
        assert s[missing] is None, missing


def test_generational_format():
    s = bench.parse_stats(GENERATIONAL)
    assert s["collector"] == "generational"
    assert (s["collections"], s["minor"], s["major"]) == (57, 50, 7)
    assert s["pause_total_ms"] == 12.345
    assert s["pause_max_ms"] == 1.234
    assert s["peak_heap_bytes"] == 123456
    assert s["slow_path_allocations"] == 789
    assert (s["pause_p50_ms"], s["pause_p95_ms"], s["pause_p99_ms"]) == (0.123, 0.456, 0.789)
    assert (s["minor_pause_total_ms"], s["minor_pause_max_ms"]) == (1.0, 0.1)
    assert s["promoted_bytes"] == 123456
    assert s["pretenured_bytes"] == 4096
    assert (s["remembered_objects"], s["remembered_max"]) == (120, 5)
    assert (s["major_pause_total_ms"], s["major_pause_max_ms"]) == (11.345, 1.234)
    assert (s["wall_ms"], s["mutator_ms"]) == (1250.0, 1237.655)


def test_new_format_without_minor_collections():
    s = bench.parse_stats(NEW_FORMAT_NO_MINOR)
    assert s["collector"] == "compacting"
    assert s["minor"] is None and s["promoted_bytes"] is None
    assert s["major"] == 9  # from the `gc: major` line
    assert s["pause_p99_ms"] == 0.85
    assert s["mutator_ms"] == 95.5


def test_no_stats_line():
    assert bench.parse_stats("Out of memory: cannot allocate 24 bytes\n") is None
    assert bench.parse_stats("") is None


# ---------------------------------------------------------------- Java GC log

PARALLEL_LOG = """\
[0.004s][info][gc] Using Parallel
[0.201s][info][gc] GC(0) Pause Young (Allocation Failure) 64M->12M(245M) 8.500ms
[0.402s][info][gc] GC(1) Pause Young (Allocation Failure) 76M->14M(245M) 2.000ms
[0.900s][info][gc] GC(2) Pause Full (Ergonomics) 150M->90M(400M) 40.250ms
[1.100s][info][gc] GC(3) Pause Young (Allocation Failure) 154M->92M(400M) 1.000ms
"""

G1_LOG = """\
[0.003s][info][gc] Using G1
[0.150s][info][gc] GC(0) Pause Young (Normal) (G1 Evacuation Pause) 24M->3M(256M) 3.000ms
[0.300s][info][gc] GC(1) Pause Young (Concurrent Start) (G1 Humongous Allocation) 30M->20M(256M) 5.000ms
[0.301s][info][gc] GC(2) Concurrent Mark Cycle
[0.320s][info][gc] GC(2) Pause Remark 25M->25M(256M) 1.000ms
[0.330s][info][gc] GC(2) Pause Cleanup 25M->25M(256M) 0.100ms
[0.340s][info][gc] GC(2) Concurrent Mark Cycle 39.000ms
"""


def test_parallel_gc_log():
    g = bench.parse_java_gc_log(PARALLEL_LOG)
    assert g["collector"] == "Parallel"
    assert (g["collections"], g["minor"], g["major"]) == (4, 3, 1)
    assert g["pause_total_ms"] == pytest.approx(51.75)
    assert g["pause_max_ms"] == 40.25
    assert g["pause_p50_ms"] == 2.0   # nearest rank of [1, 2, 8.5, 40.25]
    assert g["pause_p99_ms"] == 40.25


def test_g1_gc_log_counts_remark_and_cleanup_as_pauses_but_not_the_concurrent_cycle():
    g = bench.parse_java_gc_log(G1_LOG)
    assert g["collector"] == "G1"
    assert g["pauses_ms"] == [3.0, 5.0, 1.0, 0.1]
    assert (g["minor"], g["major"]) == (2, 0)
    assert g["pause_total_ms"] == pytest.approx(9.1)


# ---------------------------------------------------------------- statistics and tables

def test_median_and_percentile():
    assert bench.median([3.0, 1.0, 2.0]) == 2.0
    assert bench.median([4, 1, 3, 2]) == 2.5
    assert bench.median([1.0, None, 3.0]) == 2.0
    assert bench.median([None, None]) is None
    assert bench.percentile([5, 1, 4, 2, 3], 50) == 3
    assert bench.percentile(list(range(1, 101)), 99) == 99
    assert bench.percentile([], 50) is None


def run_record(row, wall, rss_mib, gc, kind="beagle"):
    return {"workload": "bt", "row": row, "kind": kind, "run": 1, "wall_s": wall,
            "peak_rss_bytes": rss_mib * 2**20, "user_s": wall, "sys_s": 0.0, "gc": gc}


def test_summary_is_the_median_of_each_column():
    runs = [
        run_record("generational", 2.0, 100, bench.parse_stats(GENERATIONAL)),
        run_record("generational", 1.0, 300, bench.parse_stats(GENERATIONAL.replace("12.345", "30.000"))),
        run_record("generational", 4.0, 200, bench.parse_stats(GENERATIONAL.replace("12.345", "20.000"))),
    ]
    s = bench.summarize("bt", "generational", runs)
    assert s["wall_s"] == 2.0
    assert s["gc_s"] == pytest.approx(0.020)
    # per run: 12.345/2000, 30/1000, 20/4000 -> median 0.6 %
    assert s["gc_percent"] == pytest.approx(100 * 12.345 / 2000)
    assert s["peak_rss_mib"] == 200
    assert (s["minor"], s["major"]) == (50, 7)
    assert s["promoted_bytes"] == 123456
    assert s["pretenured_bytes"] == 4096
    assert s["gc_cpu_s"] == pytest.approx(0.0116)
    table = bench.results_table([s]).splitlines()
    assert table[0] == ("| workload | collector | wall s | GC s | GC % of wall | GC cpu s | concurrent cpu s "
                        "| pause p50 ms | p99 ms | max ms | peak RSS MiB | minor | major |")
    assert table[2] == ("| bt | generational | 2.000 | 0.020 | 0.6 | 0.012 | 0.000 | 0.123 | 0.789 | 1.234 | 200.0 "
                        "| 50 | 7 |")


def test_missing_numbers_show_as_a_dash():
    s = bench.summarize("bt", "node", [run_record("node", 1.5, 50, None, kind="node")])
    row = bench.results_table([s]).splitlines()[2]
    assert row == "| bt | node | 1.500 | - | - | - | - | - | - | - | 50.0 | - | - |"
    old = bench.summarize("bt", "mark-sweep", [run_record("mark-sweep", 1.0, 10, bench.parse_stats(OLD_FORMAT))])
    assert bench.results_table([old]).splitlines()[2] == \
        "| bt | mark-sweep | 1.000 | 0.001 | 0.1 | - | 0.000 | - | - | 0.567 | 10.0 | - | - |"


def test_ratio_table():
    summaries = [
        bench.summarize("bt", "mark-sweep", [run_record("mark-sweep", 3.0, 10, bench.parse_stats(OLD_FORMAT))]),
        bench.summarize("bt", "node", [run_record("node", 1.5, 10, None, kind="node")]),
        bench.summarize("bt", "java-parallel", [run_record("java-parallel", 2.0, 10, None, kind="java")]),
    ]
    lines = bench.ratio_table(summaries, ["node", "java-parallel"]).splitlines()
    assert lines[0] == "| workload | collector | wall / node | wall / java-parallel |"
    assert lines[2:] == ["| bt | mark-sweep | 2.00 | 1.50 |"]
    assert bench.ratio_table(summaries, []) is None


def test_workload_spec():
    assert bench.parse_workload_spec("bt=workloads/binary-trees.bg:16") == ("bt", "workloads/binary-trees.bg", ["16"])
    assert bench.parse_workload_spec("c=churn.bg:1,2") == ("c", "churn.bg", ["1", "2"])
    assert bench.parse_workload_spec("g=gcbench.bg") == ("g", "gcbench.bg", [])
    with pytest.raises(ValueError):
        bench.parse_workload_spec("no-equals-sign")


def test_peak_rss_is_the_childs_own():
    big = bench.run_child([sys.executable, "-c", "x = bytearray(150 * 2**20); print(len(x))"], timeout=60)
    assert big["exit"] == 0 and big["stdout"] == f"{150 * 2**20}\n"
    assert big["peak_rss_bytes"] > 150 * 2**20
    small = bench.run_child(["true"], timeout=60)  # after the big child: not the max over all children
    assert small["exit"] == 0
    assert 0 < small["peak_rss_bytes"] < 50 * 2**20
    assert small["wall_s"] > 0


def test_time_limit_kills_the_child():
    result = bench.run_child(["sleep", "30"], timeout=0.5)
    assert result["timed_out"] and result["exit"] == -9
    assert result["wall_s"] < 10


# ---------------------------------------------------------------- real runs

@pytest.fixture(scope="session")
def beagle():
    path = os.environ.get("BEAGLE")
    if not path:
        pytest.fail("set BEAGLE to the path of the beagle executable")
    return os.path.abspath(path)


@pytest.fixture(scope="session")
def collectors(beagle):
    listed = [line.split()[0] for line in subprocess.run([beagle, "gcs"], capture_output=True,
                                                          text=True).stdout.splitlines()]
    chosen = [gc for gc in ["mark-sweep", "compacting"] if gc in listed] or listed[:2]
    assert chosen, listed
    return chosen


def run_script(beagle, *args, timeout=60):
    return subprocess.run([sys.executable, SCRIPT, "--beagle", beagle, *args], capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def test_a_tiny_real_run(beagle, collectors, tmp_path):
    out = tmp_path / "out.json"
    result = run_script(beagle, "--workload", "tiny=workloads/binary-trees.bg:6", "--only", "tiny",
                        "--runs", "1", "--gc", ",".join(collectors), "--reference", "none", "--json", str(out))
    assert result.returncode == 0, result.stderr
    for i, gc in enumerate(collectors, 1):
        assert f"[{i}/{len(collectors)}] tiny {gc} run 1/1 ..." in result.stderr
    rows = [line for line in result.stdout.splitlines() if line.startswith("| tiny |")]
    assert [row.split(" | ")[1] for row in rows] == collectors
    data = json.loads(out.read_text())
    assert [r["row"] for r in data["runs"]] == collectors
    for run in data["runs"]:
        assert run["exit"] == 0
        assert run["wall_s"] > 0
        assert run["peak_rss_bytes"] > 2**20
        assert run["gc"]["collector"] == run["row"]
        assert run["gc"]["peak_heap_bytes"] > 0
        assert run["argv"][-2:] == [os.path.join(REPO, "workloads", "binary-trees.bg"), "6"]
    assert len({r["stdout_sha256"] for r in data["runs"]}) == 1
    assert [m["row"] for m in data["medians"]] == collectors
    assert data["mismatches"] == []


def test_a_failing_run_is_named_with_its_stderr(beagle, collectors, tmp_path):
    (tmp_path / "boom.bg").write_text('fn main() { println("x")\n throw("boom") }\n')
    result = run_script(beagle, "--workload", f"boom={tmp_path / 'boom.bg'}", "--only", "boom",
                        "--runs", "1", "--gc", collectors[0], "--reference", "none")
    assert result.returncode == 1
    assert f"run failed: boom {collectors[0]} run 1/1 (exit status 1)" in result.stderr
    assert "boom" in result.stderr.split("stderr (last lines):")[1]  # stderr or stdout tail


@pytest.mark.skipif(not shutil.which("node"), reason="node is not installed")
def test_a_reference_with_other_output_is_a_mismatch(beagle, collectors, tmp_path):
    refs = tmp_path / "reference"
    refs.mkdir()
    (refs / "binary-trees.js").write_text('console.log("something else")\n')
    result = run_script(beagle, "--workload", "bt=workloads/binary-trees.bg:4", "--only", "bt", "--runs", "1",
                        "--gc", collectors[0], "--reference", "node", "--reference-dir", str(refs))
    assert result.returncode == 3, result.stderr
    assert "!!! OUTPUT MISMATCH: bt node run 1/1" in result.stderr
    assert "+something else" in result.stderr
    assert "| bt | node **OUTPUT DIFFERS** |" in result.stdout
    assert "wall / node" in result.stdout


def test_usage_errors(beagle):
    assert run_script(beagle, "--only", "nope").returncode == 2
    assert run_script(beagle, "--gc", "refcount", "--only", "binary-trees").returncode == 2
    assert run_script(beagle, "--runs", "0").returncode == 2
    help_text = run_script(beagle, "--help").stdout
    for option in ["--gc", "--runs", "--heap", "--beagle-arg", "--workload", "--only", "--reference",
                   "--java-gcs", "--json"]:
        assert option in help_text


CONCURRENT = GENERATIONAL.replace("collector generational", "collector concurrent") + \
    "gc: concurrent cpu 640.906 ms (the collector's work while the program ran)\n"


def test_concurrent_cpu_is_read_and_shown():
    stats = bench.parse_stats(CONCURRENT)
    assert stats["concurrent_cpu_ms"] == pytest.approx(640.906)
    assert bench.parse_stats(GENERATIONAL)["concurrent_cpu_ms"] is None
    s = bench.summarize("bt", "concurrent", [run_record("concurrent", 2.0, 100, stats)])
    assert s["concurrent_cpu_s"] == pytest.approx(0.640906)
    assert "| 0.012 | 0.641 | 0.123 |" in bench.results_table([s])
