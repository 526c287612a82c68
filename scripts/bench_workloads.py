#!/usr/bin/python3
"""Runs Beagle workloads under each collector, and the same programs under node
and Java as references, and reports the median of the runs as a markdown table.

Every run is its own child process: the wall time is measured here
(time.monotonic around the child), the peak RSS is the child's own ru_maxrss
(os.wait4 on its pid), and the GC numbers come from the child's `--stats` lines
(Beagle) or its -Xlog:gc file (Java). The runs of all rows of one workload are
interleaved (run 1 of every row, then run 2, ...), so that a slow spell of a
shared machine spreads over the rows instead of landing on one of them.

docs/BENCHMARKS.md describes the columns and how to read them.
"""

import argparse
import dataclasses
import datetime
import difflib
import hashlib
import json
import math
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# name, .bg file (relative to the repository), arguments.
DEFAULT_WORKLOADS = [
    ("binary-trees", "workloads/binary-trees.bg", ["21"]),
    ("gcbench", "workloads/gcbench.bg", []),
    ("churn-2m", "workloads/churn.bg", ["2000000"]),
]

# --java-gcs name -> (row label, HotSpot flag)
JAVA_GCS = {
    "parallel": ("java-parallel", "-XX:+UseParallelGC"),
    "g1": ("java-g1", "-XX:+UseG1GC"),
    "serial": ("java-serial", "-XX:+UseSerialGC"),
    "z": ("java-z", "-XX:+UseZGC"),
}

EXIT_RUN_FAILED = 1
EXIT_USAGE = 2
EXIT_MISMATCH = 3


# ---------------------------------------------------------------- parsing --stats

_NUM = r"(\d+(?:\.\d+)?)"

_STATS_LINES = [
    # gc: collector generational, 57 collections (50 minor, 7 major), pause total 12.345 ms,
    #     max 1.234 ms, peak heap 123456 bytes, 789 slow-path allocations
    # (the part in parentheses is absent from the older format)
    re.compile(r"gc: collector (?P<collector>\S+), (?P<collections>\d+) collections?"
               r"(?: \((?P<minor>\d+) minor, (?P<major>\d+) major\))?"
               rf", pause total (?P<pause_total_ms>{_NUM}) ms, max (?P<pause_max_ms>{_NUM}) ms"
               r", peak heap (?P<peak_heap_bytes>\d+) bytes"
               r", (?P<slow_path_allocations>\d+) slow-path allocations?"),
    # gc: pauses p50 0.123 ms, p95 0.456 ms, p99 0.789 ms, max 1.234 ms
    re.compile(rf"gc: pauses p50 (?P<pause_p50_ms>{_NUM}) ms, p95 (?P<pause_p95_ms>{_NUM}) ms"
               rf", p99 (?P<pause_p99_ms>{_NUM}) ms"),
    # gc: minor 50, pause total 1.000 ms, max 0.100 ms, promoted 123456 bytes,
    #     remembered 120 entries (max 5 in one collection), pretenured 4096 bytes
    re.compile(rf"gc: minor (?P<minor_line>\d+), pause total (?P<minor_pause_total_ms>{_NUM}) ms"
               rf", max (?P<minor_pause_max_ms>{_NUM}) ms, promoted (?P<promoted_bytes>\d+) bytes"
               r"(?:, remembered (?P<remembered_objects>\d+) (?:objects?|entries)"
               r" \(max (?P<remembered_max>\d+) in one collection\))?"
               r"(?:, pretenured (?P<pretenured_bytes>\d+) bytes)?"),
    # gc: major 7, pause total 11.345 ms, max 1.234 ms
    re.compile(rf"gc: major (?P<major_line>\d+), pause total (?P<major_pause_total_ms>{_NUM}) ms"
               rf", max (?P<major_pause_max_ms>{_NUM}) ms"),
    # gc: wall 1250.000 ms, mutator 1237.655 ms, collector cpu 11.002 ms
    re.compile(rf"gc: wall (?P<wall_ms>{_NUM}) ms, mutator (?P<mutator_ms>{_NUM}) ms"
               rf"(?:, collector cpu (?P<collector_cpu_ms>{_NUM}) ms)?"),
    # gc: concurrent cpu 640.906 ms (the collector's work while the program ran)
    #     (only from a collector that works outside its pauses)
    re.compile(rf"gc: concurrent cpu (?P<concurrent_cpu_ms>{_NUM}) ms"),
]

