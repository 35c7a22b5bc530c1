#!/usr/bin/python3
"""Measures how the tables of a trace would store with other HDF5 filters and chunk sizes.

Usage: /usr/bin/python3 results/trace_filters.py TRACE.h5 [--plugins]

Rewrites each appended table of TRACE.h5 (schema 2) into a scratch file with deflate after
shuffle at several levels and chunk sizes, and prints bytes per row and the CPU time of the
write and of a full read. With --plugins it adds LZ4 and BZip2 from Debian's
hdf5-filter-plugin (which h5py finds only when that package is installed). This is how the
writer's defaults were chosen: see docs/trace.md.
"""
import os
import sys
import tempfile
import time

import h5py

TABLES = ("jobs", "sites/samples", "links/samples", "energy/samples")


def measure(data, chunk, options):
    with tempfile.TemporaryDirectory() as scratch:
        path = os.path.join(scratch, "t.h5")
        started = time.process_time()
        with h5py.File(path, "w") as f:
            f.create_dataset("d", data=data, chunks=(chunk,), maxshape=(None,), **options)
        write_s = time.process_time() - started
        started = time.process_time()
        with h5py.File(path, "r") as f:
            f["d"][:]
        read_s = time.process_time() - started
        return os.path.getsize(path), write_s, read_s


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    filters = [("none", {})] + [("deflate %d" % level, dict(compression="gzip", compression_opts=level, shuffle=True))
                                for level in (1, 4, 6, 9)]
    if "--plugins" in sys.argv:
        filters += [("lz4", dict(compression=32004, shuffle=True)),
                    ("bzip2 9", dict(compression=307, compression_opts=(9,), shuffle=True))]
    with h5py.File(sys.argv[1], "r") as trace:
        print("%-15s %-9s %7s %10s %8s %8s %8s" % ("table", "filter", "chunk", "rows", "B/row", "write s", "read s"))
        for table in TABLES:
            data = trace[table][:]
            for label, options in filters:
                for chunk in (4096, 16384, 65536):
                    size, write_s, read_s = measure(data, chunk, options)
                    print("%-15s %-9s %7d %10d %8.2f %8.2f %8.2f" % (table, label, chunk, len(data), size / max(len(data), 1),
                                                                     write_s, read_s))


if __name__ == "__main__":
    main()
