#!/usr/bin/python3
"""Soaks workloads/thread-soak.bg under every collector `beagle gcs` lists.

For each collector, runs of the workload (8 threads allocating trees and
swapping atoms, with thread churn; see workloads/README.md) are started one
after another until the collector's --duration is spent, each run
--run-seconds long (the last one shorter). A run fails if it exits non-zero,
is killed by a signal, prints a FAIL or uncaught-exception line, does not end
with the workload's `thread-soak: passed` line, or is still running
--margin seconds after its own duration (it is then killed). One progress
line per run, a summary table per collector at the end; the exit status is 1
if any run failed, 2 for a usage error. docs/SOAK.md describes it.

A collector that does not reclaim memory (`reclaims: no` in `beagle gcs
NAME`, e.g. nogc) would fill the machine's memory in a long run: its runs
are at most --non-reclaiming-run-seconds long (default 0.5: a peak RSS of
up to about 1 GiB on the 2-core machine).
"""

import argparse
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORKLOAD = REPO / "workloads" / "thread-soak.bg"
PASSED_LINE = "thread-soak: passed"
# The workload's `counts:` line (printed because the runner asks for it).
COUNTS = re.compile(r"^counts: rounds (\d+), nodes (\d+), cas-retries (\d+), churn-threads (\d+)$")
# Lines that mean the run failed, whatever its exit status.
FAILURE_LINE = re.compile(r"^(FAIL\b|Uncaught exception)")


class SoakError(Exception):
    """A problem with the runner's setup (not a failed run): exit status 2."""


@dataclass
class RunResult:
    collector: str
    seconds: float          # the duration asked of the workload
    wall: float             # seconds, start to exit (or to the kill)
    peak_rss_bytes: int     # the child's ru_maxrss
    failure: str | None     # why the run failed; None if it passed
    rounds: int = 0         # worker rounds (trees built and checked), from the counts line
    churn_threads: int = 0  # short-lived threads started


@dataclass
class CollectorSummary:
    name: str
    runs: int = 0
    failures: int = 0
    wall: float = 0.0
    peak_rss_bytes: int = 0
    rounds: int = 0
    churn_threads: int = 0
    first_failure: str | None = None

    def add(self, run: RunResult):
        self.runs += 1
        self.wall += run.wall
        self.peak_rss_bytes = max(self.peak_rss_bytes, run.peak_rss_bytes)
        self.rounds += run.rounds
        self.churn_threads += run.churn_threads
        if run.failure is not None:
            self.failures += 1
            self.first_failure = self.first_failure or run.failure


def beagle_output(beagle: Path, *args: str) -> str:
    try:
        result = subprocess.run([str(beagle), *args], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                                timeout=60)
    except OSError as e:
        raise SoakError(f"cannot run {beagle}: {e.strerror}") from e
    if result.returncode != 0:
        raise SoakError(f"`{beagle} {' '.join(args)}` exited {result.returncode}: {result.stderr.strip()}")
    return result.stdout


def registered_collectors(beagle: Path) -> list[str]:
    """The first word of each line of `beagle gcs`: a new collector is soaked with no edit here."""
    names = [line.split()[0] for line in beagle_output(beagle, "gcs").splitlines() if line.strip()]
    if not names:
        raise SoakError(f"`{beagle} gcs` lists no collector")
    return names


def reclaims_memory(beagle: Path, collector: str) -> bool:
    """The `reclaims` attribute of `beagle gcs NAME` (a line `reclaims: yes` or `no`)."""
    for line in beagle_output(beagle, "gcs", collector).splitlines():
        key, _, value = line.partition(":")
        if key.strip() == "reclaims":
            return value.strip() == "yes"
    raise SoakError(f"`beagle gcs {collector}` has no `reclaims` line")


def signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def failure_of(exit_status: int, timed_out: bool, stdout: str, timeout: float) -> str | None:
    """Why a run failed, or None: the first of a timeout, a signal, a FAIL or
    uncaught-exception line, a non-zero exit, a missing `passed` line."""
    if timed_out:
        return f"still running after {timeout:.0f} s: killed"
    if exit_status < 0:
        return f"killed by {signal_name(-exit_status)}"
    failure_lines = [line for line in stdout.splitlines() if FAILURE_LINE.match(line)]
    if failure_lines:
        return failure_lines[0]
    if exit_status != 0:
        return f"exit status {exit_status}"
    lines = stdout.splitlines()
    if not lines or lines[-1] != PASSED_LINE:
        return f"the output does not end with `{PASSED_LINE}`"
    return None