STATS_FIELDS = [
    "collector", "collections", "minor", "major", "pause_total_ms", "pause_max_ms",
    "peak_heap_bytes", "slow_path_allocations", "pause_p50_ms", "pause_p95_ms", "pause_p99_ms",
    "minor_pause_total_ms", "minor_pause_max_ms", "promoted_bytes", "pretenured_bytes", "remembered_objects",
    "remembered_max", "major_pause_total_ms", "major_pause_max_ms", "wall_ms", "mutator_ms",
    "collector_cpu_ms", "concurrent_cpu_ms",
]


def _number(text):
    return float(text) if "." in text else int(text)


def parse_stats(stderr):
    """The numbers of `beagle run --stats` from a child's stderr, as a dict with
    every key of STATS_FIELDS (None for a field the lines do not carry), or None
    when there is no `gc: collector` line at all. Accepts the one-line format
    and the five-line format of collectors with minor collections."""
    found = {}
    for line in stderr.splitlines():
        line = line.strip()
        if not line.startswith("gc: "):
            continue
        for pattern in _STATS_LINES:
            m = pattern.match(line)
            if m:
                for key, value in m.groupdict().items():
                    if value is not None:
                        found[key] = value if key == "collector" else _number(value)
                break
    if "collector" not in found:
        return None
    # The counts of the summary line and of the per-kind lines are the same numbers.
    for kind in ("minor", "major"):
        line_count = found.pop(kind + "_line", None)
        if kind not in found and line_count is not None:
            found[kind] = line_count
    return {key: found.get(key) for key in STATS_FIELDS}


_JAVA_PAUSE = re.compile(r"\bPause (?P<kind>\w+).*?(?P<ms>\d+(?:\.\d+)?)ms\s*$")
_JAVA_USING = re.compile(r"\bUsing (?P<gc>[\w ]+?)\s*$")


def parse_java_gc_log(text):
    """Pauses from a HotSpot `-Xlog:gc` log: `GC(3) Pause Young (...) 24M->3M(94M) 5.123ms`.
    Young pauses count as minor, Full as major; other pauses (G1 Remark and
    Cleanup) count only in the pause statistics."""
    pauses, minor, major, collector = [], 0, 0, None
    for line in text.splitlines():
        m = _JAVA_PAUSE.search(line)
        if m:
            pauses.append(float(m.group("ms")))
            if m.group("kind") == "Young":
                minor += 1
            elif m.group("kind") == "Full":
                major += 1
            continue
        m = _JAVA_USING.search(line)
        if m and collector is None:
            collector = m.group("gc")
    return {
        "collector": collector,
        "collections": len(pauses),
        "minor": minor,
        "major": major,
        "pause_total_ms": sum(pauses),
        "pause_max_ms": max(pauses) if pauses else 0.0,
        "pause_p50_ms": percentile(pauses, 50),
        "pause_p95_ms": percentile(pauses, 95),
        "pause_p99_ms": percentile(pauses, 99),
        "pauses_ms": pauses,
    }


# ---------------------------------------------------------------- statistics

