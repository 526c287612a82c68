"""A small sweep run here and on a Dask cluster started by the test: the same
table in every column that does not depend on timing; its heap sizes against
`beagle minheap` run by the test, its logs against the sizes they were run
at; and the summary's rows."""

import csv
import math
import os
import re
import shutil
import subprocess

import pytest
from conftest import run_sweep

from beagle_sweep.description import collector_attributes
from beagle_sweep.results import DETERMINISTIC
from beagle_sweep.shared import analysis, bench

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MULTIPLES = [2, 4]
REPETITIONS = 2
WORKLOADS = [("binary-trees", ["8"]), ("churn", ["2000", "20000"])]


def two_collectors(beagle):
    """Two collectors that reclaim, without generations: their collections,
    and so their minimum heaps, do not depend on timing (a generational
    collector's marking slices are timed)."""
    names = [n for n in bench.list_collectors(beagle)
             if collector_attributes(beagle, n).get("reclaims") == "yes"
             and collector_attributes(beagle, n).get("generations") == "no"]
    assert len(names) >= 2, f"this test needs two collectors that reclaim without generations: {names}"
    return names[:2]


def description(beagle, references):
    lines = [f"collectors = {two_collectors(beagle)!r}".replace("'", '"'), f"multiples = {MULTIPLES}",
             f"repetitions = {REPETITIONS}", f"references = {references!r}".replace("'", '"')]
    for name, args in WORKLOADS:
        lines += ["[[workload]]", f'name = "{name}"', f"args = {args!r}".replace("'", '"')]
    return "\n".join(lines) + "\n"


def read_table(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def small_sweep(beagle, tmp_path_factory):
    """The sweep run here and on a local Dask cluster: (file, local table, dask table, local output dir)."""
    tmp = tmp_path_factory.mktemp("sweep")
    references = ["node"] if shutil.which("node") else []
    spec = tmp / "small.toml"
    spec.write_text(description(beagle, references))
    status, summary, err = run_sweep(spec, "--out", tmp / "here", "--beagle", beagle)
    assert status == 0, err
    from distributed import LocalCluster

    # Worker threads in this process (processes=False): they import
    # beagle_sweep as this process does, and start in no time.
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                      host="127.0.0.1", dashboard_address=None) as cluster:
        status, _, err = run_sweep(spec, "--out", tmp / "dask", "--beagle", beagle,
                                   "--scheduler", cluster.scheduler_address)
    assert status == 0, err
    return (spec, read_table(tmp / "here" / "results.csv"), read_table(tmp / "dask" / "results.csv"),
            tmp / "here", summary, references)


def test_dask_gives_the_same_table(small_sweep):
    _, here, dask, _, _, _ = small_sweep
    assert len(here) == len(dask)
    for mine, theirs in zip(here, dask):
        assert {k: mine[k] for k in DETERMINISTIC} == {k: theirs[k] for k in DETERMINISTIC}
        assert float(theirs["wall_s"]) > 0


def test_minimum_heaps_from_an_earlier_sweep(beagle, small_sweep, tmp_path):
    spec, here, _, out, _, _ = small_sweep
    status, _, err = run_sweep(spec, "--out", tmp_path / "again", "--beagle", beagle, "--min-heaps-from", out)
    assert status == 0, err
    searches = len(WORKLOADS) * len(two_collectors(beagle))
    assert f"sweep: 0 minimum heaps to find (beagle minheap), {searches} known" in err
    again = read_table(tmp_path / "again" / "results.csv")
    assert [[r[k] for k in DETERMINISTIC] for r in again] == [[r[k] for k in DETERMINISTIC] for r in here]


def test_every_run_is_a_row(beagle, small_sweep):
    _, here, _, _, _, references = small_sweep
    collectors = two_collectors(beagle)
    nonreclaiming = [n for n in bench.list_collectors(beagle) if n not in collectors]  # not in the file
    assert not {r["collector"] for r in here} & set(nonreclaiming)
    expected = {(name, " ".join(args), c, f"{m:g}", str(rep))
                for name, args in WORKLOADS for c in collectors for m in MULTIPLES
                for rep in range(1, REPETITIONS + 1)}
    expected |= {(name, " ".join(args), r, "", str(rep))
                 for name, args in WORKLOADS for r in references for rep in range(1, REPETITIONS + 1)}
    got = [(r["workload"], r["size"], r["collector"], r["heap_multiple"], r["rep"]) for r in here]
    assert sorted(got) == sorted(expected)
    # Repetition 1 of every run before repetition 2 of any.
    assert [r["rep"] for r in here] == sorted(r["rep"] for r in here)
    assert all(r["ending"] == "ok" and r["exit_status"] == "0" for r in here)
    assert len({r["output"] for r in here if r["workload"] == "churn"}) == 1


