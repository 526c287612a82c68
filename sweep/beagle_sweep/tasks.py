"""What one task does, in whichever process runs it (the driver's, or a Dask
worker's): `execute(task)`. A run's outcome, good or bad, is a row of the
table; a task that cannot run at all (no beagle, another build, a log the
reader cannot read, javac failing, `beagle minheap` failing) raises
TaskFailed, which stops the sweep."""

import atexit
import functools
import hashlib
import os
import platform
import re
import shutil
import subprocess
import tempfile

from .plan import MinheapTask, sha256_of
from .shared import analysis, bench

OUT_OF_MEMORY = "Out of memory"
MINHEAP_RESULT = re.compile(r"^minheap \S+ \((\d+) bytes\)", re.MULTILINE)


class TaskFailed(Exception):
    """A task that could not run; the message says where and why."""


def execute(task):
    """MinheapTask -> {"min_heap_bytes": N}; RunTask -> {"row": {...}, "log": text or None}."""
    _check_build(task.beagle, task.beagle_sha256)
    if isinstance(task, MinheapTask):
        return {"min_heap_bytes": _min_heap(task)}
    with tempfile.TemporaryDirectory(prefix="beagle-sweep-") as tmp:
        log_path = os.path.join(tmp, "gc.log")
        result = bench.run_child(_command(task, log_path), task.timeout or None)
        log_text = _read_text(log_path)
        row = {**_outcome(task, result), **_gc_numbers(task, log_path, log_text)}
        return {"row": row, "log": log_text}


@functools.lru_cache(maxsize=None)
def _sha256_cached(path, mtime_ns, size):
    return sha256_of(path)


def _check_build(beagle, expected):
    where = f"on {platform.node()}"
    try:
        st = os.stat(beagle)
    except OSError:
        raise TaskFailed(f"{where}: no beagle executable at {beagle}: build it there (scripts/setup.sh)") from None
    if _sha256_cached(beagle, st.st_mtime_ns, st.st_size) != expected:
        raise TaskFailed(f"{where}: {beagle} is another build than the one the sweep started with "
                         "(rebuild, or run every worker from the same build)")


def _min_heap(task):
    w = task.workload
    command = [task.beagle, "minheap", f"--gc={task.collector}", "--", w.file, *w.args]
    done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    found = MINHEAP_RESULT.search(done.stdout)
    if done.returncode != 0 or not found:
        raise TaskFailed(f"{task.label()}: `{' '.join(command)}` failed (exit status {done.returncode}):\n"
                         f"{bench.tail(done.stderr, 8)}")
    return int(found.group(1))


def _command(task, log_path):
    w = task.workload
    if task.runtime == "node":
        return [shutil.which("node") or "node", task.program, *w.args]
    if task.runtime == "java":
        return [shutil.which("java") or "java", task.java_flag, f"-Xlog:gc:file={log_path}",
                "-cp", _java_classes(task.program), os.path.basename(task.program)[:-5], *w.args]
    command = [task.beagle, "run", f"--gc={task.collector}", f"--gc-log={log_path}"]
    if task.heap_bytes is not None:
        command.append(f"--heap={task.heap_bytes}")
    return command + [w.file, *w.args]


def _outcome(task, result):
    if result["timed_out"]:
        ending = "timeout"
    elif result["exit"] == 0:
        ending = "ok"
    elif task.runtime == "beagle" and result["exit"] == 1 and OUT_OF_MEMORY in result["stderr"]:
        ending = "out-of-memory"
    else:
        ending = "failed"
    return {
        "exit_status": result["exit"],
        "ending": ending,
        "wall_s": round(result["wall_s"], 4),
        "cpu_s": round(result["user_s"] + result["sys_s"], 4),
        "peak_rss_bytes": result["peak_rss_bytes"],
        "output": hashlib.sha256(result["stdout"].encode()).hexdigest()[:16],
        "message": "" if ending in ("ok", "out-of-memory") else
                   f"{bench.describe_exit(result, task.timeout)}; stderr ends: "
                   + " | ".join(result["stderr"].strip().splitlines()[-3:]),
    }


def _gc_numbers(task, log_path, log_text):
    if task.runtime == "node" or log_text is None:
        return {}
    if task.runtime == "java":
        gc = bench.parse_java_gc_log(log_text)
        return {"gc_s": round(gc["pause_total_ms"] / 1e3, 6), "collections": gc["collections"],
                "minor": gc["minor"], "major": gc["major"],
                **{f"pause_{p}_ms": gc[f"pause_{p}_ms"] for p in ("p50", "p95", "p99", "max")}}
    try:
        log = analysis.load(log_path)
    except analysis.LogError as e:
        raise TaskFailed(f"{task.label()}: {e}") from None
    durations = analysis.pauses(log).duration_ns
    numbers = {f"pause_{p}_ms": analysis.percentile_ns(durations, q) / 1e6 if len(durations) else None
               for p, q in (("p50", 50), ("p95", 95), ("p99", 99), ("max", 100))}
    end = log.end or {}
    if end:
        numbers.update(gc_s=end["pause_total_ns"] / 1e9, gc_cpu_s=end["collector_cpu_ns"] / 1e9,
                       collections=end["collections"], minor=end["minor"], major=end["start"] + end["major"] + end["full"],
                       peak_heap_bytes=end["peak_heap_bytes"])
    return numbers


def _read_text(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except FileNotFoundError:
        return None


_java_dirs = {}


def _java_classes(source):
    """The folder of `source` compiled by javac, once per process."""
    if source not in _java_dirs:
        out = tempfile.mkdtemp(prefix="beagle-sweep-java-")
        atexit.register(shutil.rmtree, out, True)
        done = subprocess.run([shutil.which("javac") or "javac", "-d", out, source], stdin=subprocess.DEVNULL,
                              capture_output=True, text=True)
        if done.returncode != 0:
            raise TaskFailed(f"javac {source} failed on {platform.node()}:\n{bench.tail(done.stderr, 8)}")
        _java_dirs[source] = out
    return _java_dirs[source]