def percentile(values, p):
    """Nearest-rank percentile (the smallest value with at least p% of the values
    at or below it); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def median(values):
    """Median of the values that are not None; None when there are none."""
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _ratio(a, b):
    return a / b if a is not None and b else None


def summarize(workload, row, runs):
    """Medians over the runs of one (workload, row): the numbers of one table row.
    Each run's GC share is computed first and its median taken, like every column."""
    def col(get):
        return median([get(r) for r in runs])

    def stat(key):
        return col(lambda r: (r.get("gc") or {}).get(key))

    def scaled(value, factor):
        return None if value is None else value * factor

    return {
        "workload": workload,
        "row": row,
        "kind": runs[0]["kind"],
        "runs": len(runs),
        "wall_s": col(lambda r: r["wall_s"]),
        "gc_s": scaled(stat("pause_total_ms"), 1e-3),
        "gc_cpu_s": scaled(stat("collector_cpu_ms"), 1e-3),
        # --stats prints it only when the collector worked outside its pauses.
        "concurrent_cpu_s": scaled(col(lambda r: ((r["gc"].get("concurrent_cpu_ms") or 0.0) if r.get("gc")
                                                  else None)), 1e-3),
        "gc_percent": col(lambda r: scaled(_ratio((r.get("gc") or {}).get("pause_total_ms"),
                                                  r["wall_s"] * 1e3), 100)),
        "pause_p50_ms": stat("pause_p50_ms"),
        "pause_p99_ms": stat("pause_p99_ms"),
        "pause_max_ms": stat("pause_max_ms"),
        "peak_rss_mib": scaled(col(lambda r: r["peak_rss_bytes"]), 1 / 2**20),
        "minor": stat("minor"),
        "major": stat("major"),
        "promoted_bytes": stat("promoted_bytes"),
        "pretenured_bytes": stat("pretenured_bytes"),
        "peak_heap_bytes": stat("peak_heap_bytes"),
        "cpu_s": col(lambda r: r["user_s"] + r["sys_s"]),
        "output_mismatch": any(r.get("output_mismatch") for r in runs),
    }


# ---------------------------------------------------------------- tables

TABLE_COLUMNS = [
    # header, key, digits after the point (None: a count)
    ("workload", "workload", ""),
    ("collector", "row", ""),
    ("wall s", "wall_s", 3),
    ("GC s", "gc_s", 3),
    ("GC % of wall", "gc_percent", 1),
    ("GC cpu s", "gc_cpu_s", 3),
    ("concurrent cpu s", "concurrent_cpu_s", 3),
    ("pause p50 ms", "pause_p50_ms", 3),
    ("p99 ms", "pause_p99_ms", 3),
    ("max ms", "pause_max_ms", 3),
    ("peak RSS MiB", "peak_rss_mib", 1),
    ("minor", "minor", None),
    ("major", "major", None),
]

MISSING = "-"


def format_cell(value, digits):
    if value is None:
        return MISSING
    if digits == "":
        return str(value)
    if digits is None:  # a count; a median of an even number of runs may end in .5
        return str(int(value)) if float(value).is_integer() else f"{value:.1f}"
    return f"{value:.{digits}f}"


def markdown_table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---" if i < 2 else "---:" for i in range(len(headers))) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def results_table(summaries):
    rows = []
    for s in summaries:
        cells = [format_cell(s[key], digits) for _, key, digits in TABLE_COLUMNS]
        if s.get("output_mismatch"):
            cells[1] += " **OUTPUT DIFFERS**"
        rows.append(cells)
    return markdown_table([header for header, _, _ in TABLE_COLUMNS], rows)


def ratio_table(summaries, references):
    """Median wall time of each Beagle row divided by that of each reference row
    of the same workload; None when there are no references."""
    if not references:
        return None
    by_key = {(s["workload"], s["row"]): s for s in summaries}
    rows = []
    for s in summaries:
        if s["kind"] != "beagle":
            continue
        cells = [s["workload"], s["row"]]
        for ref in references:
            other = by_key.get((s["workload"], ref))
            ratio = _ratio(s["wall_s"], other["wall_s"] if other else None)
            cells.append(MISSING if ratio is None else f"{ratio:.2f}")
        rows.append(cells)
    return markdown_table(["workload", "collector"] + [f"wall / {ref}" for ref in references], rows)


# ---------------------------------------------------------------- running

@dataclasses.dataclass
class Workload:
    name: str
    file: Path
    args: list


@dataclasses.dataclass
class Row:
    """One line of the table for one workload: a Beagle collector or a reference."""
    name: str
    kind: str                # "beagle", "node" or "java"
    argv: list               # without the Java GC log option
    java_log: bool = False


class RunFailed(Exception):
    pass


