#!/usr/bin/python3
"""Runs a heap-size sweep described by a TOML file: each workload under each
collector at multiples of its minimum heap, with node and Java beside them,
repeated; writes one CSV row per run, the runs' GC event logs, a summary
with each collector's lower-bound overhead, and plots of wall and CPU time
against heap multiple.

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
  wall-vs-heap.png, cpu-vs-heap.png
                wall and CPU time against heap multiple (analysis/plot.py --sweep)

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
    parser.add_argument("file", metavar="SWEEP.toml", nargs="?",
                        help="the description of the sweep (sweep/README.md)")
    parser.add_argument("--out", default="sweep-out", metavar="DIR",
                        help="the folder for the results, made if needed (default: sweep-out)")
    parser.add_argument("--beagle", metavar="PATH",
                        help="the beagle executable (default: $BEAGLE, else build/harness/beagle)")
    parser.add_argument("--scheduler", metavar="ADDRESS",
                        help="run the tasks on the Dask cluster of this scheduler (tcp://HOST:PORT) "
                             "rather than here, one after the other")
    parser.add_argument("--min-heaps-from", metavar="DIR",
                        help="take the minimum heaps that DIR/results.csv (an earlier sweep, with the same "
                             "build) has for a workload and collector, rather than search for them again")
    parser.add_argument("--summarize", metavar="DIR",
                        help="run nothing: write DIR/summary.md and the plots again from DIR/results.csv")
    args = parser.parse_args(argv)
    if args.summarize:
        return summarize_again(args.summarize)
    if args.file is None:
        parser.error("give a SWEEP.toml file to run, or --summarize DIR")
    try:
        beagle, sweep, run, known = _prepare(args)
    except (UsageError, NotBuilt, description.DescriptionError, runners.SchedulerError) as e:
        print(f"sweep: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return _sweep(sweep, beagle, run, args.out, known)
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
    known = _earlier_min_heaps(args.min_heaps_from) if args.min_heaps_from else {}
    return beagle, sweep, runners.DaskRunner(args.scheduler) if args.scheduler else runners.run_here, known


def _earlier_min_heaps(folder):
    """(workload key, collector) -> minimum heap, from an earlier sweep's table."""
    try:
        rows = results.read_csv(os.path.join(folder, "results.csv"))
    except (OSError, ValueError, KeyError) as e:
        raise UsageError(f"--min-heaps-from {folder}: cannot read results.csv: {e}") from None
    return {("-".join([r["workload"], *str(r["size"] or "").split()]), r["collector"]): r["min_heap_bytes"]
            for r in rows if r.get("min_heap_bytes") is not None}


def _sweep(sweep, beagle, run, out, known):
    digest = plan.sha256_of(beagle)
    for w, reference in plan.missing_references(sweep):
        print(f"note: no {reference} program for {w.name} in {plan.REFERENCE_DIR}: no {reference} row",
              file=sys.stderr)
    searches = [t for t in plan.minheap_tasks(sweep, beagle, digest) if (t.workload.key, t.collector) not in known]
    min_heaps = {key: known[key] for key in known
                 if key[0] in {w.key for w in sweep.workloads} and key[1] in sweep.collectors}
    print(f"sweep: {len(searches)} minimum heaps to find (beagle minheap), {len(min_heaps)} known, then the runs",
          file=sys.stderr)
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
    results.write_csv(os.path.join(out, "results.csv"), rows)
    _summarize(rows, out)
    failed = [r for r in rows if r["ending"] in ("failed", "timeout")]
    for r in failed + wrong:
        print(f"sweep: {r['ending']}: {r['workload']} {r['size']} {r['collector']} rep {r['rep']}: {r['message']}",
              file=sys.stderr)
    return EXIT_OUTPUT if wrong else EXIT_FAILED if [r for r in failed if r["ending"] == "failed"] else 0


def _summarize(rows, out):
    """Writes summary.md (and prints it) and the plots of out/results.csv."""
    summary = results.summarize(rows)
    with open(os.path.join(out, "summary.md"), "w", encoding="utf-8") as f:
        f.write(summary)
    print(summary, end="")
    import matplotlib

    matplotlib.use("Agg")
    from beagle_analysis.figures import write_figures

    plots = write_figures([], out, sweep=analysis.read_sweep(os.path.join(out, "results.csv")),
                          reference="the smallest minimum heap")
    print(f"wrote {', '.join(os.path.join(out, f) for f in ('results.csv', 'summary.md'))}, "
          f"{', '.join(plots)} and logs/", file=sys.stderr)


def summarize_again(out):
    """--summarize: summary.md and the plots again from out/results.csv."""
    try:
        rows = results.read_csv(os.path.join(out, "results.csv"))
    except (OSError, ValueError, KeyError) as e:
        print(f"sweep: error: {out}/results.csv: cannot read it as a sweep's table: {e}", file=sys.stderr)
        return EXIT_USAGE
    _summarize(rows, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
