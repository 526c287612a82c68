"""The events, statistics and stress schedules of beagle.run: the events are
those `beagle run --gc-log` writes (docs/GC-LOG.md), field by field, under
every collector; the stress strings are the command line's flags.

    PYTHONPATH=build/python /usr/bin/python3 -m pytest -q -p no:cacheprovider python/tests
"""

import json
import os
import re
import sys

import numpy as np
import pytest

import beagle
from conftest import REPO, cli, registered_collectors

COLLECTORS = registered_collectors()

# Vectors of maps to collect, and a call of gc(): a full collection under every plan.
PROGRAM = """
fn squares(n) {
    let mut v = []
    for i in range(0, n) { v = push(v, {:i i, :square i * i}) }
    v
}
fn main() {
    let kept = squares(150)
    let mut total = 0
    for round in range(0, 8) { total = total + count(squares(100)) }
    gc()
    println(total + count(kept), kept[149][:square])
}
"""
OUTPUT = "950 22201\n"
# The fields whose values depend on the clock.
TIMES = {"t_ns", "pause_ns"}


def log_records(program_path, tmp_path, *args):
    log = tmp_path / "gc.jsonl"
    result = cli("run", f"--gc-log={log}", *args, program_path)
    assert result.returncode == 0, result.stderr
    with open(log) as f:
        return [json.loads(line) for line in f]


def event_rows(result):
    """The events, one dict per event."""
    names = list(result.events)
    return [{name: result.events[name][i].item() for name in names} for i in range(len(result.events["phase"]))]


@pytest.mark.parametrize("gc", COLLECTORS)
def test_the_events_are_the_records_of_the_gc_log(gc, program, tmp_path):
    # A deterministic schedule: the same collections in both runs.
    path = program("trees.bg", PROGRAM)
    records = log_records(path, tmp_path, f"--gc={gc}", "--gc-every=500")
    result = beagle.run(path, gc=gc, stress="every=500")
    assert result.stdout == OUTPUT
    phases = [r for r in records if r["record"] == "phase"]
    rows = event_rows(result)
    assert len(rows) == len(phases) > 0
    for row, record in zip(rows, phases):
        # Every field of the record, with its value; the arrays also have
        # zeros for the fields the record's phase does not have.
        fields = {k: v for k, v in record.items() if k != "record" and k not in TIMES}
        assert {k: row[k] for k in fields} == fields
        assert all(row[k] in (0, False) for k in row if k not in record and k not in TIMES)
    end = records[-1]
    assert result.stats["collections"] == end["collections"] == rows[-1]["collection"]
    assert result.stats["minor"] == end["minor"]
    assert result.stats["major"] == end["start"] + end["major"] + end["full"]


def test_the_event_columns_are_the_fields_of_the_schema():
    with open(os.path.join(REPO, "docs", "GC-LOG.md")) as f:
        schema = f.read()
    result = beagle.run(PROGRAM, gc="generational")
    undocumented = [name for name in result.events if f"`{name}`" not in schema]
    assert not undocumented
    assert result.events["t_ns"].dtype == np.uint64 and result.events["lazy"].dtype == np.bool_
    assert set(result.events["phase"]) <= {"requested", "stopped", "roots", "remembered", "copied", "mark-slice",
                                           "marked", "swept", "resumed"}


def test_pauses_in_the_events_are_those_of_the_statistics():
    result = beagle.run(PROGRAM, gc="compacting", stress="every=300")
    resumed = result.events["phase"] == "resumed"
    pauses = result.events["pause_ns"][resumed]
    assert len(pauses) == result.stats["collections"] > 1
    assert np.array_equal(pauses, result.stats["pauses_ns"])
    assert pauses.sum() == result.stats["pause_total_ns"] and pauses.max() == result.stats["pause_max_ns"]
    assert np.all(np.diff(result.events["t_ns"].astype(np.int64)) >= 0)


def test_events_false_keeps_none():
    result = beagle.run(PROGRAM, gc="mark-sweep", stress="every=300", events=False)
    assert result.stats["collections"] > 0 and len(result.events["phase"]) == 0


def test_the_dataframe_has_a_row_per_event():
    import pandas  # scripts/setup.sh installs it
    result = beagle.run(PROGRAM, gc="generational", stress="every=300")
    frame = result.dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(result.events)
    assert len(frame) == len(result.events["phase"])
    per_collection = frame[frame.phase == "resumed"].groupby("kind").size()
    assert per_collection.sum() == result.stats["collections"]


def test_without_pandas_the_dataframe_says_what_is_missing(monkeypatch):
    result = beagle.run(PROGRAM, gc="generational", stress="every=300")
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now fails
    with pytest.raises(ImportError, match="needs pandas"):
        result.dataframe()
    assert len(result.events["phase"]) > 0


# Stress schedules: the program allocates through the slow path under every
# schedule, so counts follow from the allocation count.

@pytest.mark.parametrize("gc", COLLECTORS)
def test_gc_always_collects_before_every_allocation(gc):
    result = beagle.run(PROGRAM, gc=gc, gc_always=True)
    assert result.stdout == OUTPUT
    # One forced collection per slow-path allocation, and the program's gc().
    assert result.stats["collections"] == result.stats["slow_path_allocations"] + 1
    assert set(result.events["reason"]) == {"stress", "explicit"}


@pytest.mark.parametrize("every", [7, 100])
def test_every_n_collects_at_every_nth_allocation(every):
    result = beagle.run(PROGRAM, gc="mark-sweep", stress=f"every={every}")
    assert result.stdout == OUTPUT
    forced = np.sum((result.events["phase"] == "requested") & (result.events["reason"] == "stress"))
    assert forced == result.stats["slow_path_allocations"] // every


def test_always_major_collects_the_whole_heap_every_time():
    result = beagle.run(PROGRAM, gc="generational", stress="always=major")
    resumed = result.events["phase"] == "resumed"
    assert set(result.events["kind"][resumed]) == {"full"}
    assert result.stats["minor"] == 0


def test_random_is_the_same_for_the_same_seed():
    first = beagle.run(PROGRAM, gc="compacting", stress="random=7:0.2")
    again = beagle.run(PROGRAM, gc="compacting", stress="random=7:0.2")
    assert first.stats["collections"] == again.stats["collections"] > 1
    assert np.array_equal(first.events["heap_used_bytes"], again.events["heap_used_bytes"])


def test_a_recorded_schedule_replays(program, tmp_path):
    path = program("trees.bg", PROGRAM)
    record = str(tmp_path / "run.schedule")
    recorded = beagle.run(path, gc="generational", stress=["random=3:0.05", f"record={record}"])
    replayed = beagle.run(path, gc="generational", stress=f"replay={record}")
    assert replayed.stdout == OUTPUT
    assert replayed.stats["collections"] == recorded.stats["collections"] > 1


def test_collector_options_reach_the_collector():
    small = beagle.run(PROGRAM, gc="generational", gc_options={"nursery": "64K"})
    large = beagle.run(PROGRAM, gc="generational", gc_options={"nursery": "8M"})
    assert small.stats["minor"] > large.stats["minor"]


@pytest.mark.parametrize("gc", COLLECTORS)
def test_verify_runs_the_program_unchanged(gc):
    assert beagle.run(PROGRAM, gc=gc, verify=True, heap="32M").stdout == OUTPUT
