"""The sweep's table: one row per run, written as CSV (sweep/README.md
names the columns), the check that every run of a workload printed the same,
and the summary: medians per (workload, collector, multiple), the lower-bound
overhead of each (Cai et al. 2022) and the ratio to each reference."""

import collections
import csv
import statistics

COLUMNS = [
    "workload", "size", "runtime", "collector", "heap_multiple", "heap_bytes", "base_heap_bytes",
    "min_heap_bytes", "rep", "exit_status", "ending", "wall_s", "cpu_s", "gc_s", "gc_cpu_s",
    "pause_p50_ms", "pause_p95_ms", "pause_p99_ms", "pause_max_ms", "collections", "minor", "major",
    "peak_heap_bytes", "peak_rss_bytes", "output", "gc_log", "message",
]

# The columns that are the same whoever runs the sweep, and wherever:
# no times, no sizes measured from the process.
DETERMINISTIC = ["workload", "size", "runtime", "collector", "heap_multiple", "heap_bytes", "base_heap_bytes",
                 "min_heap_bytes", "rep", "exit_status", "ending", "output", "gc_log"]


def row_of(task, outcome):
    """The table's row for a RunTask and what tasks.execute returned."""
    return {
        "index": task.index,  # the row's place in the table; not a column
        "workload": task.workload.name, "size": task.workload.size, "runtime": task.runtime,
        "collector": task.collector, "heap_multiple": task.multiple, "heap_bytes": task.heap_bytes,
        "base_heap_bytes": task.base_heap_bytes, "min_heap_bytes": task.min_heap_bytes, "rep": task.rep,
        "gc_log": task.log_name() if outcome["log"] is not None else None,
        **outcome["row"],
    }


def mark_other_outputs(rows):
    """Marks `wrong-output` each completed run whose output differs from what
    most completed runs of its workload printed; returns those rows."""
    by_workload = collections.defaultdict(list)
    for row in rows:
        if row["ending"] == "ok":
            by_workload[(row["workload"], row["size"])].append(row)
    wrong = []
    for runs in by_workload.values():
        usual, _ = collections.Counter(r["output"] for r in runs).most_common(1)[0]
        for r in runs:
            if r["output"] != usual:
                r["ending"] = "wrong-output"
                r["message"] = f"printed something else (output {r['output']}) than the other runs ({usual})"
                wrong.append(r)
    return wrong


def write_csv(path, rows):
    """The rows as CSV, COLUMNS in order; what a run does not report is empty."""
    with open(path, "w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for row in rows:
            writer.writerow({key: _cell(row.get(key)) for key in COLUMNS})


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}" if value.is_integer() else repr(value)
    return value


# ---------------------------------------------------------------- the summary

def _median(values):
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _groups(rows):
    """(workload, size) -> (collector, multiple) -> rows, in table order."""
    groups = collections.defaultdict(dict)
    for row in rows:
        groups[(row["workload"], row["size"])].setdefault((row["collector"], row["heap_multiple"]), []).append(row)
    return groups


def _completed(runs):
    return [r for r in runs if r["ending"] == "ok"]


def baseline(groups):
    """The least median distilled time (wall less GC pauses) of any Beagle
    row whose runs all completed; None when there is none."""
    distilled = [_median([r["wall_s"] - (r.get("gc_s") or 0) for r in runs])
                 for runs in groups.values()
                 if runs[0]["runtime"] == "beagle" and len(_completed(runs)) == len(runs)]
    return min(distilled) if distilled else None


def summarize(rows):
    """Markdown: for each workload its baseline and one table row per
    (collector, multiple) with medians over the completed runs."""
    parts = []
    for (workload, size), groups in _groups(rows).items():
        base = baseline(groups)
        references = [key for key, runs in groups.items() if runs[0]["runtime"] != "beagle"]
        reference_walls = {c: _median([r["wall_s"] for r in _completed(groups[(c, m)])]) for c, m in references}
        parts.append(f"### {workload} {size}".rstrip())
        parts.append(f"Baseline (least median of wall less GC time over the Beagle rows): "
                     f"{'-' if base is None else f'{base:.3f} s'}; heaps are multiples of "
                     f"{_base_text(groups)}.\n")
        parts.append(_table(groups, base, reference_walls))
    return "\n\n".join(parts) + "\n"


def _base_text(groups):
    bases = {r["base_heap_bytes"] for runs in groups.values() for r in runs if r.get("base_heap_bytes")}
    return f"{bases.pop()} bytes (the smallest minimum heap of the collectors)" if bases else "nothing (no limit)"


SUMMARY_HEADERS = ["collector", "heap", "done", "wall s", "GC s", "GC %", "p50 ms", "p99 ms", "max ms",
                   "LBO"]


def _table(groups, base, reference_walls):
    headers = SUMMARY_HEADERS + [f"/ {c}" for c in reference_walls]
    lines = ["| " + " | ".join(headers) + " |", "|---|---|" + "---:|" * (len(headers) - 2)]
    for (collector, multiple), runs in groups.items():
        done = _completed(runs)
        wall = _median([r["wall_s"] for r in done])
        gc = _median([r.get("gc_s") for r in done])
        cells = [collector, "no limit" if multiple is None else f"{multiple:g}x", f"{len(done)}/{len(runs)}",
                 _fmt(wall, 3), _fmt(gc, 3),
                 _fmt(_median([100 * r["gc_s"] / r["wall_s"] for r in done if r.get("gc_s") is not None]), 1),
                 *(_fmt(_median([r.get(k) for r in done]), 2) for k in ("pause_p50_ms", "pause_p99_ms",
                                                                         "pause_max_ms")),
                 _fmt(_ratio(wall, base) if runs[0]["runtime"] == "beagle" else None, 2)]
        cells += [_fmt(_ratio(wall, ref), 2) for ref in reference_walls.values()]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _ratio(a, b):
    return a / b if a is not None and b else None


def _fmt(value, digits):
    return "-" if value is None else f"{value:.{digits}f}"
