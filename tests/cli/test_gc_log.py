"""Tests of the GC event log, `beagle run --gc-log=FILE` (docs/GC-LOG.md):
under every collector that `beagle gcs` lists, the file parses as JSON
Lines, starts with the header and ends with the totals, its times never go
back, each collection's phases lie between its requested and resumed
records, and its counts and pauses are those of --stats. Then the phases
particular to each plan, and the errors.

    BEAGLE=build/harness/beagle /usr/bin/python3 -m pytest -q -p no:cacheprovider tests/cli/test_gc_log.py
"""

import json
import os
import re
import subprocess

import pytest

from conftest import write

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY_TREES = os.path.join(REPO, "workloads", "binary-trees.bg")
SCHEMA_DOC = os.path.join(REPO, "docs", "GC-LOG.md")
BEAGLE = os.path.abspath(os.environ.get("BEAGLE") or os.path.join(REPO, "build", "harness", "beagle"))


def registered_collectors():
    """The collectors of this build, as `beagle gcs` lists them."""
    out = subprocess.run([BEAGLE, "gcs"], capture_output=True, text=True, check=True).stdout
    return [line.split()[0] for line in out.splitlines()]


COLLECTORS = registered_collectors()

# Trees to collect, and two calls of gc(): a full collection under every plan.
PROGRAM = """
struct Node { left, right }
fn tree(d) { if d == 0 { Node { left: null, right: null } } else { Node { left: tree(d - 1), right: tree(d - 1) } } }
fn check(t) { if t.left == null { 1 } else { 1 + check(t.left) + check(t.right) } }
fn main() {
    let kept = tree(12)
    let mut i = 0
    let mut sum = 0
    while i < 40 {
        sum = sum + check(tree(10))
        i = i + 1
    }
    gc()
    sum = sum + check(tree(8))
    gc()
    println(sum + check(kept))
}
"""


def read_log(path):
    with open(path) as f:
        lines = f.read().splitlines()
    assert lines, "the log is empty"
    return [json.loads(line) for line in lines]


def parse_stats(stderr):
    m = re.search(r"gc: collector (\S+), (\d+) collections \((\d+) minor, (\d+) major\), pause total ([\d.]+) ms, "
                  r"max ([\d.]+) ms, peak heap (\d+) bytes, (\d+) slow-path allocations", stderr)
    assert m, stderr
    return {"collector": m.group(1), "collections": int(m.group(2)), "minor": int(m.group(3)),
            "major": int(m.group(4)), "pause_ms": float(m.group(5)), "max_ms": float(m.group(6)),
            "peak": int(m.group(7)), "slow_allocations": int(m.group(8))}


def collections_of(records):
    """The phase records grouped by collection number, in order."""
    groups = {}
    for r in records:
        if r["record"] == "phase":
            groups.setdefault(r["collection"], []).append(r)
    return groups


def run_logged(run, tmp_path, *args, log="gc.jsonl"):
    result = run("run", f"--gc-log={log}", "--stats", *args)
    assert result.returncode == 0, result.stderr
    return result, read_log(tmp_path / log)


KINDS = ("minor", "start", "major", "full")


def check_well_formed(records):
    """The checks that hold for every collector."""
    header, end, phases = records[0], records[-1], records[1:-1]
    assert header["record"] == "header" and end["record"] == "end"
    assert all(r["record"] == "phase" for r in phases)
    times = [r["t_ns"] for r in phases] + [end["t_ns"]]
    assert times == sorted(times), "timestamps go back"
    groups = collections_of(records)
    assert list(groups) == list(range(1, len(groups) + 1))
    for number, group in groups.items():
        # A concurrent phase ends between two pauses: it belongs to the
        # collection before it, and follows that collection's resumed.
        paused = [r for r in group if not r["concurrent"]]
        assert all(r["concurrent"] for r in group[len(paused):]), [r["phase"] for r in group]
        names = [r["phase"] for r in paused]
        assert names[0] == "requested" and names[1] == "stopped" and names[-1] == "resumed", names
        assert names.count("requested") == names.count("stopped") == names.count("resumed") == 1, names
        assert len({r["kind"] for r in group}) == 1 and group[0]["kind"] in ("minor", "start", "major", "full")
        assert len({r["reason"] for r in group}) == 1
        stopped, resumed = paused[1], paused[-1]
        assert resumed["pause_ns"] <= resumed["t_ns"] - stopped["t_ns"]
        assert stopped["threads"] == 1
    return header, end, groups