def run_child(argv, timeout):
    """Runs argv with stdin closed; returns the exit code (negative: killed by that
    signal), wall seconds, the child's own rusage, stdout, stderr, and whether the
    time limit killed it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err)
        pidfd = os.pidfd_open(proc.pid) if hasattr(os, "pidfd_open") else None
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                if pidfd is not None:
                    signal.pidfd_send_signal(pidfd, signal.SIGKILL)
                else:
                    os.kill(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill) if timeout else None
        if timer:
            timer.daemon = True
            timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            wall = time.monotonic() - start
            if timer:
                timer.cancel()
                timer.join()
            if pidfd is not None:
                os.close(pidfd)
        proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        out.seek(0)
        err.seek(0)
        return {
            "exit": proc.returncode,
            "wall_s": wall,
            "peak_rss_bytes": usage.ru_maxrss * 1024,  # KiB on Linux
            "user_s": usage.ru_utime,
            "sys_s": usage.ru_stime,
            "timed_out": timed_out.is_set(),
            "stdout": out.read().decode("utf-8", "replace"),
            "stderr": err.read().decode("utf-8", "replace"),
        }


def describe_exit(result, timeout):
    if result["timed_out"]:
        return f"killed after the time limit of {timeout:g} s"
    code = result["exit"]
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"


def tail(text, lines=20):
    kept = text.rstrip("\n").splitlines()[-lines:]
    return "\n".join("    " + line for line in kept) if kept else "    (empty)"


def list_collectors(beagle):
    result = subprocess.run([beagle, "gcs"], capture_output=True, text=True, stdin=subprocess.DEVNULL)
    if result.returncode != 0:
        raise RunFailed(f"`{beagle} gcs` failed ({result.returncode}):\n{tail(result.stderr)}")
    return [line.split()[0] for line in result.stdout.splitlines() if line.strip()]


def split_list(values):
    """`--opt a,b --opt c` -> [a, b, c]."""
    return [item.strip() for value in values or [] for item in value.split(",") if item.strip()]


def parse_workload_spec(spec):
    """NAME=FILE[:ARG,ARG,...] -> (name, file, args)."""
    name, eq, rest = spec.partition("=")
    if not eq or not name or not rest:
        raise ValueError(f"bad workload '{spec}': expected NAME=FILE[:ARG,ARG,...]")
    file, _, args = rest.partition(":")
    return name, file, [a for a in args.split(",") if a] if args else []


def find_reference(directory, stem, suffix, java=False):
    """workloads/reference/<stem>.js, or for Java the .java file whose name is the
    stem without dashes, ignoring case (binary-trees -> BinaryTrees.java)."""
    if not java:
        path = directory / f"{stem}{suffix}"
        return path if path.is_file() else None
    want = stem.replace("-", "").replace("_", "").lower()
    for path in sorted(directory.glob(f"*{suffix}")) if directory.is_dir() else []:
        if path.stem.replace("-", "").replace("_", "").lower() == want:
            return path
    return None


class Session:
    def __init__(self, options):
        self.options = options
        self.runs = []
        self.mismatches = []
        self.notes = []
        self.done = 0
        self.total = 0
        self.tmp = Path(tempfile.mkdtemp(prefix="bench-workloads-"))
        self.java_classes = {}

    def close(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def note(self, text):
        self.notes.append(text)
        print(f"note: {text}", file=sys.stderr, flush=True)

    def compile_java(self, source):
        if source not in self.java_classes:
            out = self.tmp / f"classes-{len(self.java_classes)}"
            out.mkdir()
            result = subprocess.run([self.options.javac, "-d", str(out), str(source)],
                                    capture_output=True, text=True, stdin=subprocess.DEVNULL)
            if result.returncode != 0:
                raise RunFailed(f"javac {source} failed ({result.returncode}):\n{tail(result.stderr)}")
            self.java_classes[source] = out
        return self.java_classes[source]

    def rows_for(self, workload):
        o = self.options
        rows = []
        for gc in o.collectors:
            argv = [o.beagle, "run", f"--gc={gc}", "--stats"]
            if o.heap:
                argv.append(f"--heap={o.heap}")
            argv += o.beagle_args + [str(workload.file)] + workload.args
            rows.append(Row(gc, "beagle", argv))
        stem = workload.file.stem
        if "node" in o.references:
            js = find_reference(o.reference_dir, stem, ".js")
            if js:
                rows.append(Row("node", "node", [o.node] + o.node_args + [str(js)] + workload.args))
            else:
                self.note(f"no node reference for {workload.name}: {o.reference_dir}/{stem}.js does not exist")
        if "java" in o.references:
            source = find_reference(o.reference_dir, stem, ".java", java=True)
            if source:
                classes = self.compile_java(source)
                for gc in o.java_gcs:
                    label, flag = JAVA_GCS[gc]
                    argv = [o.java, flag] + o.java_args + ["-cp", str(classes), source.stem] + workload.args
                    rows.append(Row(label, "java", argv, java_log=True))
            else:
                self.note(f"no Java reference for {workload.name}: no .java file for '{stem}' in {o.reference_dir}")
        return rows

    def failure(self, headline, argv, result):
        return RunFailed(f"{headline}\n  command: {' '.join(argv)}\n"
                         f"  stderr (last lines):\n{tail(result['stderr'])}\n"
                         f"  stdout (last lines):\n{tail(result['stdout'], 5)}")

    def run_one(self, workload, row, number):
        o = self.options
        self.done += 1
        label = f"{workload.name} {row.name} run {number}/{o.runs}"
        print(f"[{self.done}/{self.total}] {label} ...", end="", file=sys.stderr, flush=True)
        argv = list(row.argv)
        log = None
        if row.java_log:
            log = self.tmp / f"gc-{self.done}.log"
            argv.insert(2, f"-Xlog:gc:file={log}")
        result = run_child(argv, o.timeout)
        print(f" {result['wall_s']:.1f} s", file=sys.stderr, flush=True)
        record = {
            "workload": workload.name, "row": row.name, "kind": row.kind, "run": number,
            "argv": argv, **{k: v for k, v in result.items() if k not in ("stdout", "stderr")},
            "stdout_sha256": hashlib.sha256(result["stdout"].encode()).hexdigest(),
            "gc": None,
        }
        self.runs.append(record)
        if result["exit"] != 0 or result["timed_out"]:
            raise self.failure(f"run failed: {label} ({describe_exit(result, o.timeout)})", argv, result)
        if row.kind == "beagle":
            record["gc"] = parse_stats(result["stderr"])
            if record["gc"] is None:
                raise self.failure(f"run failed: {label} printed no `gc: collector` line with --stats",
                                   argv, result)
        elif log is not None:
            record["gc"] = parse_java_gc_log(log.read_text(errors="replace") if log.exists() else "")
        return record, result["stdout"]

    def check_output(self, workload, record, stdout, expected):
        """Compares one run's stdout with the first run of the workload; loud on a difference."""
        first_label, first_stdout = expected
        if stdout == first_stdout:
            return
        record["output_mismatch"] = True
        label = f"{workload.name} {record['row']} run {record['run']}/{self.options.runs}"
        diff = list(difflib.unified_diff(first_stdout.splitlines(), stdout.splitlines(),
                                         first_label, label, lineterm="", n=1))[:30]
        self.mismatches.append({"workload": workload.name, "run": label, "expected_from": first_label,
                                "diff": diff})
        bar = "!" * 72
        print(f"\n{bar}\n!!! OUTPUT MISMATCH: {label} printed something else than {first_label}\n"
              + "\n".join(diff) + f"\n{bar}", file=sys.stderr, flush=True)

    def run_workload(self, workload, rows):
        expected = None
        for number in range(1, self.options.runs + 1):
            for row in rows:
                record, stdout = self.run_one(workload, row, number)
                if expected is None:
                    expected = (f"{workload.name} {row.name} run {number}/{self.options.runs}", stdout)
                else:
                    self.check_output(workload, record, stdout, expected)


