"""Analysis of beagle's GC event logs (docs/GC-LOG.md): pauses, minimum
mutator utilisation, heap-size sweeps, and plots of them.

    from beagle_analysis import load, pauses
    from beagle_analysis.figures import write_figures
    logs = [load(path) for path in ["ms.jsonl", "gen.jsonl"]]
    write_figures(logs, "figures")

The figures are a module of their own so that reading logs does not import
matplotlib. analysis/README.md describes each module.
"""

from .gclog import VERSION, GcLog, LogError, load
from .mmu import log_mmu, mmu
from .pauses import cdf, heap_samples, pauses, percentile_ns
from .sweep import Sweep, read_sweep, write_sweep

__all__ = ["VERSION", "GcLog", "LogError", "load", "pauses", "heap_samples", "cdf", "percentile_ns", "mmu",
           "log_mmu", "Sweep", "read_sweep", "write_sweep"]
