"""The description file of a sweep (TOML), read and checked against the
build before anything runs. sweep/README.md is its reference:

    collectors = ["mark-sweep", "generational"]   # default: every one `beagle gcs` lists
    multiples = [1.5, 2, 3, 4, 6]                 # of the workload's minimum heap
    repetitions = 3
    references = ["node", "java-parallel"]        # default: none
    timeout = 600                                 # seconds per run

    [[workload]]
    name = "binary-trees"                         # workloads/binary-trees.bg
    args = ["16"]

Every mistake is a DescriptionError whose message names the file and the
entry; the command turns it into one line on stderr and exit status 2.
"""

import os
import shutil
import subprocess
import tomllib
from dataclasses import dataclass

from .shared import REPO, bench

WORKLOADS_DIR = os.path.join(REPO, "workloads")
DEFAULT_MULTIPLES = (1.5, 2, 3, 4, 6)
KEYS = {"collectors", "multiples", "repetitions", "references", "timeout", "workload"}
WORKLOAD_KEYS = {"name", "args"}


class DescriptionError(Exception):
    """A description file that cannot be run; the message names the file and entry."""


@dataclass(frozen=True)
class Workload:
    name: str      # the .bg file's stem in workloads/
    args: tuple    # strings
    file: str      # absolute path of the .bg file

    @property
    def size(self):
        """The arguments as one text, the table's `size` column."""
        return " ".join(self.args)

    @property
    def key(self):
        """A name for files: binary-trees-16, churn-200000-1000000."""
        return "-".join((self.name,) + self.args)


@dataclass(frozen=True)
class Description:
    source: str
    workloads: tuple      # of Workload
    collectors: tuple     # names, in `beagle gcs` order unless the file gives an order
    reclaims: dict        # collector name -> bool (its `reclaims` attribute)
    multiples: tuple      # floats
    repetitions: int
    references: tuple     # "node", "java-parallel", ...
    timeout: float


def java_references():
    """Reference label -> HotSpot flag, from scripts/bench_workloads.py's table."""
    return {label: flag for label, flag in bench.JAVA_GCS.values()}


def known_references():
    return ["node"] + list(java_references())


def collector_attributes(beagle, name):
    """The `KEY: VALUE` lines of `beagle gcs NAME`, as a dict."""
    out = subprocess.run([beagle, "gcs", name], stdin=subprocess.DEVNULL, capture_output=True,
                         text=True, check=True).stdout
    lines = [line.partition(":") for line in out.splitlines()[1:]]
    return {key.strip(): value.strip() for key, sep, value in lines if sep}


def read(path, beagle):
    """The Description in the TOML file at `path`, checked against the
    collectors of `beagle` and the workloads of the checkout."""
    try:
        with open(path, "rb") as f:
            data = tomllib.load(f)
    except OSError as e:
        raise DescriptionError(f"{path}: cannot read it: {e.strerror}") from None
    except tomllib.TOMLDecodeError as e:
        raise DescriptionError(f"{path}: not valid TOML: {e}") from None
    check = _Checker(path)
    unknown = sorted(set(data) - KEYS)
    if unknown:
        check.fail(f"unknown key '{unknown[0]}' (the keys are {', '.join(sorted(KEYS))})")
    available = bench.list_collectors(beagle)
    collectors = check.names("collectors", data.get("collectors", available), available, "`beagle gcs` lists")
    return Description(
        source=path,
        workloads=check.workloads(data.get("workload")),
        collectors=tuple(collectors),
        reclaims={name: collector_attributes(beagle, name).get("reclaims") != "no" for name in collectors},
        multiples=tuple(check.numbers("multiples", data.get("multiples", list(DEFAULT_MULTIPLES)))),
        repetitions=check.positive_int("repetitions", data.get("repetitions", 3)),
        references=tuple(check.references(data.get("references", []))),
        timeout=float(check.numbers("timeout", [data.get("timeout", 600)])[0]),
    )


class _Checker:
    """The checks of each entry; every failure names the file and the entry."""

    def __init__(self, path):
        self.path = path

    def fail(self, message):
        raise DescriptionError(f"{self.path}: {message}")

    def list_of(self, key, value, kind, what):
        if not isinstance(value, list) or not value or not all(isinstance(v, kind) for v in value):
            self.fail(f"{key} must be a non-empty list of {what}, not {value!r}")
        return value

    def names(self, key, value, known, listed_by):
        self.list_of(key, value, str, "names")
        for name in value:
            if name not in known:
                self.fail(f"{key}: unknown {key.rstrip('s')} '{name}' ({listed_by}: {', '.join(known)})")
        if len(set(value)) != len(value):
            self.fail(f"{key}: a name is given twice in {value!r}")
        return value

    def numbers(self, key, value):
        self.list_of(key, value, (int, float), "numbers")
        if any(isinstance(v, bool) or not v > 0 for v in value):
            self.fail(f"{key}: every value must be a number above 0, not {value!r}")
        return [float(v) for v in value]

    def positive_int(self, key, value):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            self.fail(f"{key} must be a whole number of at least 1, not {value!r}")
        return value

    def references(self, value):
        if value == []:
            return []
        self.names("references", value, known_references(), "known")
        needs = {"node": ["node"]}
        for name in value:
            for program in needs.get(name, ["java", "javac"]):
                if shutil.which(program) is None:
                    self.fail(f"references: '{name}' needs {program}, which is not on PATH")
        return value

    def workloads(self, entries):
        if not isinstance(entries, list) or not entries:
            self.fail("no [[workload]] entry: a sweep needs at least one workload")
        known = sorted(f[:-3] for f in os.listdir(WORKLOADS_DIR) if f.endswith(".bg"))
        workloads = [self.workload(n, entry, known) for n, entry in enumerate(entries, start=1)]
        keys = [w.key for w in workloads]
        for key in keys:
            if keys.count(key) > 1:
                self.fail(f"workload '{key}' is given twice (same name and arguments)")
        return tuple(workloads)

    def workload(self, n, entry, known):
        where = f"workload {n}"
        unknown = sorted(set(entry) - WORKLOAD_KEYS)
        if unknown:
            self.fail(f"{where}: unknown key '{unknown[0]}' (a workload has name and args)")
        name = entry.get("name")
        if not isinstance(name, str):
            self.fail(f"{where}: name must be the name of a workload ({', '.join(known)}), not {name!r}")
        if name not in known:
            self.fail(f"{where}: unknown workload '{name}': there is no workloads/{name}.bg "
                      f"(known: {', '.join(known)})")
        args = entry.get("args", [])
        if not isinstance(args, list) or not all(isinstance(a, (str, int)) and not isinstance(a, bool)
                                                 for a in args):
            self.fail(f"{where} ({name}): args must be a list of strings or whole numbers, not {args!r}")
        return Workload(name, tuple(str(a) for a in args), os.path.join(WORKLOADS_DIR, name + ".bg"))