def load_average():
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def build_parser():
    workloads = "; ".join(f"{n} = {f} {' '.join(a)}".rstrip() for n, f, a in DEFAULT_WORKLOADS)
    parser = argparse.ArgumentParser(
        prog="bench_workloads.py",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=__doc__.split("\n\n")[0] + "\n\nDefault workloads: " + workloads + ".",
        epilog="""examples:
  scripts/bench_workloads.py
  scripts/bench_workloads.py --only binary-trees --gc mark-sweep,compacting --runs 5
  scripts/bench_workloads.py --workload bt16=workloads/binary-trees.bg:16 --only bt16 --reference node
  scripts/bench_workloads.py --heap 256M --beagle-arg=--verify --json out.json

References: node runs REFDIR/<stem>.js and Java REFDIR/<Stem>.java (compiled once with
javac, run as `java -XX:+Use...GC -Xlog:gc:file=... -cp DIR Class`), where <stem> is the
name of the workload's .bg file (binary-trees.bg -> binary-trees.js, BinaryTrees.java).
A workload without a reference file gets no reference rows (a note says so).

Exit status: 0 all runs passed; 1 a run failed (it is named with its stderr tail);
2 usage error; 3 a run printed something else than the other runs of its workload.
See docs/BENCHMARKS.md.""")
    parser.add_argument("--beagle", metavar="PATH",
                        default=os.environ.get("BEAGLE") or str(REPO / "build" / "harness" / "beagle"),
                        help="the beagle executable (default: $BEAGLE, else build/harness/beagle)")
    parser.add_argument("--gc", action="append", metavar="A,B",
                        help="collectors to run (default: every one `beagle gcs` lists)")
    parser.add_argument("--runs", type=int, default=3, metavar="N",
                        help="runs of each (workload, collector or reference); the table shows their "
                             "median (default 3)")
    parser.add_argument("--heap", metavar="SIZE", help="pass --heap=SIZE to beagle (e.g. 256M)")
    parser.add_argument("--beagle-arg", action="append", default=[], metavar="ARG", dest="beagle_args",
                        help="extra argument for `beagle run`, before the file; repeatable "
                             "(write --beagle-arg=--verify for one that starts with a dash)")
    parser.add_argument("--workload", action="append", default=[], metavar="NAME=FILE[:ARG,ARG]",
                        help="add a workload, or replace the default one of that name; repeatable")
    parser.add_argument("--only", action="append", metavar="NAME[,NAME]",
                        help="run only these workloads (default: all)")
    parser.add_argument("--reference", action="append", metavar="node,java|none",
                        help="reference runtimes (default: node and java, those that are installed)")
    parser.add_argument("--reference-dir", type=Path, default=REPO / "workloads" / "reference",
                        metavar="DIR", help="where the reference programs are (default workloads/reference)")
    parser.add_argument("--java-gcs", action="append", metavar="parallel,g1",
                        help="one Java row per collector: " + ", ".join(JAVA_GCS) + " (default parallel)")
    parser.add_argument("--java-arg", action="append", default=[], metavar="ARG", dest="java_args",
                        help="extra JVM argument (e.g. --java-arg=-Xmx1g); repeatable")
    parser.add_argument("--node-arg", action="append", default=[], metavar="ARG", dest="node_args",
                        help="extra node argument; repeatable")
    parser.add_argument("--json", type=Path, metavar="FILE",
                        help="write every run's numbers and the medians to FILE")
    parser.add_argument("--timeout", type=float, default=3600, metavar="SECONDS",
                        help="kill a run after this long and fail (default 3600; 0 = no limit)")
    return parser


