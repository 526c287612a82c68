"""Pauses, heap size over time, and the pause distribution, from a GcLog.

A pause is what `beagle run --stats` counts (docs/GC-LOG.md, `pause_ns`):
it starts when the mutators are stopped (the `stopped` record's time) and
lasts `pause_ns`, the collection's `resumed` record. Stopping the mutators
(from `requested` to `stopped`) and the verification of `--verify` are not
in it. A collection that never resumed (the run died in it) has no pause.
"""

from dataclasses import dataclass

import numpy as np

from .gclog import LogError


@dataclass(frozen=True)
class Pauses:
    """The pauses of one run, in order; times in nanoseconds since the heap
    was made."""

    collection: np.ndarray
    kind: np.ndarray  # minor, major or full
    start_ns: np.ndarray
    duration_ns: np.ndarray

    @property
    def end_ns(self):
        return self.start_ns + self.duration_ns

    def __len__(self):
        return len(self.start_ns)


def pauses(log):
    """The Pauses of a GcLog."""
    ev = log.events
    resumed = ev["phase"] == "resumed"
    stopped = ev["phase"] == "stopped"
    collection = ev["collection"][resumed]
    stopped_collection = ev["collection"][stopped]
    # Collections are numbered in order, so each resumed collection's
    # `stopped` is found by a binary search.
    at = np.searchsorted(stopped_collection, collection)
    found = at < len(stopped_collection)
    found[found] = stopped_collection[at[found]] == collection[found]
    if not found.all():
        lost = int(collection[~found][0])
        raise LogError(f"{log.source}: collection {lost} resumed but has no stopped record")
    return Pauses(collection=collection, kind=ev["kind"][resumed],
                  start_ns=ev["t_ns"][stopped][at], duration_ns=ev["pause_ns"][resumed])


@dataclass(frozen=True)
class HeapSamples:
    """The heap's size before (`requested`) and after (`resumed`) each
    collection."""

    t_ns: np.ndarray
    used_bytes: np.ndarray
    committed_bytes: np.ndarray


def heap_samples(log):
    """The HeapSamples of a GcLog, in time order."""
    ev = log.events
    at = (ev["phase"] == "requested") | (ev["phase"] == "resumed")
    return HeapSamples(t_ns=ev["t_ns"][at], used_bytes=ev["heap_used_bytes"][at],
                       committed_bytes=ev["heap_committed_bytes"][at])


def cdf(durations):
    """The empirical distribution of `durations`: the sorted values, and for
    each the fraction of values at most it."""
    x = np.sort(np.asarray(durations))
    return x, np.arange(1, len(x) + 1) / len(x)


def log_bins(durations, count=30):
    """`count` bins equally wide on a log scale from the least to the most of
    `durations` (positive values), for histograms of several runs on one
    axis."""
    d = np.asarray(durations, dtype=float)
    d = d[d > 0]
    if len(d) == 0:
        return np.array([0.5, 2.0])
    low, high = d.min(), d.max()
    if low == high:
        low, high = low / 1.5, high * 1.5
    return np.geomspace(low, high, count + 1)


def percentile_ns(durations, q):
    """The nearest-rank `q` percentile (0 < q <= 100) of `durations`, the
    definition --stats uses: the least value that at least q% of the values
    do not exceed."""
    x = np.sort(np.asarray(durations))
    if len(x) == 0:
        raise ValueError("no pauses")
    rank = int(np.ceil(q / 100 * len(x)))
    return int(x[max(rank, 1) - 1])
