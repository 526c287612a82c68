#!/usr/bin/python3
"""Times one Beagle program under two or more beagle commands, runs interleaved.

    scripts/bench_compare.py --before OLD/beagle --after build/harness/beagle \\
        --runs 15 tests/bench/for_loops.bg vector 1000000 20

    scripts/bench_compare.py --gc generational --runs 7 \\
        --variant "before=/tmp/old/build/harness/beagle" \\
        --variant "log-off=build/harness/beagle" \\
        --variant "log-on=build/harness/beagle --gc-log=/tmp/bt.jsonl" \\
        workloads/binary-trees.bg 21

Each run is `BEAGLE run --gc=GC OPTIONS FILE ARGS...`, where a variant NAME=COMMAND gives BEAGLE and its OPTIONS (split as a shell
would); --before and --after are the variants `before` and `after` with no
options. Run i of every variant comes before run i+1 of any, so a slow spell
of a shared machine lands on all of them. Prints, for each variant, the
median, min and max of the wall time and of the CPU time (user + system, of
the child, from wait4), and each median's ratio to the first variant's.
Exits 1 if a run fails or two variants print different output.
"""

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time


def measure(command, gc, program):
    """One run: (wall seconds, CPU seconds of the child, its stdout)."""
    beagle, *options = command
    start = time.monotonic()
    # stderr to a file, so that a chatty child cannot block on a full pipe while stdout is read.
    with tempfile.TemporaryFile() as err, subprocess.Popen(
            [beagle, "run", f"--gc={gc}", *options, *program], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
            stderr=err) as proc:
        out = proc.stdout.read()
        # wait4 rather than Popen.wait: it gives the child's CPU time.
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        elapsed = time.monotonic() - start
        err.seek(0)
        if code != 0:
            sys.exit(f"{' '.join(command)} failed (exit {code}): {err.read().decode(errors='replace')[-500:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, out


def parse_variant(text):
    name, sep, command = text.partition("=")
    if not sep or not name or not command.strip():
        raise argparse.ArgumentTypeError(f"a variant is NAME=COMMAND, not '{text}'")
    return name, shlex.split(command)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="the beagle executable to compare against (the variant 'before')")
    parser.add_argument("--after", help="the beagle executable under test (the variant 'after')")
    parser.add_argument("--variant", action="append", type=parse_variant, default=[], metavar="NAME=COMMAND",
                        help="a beagle executable and the `run` options to give it, e.g. "
                             "\"log-on=build/harness/beagle --gc-log=/tmp/gc.jsonl\"; repeat for each")
    parser.add_argument("--gc", default="mark-sweep")
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("program", nargs="+", help="the .bg file and its arguments")
    args = parser.parse_args()
    variants = [("before", [args.before])] if args.before else []
    variants += [("after", [args.after])] if args.after else []
    variants += args.variant
    if len(variants) < 2:
        parser.error("give at least two variants (--before and --after, or --variant)")
    walls = {name: [] for name, _ in variants}
    cpus = {name: [] for name, _ in variants}
    outputs = {}
    for i in range(args.runs):
        for name, command in variants:
            wall, cpu, out = measure(command, args.gc, args.program)
            walls[name].append(wall)
            cpus[name].append(cpu)
            outputs[name] = out
            print(f"[run {i + 1}/{args.runs}] {name}: wall {wall:.3f} s, cpu {cpu:.3f} s", file=sys.stderr)
    if len(set(outputs.values())) != 1:
        sys.exit("the variants printed different output")
    print(" ".join(args.program), f"({args.gc}, {args.runs} runs each)")
    first = variants[0][0]
    for name, _ in variants:
        w, c = walls[name], cpus[name]
        print(f"  {name:10} wall median {statistics.median(w):.3f} s (min {min(w):.3f}, max {max(w):.3f}, "
              f"x{statistics.median(w) / statistics.median(walls[first]):.4f})  "
              f"cpu median {statistics.median(c):.3f} s (min {min(c):.3f}, max {max(c):.3f}, "
              f"x{statistics.median(c) / statistics.median(cpus[first]):.4f})")


if __name__ == "__main__":
    main()