def resolve_options(parser, argv):
    o = parser.parse_args(argv)
    if o.runs < 1:
        parser.error("--runs must be at least 1")
    o.beagle = str(Path(o.beagle).resolve())
    if not os.access(o.beagle, os.X_OK):
        parser.error(f"beagle executable not found: {o.beagle} (build with scripts/setup.sh, or give --beagle)")

    workloads = {name: Workload(name, REPO / file, list(args)) for name, file, args in DEFAULT_WORKLOADS}
    for spec in o.workload:
        try:
            name, file, args = parse_workload_spec(spec)
        except ValueError as e:
            parser.error(str(e))
        path = Path(file)
        if not path.is_absolute() and not path.exists() and (REPO / path).exists():
            path = REPO / path
        workloads[name] = Workload(name, path.resolve(), args)
    only = split_list(o.only)
    for name in only:
        if name not in workloads:
            parser.error(f"unknown workload '{name}' (known: {', '.join(workloads)})")
    o.workloads = [w for name, w in workloads.items() if not only or name in only]
    for w in o.workloads:
        if not w.file.is_file():
            parser.error(f"workload {w.name}: {w.file} does not exist (choose others with --only)")

    try:
        available = list_collectors(o.beagle)
    except RunFailed as e:
        parser.error(str(e))
    o.collectors = split_list(o.gc) or available
    for gc in o.collectors:
        if gc not in available:
            parser.error(f"unknown collector '{gc}' (`beagle gcs` lists: {', '.join(available)})")

    o.node, o.java, o.javac = shutil.which("node"), shutil.which("java"), shutil.which("javac")
    installed = {"node": bool(o.node), "java": bool(o.java and o.javac)}
    if o.reference is None:
        o.references = [r for r in ("node", "java") if installed[r]]
    else:
        o.references = [r for r in split_list(o.reference) if r != "none"]
        for r in o.references:
            if r not in installed:
                parser.error(f"unknown reference '{r}' (node, java or none)")
            if not installed[r]:
                parser.error(f"reference {r} is not installed ({'java and javac' if r == 'java' else r}"
                             " must be on PATH)")
    o.java_gcs = split_list(o.java_gcs) or ["parallel"]
    for gc in o.java_gcs:
        if gc not in JAVA_GCS:
            parser.error(f"unknown Java collector '{gc}' (one of {', '.join(JAVA_GCS)})")
    return o


