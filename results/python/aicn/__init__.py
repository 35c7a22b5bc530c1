"""aicn: read AICN results into pandas.

    import aicn
    run = aicn.read_run("results/runs/national-default-local-first-seed1")
    run.jobs.groupby("site").wait_s.mean()

See docs/python.md. Needs Debian's python3-h5py, python3-numpy, python3-pandas and
python3-yaml. `aicn.trace` needs only h5py and NumPy (aicn report uses it without pandas), so
this file imports pandas only when a reader is first called.
"""

from .policy import Decision, Policy  # noqa: F401  external-scheduler client (docs/external-scheduler.md)

__version__ = "0.1.0"  # the CMake project version; tests/python/test_install.py checks they agree


def read_run(folder, start=None):
    """Read an `aicn run` results folder into an aicn.run.Run (DataFrames and dicts).

    START (e.g. "2026-01-01") adds a timestamp column beside each time column."""
    from .run import read_run as read
    return read(folder, start=start)


def read_sweep(folder):
    """Read the tables of an `aicn sweep` folder (sweep.csv, sweep_stats.csv, sweep.json)."""
    from .sweep import read_sweep as read
    return read(folder)
