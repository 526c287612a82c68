"""Running `beagle` for an analysis: finding the executable, listing the
collectors of the build, one run with a GC log, and a heap-size sweep. The
notebooks use these; everything they run is a `beagle run` command line
that can be typed by hand.
"""

import os
import subprocess
import time

import numpy as np

from .gclog import load

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class NotBuilt(Exception):
    """There is no beagle executable to run. In a notebook the message alone
    is shown, without a traceback."""

    def _render_traceback_(self):  # IPython's hook for how an exception is shown
        return [f"{type(self).__name__}: {self}"]


def find_beagle():
    """The beagle executable: $BEAGLE, else build/harness/beagle in this
    checkout. Raises NotBuilt, saying how to build it."""
    given = os.environ.get("BEAGLE")
    path = os.path.abspath(given or os.path.join(REPO, "build", "harness", "beagle"))
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        where = f"BEAGLE={given}" if given else path
        raise NotBuilt(f"no beagle executable at {where}: run scripts/setup.sh to build it "
                       "(or set BEAGLE to a beagle executable)")
    return path


def collectors(beagle):
    """The collectors of this build, as `beagle gcs` lists them (a collector
    added later is in the list with no edit here)."""
    out = subprocess.run([beagle, "gcs"], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                         check=True).stdout
    return [line.split()[0] for line in out.splitlines() if line.strip()]


def run(beagle, gc, program, args=(), *, log=None, heap=None, timeout=300):
    """Runs `beagle run --gc=GC [--heap=HEAP] [--gc-log=LOG] PROGRAM ARGS`;
    returns (exit status, wall seconds measured around the process, stderr).
    Its stdout is discarded."""
    command = [beagle, "run", f"--gc={gc}"]
    if heap is not None:
        command.append(f"--heap={heap}")
    if log is not None:
        command.append(f"--gc-log={log}")
    command += [program, *map(str, args)]
    started = time.monotonic()
    done = subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          text=True, timeout=timeout)
    return done.returncode, time.monotonic() - started, done.stderr


def run_logged(beagle, gc, program, args, log_path):
    """One run with a GC log; returns its GcLog. Raises RuntimeError, with
    the command's stderr, when the run fails."""
    status, _, stderr = run(beagle, gc, program, args, log=log_path)
    if status != 0:
        raise RuntimeError(f"beagle run --gc={gc} {program} {' '.join(map(str, args))} "
                           f"exited with {status}: {stderr.strip()}")
    return load(log_path)


def live_bytes(logs):
    """An estimate of the program's live data: the most bytes any collection
    marked (the `marked` phase's `marked_bytes`, every object found
    reachable) in any of `logs`. Raises ValueError when none marked."""
    marked = [log.events["marked_bytes"][log.events["phase"] == "marked"] for log in logs]
    marked = np.concatenate(marked + [np.empty(0, dtype=np.int64)])
    if len(marked) == 0:
        raise ValueError("no log has a `marked` phase: run a collector that marks to measure the live size")
    return int(marked.max())


def sweep(beagle, gcs, program, args, heaps, runs=1):
    """Runs `program` under each collector at each heap limit in bytes, `runs`
    times, the runs of a size interleaved across collectors; returns the rows
    of a sweep table (sweep.py's columns, without heap_multiple)."""
    rows = []
    for heap in heaps:
        for _ in range(runs):
            for gc in gcs:
                status, wall, _ = run(beagle, gc, program, args, heap=int(heap))
                rows.append({"collector": gc, "heap_bytes": int(heap), "wall_s": f"{wall:.4f}",
                             "exit_status": status})
    return rows