def test_heaps_are_multiples_of_the_smallest_minheap(beagle, small_sweep):
    _, here, _, _, _, _ = small_sweep
    name, args = WORKLOADS[0]
    found = {}
    for c in two_collectors(beagle):
        out = subprocess.run([beagle, "minheap", f"--gc={c}", "--", f"workloads/{name}.bg", *args],
                             capture_output=True, text=True, check=True, cwd=bench.REPO).stdout
        found[c] = int(out.split("(")[1].split()[0])
    for r in here:
        if r["workload"] == name and r["runtime"] == "beagle":
            assert int(r["min_heap_bytes"]) == found[r["collector"]]
            assert int(r["base_heap_bytes"]) == min(found.values())
            assert int(r["heap_bytes"]) == math.ceil(float(r["heap_multiple"]) * min(found.values()))


def test_each_beagle_row_has_its_log(small_sweep):
    _, here, _, out, _, _ = small_sweep
    for r in here:
        if r["runtime"] != "beagle":
            assert r["gc_log"] == "" and r["gc_s"] == ""
            continue
        log = analysis.load(str(out / r["gc_log"]))
        assert log.collector == r["collector"]
        assert log.header["heap_limit_bytes"] == int(r["heap_bytes"])
        assert log.header["program"][1:] == r["size"].split()
        assert log.end["collections"] == int(r["collections"])
        assert log.end["start"] + log.end["major"] + log.end["full"] == int(r["major"])
        assert log.end["pause_total_ns"] / 1e9 == pytest.approx(float(r["gc_s"]))


def test_the_summary_has_a_line_per_collector_and_multiple(beagle, small_sweep):
    _, _, _, out, printed, references = small_sweep
    assert (out / "summary.md").read_text() == printed
    assert (out / "wall-vs-heap.png").stat().st_size > 0
    for c in two_collectors(beagle):
        for m in MULTIPLES:
            assert printed.count(f"| {c} | {m}x | {REPETITIONS}/{REPETITIONS} |") == len(WORKLOADS)
    for r in references:
        assert printed.count(f"| {r} | no limit |") == 2 * len(WORKLOADS)  # costs, and ratios


def test_the_summary_again_from_the_table(small_sweep):
    _, _, _, out, printed, _ = small_sweep
    status, again, err = run_sweep("--summarize", out)
    assert status == 0, err
    assert again == printed and (out / "cpu-vs-heap.png").stat().st_size > 0


# ---------------------------------------------------------------- bad input

def error_of(tmp_path, beagle, text, *more):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    status, out, err = run_sweep(path, "--out", tmp_path / "out", "--beagle", beagle, *more)
    assert status == 2 and out == "", err
    assert err.startswith(f"sweep: error: {path}: ") and "Traceback" not in err
    return err


GOOD_WORKLOAD = '[[workload]]\nname = "binary-trees"\nargs = [6]\n'


def test_an_unknown_workload(tmp_path, beagle):
    err = error_of(tmp_path, beagle, GOOD_WORKLOAD + '[[workload]]\nname = "no-such"\n')
    assert "workload 2: unknown workload 'no-such': there is no workloads/no-such.bg" in err
    assert "binary-trees" in err  # the known ones are listed


def test_an_unknown_collector(tmp_path, beagle):
    err = error_of(tmp_path, beagle, 'collectors = ["mark-sweep", "no-such-gc"]\n' + GOOD_WORKLOAD)
    assert "collectors: unknown collector 'no-such-gc' (`beagle gcs` lists: " in err
    for name in bench.list_collectors(beagle):
        assert name in err


