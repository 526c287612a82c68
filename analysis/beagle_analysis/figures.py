"""The plots, as matplotlib Figures (no pyplot state: they work the same in
a script and in a notebook). Each takes the GcLogs of the runs to compare,
one line or panel per run, in the order given and with the same colour in
every figure; `write_figures` saves them all as PNG files.
"""

import os

import numpy as np
from matplotlib.figure import Figure

from .mmu import default_windows, log_mmu
from .pauses import cdf, heap_samples, log_bins, pauses

MS = 1e6  # nanoseconds in a millisecond
MIB = 1024 * 1024
PAUSE_COLOUR = "0.25"  # dark grey: no run's colour

# The files write_figures writes; the sweep's only with a sweep.
FILE_NAMES = {
    "pause-cdf": "pause-cdf.png",
    "pause-histogram": "pause-histogram.png",
    "mmu": "mmu.png",
    "timeline": "timeline.png",
    "wall-vs-heap": "wall-vs-heap.png",
    "cpu-vs-heap": "cpu-vs-heap.png",
}


def labels(logs):
    """Each run's name in legends: its collector, and its file's name when
    two runs share a collector."""
    names = [log.collector for log in logs]
    return [f"{name} ({os.path.basename(log.source)})" if names.count(name) > 1 else name
            for name, log in zip(names, logs)]


def _colours(count):
    return [f"C{i % 10}" for i in range(count)]


def pause_cdf_figure(logs):
    """The distribution of pause times: for each run, the fraction of its
    pauses at most x ms, on one axis."""
    fig = Figure(figsize=(7, 4.5), layout="constrained")
    ax = fig.add_subplot()
    for log, label, colour in zip(logs, labels(logs), _colours(len(logs))):
        p = pauses(log)
        if len(p) == 0:
            ax.plot([], [], color=colour, label=f"{label} (no pauses)")
            continue
        x, y = cdf(p.duration_ns / MS)
        ax.step(np.concatenate([[x[0]], x]), np.concatenate([[0.0], y]), where="post", color=colour,
                label=f"{label} ({len(p)} pauses)")
    ax.set_xscale("log")
    ax.set_xlabel("pause (ms)")
    ax.set_ylabel("fraction of pauses at most this long")
    ax.set_ylim(0, 1.02)
    ax.set_title("Pause time distribution")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right")
    return fig


def pause_histogram_figure(logs, bins=30):
    """How many pauses of each length each run had (bins equally wide on a
    log scale, the same for every run)."""
    fig = Figure(figsize=(7, 4.5), layout="constrained")
    ax = fig.add_subplot()
    all_pauses = [pauses(log) for log in logs]
    edges = log_bins(np.concatenate([p.duration_ns / MS for p in all_pauses] + [np.empty(0)]), bins)
    for p, label, colour in zip(all_pauses, labels(logs), _colours(len(logs))):
        if len(p) == 0:
            ax.plot([], [], color=colour, label=f"{label} (no pauses)")
            continue
        ax.hist(p.duration_ns / MS, bins=edges, histtype="step", linewidth=1.5, color=colour, label=label)
    ax.set_xscale("log")
    ax.set_xlabel("pause (ms)")
    ax.set_ylabel("pauses")
    ax.set_title("Pause histogram")
    ax.legend()
    return fig


def mmu_figure(logs, windows_ns=None):
    """Minimum mutator utilisation over window lengths (mmu.py), one curve
    per run; by default 60 windows from the shortest pause of any run to the
    longest run."""
    fig = Figure(figsize=(7, 4.5), layout="constrained")
    ax = fig.add_subplot()
    if windows_ns is None:
        durations = np.concatenate([pauses(log).duration_ns for log in logs] + [np.empty(0)])
        shortest = durations[durations > 0].min() if np.any(durations > 0) else 1e6
        windows_ns = default_windows(shortest, max(log.wall_ns for log in logs))
    for log, label, colour in zip(logs, labels(logs), _colours(len(logs))):
        w, u = log_mmu(log, windows_ns)
        ax.plot(w / MS, u, color=colour, label=label)
    ax.set_xscale("log")
    ax.set_xlabel("window (ms)")
    ax.set_ylabel("minimum mutator utilisation")
    ax.set_ylim(-0.02, 1.02)
    ax.set_title("Minimum mutator utilisation (Cheng & Blelloch 2001)")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right")
    return fig