def report(session, summaries, reference_rows):
    o = session.options
    print(f"Median of {o.runs} run{'s' if o.runs != 1 else ''} per row; {platform.node()}, "
          f"{os.cpu_count()} CPUs, load average {session.load_before} before and {load_average()} after. "
          "Shared machine: compare medians and ratios, not single times.\n")
    print(results_table(summaries))
    ratios = ratio_table(summaries, reference_rows)
    if ratios:
        print("\nWall time relative to the references (median / median; below 1 is faster):\n")
        print(ratios)
    if session.mismatches:
        print("\n**OUTPUT MISMATCH**: these runs printed something else than the first run of their workload:")
        for m in session.mismatches:
            print(f"- {m['run']} (compared with {m['expected_from']})")


def write_json(session, path, summaries, failure=None):
    o = session.options
    data = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "host": platform.node(),
        "cpus": os.cpu_count(),
        "load_average_before": session.load_before,
        "load_average_after": load_average(),
        "beagle": o.beagle,
        "runs_per_row": o.runs,
        "heap": o.heap,
        "beagle_args": o.beagle_args,
        "workloads": [{"name": w.name, "file": str(w.file), "args": w.args} for w in o.workloads],
        "collectors": o.collectors,
        "references": o.references,
        "runs": session.runs,
        "medians": summaries,
        "mismatches": session.mismatches,
        "notes": session.notes,
        "failure": failure,
    }
    path.write_text(json.dumps(data, indent=2) + "\n")


def main(argv=None):
    parser = build_parser()
    o = resolve_options(parser, argv)
    session = Session(o)
    session.load_before = load_average()
    summaries, reference_rows = [], []
    try:
        plans = [(w, session.rows_for(w)) for w in o.workloads]
        session.total = sum(len(rows) for _, rows in plans) * o.runs
        for workload, rows in plans:
            session.run_workload(workload, rows)
            for row in rows:
                runs = [r for r in session.runs if r["workload"] == workload.name and r["row"] == row.name]
                summaries.append(summarize(workload.name, row.name, runs))
                if row.kind != "beagle" and row.name not in reference_rows:
                    reference_rows.append(row.name)
    except RunFailed as e:
        print(f"\nerror: {e}", file=sys.stderr)
        if o.json:
            write_json(session, o.json, summaries, failure=str(e))
        return EXIT_RUN_FAILED
    finally:
        session.close()
    report(session, summaries, reference_rows)
    if o.json:
        write_json(session, o.json, summaries)
    if session.mismatches:
        print(f"error: {len(session.mismatches)} run(s) printed different output (see above)", file=sys.stderr)
        return EXIT_MISMATCH
    return 0


if __name__ == "__main__":
    sys.exit(main())
