"""Run Beagle programs under a chosen garbage collector, from Python.

    import beagle
    result = beagle.run("workloads/binary-trees.bg", gc="generational", heap="64M", args=["10"])
    print(result.stdout, result.stats["collections"])
    result.events["pause_ns"]          # NumPy arrays, one per field of docs/GC-LOG.md
    result.dataframe()                 # the same as a pandas DataFrame
    [c.name for c in beagle.collectors()]

Each run gets a fresh runtime and heap on a thread of its own, and the GIL is
released while it runs: runs from several Python threads go on side by side.
See python/README.md.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np

from . import _beagle

__all__ = [
    "run", "collectors", "RunResult", "Collector", "CollectorOption",
    "BeagleError", "BeagleRuntimeError", "BeagleOutOfMemory", "BeagleFatalError",
]


class BeagleError(Exception):
    """A Beagle program did not end normally. `result` is its RunResult
    (its output so far, statistics and events)."""

    def __init__(self, message: str, result: "RunResult"):
        super().__init__(message)
        self.result = result


class BeagleRuntimeError(BeagleError):
    """An exception that no `try` caught. `value` is the thrown value's raw
    form (LANGUAGE.md §5.2), as `beagle run` prints it after
    `Uncaught exception:`."""

    def __init__(self, value: str, result: "RunResult"):
        super().__init__(value, result)
        self.value = value


class BeagleOutOfMemory(BeagleError):
    """The heap limit (`heap=`) cannot hold the program's live data."""


class BeagleFatalError(BeagleError):
    """An error no `try` catches: no `match` arm matched, a heap verification
    failed (a collector bug that a stress schedule or `verify=True` found)."""


@dataclass(frozen=True)
class CollectorOption:
    name: str
    default: str
    help: str


@dataclass(frozen=True)
class Collector:
    """A collector of this build, as `beagle gcs NAME` describes it."""
    name: str
    summary: str
    attributes: Mapping[str, str]  # "fast path", "barrier", "moving", "generations", ...
    options: Mapping[str, CollectorOption]  # what gc_options= accepts


def collectors() -> list[Collector]:
    """Every registered collector, by name."""
    return [
        Collector(c["name"], c["summary"], dict(c["attributes"]),
                  {name: CollectorOption(name, default, help) for name, default, help in c["options"]})
        for c in _beagle.collectors()
    ]


class RunResult:
    """How a run went.

    stdout, stderr  the program's output (str)
    exit_status     what `beagle run` would exit with: 0, 1 on an error
    ending          "returned", "compile-error", "uncaught-exception",
                    "out-of-memory", "fatal-error" or "error"
    collector       the collector's name
    stats           what `--stats` prints (None after a fatal error or an
                    out-of-memory): collections, minor, major (with full),
                    pause_total_ns, pause_max_ns, pauses_ns (an array), ...
    events          one NumPy array per field of a phase record of
                    docs/GC-LOG.md (collection, phase, t_ns, kind, reason,
                    heap_used_bytes, ..., pause_ns), one element per event
    """

    def __init__(self, raw: dict):
        self.stdout: str = raw["stdout"].decode("utf-8", errors="replace")
        self.stderr: str = raw["stderr"].decode("utf-8", errors="replace")
        self.exit_status: int = raw["exit_status"]
        self.ending: str = raw["ending"]
        self.collector: str = raw["collector"]
        self.stats: dict | None = raw["stats"]
        self.events: dict[str, np.ndarray] = {
            name: np.asarray(values, dtype=str) if isinstance(values, list) else values
            for name, values in raw["events"].items()
        }

    def dataframe(self):
        """The events as a pandas DataFrame, one row per event (needs pandas)."""
        try:
            import pandas
        except ImportError as e:
            raise ImportError("RunResult.dataframe() needs pandas (Debian: python3-pandas); "
                              "RunResult.events has the same columns as NumPy arrays") from e
        return pandas.DataFrame(self.events)

    def __repr__(self) -> str:
        collections = self.stats["collections"] if self.stats else "?"
        return (f"<beagle.RunResult {self.ending}, exit status {self.exit_status}, {self.collector}, "
                f"{collections} collections, {len(self.stdout)} characters of output>")