def test_a_malformed_file(tmp_path, beagle):
    assert "not valid TOML" in error_of(tmp_path, beagle, "multiples = [1.5, \n" + GOOD_WORKLOAD)
    assert "line 2" in error_of(tmp_path, beagle, "repetitions = 2\nmultiples = 1.5 2\n" + GOOD_WORKLOAD)


@pytest.mark.parametrize("text, message", [
    ("multiples = [2, -1]\n" + GOOD_WORKLOAD, "multiples: every value must be a number above 0"),
    ("repetitions = 0\n" + GOOD_WORKLOAD, "repetitions must be a whole number of at least 1"),
    ("reps = 2\n" + GOOD_WORKLOAD, "unknown key 'reps'"),
    ('references = ["python"]\n' + GOOD_WORKLOAD, "references: unknown reference 'python' (known: node, "),
    ("repetitions = 2\n", "no [[workload]] entry"),
    ('[[workload]]\nname = "churn"\nargs = [[1]]\n', "workload 1 (churn): args must be a list"),
    (GOOD_WORKLOAD + GOOD_WORKLOAD, "workload 'binary-trees-6' is given twice"),
])
def test_other_mistakes(tmp_path, beagle, text, message):
    assert message in error_of(tmp_path, beagle, text)


def test_a_missing_file_and_no_build(tmp_path, beagle):
    status, _, err = run_sweep(tmp_path / "absent.toml", "--beagle", beagle)
    assert status == 2 and f"{tmp_path / 'absent.toml'}: cannot read it" in err
    status, _, err = run_sweep(tmp_path / "absent.toml", "--beagle", tmp_path / "no-beagle")
    assert status == 2 and "sweep: error: no beagle executable at" in err and "scripts/setup.sh" in err


def test_an_output_folder_that_holds_a_sweep_and_a_bad_scheduler(tmp_path, beagle):
    spec = tmp_path / "ok.toml"
    spec.write_text(GOOD_WORKLOAD)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "results.csv").write_text("")
    status, _, err = run_sweep(spec, "--out", tmp_path / "out", "--beagle", beagle)
    assert status == 2 and "already holds a sweep" in err
    status, _, err = run_sweep(spec, "--out", tmp_path / "new", "--beagle", beagle, "--scheduler", "no-port")
    assert status == 2 and "sweep: error: cannot reach a Dask scheduler at no-port" in err
    assert "Traceback" not in err


def test_a_log_of_another_schema_version_stops_the_sweep(tmp_path, beagle):
    """A beagle whose logs say version 2: the reader's message, exit status 1."""
    other = tmp_path / "beagle"
    other.write_text(f"""#!/bin/sh
"{beagle}" "$@"; status=$?
for arg in "$@"; do
  case "$arg" in --gc-log=*) sed -i 's/"version":1,/"version":2,/' "${{arg#--gc-log=}}";; esac
done
exit $status
""")
    other.chmod(0o755)
    spec = tmp_path / "one.toml"
    spec.write_text(f'collectors = ["{two_collectors(beagle)[0]}"]\nmultiples = [2]\nrepetitions = 1\n'
                    + GOOD_WORKLOAD)
    status, _, err = run_sweep(spec, "--out", tmp_path / "out", "--beagle", other)
    assert status == 1 and "Traceback" not in err, err
    assert "sweep: error: binary-trees 6 " in err
    assert "GC event log schema version 2, but this reader reads version 1" in err


def test_a_concurrent_runs_start_pauses_count_as_major(beagle, tmp_path):
    # The small sweep's runs are too small for concurrent to start a cycle:
    # a run that does, as --stats counts it ("major" is start + major + full).
    from types import SimpleNamespace

    from beagle_sweep import tasks
    log_path = tmp_path / "gc.jsonl"
    result = subprocess.run([beagle, "run", "--gc=concurrent", f"--gc-log={log_path}", "--stats",
                             os.path.join(REPO, "workloads", "churn.bg"), "200000"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    text = log_path.read_text()
    numbers = tasks._gc_numbers(SimpleNamespace(runtime="beagle"), str(log_path), text)
    end = analysis.load(str(log_path)).end
    assert end["start"] > 0
    stats_major = int(re.search(r"\((\d+) minor, (\d+) major\)", result.stderr).group(2))
    assert numbers["major"] == stats_major == end["start"] + end["major"] + end["full"]
