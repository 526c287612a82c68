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


# A cost, and the part of it that is explicit GC work (Cai et al. 2022):
# wall time less the pauses, CPU time less the collecting thread's CPU time in them.
COSTS = {"wall": ("wall_s", "gc_s"), "CPU": ("cpu_s", "gc_cpu_s")}


def baseline(groups, cost):
    """The least median distilled cost (the cost less its explicit GC part)
    of any Beagle row whose runs all completed; None when there is none."""
    total, gc = COSTS[cost]
    distilled = [_median([r[total] - (r.get(gc) or 0) for r in runs])
                 for runs in groups.values()
                 if runs[0]["runtime"] == "beagle" and len(_completed(runs)) == len(runs)]
    return min(distilled) if distilled else None


def summarize(rows):
    """Markdown: for each workload its baselines, one line per (collector,
    multiple) with medians over the completed runs and the LBO, and each
    row's ratios to the references."""
    parts = []
    for (workload, size), groups in _groups(rows).items():
        bases = {cost: baseline(groups, cost) for cost in COSTS}
        parts.append(f"### {workload} {size}".rstrip())
        parts.append("Baselines (the least median cost less GC over the Beagle rows): "
                     + ", ".join(f"{cost} {_fmt(base, 3)} s" for cost, base in bases.items())
                     + f"; heaps are multiples of {_base_text(groups)}.")
        parts.append(_costs_table(groups, bases))
        references = {c: runs for (c, m), runs in groups.items() if runs[0]["runtime"] != "beagle"}
        if references:
            parts.append(_ratio_table(groups, references))
    return "\n\n".join(parts) + "\n"


def _base_text(groups):
    bases = {r["base_heap_bytes"] for runs in groups.values() for r in runs if r.get("base_heap_bytes")}
    return f"{bases.pop()} bytes (the smallest minimum heap of the collectors)" if bases else "nothing (no limit)"


def _markdown(headers, lines):
    rule = "|---|---|" + "---:|" * (len(headers) - 2)
    return "\n".join(["| " + " | ".join(headers) + " |", rule] + ["| " + " | ".join(c) + " |" for c in lines])


def _heap_text(multiple):
    return "no limit" if multiple is None else f"{multiple:g}x"


def _costs_table(groups, bases):
    headers = ["collector", "heap", "done", "wall s", "CPU s", "GC s", "GC %", "p50 ms", "p99 ms", "max ms",
               "LBO wall", "LBO CPU"]
    lines = []
    for (collector, multiple), runs in groups.items():
        done = _completed(runs)
        beagle = runs[0]["runtime"] == "beagle"
        medians = {key: _median([r.get(key) for r in done])
                   for key in ("wall_s", "cpu_s", "gc_s", "pause_p50_ms", "pause_p99_ms", "pause_max_ms")}
        share = _median([100 * r["gc_s"] / r["wall_s"] for r in done if r.get("gc_s") is not None])
        lines.append([collector, _heap_text(multiple), f"{len(done)}/{len(runs)}",
                      *(_fmt(medians[k], 3) for k in ("wall_s", "cpu_s", "gc_s")), _fmt(share, 1),
                      *(_fmt(medians[k], 2) for k in ("pause_p50_ms", "pause_p99_ms", "pause_max_ms")),
                      *(_fmt(_ratio(medians[COSTS[c][0]], bases[c]) if beagle else None, 2) for c in COSTS)])
    return _markdown(headers, lines)


def _ratio_table(groups, references):
    """Each row's median wall and CPU time over each reference's."""
    headers = ["collector", "heap"] + [f"{cost} / {name}" for name in references for cost in COSTS]
    medians = {key: {COSTS[c][0]: _median([r[COSTS[c][0]] for r in _completed(runs)]) for c in COSTS}
               for key, runs in groups.items()}
    lines = []
    for (collector, multiple), runs in groups.items():
        mine = medians[(collector, multiple)]
        lines.append([collector, _heap_text(multiple)]
                     + [_fmt(_ratio(mine[COSTS[c][0]], medians[(name, None)][COSTS[c][0]]), 2)
                        for name in references for c in COSTS])
    return _markdown(headers, lines)


def _ratio(a, b):
    return a / b if a is not None and b else None


def _fmt(value, digits):
    return "-" if value is None else f"{value:.{digits}f}"


# ---------------------------------------------------------------- reading a table back

NUMBERS = {"heap_multiple": float, "heap_bytes": int, "base_heap_bytes": int, "min_heap_bytes": int, "rep": int,
           "exit_status": int, "collections": int, "minor": int, "major": int, "peak_heap_bytes": int,
           "peak_rss_bytes": int, **{c: float for c in COLUMNS if c.endswith("_s") or c.endswith("_ms")}}


def read_csv(path):
    """The rows of a results.csv as write_csv had them (numbers as numbers,
    empty cells as None), for summarize."""
    with open(path, newline="", encoding="utf-8") as f:
        return [{k: (None if v == "" else NUMBERS.get(k, str)(v)) for k, v in row.items()}
                for row in csv.DictReader(f)]