def run_once(beagle: Path, collector: str, seconds: float, depth: int, beagle_args: list[str], margin: float,
             log_dir: Path, index: int) -> RunResult:
    command = [str(beagle), "run", f"--gc={collector}", *beagle_args, str(WORKLOAD), f"{round(seconds * 1000)}ms",
               str(depth), "counts"]
    stdout_path = log_dir / f"{collector}-{index}.stdout"
    stderr_path = log_dir / f"{collector}-{index}.stderr"
    timeout = seconds + margin
    start = time.monotonic()
    with open(stdout_path, "w") as out, open(stderr_path, "w") as err:
        # A session of its own, so that a timeout kills the whole process group.
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                   start_new_session=True)
    timed_out = False
    while True:
        # wait4 gives this child's own peak RSS (getrusage(RUSAGE_CHILDREN)
        # would give the largest of all children so far).
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid != 0:
            break
        if time.monotonic() - start > timeout and not timed_out:
            timed_out = True
            os.killpg(process.pid, signal.SIGKILL)
        time.sleep(0.05)
    wall = time.monotonic() - start
    exit_status = os.waitstatus_to_exitcode(status)
    process.returncode = exit_status  # reaped here: Popen must not wait for it again
    stdout = stdout_path.read_text(errors="replace")
    failure = failure_of(exit_status, timed_out, stdout, timeout)
    result = RunResult(collector, seconds, wall, usage.ru_maxrss * 1024, failure)
    for line in stdout.splitlines():
        if match := COUNTS.match(line):
            result.rounds, result.churn_threads = int(match[1]), int(match[4])
    if failure is None:
        stdout_path.unlink()
        stderr_path.unlink()
    else:
        stderr = stderr_path.read_text(errors="replace").strip()
        if stderr:
            result.failure += f" (stderr: {stderr.splitlines()[-1]})"
        result.failure += f"; output in {stdout_path} and {stderr_path}"
    return result


def run_lengths(duration: float, run_seconds: float) -> list[float]:
    """Run durations that add up to `duration`: run_seconds each, the last
    one what is left (at least one run, even for a duration of 0)."""
    whole_runs = int(duration // run_seconds)
    rest = round(duration - whole_runs * run_seconds, 3)
    return [run_seconds] * whole_runs + ([rest] if rest > 0 or whole_runs == 0 else [])


def print_summary(summaries: list[CollectorSummary]):
    header = ["collector", "runs", "failures", "wall s", "peak RSS MiB", "rounds", "churn threads"]
    rows = [[s.name, str(s.runs), str(s.failures), f"{s.wall:.1f}", f"{s.peak_rss_bytes / 2**20:.0f}",
             str(s.rounds), str(s.churn_threads)] for s in summaries]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(w) if i == 0 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths))))
    for s in summaries:
        if s.first_failure:
            print(f"{s.name}: first failure: {s.first_failure}")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="soak.py", description=__doc__.split("\n\n")[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="""examples:
  the 10-minute soak (10 minutes per collector, in runs of 30 s):
    /usr/bin/python3 scripts/soak.py --duration 600
  the CI version (ctest soak-short), about 30 s in all:
    /usr/bin/python3 scripts/soak.py --duration 6
  one collector, verifying the heap at every collection:
    /usr/bin/python3 scripts/soak.py --gc mark-sweep --duration 60 --verify
  other flags of `beagle run` (a --gc-option only under a collector that has it;
  a heap limit only under one that reclaims memory):
    /usr/bin/python3 scripts/soak.py --gc generational --beagle-arg=--gc-option=nursery=1M
    /usr/bin/python3 scripts/soak.py --gc compacting,generational,mark-sweep --beagle-arg=--heap=64M

Output: one line per run, then a table per collector: runs, failures, wall
time, the largest peak RSS of its runs, the workload's rounds (trees built
and checked by the 8 workers) and the churn threads it started.""")
    parser.add_argument("--duration", type=float, default=10, metavar="SECONDS",
                        help="how long to soak each collector (default 10)")
    parser.add_argument("--run-seconds", type=float, default=30, metavar="SECONDS",
                        help="the length of one run of the workload (default 30); runs repeat until --duration")
    parser.add_argument("--non-reclaiming-run-seconds", type=float, default=0.5, metavar="SECONDS",
                        help="the longest run under a collector that does not reclaim memory (default 0.5)")
    parser.add_argument("--depth", type=int, default=10,
                        help="the workload's deepest tree (its DEPTH argument; default 10)")
    parser.add_argument("--margin", type=float, default=60, metavar="SECONDS",
                        help="a run still going this long after its duration is killed and fails (default 60)")
    parser.add_argument("--gc", metavar="NAME[,NAME...]",
                        help="soak only these collectors (default: every one `beagle gcs` lists)")
    parser.add_argument("--verify", action="store_true",
                        help="pass --verify to beagle run (checks the heap at every collection; slower)")
    parser.add_argument("--beagle-arg", action="append", default=[], metavar="ARG",
                        help="another argument for `beagle run`, before the workload (repeatable)")
    parser.add_argument("--beagle", type=Path, default=REPO / "build" / "harness" / "beagle",
                        help="the beagle executable (default build/harness/beagle)")
    parser.add_argument("--log-dir", type=Path, metavar="DIR",
                        help="where a failed run's stdout and stderr are kept (default: a new temporary folder)")
    options = parser.parse_args(argv)
    for name in ("duration", "run_seconds", "non_reclaiming_run_seconds", "depth", "margin"):
        value = getattr(options, name)
        if value < 0 or (value == 0 and name not in ("duration", "margin")):
            parser.error(f"--{name.replace('_', '-')} must be {'positive' if name != 'duration' else 'at least 0'}, not {value}")
    if not options.beagle.is_file():
        parser.error(f"no beagle executable at {options.beagle} (build it, or give --beagle)")
    return options