def test_the_end_record_counts_what_generational_pretenured(run, tmp_path):
    # binary-trees 14's stretch tree (1.5 MB) fills a 1 MiB nursery that
    # all survives, so what follows is allocated old.
    result, records = run_logged(run, tmp_path, "--gc=generational", "--gc-option", "nursery=1M", BINARY_TREES, "14")
    end = records[-1]
    stats = int(re.search(r"pretenured (\d+) bytes", result.stderr).group(1))
    assert end["record"] == "end" and end["pretenured_bytes"] == stats > 0


@pytest.mark.parametrize("gc", COLLECTORS)
def test_log_under_every_collector(run, tmp_path, gc):
    path = write(tmp_path, "trees.bg", PROGRAM)
    result, records = run_logged(run, tmp_path, f"--gc={gc}", path)
    header, end, groups = check_well_formed(records)

    assert header["schema"] == "beagle-gc-log" and header["version"] == 1
    assert header["collector"] == gc
    declared = subprocess.run([BEAGLE, "gcs", gc], capture_output=True, text=True).stdout
    assert sorted(header["options"]) == sorted(re.findall(r"^  (\S+) ", declared, re.M))
    assert header["heap_limit_bytes"] == 0
    assert header["program"] == ["trees.bg"]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", header["start_time"])

    stats = parse_stats(result.stderr)
    assert end["collections"] == len(groups) == stats["collections"] >= 2
    assert end["minor"] == stats["minor"]
    assert end["start"] + end["major"] + end["full"] == stats["major"]
    resumed = [r for g in groups.values() for r in g if r["phase"] == "resumed"]
    kinds = [r["kind"] for r in resumed]
    assert [kinds.count(k) for k in KINDS] == [end[k] for k in KINDS]
    pauses = [r["pause_ns"] for r in resumed]
    assert sum(pauses) == end["pause_total_ns"] and max(pauses) == end["pause_max_ns"]
    assert abs(end["pause_total_ns"] / 1e6 - stats["pause_ms"]) < 0.002
    assert end["peak_heap_bytes"] == stats["peak"]
    assert end["slow_path_allocations"] == stats["slow_allocations"]
    assert end["mutator_ns"] == end["wall_ns"] - end["pause_total_ns"]
    # The collector's work outside the pauses: concurrent's marking thread,
    # which may still have marked after --stats read it; nothing elsewhere.
    concurrent = re.search(r"gc: concurrent cpu ([\d.]+) ms", result.stderr)
    concurrent_ns = round(float(concurrent.group(1)) * 1e6) if concurrent else 0
    assert end["concurrent_cpu_ns"] >= concurrent_ns - 1000
    if gc != "concurrent":
        assert end["concurrent_cpu_ns"] == 0 == concurrent_ns
    assert sum(r["freed_bytes"] for r in resumed) == end["freed_bytes"]
    assert sum(r["promoted_bytes"] for r in resumed) == end["promoted_bytes"]
    # Allocated straight into the old generation: generational's pretenuring
    # (a log's `end` and --stats count alike); nothing elsewhere.
    pretenured = re.search(r"pretenured (\d+) bytes", result.stderr)
    assert end["pretenured_bytes"] == (int(pretenured.group(1)) if pretenured else 0)
    if gc != "generational":
        assert end["pretenured_bytes"] == 0

    # The two gc() calls: the whole heap asked for, and done in the pause.
    explicit = [g for g in groups.values() if g[0]["reason"] == "explicit"]
    assert len(explicit) == 2
    assert all(g[0]["whole_heap"] and g[0]["kind"] == "full" for g in explicit)


def test_mark_sweep_phases(run, tmp_path):
    path = write(tmp_path, "trees.bg", PROGRAM)
    _, records = run_logged(run, tmp_path, "--gc=mark-sweep", path)
    for group in collections_of(records).values():
        assert [r["phase"] for r in group] == ["requested", "stopped", "swept", "roots", "marked", "swept", "resumed"]
        assert group[2]["lazy"] is False and group[5]["lazy"] is True
        assert group[4]["marked_bytes"] > 0
        requested, resumed = group[0], group[-1]
        assert resumed["freed_bytes"] == max(0, requested["heap_used_bytes"] - resumed["heap_used_bytes"])


def test_compacting_phases(run, tmp_path):
    path = write(tmp_path, "trees.bg", PROGRAM)
    _, records = run_logged(run, tmp_path, "--gc=compacting", path)
    for group in collections_of(records).values():
        assert [r["phase"] for r in group] == ["requested", "stopped", "roots", "copied", "resumed"]
        assert group[3]["copied_bytes"] == group[-1]["heap_used_bytes"]


def test_nogc_reports_only_the_heaps_phases(run, tmp_path):
    path = write(tmp_path, "trees.bg", PROGRAM)
    _, records = run_logged(run, tmp_path, "--gc=nogc", path)
    for group in collections_of(records).values():
        assert [r["phase"] for r in group] == ["requested", "stopped", "resumed"]
        assert group[-1]["freed_bytes"] == 0


