"""Running a list of tasks with `tasks.execute`: here, one after the other,
or on a Dask distributed cluster, as many at a time as it has worker
threads. Both yield (task, result) as each task ends, so the driver prints
the same progress line and builds the same table either way."""

from .tasks import execute


class SchedulerError(Exception):
    """No Dask cluster to run on: distributed is missing, or the address is wrong."""


def run_here(tasks):
    for task in tasks:
        yield task, execute(task)


class DaskRunner:
    """Tasks on the cluster whose scheduler is at `address`. Every worker must
    run in a checkout at the same path as this one, with the same build
    (tasks.execute checks), and with sweep/ on its PYTHONPATH."""

    def __init__(self, address):
        try:
            from distributed import Client
        except ImportError:
            raise SchedulerError("--scheduler needs Dask's distributed (Debian: python3-distributed; "
                                 "scripts/setup.sh installs it)") from None
        try:
            self.client = Client(address, timeout="20s")
        except (OSError, ValueError, TypeError) as e:
            raise SchedulerError(f"cannot reach a Dask scheduler at {address} (tcp://HOST:PORT): {e}") from None

    def __call__(self, tasks):
        from distributed import as_completed

        futures = {self.client.submit(execute, task, pure=False): task
                   for task in tasks}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        finally:
            self.client.cancel(list(futures))

    def close(self):
        self.client.close()
