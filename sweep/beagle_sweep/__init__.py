"""A heap-size sweep of Beagle's collectors, with node and Java beside them:
workloads x collectors x heap multiples x repetitions, from one description
file, run here or on a Dask cluster, into one CSV table and the runs' GC
event logs. sweep/README.md describes the file, the table and the summary.

    description.py  the description file (TOML): read, checked against the build
    plan.py         the tasks of a sweep: minimum heaps first, then the runs
    tasks.py        what one task does, in whatever process runs it
    runners.py      running tasks here, or on a Dask cluster
    results.py      the table (CSV) and its summary (LBO, ratios to the references)
"""
