#!/usr/bin/python3
"""Runs a heap-size sweep described by a TOML file: each workload under each
collector at multiples of its minimum heap, with node and Java beside them,
repeated; writes one CSV row per run, the runs' GC event logs, a summary
with each collector's lower-bound overhead, and a plot of wall time against
heap multiple.

    /usr/bin/python3 sweep/sweep.py sweep/examples/small.toml --out build/sweep-small

sweep/README.md describes the description file, the table and the summary.
"""

import argparse
import os
import sys
import time

from beagle_sweep import description, plan, results, runners
from beagle_sweep.shared import analysis
from beagle_sweep.tasks import TaskFailed
from beagle_analysis.runs import NotBuilt, find_beagle

EPILOG = """\
what it writes into --out:
  results.csv   one row per run (sweep/README.md names the columns)
  summary.md    medians per workload, collector and heap multiple, the LBO and
                the ratios to the references (also printed on stdout)
  logs/         each run's GC event log (beagle run --gc-log) or Java -Xlog:gc
  wall-vs-heap.png  wall time against heap multiple (analysis/plot.py --sweep)

on a Dask cluster (--scheduler): start the workers in a checkout at the same
path with the same build, e.g.
  PYTHONPATH=$PWD/sweep dask worker tcp://HOST:8786 --nthreads 1

exit status: 0 every run completed or ran out of memory; 1 a run failed, or a
task could not run (the message says which); 2 a usage error or a bad
description file; 3 a run printed something else than the others of its
workload.
"""

EXIT_FAILED, EXIT_USAGE, EXIT_OUTPUT = 1, 2, 3


def main(argv=None):
    parser = argparse.ArgumentParser(prog="sweep/sweep.py", description=__doc__.split("\n\n")[0],
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("file", metavar="SWEEP.toml", help="the description of the sweep (sweep/README.md)")
    parser.add_argument("--out", default="sweep-out", metavar="DIR",
                        help="the folder for the results, made if needed (default: sweep-out)")
    parser.add_argument("--beagle", metavar="PATH",
                        help="the beagle executable (default: $BEAGLE, else build/harness/beagle)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the tasks on the Dask cluster of this scheduler (tcp://HOST:PORT) "
                             "rather than here, one after the other")
    args = parser.parse_args(argv)
    try:
        beagle, sweep, run = _prepare(args)
    except (UsageError, NotBuilt, description.DescriptionError, runners.SchedulerError) as e:
        print(f"sweep: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _sweep(sweep, beagle, run, args.out)
    except TaskFailed as e:
        print(f"sweep: error: {e}", file=sys.stderr)
        return EXIT_FAILED
    finally:
        if args.scheduler:
            run.close()


class UsageError(Exception):
    pass


def _prepare(args):
    """The beagle executable, the checked description, and how to run tasks."""
    beagle = os.path.abspath(args.beagle) if args.beagle else find_beagle()
    if not os.access(beagle, os.X_OK):
        raise UsageError(f"no beagle executable at {beagle}: run scripts/setup.sh to build it, or give --beagle")
    sweep = description.read(args.file, beagle)
    if os.path.exists(os.path.join(args.out, "results.csv")):
        raise UsageError(f"{args.out} already holds a sweep (results.csv): remove it, or choose another --out")
    return beagle, sweep, runners.DaskRunner(args.scheduler) if args.scheduler else runners.run_here


def _sweep(sweep, beagle, run, out):
    digest = plan.sha256_of(beagle)
    for w, reference in plan.missing_references(sweep):
        print(f"note: no {reference} program for {w.name} in {plan.REFERENCE_DIR}: no {reference} row",
              file=sys.stderr)
    min_heaps, searches = {}, plan.minheap_tasks(sweep, beagle, digest)
    print(f"sweep: {len(searches)} minimum heaps to find (beagle minheap), then the runs", file=sys.stderr)
    for task, result in _with_progress(run, searches, _minheap_line):
        min_heaps[(task.workload.key, task.collector)] = result["min_heap_bytes"]
    os.makedirs(out, exist_ok=True)
    rows = []
    for task, outcome in _with_progress(run, plan.run_tasks(sweep, beagle, digest, min_heaps), _run_line):
        rows.append(results.row_of(task, outcome))
        _write_log(out, rows[-1]["gc_log"], outcome["log"])
    rows.sort(key=lambda row: row["index"])
    return _report(rows, out)


def _with_progress(run, tasks, line):
    """The (task, result) pairs of run(tasks), each reported on stderr as it ends."""
    started = time.monotonic()
    for k, (task, result) in enumerate(run(tasks), start=1):
        print(f"[{k}/{len(tasks)}] {task.label()}: {line(result)} ({time.monotonic() - started:.0f} s so far)",
              file=sys.stderr, flush=True)
        yield task, result


def _minheap_line(result):
    return f"minimum heap {result['min_heap_bytes']} bytes"


def _run_line(outcome):
    row = outcome["row"]
    ending = "" if row["ending"] == "ok" else f" ({row['ending']})"
    return f"{row['wall_s']:.2f} s{ending}"


def _write_log(out, name, text):
    if name is None:
        return
    path = os.path.join(out, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def _report(rows, out):
    wrong = results.mark_other_outputs(rows)
    csv_path = os.path.join(out, "results.csv")
    results.write_csv(csv_path, rows)
    summary = results.summarize(rows)
    with open(os.path.join(out, "summary.md"), "w", encoding="utf-8") as f:
        f.write(summary)
    print(summary, end="")
    print(f"wrote {csv_path}, {os.path.join(out, 'summary.md')}, {_plot(csv_path, out)} and logs/",
          file=sys.stderr)
    failed = [r for r in rows if r["ending"] in ("failed", "timeout")]
    for r in failed + wrong:
        print(f"sweep: {r['ending']}: {r['workload']} {r['size']} {r['collector']} rep {r['rep']}: {r['message']}",
              file=sys.stderr)
    return EXIT_OUTPUT if wrong else EXIT_FAILED if [r for r in failed if r["ending"] == "failed"] else 0


def _plot(csv_path, out):
    import matplotlib

    matplotlib.use("Agg")
    from beagle_analysis.figures import write_figures

    return write_figures([], out, sweep=analysis.read_sweep(csv_path),
                         reference="the smallest minimum heap")[0]


if __name__ == "__main__":
    sys.exit(main())
