"""The trace's tables as NumPy structured arrays: catalog names joined, thinned samples filled.

Needs only h5py and NumPy, so `aicn report` (results/aicn_report.py) uses it without pandas;
`aicn.read_run` builds its DataFrames on it. The layout is documented in results/SCHEMA.md
and docs/trace.md (schema 2: name columns are indices into /catalog, and a site or link
sample row is written only when a value changed).
"""
import numpy as np

# The /jobs columns that hold an index into a /catalog dataset (trace schema 2 and later).
CATALOG_OF_COLUMN = {"kind": "kinds", "origin": "hubs", "site": "sites", "gpu_model": "gpu_models"}


def text(value):
    """A trace string as str: HDF5 fixed-length strings come back as NUL-padded bytes,
    variable-length ones as bytes."""
    return value.decode("utf-8", "replace").rstrip("\0") if isinstance(value, bytes) else str(value)


def catalog(f, name):
    """The names of /catalog/NAME, index i at position i, as a list of str."""
    return list(f["catalog/" + name].asstr()[:])


def named_jobs(f):
    """/jobs with each catalog index replaced by its name ("" for -1), as in schema 1 traces."""
    jobs = f["jobs"][:]
    if "catalog" not in f:
        return jobs  # schema 1: the rows carry the names
    dtype = [(name, object if name in CATALOG_OF_COLUMN else jobs.dtype[name]) for name in jobs.dtype.names]
    named = np.empty(len(jobs), dtype=dtype)
    for name in jobs.dtype.names:
        if name in CATALOG_OF_COLUMN:
            names = np.array([""] + catalog(f, CATALOG_OF_COLUMN[name]), dtype=object)
            named[name] = names[jobs[name] + 1]  # -1 (none) -> ""
        else:
            named[name] = jobs[name]
    return named


def filled(table, key_columns, times):
    """Sample rows as the run took them. A trace writes a site's (link direction's) row only
    when a value changed; each row's values hold at every time of /sample_times until the
    next row of the same key. Returns one row per key at every tick from its first row on,
    in time order, then key order. Schema 1 traces (no /sample_times) are already whole."""
    if times is None or len(table) == 0:
        return table
    # Group the rows by key: a stable sort keeps each key's rows in their (time) order.
    by_key = table[np.lexsort(tuple(table[column] for column in reversed(key_columns)))]
    keys = np.stack([by_key[column] for column in key_columns], axis=1)
    starts = np.flatnonzero(np.r_[True, np.any(keys[1:] != keys[:-1], axis=1)])
    parts = []
    for begin, end in zip(starts, np.r_[starts[1:], len(by_key)]):
        rows = by_key[begin:end]
        ticks = times[times >= rows["time_s"][0]]
        part = rows[np.searchsorted(rows["time_s"], ticks, side="right") - 1]
        part["time_s"] = ticks
        parts.append(part)
    whole = np.concatenate(parts)
    order = np.lexsort(tuple(whole[column] for column in reversed(key_columns)) + (whole["time_s"],))
    return whole[order]


def sample_times(f):
    """/sample_times, or None for a schema 1 trace (whose samples are whole)."""
    return f["sample_times"][:] if "sample_times" in f else None
