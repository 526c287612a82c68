"""The reader (gclog.py) and the pauses and heap samples made from what it
reads (pauses.py), on the hand-written log of conftest.py; then bad input:
each must be a LogError whose message says what is wrong."""

import json

import numpy as np
import pytest

from beagle_analysis import LogError, heap_samples, load, pauses
from conftest import END, HEADER, PHASES, phase, write_log


def test_a_log_becomes_one_column_per_field(small_log):
    log = load(small_log)
    assert log.collector == "mark-sweep"
    assert len(log) == 9
    assert list(log.events["phase"]) == ["requested", "stopped", "roots", "marked", "swept", "resumed",
                                         "requested", "stopped", "resumed"]
    assert list(log.events["t_ns"]) == [900, 1000, 1100, 1300, 1350, 1400, 4990, 5000, 6000]
    # A field the record lacks is 0 (or False) in its column.
    assert list(log.events["marked_bytes"]) == [0, 0, 0, 1024, 0, 0, 0, 0, 0]
    assert list(log.events["lazy"]) == [False] * 4 + [True] + [False] * 4
    assert log.end["mutator_ns"] == 8600
    assert log.wall_ns == 10000


def test_pauses_start_when_stopped_and_last_pause_ns(small_log):
    p = pauses(load(small_log))
    assert list(p.collection) == [1, 2]
    assert list(p.kind) == ["full", "minor"]
    assert list(p.start_ns) == [1000, 5000]
    assert list(p.duration_ns) == [400, 1000]
    assert list(p.end_ns) == [1400, 6000]


def test_heap_samples_are_before_and_after_each_collection(small_log):
    heap = heap_samples(load(small_log))
    assert list(heap.t_ns) == [900, 1400, 4990, 6000]
    assert list(heap.used_bytes) == [4096, 1024, 6144, 2048]
    assert list(heap.committed_bytes) == [8192, 8192, 8192, 12288]


def test_columns_read_as_the_file_does(small_log):
    from_file = load(small_log)
    columns = {name: list(values) for name, values in from_file.events.items()}
    log = load(columns, collector="mark-sweep", wall_ns=10000)
    assert log.source == "<columns>" and log.end is None and log.wall_ns == 10000
    for name in from_file.events:
        assert np.array_equal(log.events[name], from_file.events[name]), name
    assert np.array_equal(pauses(log).duration_ns, [400, 1000])


def test_a_run_result_gives_its_collector_and_wall_time(small_log):
    class Result:  # the shape of the Python module's RunResult
        collector = "generational"
        stats = {"wall_ns": 12345}
        events = load(small_log).events

    log = load(Result())
    assert (log.collector, log.wall_ns, len(log)) == ("generational", 12345, 9)


def test_columns_without_a_run_length_end_at_the_last_event(small_log):
    log = load(dict(load(small_log).events))
    assert (log.collector, log.wall_ns) == ("?", 6000)


def test_a_dataframe_has_a_row_per_event(small_log):
    frame = load(small_log).dataframe()
    assert frame.shape[0] == 9
    assert frame.loc[frame.phase == "resumed", "pause_ns"].tolist() == [400, 1000]


def test_a_run_that_died_has_no_end_and_lasts_to_its_last_event(tmp_path):
    log = load(write_log(tmp_path / "died.jsonl", [HEADER, *PHASES[:6], *PHASES[6:8]]))
    assert log.end is None
    assert log.wall_ns == 5000
    # The collection that never resumed is no pause.
    assert list(pauses(log).collection) == [1]


def error_of(source):
    with pytest.raises(LogError) as caught:
        load(source)
    return str(caught.value)


def test_another_schema_version_says_both_versions(tmp_path):
    path = write_log(tmp_path / "v2.jsonl", [{**HEADER, "version": 2}, *PHASES, END])
    message = error_of(path)
    assert "version 2" in message and "reads version 1" in message and "v2.jsonl" in message


def test_a_truncated_file_names_its_last_line(tmp_path):
    path = tmp_path / "cut.jsonl"
    text = "".join(json.dumps(r) + "\n" for r in [HEADER, *PHASES])
    path.write_text(text[:-25])  # the last record cut in the middle
    message = error_of(str(path))
    assert f"cut.jsonl:{1 + len(PHASES)}:" in message and "cut short" in message and "truncated" in message


def test_bad_json_inside_the_file_names_its_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(json.dumps(HEADER) + "\n{not json\n" + json.dumps(END) + "\n")
    assert "bad.jsonl:2: not JSON" in error_of(str(path))


def test_a_missing_file(tmp_path):
    message = error_of(str(tmp_path / "absent.jsonl"))
    assert "absent.jsonl: cannot read it: No such file or directory" in message


@pytest.mark.parametrize("first, expected", [
    (None, "empty"),
    ({"record": "phase"}, "not a beagle GC event log"),
    ({**HEADER, "schema": "other"}, "not a beagle GC event log"),
])
def test_a_file_that_is_not_a_log(tmp_path, first, expected):
    path = write_log(tmp_path / "x.jsonl", [first] if first else [])
    assert expected in error_of(path)


def test_a_record_of_unknown_kind(tmp_path):
    path = write_log(tmp_path / "x.jsonl", [HEADER, {"record": "mystery"}])
    assert "x.jsonl:2: unknown record 'mystery'" in error_of(path)


def test_a_phase_record_without_its_time(tmp_path):
    record = dict(PHASES[0])
    del record["t_ns"]
    assert "x.jsonl:2: a phase record without t_ns" in error_of(write_log(tmp_path / "x.jsonl", [HEADER, record]))


def test_times_that_go_back(tmp_path):
    path = write_log(tmp_path / "x.jsonl", [HEADER, phase(1, "requested", 500), phase(1, "stopped", 400)])
    assert "goes back in time" in error_of(path)


def test_columns_lacking_a_field(small_log):
    columns = dict(load(small_log).events)
    del columns["pause_ns"]
    assert "lack pause_ns" in error_of(columns)


def test_something_else_entirely():
    assert "cannot read a GC log from a int" in error_of(42)
