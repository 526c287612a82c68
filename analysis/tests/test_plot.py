"""The command, analysis/plot.py: what it writes, and how it refuses bad
input (one line naming the file and the problem, no traceback)."""

import os
import subprocess
import sys

from conftest import ANALYSIS, END, HEADER, PHASES, write_log

PLOT = os.path.join(ANALYSIS, "plot.py")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def plot(*args, cwd):
    return subprocess.run([sys.executable, PLOT, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def assert_png(path):
    with open(path, "rb") as f:
        data = f.read()
    assert data.startswith(PNG_SIGNATURE), path
    # Width and height, from the IHDR chunk: a figure, not a speck.
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 400 and height >= 300, (path, width, height)


def test_help_names_every_figure(tmp_path):
    done = plot("--help", cwd=tmp_path)
    assert done.returncode == 0
    for name in ["pause-cdf.png", "pause-histogram.png", "mmu.png", "timeline.png", "wall-vs-heap.png", "--sweep"]:
        assert name in done.stdout


def test_two_logs_and_a_sweep_make_five_figures(tmp_path):
    write_log(tmp_path / "a.jsonl", [HEADER, *PHASES, END])
    write_log(tmp_path / "b.jsonl", [{**HEADER, "collector": "nogc"}, END])  # a run without collections
    (tmp_path / "s.csv").write_text("collector,heap_bytes,wall_s\nms,1048576,2\nms,2097152,1\n")
    done = plot("a.jsonl", "b.jsonl", "--sweep", "s.csv", "--out", "figs", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    names = ["pause-cdf.png", "pause-histogram.png", "mmu.png", "timeline.png", "wall-vs-heap.png"]
    assert sorted(os.listdir(tmp_path / "figs")) == sorted(names)
    assert done.stdout.split() == [os.path.join("figs", name) for name in names]
    for name in names:
        assert_png(tmp_path / "figs" / name)


def test_another_schema_version_is_one_clear_line(tmp_path):
    write_log(tmp_path / "old.jsonl", [{**HEADER, "version": 0}, END])
    done = plot("old.jsonl", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith("analysis/plot.py: error: old.jsonl: GC event log schema version 0, "
                                  "but this reader reads version 1")
    assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
    assert not os.path.exists(tmp_path / "figures")


def test_a_missing_log(tmp_path):
    done = plot("absent.jsonl", cwd=tmp_path)
    assert done.returncode == 1
    assert done.stderr == "analysis/plot.py: error: absent.jsonl: cannot read it: No such file or directory\n"


def test_nothing_to_plot_is_a_usage_error(tmp_path):
    done = plot(cwd=tmp_path)
    assert done.returncode == 2 and "give at least one LOG, or --sweep" in done.stderr