def timeline_figure(logs):
    """One panel per run, on a common time axis: the heap's used and
    committed bytes before and after each collection (a line between them),
    and each pause as a grey span with a stem as high as it is long (right
    axis)."""
    fig = Figure(figsize=(9, 2.2 * len(logs) + 0.8), layout="constrained")
    axes = fig.subplots(len(logs), 1, sharex=True, squeeze=False)[:, 0]
    for ax, log, label, colour in zip(axes, logs, labels(logs), _colours(len(logs))):
        heap = heap_samples(log)
        ax.plot(heap.t_ns / MS, heap.used_bytes / MIB, color=colour, label="used")
        ax.plot(heap.t_ns / MS, heap.committed_bytes / MIB, color=colour, linestyle="--", linewidth=1,
                label="committed")
        if log.end is not None:
            ax.axhline(log.end["peak_heap_bytes"] / MIB, color="grey", linestyle=":", linewidth=1,
                       label="peak used")
        ax.set_ylabel("heap (MiB)")
        ax.set_ylim(bottom=0)
        ax.set_xlim(0, max(l.wall_ns for l in logs) / MS)
        p = pauses(log)
        for start, end in zip(p.start_ns / MS, p.end_ns / MS):
            ax.axvspan(start, end, color=PAUSE_COLOUR, alpha=0.15, linewidth=0)
        right = ax.twinx()
        if len(p):
            right.vlines(p.start_ns / MS, 0, p.duration_ns / MS, color=PAUSE_COLOUR, linewidth=1)
            right.set_ylim(0, 1.1 * (p.duration_ns / MS).max())
        right.set_ylabel("pause (ms)", color=PAUSE_COLOUR)
        ax.set_title(f"{label}: {len(p)} pauses, {p.duration_ns.sum() / MS:.1f} ms paused "
                     f"in {log.wall_ns / MS:.0f} ms", fontsize="medium", loc="left")
        ax.legend(loc="upper left", fontsize="small")
    axes[-1].set_xlabel("time since the heap was made (ms)")
    return fig


def sweep_figure(sweep, reference=None, y="wall_s"):
    """Wall time (or, with y="cpu_s", CPU time) against heap size, one panel
    per workload: for each collector every run (dots) and the median at each
    size (line); a row with no limit (nogc, node, Java) is a level line at
    its median. `reference` names what heap_multiple is a multiple of, for
    the axis."""
    workloads = list(dict.fromkeys(sweep.workload))
    fig = Figure(figsize=(7, 4.5 * len(workloads)), layout="constrained")
    collectors = list(dict.fromkeys(sweep.collector))
    colours = dict(zip(collectors, _colours(len(collectors))))
    for n, workload in enumerate(workloads, start=1):
        ax = fig.add_subplot(len(workloads), 1, n)
        for name in collectors:
            _sweep_collector(ax, sweep, name, workload, colours[name], y)
        title = f"{SWEEP_Y[y]} time against heap size"
        _sweep_axes(ax, sweep, reference, f"{workload}: {title}" if workload else title[0].upper() + title[1:], y)
    return fig


SWEEP_Y = {"wall_s": "wall", "cpu_s": "CPU"}


def _sweep_collector(ax, sweep, name, workload, colour, y):
    mine = (sweep.collector == name) & (sweep.workload == workload)
    if not mine.any():
        return
    scale = 1 if sweep.x_name == "heap_multiple" else 1 / MIB
    done = sweep.completed(name, workload)
    if np.isnan(sweep.x[mine]).all():
        if done.any():
            ax.axhline(np.median(getattr(sweep, y)[done]), color=colour, linestyle="--",
                       label=f"{name} (no limit)")
        return
    failed = int(np.sum(mine & ~sweep.ok))
    ax.scatter(sweep.x[done] * scale, getattr(sweep, y)[done], color=colour, s=12, alpha=0.5)
    xs, medians = sweep.medians(name, workload, y)
    note = f" (failed, not shown: {failed} of {int(mine.sum())} runs)" if failed else ""
    ax.plot(xs * scale, medians, color=colour, marker="o", label=name + note)


def _sweep_axes(ax, sweep, reference, title, y):
    if sweep.x_name == "heap_multiple":
        ax.set_xlabel(f"heap limit (multiple of {reference})" if reference else "heap limit (multiple)")
    else:
        ax.set_xlabel("heap limit (MiB)")
    ax.set_ylabel(f"{SWEEP_Y[y]} time (s)")
    ax.set_ylim(bottom=0)
    ax.set_title(title)
    ax.grid(True, alpha=0.3)
    ax.legend(fontsize="small")


def write_figures(logs, out_dir, sweep=None, reference=None, dpi=100):
    """Saves every figure for `logs` (and `sweep`, when given) as PNG files in
    out_dir, creating it; returns their paths."""
    os.makedirs(out_dir, exist_ok=True)
    figures = {}
    if logs:
        figures.update({
            "pause-cdf": pause_cdf_figure(logs),
            "pause-histogram": pause_histogram_figure(logs),
            "mmu": mmu_figure(logs),
            "timeline": timeline_figure(logs),
        })
    if sweep is not None:
        figures["wall-vs-heap"] = sweep_figure(sweep, reference)
        if not np.isnan(sweep.cpu_s).all():
            figures["cpu-vs-heap"] = sweep_figure(sweep, reference, y="cpu_s")
    paths = []
    for key, fig in figures.items():
        path = os.path.join(out_dir, FILE_NAMES[key])
        fig.savefig(path, dpi=dpi)
        paths.append(path)
    return paths
