"""Reading a GC event log (docs/GC-LOG.md, schema version 1) into columns.

`load` takes the file that `beagle run --gc-log=FILE` writes, or the events
of a run as a mapping of columns (the Python module's `result.events`: one
array per field of a phase record), or a run result that has `.events`.
Either way the result is a `GcLog`: one NumPy array per field, one element
per phase record, as the module gives them, so every analysis reads both
the same way.
"""

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

SCHEMA = "beagle-gc-log"
VERSION = 1

# The fields of a phase record (docs/GC-LOG.md), by type. A record lacks the
# fields of other phases; its column holds 0 (or False) there, as in the
# module's arrays.
TEXT_FIELDS = ("phase", "kind", "reason")
NUMBER_FIELDS = ("collection", "t_ns", "heap_used_bytes", "heap_committed_bytes", "threads",
                 "remembered_entries", "copied_bytes", "marked_bytes", "promoted_bytes",
                 "freed_bytes", "pause_ns")
FLAG_FIELDS = ("concurrent", "whole_heap", "finished", "lazy")

# Every record has these; the analyses need the last four too.
REQUIRED_FIELDS = ("collection", "phase", "t_ns", "kind", "reason")
NEEDED_COLUMNS = ("collection", "phase", "t_ns", "kind", "pause_ns", "heap_used_bytes",
                  "heap_committed_bytes")


class LogError(Exception):
    """A log that cannot be read; the message names it and says why."""


@dataclass
class GcLog:
    """One run's events.

    collector  the collector's name ("?" when the columns came without it)
    events     one NumPy array per field of a phase record, in log order
    header     the header record ({} for columns)
    end        the `end` record (the run's totals); None when the run
               died before writing it, or for columns
    wall_ns    the run's length: the end record's `wall_ns`, else the
               `wall_ns` given to `load`, else the last event's time
    source     the file, or "<columns>"
    """

    collector: str
    events: dict
    header: dict
    end: dict | None
    wall_ns: int
    source: str

    def __len__(self):
        return len(self.events["t_ns"])

    def dataframe(self):
        """The events as a pandas DataFrame, one row per phase record."""
        try:
            import pandas
        except ImportError as e:
            raise ImportError("GcLog.dataframe() needs pandas (Debian: python3-pandas); "
                              "GcLog.events holds the same columns as NumPy arrays") from e
        return pandas.DataFrame(self.events)


def load(source, *, collector=None, wall_ns=None):
    """A GcLog from a log file's path, a mapping of event columns, or a run
    result (anything with `.events`, and perhaps `.collector` and
    `.stats["wall_ns"]`). `collector` and `wall_ns` name the run and give
    its length when the columns cannot. Raises LogError."""
    if isinstance(source, (str, os.PathLike)):
        return _read_file(os.fspath(source))
    if hasattr(source, "events"):
        stats = getattr(source, "stats", None) or {}
        return from_columns(source.events, collector=collector or getattr(source, "collector", None),
                            wall_ns=wall_ns if wall_ns is not None else stats.get("wall_ns"))
    if isinstance(source, Mapping):
        return from_columns(source, collector=collector, wall_ns=wall_ns)
    raise LogError(f"cannot read a GC log from a {type(source).__name__}: "
                   "give a file's path, a mapping of event columns, or a run result")


def from_columns(columns, *, collector=None, wall_ns=None):
    """A GcLog from a mapping of event columns named as docs/GC-LOG.md's
    phase-record fields."""
    missing = [name for name in NEEDED_COLUMNS if name not in columns]
    if missing:
        raise LogError(f"the event columns lack {', '.join(missing)} "
                       "(docs/GC-LOG.md names a phase record's fields)")
    events = {}
    for name, values in columns.items():
        if name in TEXT_FIELDS:
            events[name] = np.asarray(values, dtype=str)
        elif name in FLAG_FIELDS:
            events[name] = np.asarray(values, dtype=bool)
        else:
            events[name] = np.asarray(values, dtype=np.int64)
    lengths = {len(v) for v in events.values()}
    if len(lengths) > 1:
        raise LogError(f"the event columns differ in length ({sorted(lengths)})")
    _check_times(events["t_ns"], "<columns>")
    last = int(events["t_ns"][-1]) if len(events["t_ns"]) else 0
    return GcLog(collector=collector or "?", events=events, header={}, end=None,
                 wall_ns=int(wall_ns) if wall_ns is not None else last, source="<columns>")


def _read_file(path):
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise LogError(f"{path}: cannot read it: {e.strerror}") from None
    except UnicodeDecodeError:
        raise LogError(f"{path}: not a GC event log (not UTF-8 text)") from None
    lines = text.splitlines()
    if not lines:
        raise LogError(f"{path}: empty, not a GC event log (docs/GC-LOG.md)")
    records = [_parse_line(path, n, line, last=(n == len(lines) and not text.endswith("\n")))
               for n, line in enumerate(lines, start=1)]
    header = _check_header(path, records[0])
    end = None
    phases = []
    for n, record in enumerate(records[1:], start=2):
        kind = record.get("record")
        if end is not None:
            raise LogError(f"{path}:{n}: a record after the end record")
        if kind == "end":
            end = record
        elif kind == "phase":
            absent = [name for name in REQUIRED_FIELDS if name not in record]
            if absent:
                raise LogError(f"{path}:{n}: a phase record without {', '.join(absent)}")
            phases.append(record)
        else:
            raise LogError(f"{path}:{n}: unknown record {kind!r} (docs/GC-LOG.md has header, phase, end)")
    events = {name: np.array([r[name] for r in phases], dtype=str) for name in TEXT_FIELDS}
    events.update({name: np.array([r.get(name, 0) for r in phases], dtype=np.int64) for name in NUMBER_FIELDS})
    events.update({name: np.array([r.get(name, False) for r in phases], dtype=bool) for name in FLAG_FIELDS})
    _check_times(events["t_ns"], path)
    if end is not None:
        wall_ns = int(end["wall_ns"])
    else:
        wall_ns = int(events["t_ns"][-1]) if phases else 0
    return GcLog(collector=header.get("collector", "?"), events=events, header=header, end=end,
                 wall_ns=wall_ns, source=path)


def _parse_line(path, n, line, last):
    try:
        record = json.loads(line)
    except json.JSONDecodeError as e:
        if last:
            raise LogError(f"{path}:{n}: the last line is cut short ({e.msg}): "
                           "the file is truncated, or was read while beagle was still writing it") from None
        raise LogError(f"{path}:{n}: not JSON ({e.msg}): not a GC event log line") from None
    if not isinstance(record, dict):
        raise LogError(f"{path}:{n}: not a JSON object: not a GC event log line")
    return record


def _check_header(path, record):
    if record.get("record") != "header" or record.get("schema") != SCHEMA:
        raise LogError(f"{path}: not a beagle GC event log: its first line is not a header "
                       f"with schema {SCHEMA!r} (docs/GC-LOG.md)")
    version = record.get("version")
    if version != VERSION:
        raise LogError(f"{path}: GC event log schema version {version}, but this reader reads "
                       f"version {VERSION} (docs/GC-LOG.md); analysis/ and the beagle that wrote "
                       "the log come from different versions of the testbed")
    return record


def _check_times(t_ns, source):
    back = np.flatnonzero(np.diff(t_ns) < 0)
    if len(back):
        i = int(back[0]) + 1
        raise LogError(f"{source}: event {i + 1} goes back in time (t_ns {t_ns[i]} after {t_ns[i - 1]})")
