#!/usr/bin/python3
"""Times one Beagle program under two beagle executables, runs interleaved.

    scripts/bench_compare.py --before OLD/beagle --after build/harness/beagle \\
        --runs 15 tests/bench/for_loops.bg vector 1000000 20

Each run is `BEAGLE run --gc=GC FILE ARGS...` (default collector mark-sweep);
run i of BEFORE is followed by run i of AFTER, so a slow spell of a shared
machine lands on both. Prints the median, min and max wall time of each and
the median CPU time (user + system: less disturbed than wall time when other
work shares the cores), and exits 1 if a run fails or the two print
different output.
"""

import argparse
import resource
import statistics
import subprocess
import sys
import time


def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def timed_run(beagle, gc, program):
    start, cpu_start = time.monotonic(), children_cpu()
    proc = subprocess.run([beagle, "run", f"--gc={gc}", *program], capture_output=True)
    elapsed, cpu = time.monotonic() - start, children_cpu() - cpu_start
    if proc.returncode != 0:
        sys.exit(f"{beagle} failed (exit {proc.returncode}): {proc.stderr.decode(errors='replace')[-500:]}")
    return elapsed, cpu, proc.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", required=True, help="the beagle executable to compare against")
    parser.add_argument("--after", required=True, help="the beagle executable under test")
    parser.add_argument("--gc", default="mark-sweep")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("program", nargs="+", help="the .bg file and its arguments")
    args = parser.parse_args()
    times = {"before": [], "after": []}
    cpu_times = {"before": [], "after": []}
    outputs = {}
    for _ in range(args.runs):
        for name in ("before", "after"):
            elapsed, cpu, out = timed_run(getattr(args, name), args.gc, args.program)
            times[name].append(elapsed)
            cpu_times[name].append(cpu)
            outputs[name] = out
    if outputs["before"] != outputs["after"]:
        sys.exit("the two executables printed different output")
    print(" ".join(args.program), f"({args.gc}, {args.runs} runs each)")
    for name, xs in times.items():
        print(f"  {name:6} median {statistics.median(xs):.3f} s  min {min(xs):.3f}  max {max(xs):.3f}"
              f"  cpu median {statistics.median(cpu_times[name]):.3f} s")


if __name__ == "__main__":
    main()
