"""The sweep table (sweep.py): its columns, medians of repeated runs, failed
runs left out, and the errors for a table that lacks what it needs."""

import os

import numpy as np
import pytest

from beagle_analysis import LogError, read_sweep, write_sweep

TABLE = """collector,heap_multiple,heap_bytes,wall_s,exit_status,workload
ms,2,200,3.0,0,bt
ms,2,200,1.0,0,bt
ms,2,200,2.5,0,bt
ms,4,400,1.5,0,bt
gen,2,200,,1,bt
gen,4,400,0.5,0,bt
"""


def write(tmp_path, text):
    path = tmp_path / "sweep.csv"
    path.write_text(text)
    return str(path)


def test_medians_of_the_completed_runs(tmp_path):
    sweep = read_sweep(write(tmp_path, TABLE))
    assert sweep.x_name == "heap_multiple"
    assert list(sweep.ok) == [True] * 4 + [False, True]
    xs, medians = sweep.medians("ms")
    assert xs.tolist() == [2, 4] and medians.tolist() == [2.5, 1.5]
    # The failed run (out of memory at 2x) has no time and no point.
    xs, medians = sweep.medians("gen")
    assert xs.tolist() == [4] and medians.tolist() == [0.5]


def test_heap_bytes_when_there_is_no_multiple(tmp_path):
    sweep = read_sweep(write(tmp_path, "collector,heap_bytes,wall_s\nms,1048576,2\nms,2097152,1\n"))
    assert sweep.x_name == "heap_bytes"
    assert sweep.x.tolist() == [1048576, 2097152] and sweep.ok.all()


def test_written_rows_read_back(tmp_path):
    path = str(tmp_path / "out.csv")
    write_sweep(path, [{"collector": "ms", "heap_bytes": 100, "heap_multiple": 2.0, "wall_s": "0.5",
                        "exit_status": 0, "other": "ignored"}])
    sweep = read_sweep(path)
    assert (sweep.collector.tolist(), sweep.x.tolist(), sweep.wall_s.tolist()) == (["ms"], [2.0], [0.5])


def error_of(path):
    with pytest.raises(LogError) as caught:
        read_sweep(path)
    return str(caught.value)


def test_a_table_without_wall_time(tmp_path):
    message = error_of(write(tmp_path, "collector,heap_bytes\nms,100\n"))
    assert "lacks wall_s" in message and "heap_multiple or heap_bytes" in message


def test_a_table_without_a_heap_size(tmp_path):
    assert "lacks heap_bytes" in error_of(write(tmp_path, "collector,wall_s\nms,1\n"))


def test_a_wall_time_that_is_not_a_number(tmp_path):
    assert "sweep.csv:3: wall_s is 'fast', not a number" in error_of(
        write(tmp_path, "collector,heap_bytes,wall_s\nms,1,2\nms,1,fast\n"))


def test_an_empty_table_and_a_missing_file(tmp_path):
    assert "no rows" in error_of(write(tmp_path, "collector,heap_bytes,wall_s\n"))
    assert "cannot read it" in error_of(str(tmp_path / "absent.csv"))
    assert np.isnan(read_sweep(write(tmp_path, TABLE)).wall_s[4])


# A sweep/sweep.py table: two workloads, runs with no limit (nogc, node).
SWEEP_TABLE = """workload,size,collector,heap_multiple,heap_bytes,wall_s,exit_status
bt,16,ms,2,200,3.0,0
bt,16,ms,2,200,1.0,0
bt,16,nogc,,,0.5,0
bt,16,node,,,0.7,0
churn,10 20,ms,2,300,9.0,0
churn,10 20,ms,4,600,8.0,0
churn,10 20,nogc,,,4.0,0
"""


def test_runs_with_no_limit_and_workloads(tmp_path):
    sweep = read_sweep(write(tmp_path, SWEEP_TABLE))
    assert sweep.workload.tolist() == ["bt 16"] * 4 + ["churn 10 20"] * 3
    assert np.isnan(sweep.x[[2, 3, 6]]).all()
    # Medians are per workload, and leave out the runs with no limit.
    assert [a.tolist() for a in sweep.medians("ms", "bt 16")] == [[2.0], [2.0]]
    assert [a.tolist() for a in sweep.medians("ms", "churn 10 20")] == [[2.0, 4.0], [9.0, 8.0]]
    assert sweep.medians("nogc", "bt 16")[0].tolist() == []
    assert sweep.completed("nogc", "churn 10 20").tolist() == [False] * 6 + [True]


def test_a_panel_per_workload_and_a_level_line_per_run_with_no_limit(tmp_path):
    from beagle_analysis.figures import sweep_figure

    fig = sweep_figure(read_sweep(write(tmp_path, SWEEP_TABLE)))
    bt, churn = fig.axes
    assert bt.get_title().startswith("bt 16") and churn.get_title().startswith("churn 10 20")
    levels = {line.get_label(): line.get_ydata()[0] for line in bt.get_lines() if line.get_linestyle() == "--"}
    assert levels == {"nogc (no limit)": 0.5, "node (no limit)": 0.7}
    assert [line.get_label() for line in churn.get_lines()] == ["ms", "nogc (no limit)"]


def test_cpu_time_when_the_table_has_it(tmp_path):
    from beagle_analysis.figures import sweep_figure, write_figures

    without = read_sweep(write(tmp_path, SWEEP_TABLE))
    assert np.isnan(without.cpu_s).all()
    assert [os.path.basename(p) for p in write_figures([], str(tmp_path / "a"), sweep=without)] == ["wall-vs-heap.png"]
    sweep = read_sweep(write(tmp_path, """workload,size,collector,heap_multiple,wall_s,cpu_s
bt,16,ms,2,3.0,1.0
bt,16,ms,2,1.0,0.5
bt,16,nogc,,0.5,0.25
bt,16,node,,0.7,0.6
"""))
    assert [a.tolist() for a in sweep.medians("ms", "bt 16", y="cpu_s")] == [[2.0], [0.75]]
    (panel,) = sweep_figure(sweep, y="cpu_s").axes
    assert panel.get_ylabel() == "CPU time (s)"
    assert {line.get_label(): line.get_ydata()[0] for line in panel.get_lines()
            if line.get_linestyle() == "--"} == {"nogc (no limit)": 0.25, "node (no limit)": 0.6}
    assert [os.path.basename(p) for p in write_figures([], str(tmp_path / "b"), sweep=sweep)] == \
        ["wall-vs-heap.png", "cpu-vs-heap.png"]