def _source_line(raw: dict, path: str, text: str | None) -> str | None:
    """The line a compile error points at, for SyntaxError.text."""
    source = text if text is not None and raw["error_file"] == path else None
    if source is None:
        try:
            with open(raw["error_file"], encoding="utf-8", errors="replace") as f:
                source = f.read()
        except OSError:
            return None
    lines = source.split("\n")
    line = raw["error_line"]
    return lines[line - 1] if 1 <= line <= len(lines) else None


def _schedules(gc_always: bool, stress: str | Sequence[str] | None) -> list[str]:
    schedules = [stress] if isinstance(stress, str) else list(stress or [])
    return (["always"] if gc_always else []) + schedules


def run(program: str | os.PathLike, *, gc: str | None = None, heap: str | int | None = None,
        args: Sequence[str] = (), gc_always: bool = False, stress: str | Sequence[str] | None = None,
        verify: bool = False, gc_options: Mapping[str, str] | None = None, no_std: bool = False,
        filename: str = "<string>", events: bool = True, perf_map: bool = False,
        jitdump: bool = False) -> RunResult:
    """Compiles and runs a Beagle program; returns its RunResult.

    program     a path (an os.PathLike, or a str ending in ".bg" with no
                newline) or the program's source text (named `filename`
                in diagnostics; `use` looks for files from the current directory)
    gc          the collector (default: `beagle run`'s); collectors() lists them
    heap        a hard heap limit: bytes, or "512K", "64M", "1G"
    args        the arguments of `fn main(args)`
    gc_always   a collection before every allocation (`--gc-always`)
    stress      a stress schedule as the command line's flag without "--gc-":
                "always", "always=major", "every=100", "every-bytes=64K",
                "at-safepoints", "random=7:0.1", "replay=FILE"; or a list of
                them, with "record=FILE" (docs/STRESS.md)
    verify      verify the heap before and after every collection
    gc_options  collector options, e.g. {"nursery": "4M"}
    no_std      run without the prelude
    events      keep every GC event (RunResult.events); False saves the
                memory a long stress run's events take
    perf_map    name the compiled code in /tmp/perf-PID.map (`--perf-map`)
    jitdump     write the compiled code to /tmp/jit-PID.dump (`--jitdump`);
                docs/PROFILING.md says how perf reads either

    Raises SyntaxError (with filename, lineno, offset, text) for a parse or
    compile error, BeagleRuntimeError for an uncaught exception,
    BeagleOutOfMemory, BeagleFatalError, BeagleError for another error;
    ValueError for a bad option, OSError when the file cannot be read.
    """
    if isinstance(program, os.PathLike) or (program.endswith(".bg") and "\n" not in program):
        path, text = os.fspath(program), None
    else:
        path, text = filename, program
    raw = _beagle.run(path, text, gc, [(str(k), str(v)) for k, v in (gc_options or {}).items()],
                      None if heap is None else str(heap), [str(a) for a in args],
                      _schedules(gc_always, stress), verify, no_std, events, perf_map, jitdump)
    ending, message = raw["ending"], raw["message"]
    if ending == "refused":
        raise (ValueError if raw["exit_status"] == 2 else OSError)(message)
    result = RunResult(raw)
    if ending == "compile-error":
        error = SyntaxError(message, (raw["error_file"], raw["error_line"], raw["error_column"],
                                      _source_line(raw, path, text)))
        error.result = result
        raise error
    if ending == "uncaught-exception":
        raise BeagleRuntimeError(message, result)
    if ending == "out-of-memory":
        raise BeagleOutOfMemory(message, result)
    if ending == "fatal-error":
        raise BeagleFatalError(message, result)
    if ending == "error":
        raise BeagleError(message, result)
    if raw["schedule_error"]:
        raise BeagleError(raw["schedule_error"], result)
    return result
