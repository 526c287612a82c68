"""The tasks of a sweep. First one MinheapTask per (workload, collector that
reclaims): `beagle minheap` of the workload under that collector. Then the
RunTasks, one per run: every collector that reclaims at each multiple of the
workload's base heap (the smallest of those minimum heaps), a collector that
does not (nogc) and each reference with no limit, each `repetitions` times.
Repetition 1 of every run comes before repetition 2 of any, so that a slow
spell of a shared machine spreads over the table rather than landing on one
of its rows. A task holds everything its run needs, so any process (here,
or a Dask worker in a checkout at the same path) can run it."""

import hashlib
import math
import os
from pathlib import Path
from dataclasses import dataclass

from .description import java_references
from .shared import REPO, bench

REFERENCE_DIR = os.path.join(REPO, "workloads", "reference")


@dataclass(frozen=True)
class MinheapTask:
    beagle: str
    beagle_sha256: str
    workload: object       # description.Workload
    collector: str

    def label(self):
        return f"minheap {self.workload.name} {self.workload.size} {self.collector}".replace("  ", " ")


@dataclass(frozen=True)
class RunTask:
    index: int             # the row's place in the table
    runtime: str           # "beagle", "node" or "java"
    workload: object
    collector: str         # a collector of `beagle gcs`, or a reference's name
    rep: int
    repetitions: int
    timeout: float
    beagle: str
    beagle_sha256: str
    multiple: float | None = None       # None: no heap limit
    heap_bytes: int | None = None
    base_heap_bytes: int | None = None
    min_heap_bytes: int | None = None   # this collector's own minimum heap
    program: str | None = None          # the reference's .js or .java file
    java_flag: str | None = None

    def multiple_text(self):
        return "" if self.multiple is None else f"{self.multiple:g}x"

    def label(self):
        parts = [self.workload.name, self.workload.size, self.collector, self.multiple_text(),
                 f"rep {self.rep}/{self.repetitions}"]
        return " ".join(p for p in parts if p)

    def log_name(self):
        """The event log's path in the output folder (a HotSpot -Xlog:gc text
        for Java; node writes none)."""
        if self.runtime == "node":
            return None
        limit = f"-{self.multiple:g}x" if self.multiple is not None else ""
        ending = ".gc.log" if self.runtime == "java" else ".jsonl"
        return f"logs/{self.workload.key}/{self.collector}{limit}-r{self.rep}{ending}"


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def minheap_tasks(description, beagle, beagle_sha256):
    return [MinheapTask(beagle, beagle_sha256, w, c)
            for w in description.workloads for c in description.collectors if description.reclaims[c]]


def run_tasks(description, beagle, beagle_sha256, min_heaps):
    """Every run, in table order. min_heaps: (workload key, collector) -> bytes."""
    runs = []
    for rep in range(1, description.repetitions + 1):
        for w in description.workloads:
            for fields in _runs_of(description, w, min_heaps):
                runs.append(RunTask(index=len(runs), workload=w, rep=rep, repetitions=description.repetitions,
                                    timeout=description.timeout, beagle=beagle, beagle_sha256=beagle_sha256,
                                    **fields))
    return runs


def base_heap(workload, min_heaps):
    """The smallest minimum heap of the workload over the collectors, or None."""
    mine = [b for (key, _), b in min_heaps.items() if key == workload.key]
    return min(mine) if mine else None


def missing_references(description):
    """(workload, reference) pairs whose program is not in workloads/reference."""
    return [(w, r) for w in description.workloads for r in description.references if _reference_file(w, r) is None]


def _runs_of(description, w, min_heaps):
    base = base_heap(w, min_heaps)
    for c in description.collectors:
        if not description.reclaims[c]:
            yield {"runtime": "beagle", "collector": c}
            continue
        for m in description.multiples:
            yield {"runtime": "beagle", "collector": c, "multiple": m, "heap_bytes": math.ceil(m * base),
                   "base_heap_bytes": base, "min_heap_bytes": min_heaps[(w.key, c)]}
    for r in description.references:
        program = _reference_file(w, r)
        if program is not None:
            yield {"runtime": "node" if r == "node" else "java", "collector": r, "program": program,
                   "java_flag": java_references().get(r)}


def _reference_file(w, reference):
    java = reference != "node"
    found = bench.find_reference(Path(REFERENCE_DIR), w.name,
                                 ".java" if java else ".js", java=java)
    return str(found) if found else None
