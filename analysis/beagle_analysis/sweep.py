"""A heap-size sweep: one row per run of a program at a heap limit.

The CSV file has a header line naming its columns; these are read (others
are ignored):

| column          | meaning |
|-----------------|---------|
| `collector`     | the collector's name |
| `heap_multiple` | the heap limit as a multiple of a reference size (the program's live size, or its minimum heap) |
| `heap_bytes`    | the heap limit in bytes (`--heap`) |
| `wall_s`        | the run's wall-clock time in seconds |
| `cpu_s`         | optional: the run's CPU time (user + system) in seconds |
| `exit_status`   | optional: the run's exit status; a run that did not exit 0 (out of memory at that limit) has no time, and is left out of the curves |
| `workload`, `size` | optional: the program and its arguments; each (workload, size) is a panel of its own |

`collector` and `wall_s` are required, and at least one of `heap_multiple`
and `heap_bytes`: the x axis is the multiple when there is one. Several
rows of one collector at one size are repeated runs; the plot shows each,
and a line through their medians. A row whose heap size is empty ran with
no limit (a collector that never collects, node, Java): the plot draws the
median of its runs as a level line to read the others against. This is the
table of sweep/sweep.py (sweep/README.md), which has these columns and more.
"""

import csv
from dataclasses import dataclass

import numpy as np

from .gclog import LogError

COLUMNS = ("collector", "heap_multiple", "heap_bytes", "wall_s", "cpu_s", "exit_status", "workload", "size")


@dataclass
class Sweep:
    """The sweep's rows as columns. `x` is heap_multiple when the file has it,
    else heap_bytes; `x_name` says which; NaN for a run with no limit. `ok`
    is False for the runs that did not exit 0. `workload` is each row's
    workload and size ("" when the file does not name them)."""

    collector: np.ndarray
    workload: np.ndarray
    x: np.ndarray
    x_name: str
    wall_s: np.ndarray
    cpu_s: np.ndarray  # all NaN when the file has no cpu_s
    ok: np.ndarray
    source: str

    def medians(self, collector, workload=None, y="wall_s"):
        """(x, median of y) of the completed runs of `collector` with a heap
        limit (of `workload`, when given), by x; y is wall_s or cpu_s."""
        mine = self.completed(collector, workload) & ~np.isnan(self.x)
        xs = np.unique(self.x[mine])
        return xs, np.array([np.median(getattr(self, y)[mine & (self.x == x)]) for x in xs])

    def completed(self, collector, workload=None):
        """Which rows are completed runs of `collector` (of `workload`)."""
        return (self.collector == collector) & self.ok & (True if workload is None else self.workload == workload)


def write_sweep(path, rows):
    """Writes rows (dicts with the columns above) as a sweep CSV file."""
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def read_sweep(path):
    """The Sweep in a CSV file; raises LogError naming the file and line."""
    try:
        with open(path, newline="", encoding="utf-8") as f:
            reader = csv.DictReader(f)
            names = reader.fieldnames or []
            rows = list(reader)
    except OSError as e:
        raise LogError(f"{path}: cannot read it: {e.strerror}") from None
    x_name = "heap_multiple" if "heap_multiple" in names else "heap_bytes"
    wanted = ["collector", x_name, "wall_s"]
    missing = [name for name in wanted if name not in names]
    if missing:
        raise LogError(f"{path}: a sweep needs the columns collector, wall_s and heap_multiple or heap_bytes; "
                       f"it lacks {', '.join(missing)} (its header: {','.join(names) or 'none'})")
    if not rows:
        raise LogError(f"{path}: a sweep with no rows")
    ok = [_number(path, n, row, "exit_status", int) == 0 if row.get("exit_status") not in (None, "") else True
          for n, row in enumerate(rows, start=2)]
    # A run that failed has no time to read; the CPU time may be missing.
    wall = [_number(path, n, row, "wall_s", float) if good else np.nan
            for n, (row, good) in enumerate(zip(rows, ok), start=2)]
    cpu = [_number(path, n, row, "cpu_s", float) if good and row.get("cpu_s") not in (None, "") else np.nan
           for n, (row, good) in enumerate(zip(rows, ok), start=2)]
    return Sweep(collector=np.array([row["collector"] for row in rows], dtype=str),
                 workload=np.array([f"{row.get('workload') or ''} {row.get('size') or ''}".strip()
                                    for row in rows], dtype=str),
                 x=np.array([_number(path, n, row, x_name, float) if row[x_name] != "" else np.nan
                             for n, row in enumerate(rows, start=2)]),
                 x_name=x_name, wall_s=np.array(wall), cpu_s=np.array(cpu),
                 ok=np.array(ok, dtype=bool), source=path)


def _number(path, n, row, name, kind):
    text = row.get(name)
    try:
        return kind(text)
    except (TypeError, ValueError):
        raise LogError(f"{path}:{n}: {name} is {text!r}, not a number") from None