def test_generational_minor_and_incremental_major(run, tmp_path):
    # Under gc-always every 3rd collection starts marking, in slices of 64
    # words: marks span many minor pauses, and end in a major one.
    _, records = run_logged(run, tmp_path, "--gc=generational", "--gc-always", "--gc-option", "major-every=3",
                            BINARY_TREES, "4")
    _, end, groups = check_well_formed(records)
    assert end["minor"] > 0 and end["major"] > 0
    assert records[0]["options"]["major-every"] == "3" and records[0]["gc_always"] is True
    for group in groups.values():
        names = [r["phase"] for r in group]
        assert group[0]["reason"] == "stress"
        # Every collection first empties the nursery.
        assert names[2:5] == ["roots", "remembered", "copied"], names
        assert group[4]["copied_bytes"] == group[-1]["promoted_bytes"]
        slices = [r for r in group if r["phase"] == "mark-slice"]
        if group[-1]["kind"] == "minor":
            assert "marked" not in names and all(not s["finished"] for s in slices)
        else:
            # The last slice, the remark (the roots again), the mark, the lazy sweep.
            assert names[-5:] == ["mark-slice", "roots", "marked", "swept", "resumed"], names
            assert slices[-1]["finished"] and group[-2]["lazy"]
    # Some minor pauses carry a slice of a mark that ends later.
    assert any(r["phase"] == "mark-slice" and r["kind"] == "minor" for r in records[1:-1])


def test_generational_full_collection(run, tmp_path):
    path = write(tmp_path, "trees.bg", PROGRAM)
    _, records = run_logged(run, tmp_path, "--gc=generational", path)
    full = [g for g in collections_of(records).values() if g[-1]["kind"] == "full"]
    assert full
    for group in full:
        assert [r["phase"] for r in group] == ["requested", "stopped", "roots", "remembered", "copied", "swept",
                                                "roots", "mark-slice", "roots", "marked", "swept", "resumed"]


def test_the_schema_document_names_every_field_and_phase(run, tmp_path):
    doc = open(SCHEMA_DOC).read()
    assert re.search(r"^Version: 1$", doc, re.M)
    names = set()
    for gc in COLLECTORS:
        path = write(tmp_path, "trees.bg", PROGRAM)
        _, records = run_logged(run, tmp_path, f"--gc={gc}", path, log=f"{gc}.jsonl")
        for r in records:
            names.update(r)
            names.update(r[k] for k in ("record", "phase", "kind", "reason") if k in r)
    missing = sorted(n for n in names if f"`{n}`" not in doc)
    assert not missing, f"docs/GC-LOG.md does not describe {missing}"


def test_a_run_that_dies_keeps_its_log_and_totals(run, tmp_path):
    path = write(tmp_path, "grow.bg", "fn grow(acc, n) { if n == 0 { acc } else { grow(push(acc, [n, n]), n - 1) } }\n"
                                      "fn main() { println(count(grow([], 10000000))) }\n")
    result = run("run", "--gc=mark-sweep", "--heap=8M", "--gc-log=gc.jsonl", path)
    assert result.returncode == 1 and result.stderr.startswith("Out of memory")
    records = read_log(tmp_path / "gc.jsonl")
    assert records[0]["record"] == "header" and records[0]["heap_limit_bytes"] == 8 << 20
    # The out-of-memory ends the run after a full collection that could not make room.
    assert records[-2]["record"] == "phase" and records[-2]["phase"] == "resumed"
    header, end, groups = check_well_formed(records)
    assert end["collections"] == len(groups) >= 1


@pytest.mark.parametrize("log", ["missing-dir/gc.jsonl", "."])
def test_unwritable_log_is_a_usage_error(run, log):
    result = run("run", f"--gc-log={log}", BINARY_TREES, "4")
    assert result.returncode == 2
    assert result.stderr.startswith(f"beagle run: cannot write the GC log '{log}': ")
    assert result.stdout == ""


def test_empty_log_name_is_a_usage_error(run):
    result = run("run", "--gc-log=", BINARY_TREES, "4")
    assert result.returncode == 2
    assert "--gc-log wants a file name" in result.stderr


def test_program_arguments_are_in_the_header(run, tmp_path):
    _, records = run_logged(run, tmp_path, "--gc=compacting", "--heap=64M", BINARY_TREES, "6")
    header = records[0]
    assert header["program"] == [BINARY_TREES, "6"]
    assert header["heap_limit_bytes"] == 64 << 20


def test_run_help_names_the_log(run):
    result = run("run", "--help")
    assert "--gc-log=FILE" in result.stdout and "docs/GC-LOG.md" in result.stdout