def main(argv: list[str]) -> int:
    options = parse_arguments(argv)
    beagle = options.beagle.resolve()
    try:
        collectors = registered_collectors(beagle)
        if options.gc:
            wanted = options.gc.split(",")
            unknown = [name for name in wanted if name not in collectors]
            if unknown:
                raise SoakError(f"unknown collector {', '.join(unknown)} (`beagle gcs` lists {', '.join(collectors)})")
            collectors = wanted
        longest_run = {name: options.run_seconds if reclaims_memory(beagle, name)
                       else min(options.run_seconds, options.non_reclaiming_run_seconds) for name in collectors}
    except SoakError as e:
        print(f"soak.py: {e}", file=sys.stderr)
        return 2
    log_dir = options.log_dir or Path(tempfile.mkdtemp(prefix="beagle-soak-"))
    log_dir.mkdir(parents=True, exist_ok=True)
    beagle_args = (["--verify"] if options.verify else []) + options.beagle_arg
    print(f"soak: {WORKLOAD.relative_to(REPO)} depth {options.depth}, {options.duration:g} s per collector "
          f"({', '.join(collectors)}), beagle run {' '.join(beagle_args) or '(no extra flags)'}", flush=True)

    summaries = []
    for collector in collectors:
        summary = CollectorSummary(collector)
        lengths = run_lengths(options.duration, longest_run[collector])
        for index, seconds in enumerate(lengths, start=1):
            run = run_once(beagle, collector, seconds, options.depth, beagle_args, options.margin, log_dir, index)
            summary.add(run)
            verdict = "ok" if run.failure is None else f"FAILED: {run.failure}"
            print(f"[{collector} {index}/{len(lengths)}] {seconds:g} s run, {run.wall:.1f} s wall, "
                  f"peak RSS {run.peak_rss_bytes / 2**20:.0f} MiB, {run.rounds} rounds, "
                  f"{run.churn_threads} churn threads: {verdict}", flush=True)
        summaries.append(summary)

    print()
    print_summary(summaries)
    failures = sum(s.failures for s in summaries)
    runs = sum(s.runs for s in summaries)
    print(f"{runs} runs, {failures} failed" + (f"; failed runs' output in {log_dir}" if failures else ""))
    if not failures and not options.log_dir:
        os.rmdir(log_dir)  # empty: passed runs leave nothing
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
