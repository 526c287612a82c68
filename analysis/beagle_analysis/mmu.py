"""Minimum mutator utilisation (MMU).

After Cheng and Blelloch, "A Parallel, Real-Time Garbage Collector" (PLDI
2001): the mutator utilisation of a time window is the fraction of it in
which the mutator runs, here the part of it that no pause covers; MMU(w) is
the least utilisation of any window of length w that lies within the run.
A curve of MMU over w shows both the longest pause (MMU is 0 up to it) and
how closely pauses cluster; at w = the whole run it is the mutator's share
of the run.

The computation is exact. Let P(t) be the pause time before t: it is
piecewise linear, with its corners at the pauses' starts and ends. The pause
time in the window [t, t + w] is P(t + w) - P(t), also piecewise linear in
t, so its maximum over t in [0, span - w] lies at a corner: a t where t or
t + w is a pause's start or end, or at 0 or span - w. Evaluating there is
O(n) per window for n pauses.
"""

import numpy as np

from .pauses import pauses


def mmu(start_ns, end_ns, span_ns, windows_ns):
    """MMU for each window length in `windows_ns`, for pauses [start, end)
    (in order, not overlapping) in a run of `span_ns` that starts at 0.
    Every window must be positive and at most the span."""
    start = np.asarray(start_ns, dtype=float)
    end = np.asarray(end_ns, dtype=float)
    windows = np.asarray(windows_ns, dtype=float)
    if np.any(windows <= 0) or np.any(windows > span_ns):
        raise ValueError(f"window lengths must lie in (0, {span_ns}] ns")
    if np.any(end < start) or np.any(start[1:] < end[:-1]) or (len(start) and (start[0] < 0 or end[-1] > span_ns)):
        raise ValueError("pauses must be in order, not overlap, and lie within the run")
    # P at the corners: 0 at the first start, then up by each pause.
    corners = np.column_stack([start, end]).ravel()
    paused = np.column_stack([np.zeros_like(start), end - start]).ravel().cumsum()
    if len(corners) == 0:
        return np.ones_like(windows)

    def paused_before(t):
        return np.interp(t, corners, paused)  # constant before the first corner and after the last

    result = np.empty_like(windows)
    for i, w in enumerate(windows):
        t = np.concatenate([corners, corners - w, [0.0, span_ns - w]])
        t = np.clip(t, 0.0, span_ns - w)
        worst = np.max(paused_before(t + w) - paused_before(t))
        result[i] = 1.0 - worst / w
    return np.clip(result, 0.0, 1.0)


def default_windows(shortest_ns, span_ns, count=60):
    """Window lengths equally spaced on a log scale from `shortest_ns` (at
    least 1 µs) to the run's span; none for a run of no length."""
    if span_ns <= 0:
        return np.empty(0)
    low = min(max(shortest_ns, 1000.0), span_ns)
    return np.geomspace(low, span_ns, count)


def log_mmu(log, windows_ns):
    """MMU of a GcLog's pauses over its run (`log.wall_ns`), for the windows
    no longer than the run; returns (windows, mmu)."""
    p = pauses(log)
    windows = np.asarray(windows_ns, dtype=float)
    windows = windows[(windows > 0) & (windows <= log.wall_ns)]
    return windows, mmu(p.start_ns, p.end_ns, log.wall_ns, windows)
