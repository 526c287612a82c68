#!/usr/bin/python3
"""Plots of GC event logs: writes PNG files with matplotlib.

    /usr/bin/python3 analysis/plot.py LOG... [--out DIR] [--sweep SWEEP.csv]

analysis/README.md says what each figure shows.
"""

import argparse
import sys

from beagle_analysis import LogError, load, read_sweep

DESCRIPTION = """\
Reads GC event logs (beagle run --gc=NAME --gc-log=FILE ..., docs/GC-LOG.md),
one per run to compare, and writes these PNG files into --out:

  pause-cdf.png        every run's pause-time distribution, on one axis
  pause-histogram.png  every run's pauses, by length
  mmu.png              minimum mutator utilisation over window lengths
  timeline.png         each run's heap size over time, with its pauses

and, with --sweep, wall-vs-heap.png: wall time against heap size, from a CSV
table of runs at several heap limits (analysis/README.md names its columns;
sweep/sweep.py writes one), and cpu-vs-heap.png, CPU time, when the table
has the runs' CPU times.
"""

EPILOG = """\
example:
  build/harness/beagle run --gc=mark-sweep --gc-log=ms.jsonl workloads/binary-trees.bg 14
  build/harness/beagle run --gc=generational --gc-log=gen.jsonl workloads/binary-trees.bg 14
  /usr/bin/python3 analysis/plot.py ms.jsonl gen.jsonl --out figures

exit status: 0 when every file was written, 1 when an input cannot be read,
2 on a usage error.
"""


def main(argv=None):
    parser = argparse.ArgumentParser(prog="analysis/plot.py", description=DESCRIPTION, epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("logs", nargs="*", metavar="LOG", help="a GC event log (JSON Lines) of one run")
    parser.add_argument("--out", default="figures", metavar="DIR",
                        help="the folder to write the PNG files into, made if needed (default: figures)")
    parser.add_argument("--sweep", metavar="CSV", help="a heap-size sweep: also write wall-vs-heap.png")
    parser.add_argument("--sweep-reference", metavar="TEXT",
                        help="what the sweep's heap_multiple is a multiple of, for the axis label "
                             "(e.g. 'the live size, 1.2 MiB')")
    args = parser.parse_args(argv)
    if not args.logs and not args.sweep:
        parser.error("give at least one LOG, or --sweep")
    try:
        logs = [load(path) for path in args.logs]
        sweep = read_sweep(args.sweep) if args.sweep else None
    except LogError as e:
        print(f"analysis/plot.py: error: {e}", file=sys.stderr)
        return 1
    import matplotlib  # only now: it takes a while to import, and --help or bad input need none of it

    matplotlib.use("Agg")  # files only, no display
    from beagle_analysis.figures import write_figures

    try:
        paths = write_figures(logs, args.out, sweep=sweep, reference=args.sweep_reference)
    except OSError as e:
        print(f"analysis/plot.py: error: cannot write into {args.out}: {e.strerror}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
